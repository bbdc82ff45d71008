"""The audit trail read as a clerk reads it: objects, fields and values in Chinese, times in
local time, seconds into the hearing as a clock, enum values by their labels.

The trail itself stays as written (field names and plain values, app/models/audit.py); this
module only words it, for the 操作日志 dialog and its export. No Qt."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from app.vocabulary import (
    AgentAuthority,
    CaseStatus,
    CitationSide,
    ClosingWay,
    ElementStatus,
    PartyKind,
    PartySide,
    Procedure,
    RestartReason,
    Seat,
    SpeakerRole,
    StaffRole,
    TimeLimitKind,
)

ENTITY_LABELS = {
    "case": "案件", "party": "当事人", "agent": "代理人", "claim": "仲裁请求", "tribunal_seat": "仲裁庭",
    "hearing": "开庭", "time_limit_event": "审限事件", "element_entry": "要素", "transcript_segment": "笔录段落",
    "correction_request": "补正申请", "element_citation": "要素引用", "record_sign_off": "定稿",
    "case_type_link": "案由", "calculation": "计算结果", "hearing_audio": "录音", "office": "办公室设置",
    "room": "庭室", "staff": "工作人员", "figure_confirmation": "地方标准数值核实",
}
ACTION_LABELS = {"insert": "新增", "update": "修改", "delete": "删除"}

FIELD_LABELS = {
    "case_no": "案号", "applied_on": "申请日期", "accepted_on": "受理日期", "closed_on": "结案日期",
    "procedure": "程序", "status": "状态", "closing_way": "结案方式", "women_priority": "女职工维权优先",
    "new_employment_form": "新就业形态劳动者", "cross_region": "跨区域协作", "note": "备注",
    "side": "身份", "kind": "类型", "name": "姓名/名称", "id_number": "身份证号/信用代码",
    "legal_representative": "法定代表人", "address": "住所", "phone": "电话", "position": "顺序",
    "party_id": "被代理人", "authority": "代理权限", "occupation": "身份/单位",
    "amount": "金额（元）", "text": "文字", "staff_id": "人员", "seat": "席位",
    "session_no": "开庭次数", "scheduled_at": "开庭时间", "room_id": "庭室", "public": "公开",
    "started_at": "实际开始", "ended_at": "实际结束", "starts_on": "开始日期", "ends_on": "结束日期",
    "days": "天数", "approver": "批准人", "restart_reason": "重新计算事由",
    "element_key": "要素代码", "type_key": "案由代码", "template_version": "模板版本", "label": "要素",
    "question": "问题", "basis": "依据", "applicant_position": "申请人主张", "respondent_position": "被申请人主张",
    "finding": "仲裁庭认定", "evidence": "证据",
    "hearing_id": "开庭", "audio_id": "录音", "start": "开始", "end": "结束", "raw_text": "识别原文",
    "words": "逐词时间", "conf": "识别置信度", "speaker": "发言人", "source": "来源", "private_note": "内部备注",
    "segment_id": "笔录段落", "requested_by": "申请人", "content": "申请内容", "proposed_text": "补正后文字",
    "accepted": "处理结果", "decided_by": "处理人", "reason": "理由", "requested_at": "申请时间",
    "decided_at": "处理时间", "element_id": "要素", "finalized_at": "定稿时间", "finalized_by": "定稿人",
    "digest": "摘要值", "manifest": "定稿清单", "path": "文件", "original_name": "原文件名", "duration": "时长",
    "offset": "起点", "calculator": "计算器", "inputs": "输入", "params": "参数", "role": "角色", "active": "在用",
    "commission_name": "仲裁委名称", "case_no_pattern": "案号模板", "roll_deadline_to_workday": "节假日顺延",
    "fast_track_working_days": "速裁工作日", "warn_days": "预警天数", "urgent_days": "紧急天数",
    "figure": "数值", "region": "地区", "valid_from": "起始日", "valid_to": "截止日", "document": "依据文件",
    "confirmed_by": "核实人", "confirmed_at": "核实时间", "withdrawn_by": "撤销人", "withdrawn_at": "撤销时间",
    "account_id": "账户",
}
# the same field name means different things on different objects
_ENTITY_FIELD_LABELS = {
    ("claim", "kind"): "请求类别", ("claim", "text"): "请求内容", ("time_limit_event", "kind"): "事项",
    ("element_entry", "kind"): "要素类型", ("element_entry", "status"): "状态", ("element_citation", "side"): "引用为",
    ("transcript_segment", "text"): "笔录文字", ("case_type_link", "type_key"): "案由",
}
_ENUMS = {
    "procedure": Procedure, "closing_way": ClosingWay, "authority": AgentAuthority, "seat": Seat,
    "restart_reason": RestartReason, "speaker": SpeakerRole, "requested_by": SpeakerRole, "role": StaffRole,
}
_ENTITY_ENUMS = {
    ("case", "status"): CaseStatus, ("element_entry", "status"): ElementStatus, ("party", "side"): PartySide,
    ("party", "kind"): PartyKind, ("time_limit_event", "kind"): TimeLimitKind, ("element_citation", "side"): CitationSide,
}
_CLOCK_FIELDS = {"start", "end", "offset", "duration"}
_HIDDEN = {"words", "manifest"}  # long machine data: said to have changed, not printed
_SOURCES = {"live": "现场识别", "import": "导入录音", "typed": "手工录入", "manual": "手工录入"}
EMPTY = "（空）"
LONG = 80


@dataclass
class Change:
    field: str  # the Chinese label
    before: str
    after: str

    def __str__(self) -> str:
        if self.before and self.after:
            return f"{self.field}：{self.before} → {self.after}"
        return f"{self.field}：{self.after or self.before}"


@dataclass
class AuditLine:
    at: datetime  # local time
    actor: str
    os_user: str
    entity: str  # label
    entity_id: int | None
    action: str  # label
    changes: list[Change] = field(default_factory=list)

    @property
    def when(self) -> str:
        return self.at.strftime("%Y-%m-%d %H:%M:%S")

    @property
    def what(self) -> str:
        return f"{self.entity} #{self.entity_id}" if self.entity_id is not None else self.entity

    @property
    def detail(self) -> str:
        return "；".join(str(c) for c in self.changes)

    def cells(self) -> list[str]:
        return [self.when, self.actor, self.os_user, self.what, self.action, self.detail]


HEADERS = ["时间", "使用人", "系统账户", "对象", "操作", "修改内容（原 → 新）"]


def clock(seconds: float) -> str:
    """272.97999999999996 -> 00:04:32.98"""
    hundredths = round(float(seconds) * 100)
    h, rest = divmod(hundredths, 360_000)
    m, rest = divmod(rest, 6_000)
    s, cs = divmod(rest, 100)
    return f"{h:02d}:{m:02d}:{s:02d}.{cs:02d}"


def local_time(utc_naive: datetime) -> datetime:
    """The trail stores naive UTC; show the machine's local time."""
    return utc_naive.replace(tzinfo=UTC).astimezone().replace(tzinfo=None)


