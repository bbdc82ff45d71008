"""The party display: a window for a second screen or a projector, showing the record in
large type (36 pt by default, 28-48), read-only, following the latest line, plus the line
being spoken, so the parties can follow and ask for 补正 on the spot (调解仲裁法 Art 40).
Lines marked as a private note are not shown.

No grid and no headers: the speaker's role (never wrapped) and what they said. It opens at the
end of the record, full screen on another monitor when there is one; the monitor is chosen in
its bar, F11 or the button toggles full screen, Esc leaves it."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, QTimer
from PySide6.QtGui import (
    QColor,
    QFont,
    QGuiApplication,
    QKeySequence,
    QScreen,
    QShortcut,
)
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.security.masking import mask_text
from app.ui.workspace.transcript_panel import TranscriptTableModel

DEFAULT_POINTS = 36
MAX_LINES = 200  # the parties read the latest lines; a 4-hour record stays light to lay out
SPEAKER_COLOURS = {"applicant": "#0b4f9c", "applicant_agent": "#0b4f9c", "respondent": "#8a1c1c",
                   "respondent_agent": "#8a1c1c", "arbitrator": "#222222", "clerk": "#444444"}


class PublicLines(QSortFilterProxyModel):
    """The last MAX_LINES lines that are not private notes: time, speaker and text."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._shown: set[int] = set()

    def setSourceModel(self, model) -> None:
        super().setSourceModel(model)
        for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset, model.dataChanged,
                       model.layoutChanged):
            signal.connect(self._recount)
        self._recount()

    def _recount(self, *_) -> None:
        rows = self.sourceModel().rows
        shown: list[int] = []
        for i in range(len(rows) - 1, -1, -1):
            if not rows[i].private_note:
                shown.append(i)
                if len(shown) == MAX_LINES:
                    break
        if set(shown) != self._shown:
            self.beginFilterChange()
            self._shown = set(shown)
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row, source_parent) -> bool:
        return source_row in self._shown

    def filterAcceptsColumn(self, source_column, source_parent) -> bool:
        return source_column in (0, 1, TranscriptTableModel.TEXT_COLUMN)

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if index.column() == 1:
            row = self.sourceModel().rows[self.mapToSource(index).row()]
            if role == Qt.ItemDataRole.DisplayRole:
                return super().data(index, role) + "："
            if role == Qt.ItemDataRole.ForegroundRole:
                return QColor(SPEAKER_COLOURS.get(row.speaker, "#333333"))
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        if index.column() == 2 and role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        value = super().data(index, role)
        if role == Qt.ItemDataRole.DisplayRole and isinstance(value, str):
            return mask_text(value)  # an ID or phone number read out is masked on the public screen (issue 12)
        return value


