import pytest
from PySide6.QtCore import QSettings

from app.services.demo import seed_demo
from app.ui.main_window import MainWindow
from app.ui.runtime.tasks import TaskRunner
from tests.conftest import TODAY


@pytest.fixture(autouse=True)
def collect_on_the_ui_thread(qapp):
    """As the app does: no cyclic GC in worker threads (it may free UI-thread Qt objects)."""
    import gc

    from app.ui.runtime.gc_guard import GarbageCollector

    collector = GarbageCollector(None, interval_ms=200)
    yield
    collector.timer.stop()
    gc.collect()
    gc.enable()


@pytest.fixture
def demo_db(sqlite_db):
    with sqlite_db.session() as s:
        seed_demo(s, today=TODAY)
    return sqlite_db


@pytest.fixture
def settings(tmp_path):
    s = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    return s


def shown_window(qtbot, db, settings, speech=None):
    """A main window on the demo data, shown and loaded; closed cleanly afterwards."""
    tasks = TaskRunner()
    w = MainWindow(db, tasks, settings, today=lambda: TODAY, speech=speech)
    qtbot.addWidget(w)
    w.show()
    w.start()
    qtbot.waitUntil(lambda: w.loaded_once, timeout=10_000)
    yield w
    w.close()
    # the window defers closing while a job runs; wait until the runner is idle
    qtbot.waitUntil(lambda: tasks.pending == 0, timeout=10_000)
    tasks.wait_idle()


def open_ws(qtbot, window, case_id):
    """The case's hearing workspace, loaded."""
    window.open_workspace(case_id)
    ws = window.workspace
    qtbot.waitUntil(lambda: ws.loaded, timeout=10_000)
    return ws


def idle(qtbot, ws):
    """Every background save of the workspace is done."""
    qtbot.waitUntil(lambda: ws.tasks.pending == 0, timeout=20_000)


@pytest.fixture
def window(qtbot, demo_db, settings):
    yield from shown_window(qtbot, demo_db, settings)


@pytest.fixture
def speech(tmp_path, installed_model, qtbot, settings):
    """Speech services over a model store holding the installed test model."""
    import shutil

    from app.ui.runtime.speech_services import SpeechServices

    models = tmp_path / "models"
    models.mkdir()
    # a link keeps the 250 MB model in one place; the store reads it like an installed one
    (models / installed_model.name).symlink_to(installed_model, target_is_directory=True)
    (models / "default.txt").write_text(installed_model.name, encoding="utf-8")
    services = SpeechServices(models, tmp_path / "audio", settings=settings)
    yield services
    services.jobs.cancel_all()
    services.jobs.wait()
    shutil.rmtree(tmp_path / "audio", ignore_errors=True)


@pytest.fixture
def speech_window(qtbot, demo_db, settings, speech):
    yield from shown_window(qtbot, demo_db, settings, speech)
