"""First start with models on the stick: the prompt offers them and installs the ticked ones."""

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialog, QWidget

from app.speech.model_store import ModelStore
from app.ui.first_start import SKIP_KEY, offer_carried_models
from app.ui.runtime.jobs import JobRunner
from tests.speech.test_model_store import tiny_model, zip_of


def _stick(tmp_path):
    models = tmp_path / "stick" / "models"
    tiny_model(models / "vosk-model-small-cn-0.22")
    zip_of(tiny_model(tmp_path / "src"), models / "vosk-model-cn-0.22.zip")
    return models


def _window(qtbot):
    w = QWidget()
    qtbot.addWidget(w)
    w.show()
    return w


def test_prompt_offers_the_carried_models_and_installs_the_ticked_ones(qtbot, tmp_path):
    store, jobs = ModelStore(tmp_path / "data" / "models"), JobRunner()
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = _window(qtbot)
    installed = []
    job = offer_carried_models(w, store, jobs, [_stick(tmp_path)], settings, on_installed=installed.extend)
    qtbot.waitUntil(lambda: job.done and hasattr(w, "carried_models_prompt"), timeout=10_000)
    prompt = w.carried_models_prompt
    assert prompt.isVisible()
    assert [prompt.list.item(i).text().split("（")[0] for i in range(prompt.list.count())] == \
        ["vosk-model-cn-0.22", "vosk-model-small-cn-0.22"]
    prompt.list.item(0).setCheckState(Qt.CheckState.Unchecked)
    results = []
    prompt.finished.connect(results.append)
    prompt.install_button.click()
    qtbot.waitUntil(lambda: bool(installed), timeout=10_000)
    assert [m.name for m in installed] == ["vosk-model-small-cn-0.22"]
    assert [m.name for m in store.models()] == ["vosk-model-small-cn-0.22"]
    assert results == [QDialog.DialogCode.Accepted]  # closed (and deleted) once installed
    jobs.pool.waitForDone(5000)


def test_no_prompt_once_a_model_is_installed_or_when_declined(qtbot, tmp_path):
    stick = _stick(tmp_path)
    store, jobs = ModelStore(tmp_path / "data" / "models"), JobRunner()
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = _window(qtbot)
    # declined with 不再提示: remembered, nothing looked at any more
    job = offer_carried_models(w, store, jobs, [stick], settings)
    qtbot.waitUntil(lambda: job.done and hasattr(w, "carried_models_prompt"), timeout=10_000)
    w.carried_models_prompt.dont_ask.setChecked(True)
    w.carried_models_prompt.later_button.click()
    assert settings.value(SKIP_KEY) in (True, "true")
    assert offer_carried_models(w, store, jobs, [stick], settings) is None
    # a model already installed: the folder is not offered
    store.install(stick / "vosk-model-cn-0.22.zip")
    w2 = _window(qtbot)
    job = offer_carried_models(w2, store, jobs, [stick], None)
    qtbot.waitUntil(lambda: job.done, timeout=10_000)  # set in the same emit that would open it
    assert not hasattr(w2, "carried_models_prompt")
    jobs.pool.waitForDone(5000)


def test_with_nothing_carried_the_prompt_says_how_and_opens_the_model_manager(qtbot, tmp_path):
    store, jobs = ModelStore(tmp_path / "data" / "models"), JobRunner()
    w = _window(qtbot)
    managed = []
    job = offer_carried_models(w, store, jobs, [], None, on_manage=lambda: managed.append(True))
    qtbot.waitUntil(lambda: job.done and hasattr(w, "carried_models_prompt"), timeout=10_000)
    prompt = w.carried_models_prompt
    assert prompt.isVisible() and not prompt.list.isVisible()
    assert prompt.install_button.text() == "选择模型…"
    results = []
    prompt.finished.connect(results.append)
    prompt.install_button.click()
    assert managed == [True] and results == [QDialog.DialogCode.Accepted]
    jobs.pool.waitForDone(5000)
