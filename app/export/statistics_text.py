"""The figures of a period in sentences, ready to paste into the bureau's report, and the
tables every export shares (rows of plain values). Reads the dict of
app.services.statistics.statistics; no database, no Qt."""

from __future__ import annotations

PROCEDURE_LABELS = {"ordinary": "普通程序", "simple": "简易处理", "fast_track": "速裁"}


def pct(value: float | None) -> str:
    if value is None:
        return "—"
    text = f"{value * 100:.1f}".rstrip("0").rstrip(".")
    return f"{text}%"


def num(value) -> str:
    return "—" if value is None else f"{value:g}" if isinstance(value, float) else str(value)


def summary_lines(f: dict) -> list[str]:
    """One sentence per subject, in the order of the bureau's report."""
    p = f["period"]
    lines = [
        f"{p['from']} 至 {p['to']}，共受理劳动人事争议案件 {f['accepted']} 件，审结 {f['closed']} 件。",
    ]
    outcome = "，".join(f"{k} {v} 件" for k, v in f["by_outcome"].items() if v)
    if f["closed"]:
        lines.append(f"审结案件中{outcome}；调解率 {pct(f['mediation_rate'])}，调撤率 {pct(f['mediation_withdrawal_rate'])}。")
        lines.append(f"按期结案 {f['closed_on_time']} 件，按期结案率 {pct(f['on_time_rate'])}"
                     f"（结案日期未超过审理期限，含经批准延长的期限）。")
    lines.append(f"期间内经批准延期审理 {f['extended']} 件，中止审理 {f['suspended']} 件。")
    fast = f["by_procedure"]["fast_track"]
    if fast["closed"]:
        lines.append(
            f"速裁案件审结 {fast['closed']} 件，平均 {num(fast['avg_working_days'])} 个工作日结案"
            f"（目标 {fast['target_working_days']} 个工作日，法定审限 45 日），"
            f"{fast['within_target']} 件在目标内审结（{pct(fast['within_target_rate'])}）。")
    for key in ("simple", "ordinary"):
        proc = f["by_procedure"][key]
        if proc["closed"]:
            lines.append(f"{PROCEDURE_LABELS[key]}案件审结 {proc['closed']} 件，平均 {num(proc['avg_working_days'])} 个工作日结案。")
    hm = f["hearing_minutes"]
    if hm["element"] is not None and hm["other"] is not None:
        lines.append(f"要素式庭审 {hm['element_hearings']} 次，平均用时 {num(hm['element'])} 分钟，"
                     f"其他庭审平均 {num(hm['other'])} 分钟，要素式庭审用时缩短 {pct(hm['saving'])}。")
    nef = f["new_employment_form"]
    lines.append(f"受理新就业形态劳动者争议案件 {nef['total']} 件，其中确认劳动关系案件 {nef['confirmation']} 件；"
                 f"通过女职工维权绿色通道受理案件 {f['women_priority']} 件。")
    return lines


def outcome_rows(f: dict) -> list[list]:
    closed = f["closed"]
    return [[k, v, round(v / closed, 4) if closed else None] for k, v in f["by_outcome"].items()]


def procedure_rows(f: dict) -> list[list]:
    return [[PROCEDURE_LABELS[k], v["accepted"], v["closed"], v["avg_working_days"]]
            for k, v in f["by_procedure"].items()]


def month_rows(f: dict) -> list[list]:
    return [[m["month"], m["accepted"], m["closed"]] for m in f["by_month"]]


def type_rows(f: dict) -> list[list]:
    return [[t["name"], t["accepted"]] for t in f["by_case_type"]]


def workload_rows(f: dict) -> list[list]:
    return [[w["staff"], w["role"], w["cases"], w["closed"], w["hearings"]] for w in f["workload"]]


def headline_rows(f: dict) -> list[list]:
    hm = f["hearing_minutes"]
    nef = f["new_employment_form"]
    return [
        ["受理", f["accepted"]], ["审结", f["closed"]], ["按期结案", f["closed_on_time"]],
        ["按期结案率", f["on_time_rate"]], ["调解率", f["mediation_rate"]], ["延期审理", f["extended"]],
        ["中止审理", f["suspended"]], ["新就业形态", nef["total"]], ["其中确认劳动关系", nef["confirmation"]],
        ["女职工优先", f["women_priority"]], ["要素式庭审平均分钟", hm["element"]],
        ["其他庭审平均分钟", hm["other"]], ["要素式庭审缩短", hm["saving"]],
    ]


TABLES = (
    ("概况", ["项目", "数值"], headline_rows),
    ("结案方式", ["结案方式", "件数", "占比"], outcome_rows),
    ("程序", ["程序", "受理", "审结", "平均工作日"], procedure_rows),
    ("逐月", ["月份", "受理", "审结"], month_rows),
    ("案由", ["案由", "受理"], type_rows),
    ("工作量", ["姓名", "角色", "承办案件", "审结", "开庭"], workload_rows),
)
