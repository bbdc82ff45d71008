"""The hearing record panel of the workspace: the segments of the hearing in time order,
and importing a recording into the hearing (progress, time left, cancel)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QElapsedTimer, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services.transcript import SegmentRow
from app.timecode import clock
from app.ui.live_line import LiveLine
from app.vocabulary import SpeakerRole

ROLE_LABELS = {r.value: r.label for r in SpeakerRole}
ROLE_KEYS = ["F1", "F2", "F3", "F4", "F5", "F6", "F7", "F8"]

SOURCE_LABELS = {"speech": "语音", "typed": "录入", "import": "导入"}


class TranscriptTableModel(QAbstractTableModel):
    COLUMNS = ["时间", "发言人", "来源", "内容"]
    TEXT_COLUMN = 3
    text_edited = Signal(int, str)  # segment id, new text

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[SegmentRow] = []
        self.playing_row = -1
        self.sealed = False

    def set_rows(self, rows: list[SegmentRow]) -> None:
        self.beginResetModel()
        self.rows = sorted(rows, key=lambda r: r.start)
        self.endResetModel()

    def upsert(self, row: SegmentRow) -> int:
        """Insert or replace a row, keeping time order; returns its index."""
        for i, r in enumerate(self.rows):
            if r.id == row.id:
                self.rows[i] = row
                self.dataChanged.emit(self.index(i, 0), self.index(i, len(self.COLUMNS) - 1))
                return i
        i = next((k for k, r in enumerate(self.rows) if r.start > row.start), len(self.rows))
        self.beginInsertRows(QModelIndex(), i, i)
        self.rows.insert(i, row)
        self.endInsertRows()
        return i

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None

    def flags(self, index):
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsEditable if index.column() == self.TEXT_COLUMN and not self.sealed else base

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole):
        if role != Qt.ItemDataRole.EditRole or index.column() != self.TEXT_COLUMN:
            return False
        row = self.rows[index.row()]
        if str(value).strip() and str(value) != row.text:
            self.text_edited.emit(row.id, str(value).strip())
        return False  # the stored row comes back from the database and replaces this one

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            speaker = ROLE_LABELS.get(r.speaker, r.speaker) or "—"
            text = ("〔内部备注〕" if r.private_note and role == Qt.ItemDataRole.DisplayRole else "") + r.text
            return [clock(r.start), speaker, SOURCE_LABELS.get(r.source, r.source), text][index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and r.raw_text and r.raw_text != r.text:
            return f"识别原文：{r.raw_text}"
        if role == Qt.ItemDataRole.BackgroundRole and index.row() == self.playing_row:
            return QColor("#fff2a8")
        return None


class TranscriptPanel(QWidget):
    import_requested = Signal()
    cancel_requested = Signal()
    record_requested = Signal()
    pause_requested = Signal(bool)
    stop_requested = Signal()
    speaker_changed = Signal(str)
    device_chosen = Signal(str)  # device id; "" = the system default

    def __init__(self, parent=None):
        super().__init__(parent)
        self.model = TranscriptTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableView.EditTrigger.DoubleClicked | QTableView.EditTrigger.EditKeyPressed)
        self.current_speaker = SpeakerRole.ARBITRATOR.value
        self.speaker_buttons: dict[str, QPushButton] = {}
        speakers = QGridLayout()  # three a row beside the record: the record keeps the height
        speakers.setSpacing(3)
        group = QButtonGroup(self)
        group.setExclusive(True)
        for key, role in zip(ROLE_KEYS, SpeakerRole):
            button = QPushButton(f"{role.short} {key}")
            button.setToolTip(f"{role.label}（{key}）：新段落的发言人")
            button.setCheckable(True)
            button.setShortcut(key)
            button.clicked.connect(lambda _=False, r=role.value: self.set_speaker(r))
            group.addButton(button)
            button.setStyleSheet("padding: 2px 6px;")
            speakers.addWidget(button, len(self.speaker_buttons) // 3, len(self.speaker_buttons) % 3)
            self.speaker_buttons[role.value] = button
        self.speaker_buttons[self.current_speaker].setChecked(True)
        self.record_button = QPushButton(self.tr("开始记录"))
        self.pause_button = QPushButton(self.tr("暂停"))
        self.pause_button.setCheckable(True)
        self.stop_button = QPushButton(self.tr("停止"))
        self.record_button.clicked.connect(self.record_requested)
        self.pause_button.toggled.connect(self.pause_requested)
        self.pause_button.toggled.connect(lambda paused: self.stop_button.isEnabled() and self.set_paused(paused))
        self.stop_button.clicked.connect(self.stop_requested)
        self.device_combo = QComboBox()
        self.device_combo.setToolTip(self.tr("录音设备（录音中也可切换，不中断笔录）"))
        self.device_combo.setMinimumContentsLength(14)
        self.device_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.device_combo.activated.connect(lambda i: self.device_chosen.emit(self.device_combo.itemData(i) or ""))
        self.level = QProgressBar()
        self.level.setMaximum(100)
        self.level.setTextVisible(False)
        self.level.setMaximumWidth(90)
        self.level.setToolTip(self.tr("输入音量"))
        self.input_warning = QLabel()
        self.input_warning.setStyleSheet("color: #b00020; font-weight: bold;")
        self.input_warning.setWordWrap(True)
        self.input_warning.setVisible(False)
        self.partial = LiveLine()  # the party display shows it too
        self.partial.setStyleSheet("color: #777; font-style: italic;")
        # A clear recording indicator: red, with the time recorded so far (paused time excluded).
        self.indicator = QLabel()
        self.indicator.setObjectName("recordingIndicator")
        self.indicator.setStyleSheet("color: white; background: #c62828; font-weight: bold; padding: 2px 8px;"
                                     " border-radius: 3px;")
        self._recorded = QElapsedTimer()
        self._recorded_before = 0
        self._indicator_tick = QTimer(self, interval=500, timeout=self._show_recorded)
        self.sealed_banner = QLabel()
        self.sealed_banner.setObjectName("sealedBanner")
        self.sealed_banner.setWordWrap(True)
        self.sealed_banner.setStyleSheet("color: #5d4037; background: #fff3cd; border: 1px solid #e0c060;"
                                         " padding: 4px; font-weight: bold;")
        self.sealed_banner.setVisible(False)
        self.set_recording(False)
        live = QHBoxLayout()  # the recording controls, the input, then the line being spoken
        for w in (self.indicator, self.record_button, self.pause_button, self.stop_button, self.device_combo, self.level):
            live.addWidget(w)
        live.addWidget(self.input_warning, 2)
        live.addWidget(self.partial, 3)
        self.edit_line = QLineEdit(placeholderText=self.tr("选中一段后在此修改，回车保存；光标处可拆分"))
        self.split_button = QPushButton(self.tr("拆分"))
        self.merge_button = QPushButton(self.tr("合并"))
        self.relabel_button = QPushButton(self.tr("改为当前发言人 Ctrl+L"))
        self.relabel_button.setShortcut("Ctrl+L")
        self.add_button = QPushButton(self.tr("插入一行 Ins"))
        self.add_button.setShortcut("Insert")
        self.private_box = QCheckBox(self.tr("内部备注"))
        self.find_text = QLineEdit(placeholderText=self.tr("查找"))
        self.replace_with = QLineEdit(placeholderText=self.tr("替换为"))
        for field in (self.find_text, self.replace_with):
            field.setMaximumWidth(130)
        self.replace_button = QPushButton(self.tr("全部替换"))
        self.undo_button = QPushButton(self.tr("撤销 Ctrl+Z"))
        edits = QHBoxLayout()  # correcting a line, then find and replace, in one row
        edits.addWidget(self.edit_line, 1)
        for w in (self.split_button, self.merge_button, self.relabel_button, self.add_button, self.private_box,
                  self.find_text, self.replace_with, self.replace_button):
            edits.addWidget(w)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        for col, width in enumerate([80, 90, 50]):
            self.table.setColumnWidth(col, width)
        rows = self.table.verticalHeader()  # compact rows: more lines of the record on a small screen
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self._compact_rows()
        self.import_button = QPushButton(self.tr("导入录音…"))
        self.import_button.clicked.connect(self.import_requested)
        self.cancel_button = QPushButton(self.tr("取消"))
        self.cancel_button.clicked.connect(self.cancel_requested)
        self.cancel_button.setVisible(False)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.progress.setMaximum(1000)
        self.status = QLabel()
        self.status.setWordWrap(True)
        # beside the record: the speakers (F1-F8), import and undo, the import's progress, the count
        side = QVBoxLayout()
        side.setSpacing(3)
        side.addLayout(speakers)
        tools = QHBoxLayout()
        tools.addWidget(self.import_button)
        tools.addWidget(self.undo_button)
        side.addLayout(tools)
        busy = QHBoxLayout()
        busy.addWidget(self.progress, 1)
        busy.addWidget(self.cancel_button)
        side.addLayout(busy)
        side.addWidget(self.status)
        side.addStretch(1)
        middle = QHBoxLayout()
        middle.addLayout(side)
        middle.addWidget(self.table, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.sealed_banner)
        layout.addLayout(live)
        layout.addLayout(middle, 1)
        layout.addLayout(edits)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)

    def _compact_rows(self) -> None:
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 6)

    def showEvent(self, event) -> None:
        self._compact_rows()  # the workspace's style sheet sets the table's type once shown
        super().showEvent(event)

    def set_speaker(self, role: str) -> None:
        """New segments take this speaker (one key: F1-F8)."""
        self.current_speaker = role
        self.speaker_buttons[role].setChecked(True)
        self.speaker_changed.emit(role)

    def set_recording(self, recording: bool) -> None:
        self.record_button.setEnabled(not recording and not self.sealed)
        self.pause_button.setEnabled(recording)
        self.stop_button.setEnabled(recording)
        self.indicator.setVisible(recording)
        if recording:
            self._recorded_before = 0
            self._recorded.start()
            self._indicator_tick.start()
            self._show_recorded()
        else:
            self._indicator_tick.stop()
            self.pause_button.setChecked(False)
            self.partial.clear()
            self.level.setValue(0)
            self.show_input_warning("")

    def set_paused(self, paused: bool) -> None:
        """The indicator stops counting (and says so) while the recording is paused."""
        if paused and self._recorded.isValid():
            self._recorded_before += self._recorded.elapsed()
            self._recorded.invalidate()
        elif not paused and not self._recorded.isValid():
            self._recorded.start()
        self._show_recorded()

    def recorded_seconds(self) -> float:
        return (self._recorded_before + (self._recorded.elapsed() if self._recorded.isValid() else 0)) / 1000

    def _show_recorded(self) -> None:
        paused = not self._recorded.isValid()
        self.indicator.setText(("❚❚ 已暂停 " if paused else "● 录音中 ") + clock(self.recorded_seconds()))

    @property
    def sealed(self) -> bool:
        return self.sealed_banner.isVisible() or getattr(self, "_sealed", False)

    def set_sealed(self, sealed: bool, note: str = "") -> None:
        """A finalised record looks locked the moment it is sealed: a banner, no editing, no
        recording; correction requests (调解仲裁法 Art 40) are the one way left to change it."""
        self.set_locked(sealed, self.tr("本次庭审笔录已定稿签署%1，不能再修改；如需更正请登记补正申请（调解仲裁法第四十条）。")
                        .replace("%1", f"（{note}）" if note else ""))

    def set_locked(self, locked: bool, why: str = "") -> None:
        """No editing and no recording, with the reason in the banner (sealed, or an account
        that may only read this record)."""
        sealed = locked
        self._sealed = sealed
        self.sealed_banner.setText(why)
        self.sealed_banner.setVisible(sealed)
        for w in (self.split_button, self.merge_button, self.relabel_button, self.add_button, self.private_box,
                  self.replace_button, self.undo_button, self.import_button, self.find_text, self.replace_with):
            w.setEnabled(not sealed)
        self.edit_line.setReadOnly(sealed)
        self.record_button.setEnabled(not sealed and not self.stop_button.isEnabled())
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers if sealed else
                                   QTableView.EditTrigger.DoubleClicked | QTableView.EditTrigger.EditKeyPressed)
        self.model.sealed = sealed

    def set_devices(self, devices: list[tuple[str, str]], current: str) -> None:
        """(id, description) of the input devices; `current` "" = the system default."""
        self.device_combo.blockSignals(True)
        self.device_combo.clear()
        self.device_combo.addItem(self.tr("系统默认麦克风"), "")
        for device_id, description in devices:
            self.device_combo.addItem(description, device_id)
        index = self.device_combo.findData(current)
        if index < 0:  # the chosen device is not connected now: keep showing the choice
            self.device_combo.addItem(self.tr("%1（未连接）").replace("%1", current), current)
            index = self.device_combo.count() - 1
        self.device_combo.setCurrentIndex(index)
        self.device_combo.blockSignals(False)

    def show_level(self, level) -> None:
        """levels.Level from the recorder: the meter, and the silent/clipping warning."""
        self.level.setValue(int(level.peak * 100))
        self.show_input_warning(level.warning.message)

    def show_input_warning(self, message: str) -> None:
        self.input_warning.setText(message)
        self.input_warning.setVisible(bool(message))

    def selected_rows(self) -> list[SegmentRow]:
        return [self.model.rows[i.row()] for i in self.table.selectionModel().selectedRows()]

    def current_row(self) -> SegmentRow | None:
        index = self.table.currentIndex()
        return self.model.rows[index.row()] if index.isValid() else None

    def _current_changed(self, current, _previous) -> None:
        row = self.model.rows[current.row()] if current.isValid() else None
        self.edit_line.setText(row.text if row else "")
        self.private_box.blockSignals(True)
        self.private_box.setChecked(bool(row and row.private_note))
        self.private_box.blockSignals(False)

    def set_rows(self, rows: list[SegmentRow]) -> None:
        """Show these rows; the line the clerk was on stays selected (a reload after an edit
        or another machine's lines must not lose their place)."""
        current = self.current_row()
        self.model.set_rows(rows)
        if current is not None:
            for i, r in enumerate(rows):
                if r.id == current.id:
                    self.table.selectRow(i)
        self.status.setText(self.tr("共 %1 段").replace("%1", str(len(rows))) if rows else self.tr("尚无记录"))

    def set_busy(self, busy: bool, text: str = "") -> None:
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.import_button.setEnabled(not busy)
        if not busy:
            self.progress.setValue(0)
        if text:
            self.status.setText(text)

    def show_progress(self, p) -> None:
        self.progress.setValue(int(p.fraction * 1000))
        stage = self.tr("解码中") if p.stage == "decoding" else self.tr("识别中")
        eta = self.tr("，剩余约 %1 秒").replace("%1", str(int(p.eta_seconds))) if p.eta_seconds is not None else ""
        self.status.setText(f"{stage} {clock(p.done_seconds)}{eta}")
