"""The party display: a second window for a second screen or a projector, showing the live
record in large type, read-only, following the latest line, so the parties can follow and
ask for corrections on the spot (调解仲裁法 Art 40). Lines marked as a private note are not
shown."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from app.security.masking import mask_text
from app.ui.workspace.transcript_panel import TranscriptTableModel


class PublicLines(QSortFilterProxyModel):
    """Hides private notes and shows only time, speaker and text."""

    def filterAcceptsRow(self, source_row, source_parent) -> bool:
        return not self.sourceModel().rows[source_row].private_note

    def filterAcceptsColumn(self, source_column, source_parent) -> bool:
        return source_column in (0, 1, TranscriptTableModel.TEXT_COLUMN)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        """An ID or phone number read out in the hearing is masked on the public screen (issue 12)."""
        value = super().data(index, role)
        if role == Qt.ItemDataRole.DisplayRole and isinstance(value, str):
            return mask_text(value)
        return value


class PartyDisplay(QWidget):
    def __init__(self, model: TranscriptTableModel, title: str, parent=None):
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle(self.tr("庭审记录（当事人屏幕）"))
        self.setStyleSheet("QWidget { font-size: 26px; } QLabel#title { font-size: 30px; font-weight: bold; }")
        self.proxy = PublicLines(self)
        self.proxy.setSourceModel(model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QTableView.SelectionMode.NoSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        label = QLabel(title)
        label.setObjectName("title")
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.table)
        for signal in (self.proxy.rowsInserted, self.proxy.modelReset, self.proxy.layoutChanged):
            signal.connect(self.follow)
        self.resize(1280, 720)

    def follow(self, *_) -> None:
        """Keep the latest line in view."""
        self.table.scrollToBottom()

    def visible_texts(self) -> list[str]:
        col = self.proxy.columnCount() - 1
        return [self.proxy.index(r, col).data() for r in range(self.proxy.rowCount())]