def field_label(entity: str, key: str) -> str:
    return _ENTITY_FIELD_LABELS.get((entity, key)) or FIELD_LABELS.get(key, key)


def value_text(entity: str, key: str, value, names: dict[str, dict[int, str]] | None = None) -> str:
    """One stored value in words."""
    if value is None or value == "":
        return EMPTY
    if key in _HIDDEN:
        return "（已更新）"
    if isinstance(value, bool):
        if key == "accepted":
            return "予以补正" if value else "不予补正"
        return "是" if value else "否"
    enum_cls = _ENTITY_ENUMS.get((entity, key)) or _ENUMS.get(key)
    if enum_cls is not None:
        try:
            return enum_cls(value).label
        except ValueError:
            return str(value)
    if key in _CLOCK_FIELDS and isinstance(value, (int, float)):
        return clock(value)
    if key == "conf" and isinstance(value, (int, float)):
        return f"{value:.2f}"
    if key == "source":
        return _SOURCES.get(value, str(value))
    if key in ("staff_id", "room_id") and names:
        table = names.get(key, {})
        if value in table:
            return table[value]
    if isinstance(value, str) and len(value) in (19, 26) and value[10:11] == "T":  # ISO datetime
        return value[:16].replace("T", " ")
    text = str(value)
    return text if len(text) <= LONG else text[:LONG] + "……"


def describe(entry: dict, names: dict[str, dict[int, str]] | None = None) -> AuditLine:
    """An audit entry as stored (at: naive UTC datetime, changes: JSON) in words."""
    entity, action = entry["entity"], entry["action"]
    raw = json.loads(entry.get("changes") or "{}")
    changes = []
    for key, pair in raw.items():
        before, after = (pair + [None, None])[:2] if isinstance(pair, list) else (None, pair)
        if action == "insert" and after in (None, ""):
            continue  # an empty field of a new row says nothing
        label = field_label(entity, key)
        b = "" if action == "insert" else value_text(entity, key, before, names)
        a = "" if action == "delete" else value_text(entity, key, after, names)
        changes.append(Change(label, b, a))
    at = entry["at"]
    if isinstance(at, str):
        at = datetime.fromisoformat(at)
    return AuditLine(local_time(at), entry.get("actor") or "", entry.get("os_user") or "",
                     ENTITY_LABELS.get(entity, entity), entry.get("entity_id"), ACTION_LABELS.get(action, action), changes)


def write_csv(lines: list[AuditLine], path: Path) -> Path:
    """The trail (as filtered on screen) as CSV that Excel opens in Chinese (UTF-8 with BOM)."""
    path = Path(path)
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        out = csv.writer(f)
        out.writerow(HEADERS)
        for line in lines:
            out.writerow(line.cells())
    return path
