"""The audit trail of a case: who changed what, when, before and after."""

from __future__ import annotations

import json

from PySide6.QtWidgets import QDialog, QHeaderView, QTableWidget, QTableWidgetItem, QVBoxLayout

ENTITY_LABELS = {
    "case": "案件", "party": "当事人", "agent": "代理人", "claim": "仲裁请求", "tribunal_seat": "仲裁庭",
    "hearing": "开庭", "time_limit_event": "审限事件", "element_entry": "要素", "transcript_segment": "笔录段落",
    "correction_request": "补正申请", "element_citation": "要素引用", "record_sign_off": "定稿",
    "case_type_link": "案由", "calculation": "计算结果", "hearing_audio": "录音",
}
ACTIONS = {"insert": "新增", "update": "修改", "delete": "删除"}


class AuditDialog(QDialog):
    def __init__(self, entries: list[dict], title: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(980, 560)
        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels(["时间", "使用人", "系统账户", "对象", "操作", "修改内容（原 → 新）"])
        self.table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        for e in entries:
            row = self.table.rowCount()
            self.table.insertRow(row)
            changes = json.loads(e["changes"] or "{}")
            if e["action"] == "update":
                detail = "；".join(f"{k}: {v[0]} → {v[1]}" for k, v in changes.items())
            else:
                detail = "；".join(f"{k}: {v[1] if e['action'] == 'insert' else v[0]}" for k, v in list(changes.items())[:6])
            for col, text in enumerate([e["at"], e["actor"], e["os_user"],
                                        f"{ENTITY_LABELS.get(e['entity'], e['entity'])} #{e['entity_id']}",
                                        ACTIONS.get(e["action"], e["action"]), detail]):
                self.table.setItem(row, col, QTableWidgetItem(str(text)))
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(5, 520)
        QVBoxLayout(self).addWidget(self.table)
