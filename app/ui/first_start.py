"""First start of a fresh install: no speech model yet, but the installation stick carries some
in its `models/` folder (beside the app): offer to install them.

With none there, it says how to get one and opens the model manager.
The folder is looked at on a worker thread (a USB stick can be slow); the prompt is window-modal
but opened with open(), so the main window is usable behind it and never waits on it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from app.speech.model_store import ModelInfo, ModelStore, OfferedModel, offered_models
from app.ui.runtime.jobs import Job, JobRunner

SKIP_KEY = "first_start/skip_carried_models"


class CarriedModelsPrompt(QDialog):
    """Lists the carried models (all ticked); 安装 installs the ticked ones one after another."""

    installed = Signal(list)  # [ModelInfo]

    def __init__(self, offered: list[OfferedModel], store: ModelStore, jobs: JobRunner,
                 settings: QSettings | None = None, parent: QWidget | None = None, *, on_manage=None):
        """With nothing `offered`, the prompt says how to get a model and its button opens the
        model manager (`on_manage`)."""
        super().__init__(parent)
        self.store, self.jobs, self.settings, self.on_manage = store, jobs, settings, on_manage
        self.setWindowTitle(self.tr("安装语音模型"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        folders = sorted({str(m.path.parent) for m in offered})
        if offered:
            intro = QLabel(self.tr("尚未安装语音模型。在安装文件夹旁的 models 文件夹（%1）中找到下列模型，"
                                   "安装后即可离线转写庭审录音：").replace("%1", "、".join(folders)))
        else:
            intro = QLabel(self.tr("尚未安装语音模型，录音暂时不能转写为文字。把模型的 .zip（如 "
                                   "vosk-model-small-cn-0.22.zip）放在程序文件夹旁的 models 文件夹中，下次启动时会提示安装；"
                                   "或现在从 U 盘选择。"))
        intro.setWordWrap(True)
        self.list = QListWidget()
        for model in offered:
            source = "" if model.path.name == model.name else f"{model.path.name}，"
            item = QListWidgetItem(f"{model.name}（{source}{model.size_bytes / 1024**2:.0f} MB）")
            item.setData(Qt.ItemDataRole.UserRole, model)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.list.addItem(item)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.status = QLabel(self.tr("模型将复制到：%1").replace("%1", str(store.directory)))
        self.status.setWordWrap(True)
        self.dont_ask = QCheckBox(self.tr("不再提示（以后可在“语音模型”中安装）"))
        self.buttons = QDialogButtonBox()
        label = self.tr("安装") if offered else self.tr("选择模型…")
        self.install_button = self.buttons.addButton(label, QDialogButtonBox.ButtonRole.AcceptRole)
        self.later_button = self.buttons.addButton(self.tr("以后再说"), QDialogButtonBox.ButtonRole.RejectRole)
        self.install_button.clicked.connect(self.install if offered else self._manage)
        self.list.setVisible(bool(offered))
        self.later_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        for w in (intro, self.list, self.progress, self.status, self.dont_ask, self.buttons):
            layout.addWidget(w)
        self.resize(560, 320)
        self.done_models: list[ModelInfo] = []

    def _manage(self) -> None:
        self.accept()
        if self.on_manage is not None:
            self.on_manage()

    def chosen(self) -> list[OfferedModel]:
        items = (self.list.item(i) for i in range(self.list.count()))
        return [it.data(Qt.ItemDataRole.UserRole) for it in items if it.checkState() == Qt.CheckState.Checked]

    def install(self) -> Job | None:
        chosen, store = self.chosen(), self.store
        if not chosen:
            self.reject()
            return None

        def work(progress, cancel) -> list[ModelInfo]:
            done = []
            for index, model in enumerate(chosen):
                progress((index, len(chosen), 0, 1, model.name))
                done.append(store.install(model.path, progress=lambda d, t, i=index, n=model.name:
                                          progress((i, len(chosen), d, t, n))))
            return done

        job = Job(work)
        job.signals.progress.connect(self._on_progress)
        job.signals.finished.connect(self._installed)
        job.signals.failed.connect(self._failed)
        self._busy(True)
        return self.jobs.start(job)

    def _on_progress(self, value) -> None:
        index, count, done, total, name = value
        self.progress.setMaximum(1000)
        self.progress.setValue(int((index + (done / total if total else 0)) * 1000 / count))
        self.status.setText(self.tr("正在安装 %1（%2/%3）…").replace("%1", name).replace("%2", str(index + 1))
                            .replace("%3", str(count)))

    def _installed(self, done: list[ModelInfo]) -> None:
        self._busy(False)
        self.done_models = done
        self.installed.emit(done)
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self._busy(False)
        self.status.setText(self.tr("安装失败：%1").replace("%1", str(exc)))

    def _busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.install_button.setEnabled(not busy)
        self.later_button.setEnabled(not busy)
        self.list.setEnabled(not busy)

    def done(self, result: int) -> None:
        if self.settings is not None and self.dont_ask.isChecked():
            self.settings.setValue(SKIP_KEY, True)
        super().done(result)


def offer_carried_models(window: QWidget, store: ModelStore, jobs: JobRunner, folders: list[Path],
                         settings: QSettings | None = None, on_installed=None, on_manage=None) -> Job | None:
    """When no model is installed and the clerk has not said 不再提示: look at `folders` in the
    background and open the prompt over `window` (kept as `window.carried_models_prompt`),
    listing the models found there, or, with none found, saying how to get one."""
    if settings is not None and _truthy(settings.value(SKIP_KEY, False)):
        return None

    def look(progress, cancel) -> list[OfferedModel] | None:
        return None if store.models() else offered_models(store, folders)

    job = Job(look)

    def found(offered: list[OfferedModel] | None) -> None:
        if offered is None:  # a model is installed
            return
        prompt = CarriedModelsPrompt(offered, store, jobs, settings, window, on_manage=on_manage)
        prompt.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if on_installed is not None:
            prompt.installed.connect(on_installed)
        window.carried_models_prompt = prompt
        prompt.open()

    job.signals.finished.connect(found)
    return jobs.start(job)


def _truthy(value) -> bool:
    return value is True or str(value).lower() in ("true", "1")
