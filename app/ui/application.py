"""Start the GUI: Qt application, database (upgraded, SQLite copied aside first), window."""

from __future__ import annotations

import sys

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

from app.bootstrap import open_database
from app.config import AppPaths, Setting
from app.models.database import DatabaseError
from app.ui.layout_memory import LayoutMemory
from app.ui.look import apply_look, font_points
from app.ui.main_window import MainWindow
from app.ui.runtime.gc_guard import GarbageCollector
from app.ui.runtime.settings import read
from app.ui.runtime.speech_services import SpeechServices
from app.ui.runtime.tasks import TaskRunner
from app.ui.translations import install_chinese


def make_settings(paths: AppPaths) -> QSettings:
    """Window layout and the chosen user live in an ini file in the data dir."""
    return QSettings(str(paths.settings_file), QSettings.Format.IniFormat)


def run_gui(paths: AppPaths) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    collector = GarbageCollector(app)  # noqa: F841  (collect on the UI thread only)
    app.setApplicationName("HearingDesk")
    app.setApplicationDisplayName("庭审助手")
    translators = install_chinese(app)  # noqa: F841  (Qt's own buttons, dialogs, calendar in Chinese)
    settings = make_settings(paths)
    apply_look(app, font_points(read(settings, Setting.FONT_POINTS)))  # the size the user chose; visible splitters
    layout_memory = LayoutMemory(settings, parent=app)  # every window's geometry and splitters
    layout_memory.install(app)
    # The database is opened and upgraded before any window exists, so no UI waits on it.
    try:
        db = open_database(paths)
    except DatabaseError as exc:
        QMessageBox.critical(None, "庭审助手", f"无法打开数据库。\n\n{exc}")
        return 3
    tasks = TaskRunner()
    speech = SpeechServices(paths.models_dir, paths.audio_dir, settings=settings)
    window = MainWindow(db, tasks, settings, speech=speech)
    window.show()
    window.start()
    code = app.exec()
    tasks.wait_idle(10_000)
    speech.jobs.cancel_all()
    speech.jobs.wait(30_000)
    db.dispose()
    return code