class PartyDisplay(QWidget):
    def __init__(self, model: TranscriptTableModel, title: str, parent=None, *, partial=None):
        """`partial`: the live line (a LiveLine); by default the one of the transcript panel
        that owns `model`."""
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle(self.tr("庭审记录（当事人屏幕）"))
        self.setStyleSheet("QWidget#party { background: white; }")
        self.setObjectName("party")
        self.proxy = PublicLines(self)
        self.proxy.setSourceModel(model)

        self.title = QLabel(title)
        self.screen_box = QComboBox()
        self.screen_box.setToolTip(self.tr("显示在哪个屏幕上"))
        self.size_box = QSpinBox()
        self.size_box.setRange(28, 48)
        self.size_box.setSuffix(self.tr(" 磅"))
        self.size_box.setValue(DEFAULT_POINTS)
        self.size_box.setToolTip(self.tr("字号"))
        self.full_button = QPushButton(self.tr("全屏 F11"))
        self.full_button.setCheckable(True)
        self.controls = QWidget()
        bar = QHBoxLayout(self.controls)
        bar.setContentsMargins(8, 2, 8, 2)
        bar.addWidget(self.title, 1)
        bar.addWidget(QLabel(self.tr("屏幕")))
        bar.addWidget(self.screen_box)
        bar.addWidget(QLabel(self.tr("字号")))
        bar.addWidget(self.size_box)
        bar.addWidget(self.full_button)

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setShowGrid(False)
        self.table.horizontalHeader().setVisible(False)
        self.table.verticalHeader().setVisible(False)
        self.table.setColumnHidden(0, True)  # the clock means nothing to the parties
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QTableView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setFrameShape(QTableView.Shape.NoFrame)
        self.table.setWordWrap(True)
        self.table.setVerticalScrollMode(QTableView.ScrollMode.ScrollPerPixel)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)  # roles never wrap
        header.setStretchLastSection(True)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.live = QLabel()
        self.live.setWordWrap(True)
        self.live.setVisible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.controls)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.live)

        if partial is None:
            partial = getattr(model.parent(), "partial", None)
        if partial is not None and hasattr(partial, "text_changed"):
            partial.text_changed.connect(self.show_live)
            self.show_live(partial.text())
        for signal in (self.proxy.rowsInserted, self.proxy.modelReset, self.proxy.layoutChanged):
            signal.connect(self.follow)
        self.size_box.valueChanged.connect(self.set_points)
        self.full_button.toggled.connect(self._full_toggled)
        self.screen_box.activated.connect(lambda i: self.move_to_screen(QGuiApplication.screens()[i]))
        QShortcut(QKeySequence(Qt.Key.Key_F11), self, self.toggle_full_screen)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, lambda: self.set_full_screen(False))
        self._list_screens()
        QGuiApplication.instance().screenAdded.connect(self._list_screens)
        QGuiApplication.instance().screenRemoved.connect(self._list_screens)
        self.set_points(DEFAULT_POINTS)
        self.resize(1280, 720)

    # -- type -------------------------------------------------------------------------------
    def set_points(self, points: int) -> None:
        font = QFont(self.font())
        font.setPointSize(points)
        self.table.setFont(font)
        live_font = QFont(font)
        live_font.setItalic(True)
        self.live.setFont(live_font)
        self.live.setStyleSheet("color: #666666; padding: 6px 12px; border-top: 1px solid #dddddd;")
        self.table.resizeRowsToContents()
        self.follow()

    def points(self) -> int:
        return self.table.font().pointSize()

    def show_live(self, text: str) -> None:
        """The line being spoken, under the record, until it becomes a line of its own."""
        self.live.setText(self.tr("正在发言：%1").replace("%1", mask_text(text)) if text else "")
        self.live.setVisible(bool(text))

    def follow(self, *_) -> None:
        """Keep the latest line in view (after the rows have their heights)."""
        self.table.scrollToBottom()
        QTimer.singleShot(0, self.table.scrollToBottom)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.follow()

    # -- screens and full screen ------------------------------------------------------------
    def _list_screens(self, *_) -> None:
        screens = QGuiApplication.screens()
        self.screen_box.clear()
        for n, sc in enumerate(screens, 1):
            g = sc.geometry()
            self.screen_box.addItem(self.tr("屏幕 %1（%2×%3）").replace("%1", str(n))
                                    .replace("%2", str(g.width())).replace("%3", str(g.height())))
        self.screen_box.setCurrentIndex(max(0, screens.index(self.screen())) if self.screen() in screens else 0)

    def move_to_screen(self, screen: QScreen) -> None:
        full = self.isFullScreen()
        if full:
            self.showNormal()
        if self.windowHandle() is not None:
            self.windowHandle().setScreen(screen)
        self.setGeometry(screen.availableGeometry())
        self.screen_box.setCurrentIndex(QGuiApplication.screens().index(screen))
        if full:
            self.showFullScreen()

    def show(self) -> None:
        """On a second monitor: full screen there. With one screen: a normal window."""
        screens = QGuiApplication.screens()
        if len(screens) > 1:
            here = QGuiApplication.screenAt(self.geometry().center())
            target = here if here is not None and here != QGuiApplication.primaryScreen() else \
                next(sc for sc in screens if sc != QGuiApplication.primaryScreen())
            self.create()
            self.move_to_screen(target)
            self.set_full_screen(True)
        else:
            super().show()

    def toggle_full_screen(self) -> None:
        self.set_full_screen(not self.isFullScreen())

    def set_full_screen(self, full: bool) -> None:
        if full:
            self.showFullScreen()
        elif self.isFullScreen():
            self.showNormal()
        self.full_button.blockSignals(True)
        self.full_button.setChecked(full)
        self.full_button.blockSignals(False)
        self.full_button.setText(self.tr("退出全屏 F11") if full else self.tr("全屏 F11"))
        self.follow()

    def _full_toggled(self, on: bool) -> None:
        self.set_full_screen(on)

    def visible_texts(self) -> list[str]:
        col = self.proxy.columnCount() - 1
        return [self.proxy.index(r, col).data() for r in range(self.proxy.rowCount())]
