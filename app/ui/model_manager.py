"""Model manager: install a Vosk or Whisper model from a .zip or folder (with progress),
choose the default, see engine, language and size, remove one. All file work runs on a worker thread."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from app.speech.model_store import ModelInfo, ModelStore
from app.ui.runtime.jobs import Job, JobRunner


class ModelManagerDialog(QDialog):
    def __init__(self, store: ModelStore, jobs: JobRunner, parent=None):
        super().__init__(parent)
        self.store, self.jobs = store, jobs
        self.setWindowTitle(self.tr("语音模型管理"))
        self.resize(820, 420)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels([self.tr("名称"), self.tr("引擎"), self.tr("语言"), self.tr("大小"),
                                              self.tr("默认")])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.status = QLabel(self.tr("模型安装在：%1（路径仅含英文字符）").replace("%1", str(store.directory)))
        self.status.setWordWrap(True)
        self.install_zip = QPushButton(self.tr("从 .zip 安装…"))
        self.install_dir = QPushButton(self.tr("从文件夹安装…"))
        self.make_default = QPushButton(self.tr("设为默认"))
        self.remove = QPushButton(self.tr("删除"))
        self.install_zip.clicked.connect(self._pick_zip)
        self.install_dir.clicked.connect(self._pick_dir)
        self.make_default.clicked.connect(self._set_default)
        self.remove.clicked.connect(self._remove)
        buttons = QHBoxLayout()
        for b in (self.install_zip, self.install_dir, self.make_default, self.remove):
            buttons.addWidget(b)
        buttons.addStretch(1)
        hint = QLabel(self.tr("中文模型：Whisper（CTranslate2 格式，如 whisper-base 约 145 MB、whisper-small 约 250 MB，"
                              "更准确）或 Vosk（vosk-model-small-cn-0.22 约 42 MB，可边说边出字）。"
                              "从 U 盘选择 .zip 文件或模型文件夹即可安装，无需联网。"))
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        self.refresh()

    def refresh(self) -> None:
        models = self.store.models()
        self.table.setRowCount(len(models))
        for row, m in enumerate(models):
            engine = "Whisper" if m.engine == "whisper" else "Vosk"
            for col, text in enumerate([m.name, engine, m.language, f"{m.size_bytes / 1024**2:.0f} MB",
                                        "✔" if m.is_default else ""]):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, m.name)
                self.table.setItem(row, col, item)
        has = bool(models)
        self.make_default.setEnabled(has)
        self.remove.setEnabled(has)

    def selected_name(self) -> str | None:
        items = self.table.selectedItems()
        return items[0].data(Qt.ItemDataRole.UserRole) if items else None

    def _pick_zip(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择模型压缩包"), "", self.tr("语音模型 (*.zip)"))
        if path:
            self.install(Path(path))

    def _pick_dir(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("选择模型文件夹"))
        if path:
            self.install(Path(path))

    def install(self, source: Path) -> Job:
        store = self.store

        def work(progress, cancel) -> ModelInfo:
            return store.install(source, progress=lambda done, total: progress((done, total)))

        job = Job(work)
        job.signals.progress.connect(self._on_progress)
        job.signals.finished.connect(self._installed)
        job.signals.failed.connect(self._failed)
        self._busy(True)
        self.status.setText(self.tr("正在安装 %1 …").replace("%1", source.name))
        return self.jobs.start(job)

    def _on_progress(self, value) -> None:
        done, total = value
        self.progress.setMaximum(1000)
        self.progress.setValue(int(done * 1000 / total) if total else 0)

    def _installed(self, info: ModelInfo) -> None:
        self._busy(False)
        self.status.setText(self.tr("已安装 %1（%2，%3 MB）").replace("%1", info.name).replace("%2", info.language)
                            .replace("%3", f"{info.size_bytes / 1024**2:.0f}"))
        self.refresh()

    def _failed(self, exc: Exception) -> None:
        self._busy(False)
        self.status.setText(str(exc))
        QMessageBox.warning(self, self.tr("安装失败"), str(exc))

    def _busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        for b in (self.install_zip, self.install_dir, self.make_default, self.remove):
            b.setEnabled(not busy)

    def _set_default(self) -> None:
        name = self.selected_name()
        if name:
            self.store.set_default(name)
            self.refresh()

    def _remove(self) -> None:
        name = self.selected_name()
        if name and QMessageBox.question(self, self.tr("删除模型"), self.tr("删除模型 %1？").replace("%1", name)) \
                == QMessageBox.StandardButton.Yes:
            self.store.remove(name)
            self.refresh()
