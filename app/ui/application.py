"""Start the GUI: Qt application, database (upgraded, SQLite copied aside first), window."""

from __future__ import annotations

import json
import os
import sys
import time

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from app.bootstrap import open_database
from app.config import AppPaths, Setting, carried_models_dirs
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


def run_gui(paths: AppPaths, *, exit_when_shown: bool = False, user: str = "") -> int:
    """`exit_when_shown`: quit once the main window shows the register's data, printing the
    startup marks as one JSON line (the release checks and benchmarks/startup.py use it).
    `user` (`hearingdesk --user NAME gui`, the password from HEARINGDESK_PASSWORD): signed in
    at start, as on the command line; else the sign-in dialog (or the OS-bound account)."""
    marks = {"imports": time.perf_counter()}
    app = QApplication.instance() or QApplication(sys.argv)
    collector = GarbageCollector(app)  # noqa: F841  (collect on the UI thread only)
    app.setApplicationName("HearingDesk")
    app.setApplicationDisplayName("庭审助手")
    translators = install_chinese(app)  # noqa: F841  (Qt's own buttons, dialogs, calendar in Chinese)
    settings = make_settings(paths)
    apply_look(app, font_points(read(settings, Setting.FONT_POINTS)))  # the size the user chose; visible splitters
    layout_memory = LayoutMemory(settings, parent=app)  # every window's geometry and splitters
    layout_memory.install(app)
    marks["qapplication"] = time.perf_counter()
    # The database is opened and upgraded before any window exists, so no UI waits on it.
    try:
        db = open_database(paths)
    except DatabaseError as exc:
        QMessageBox.critical(None, "庭审助手", f"无法打开数据库。\n\n{exc}")
        return 3
    if user:
        from app.services.accounts import SignInFailed, sign_in

        try:
            db.sign_in(sign_in(db, user, os.environ.get("HEARINGDESK_PASSWORD", "")))
        except (SignInFailed, DatabaseError) as exc:
            if exit_when_shown:
                print(f"错误：{exc}", file=sys.stderr)
            else:
                QMessageBox.critical(None, "庭审助手", str(exc))
            return 1
    marks["database"] = time.perf_counter()
    tasks = TaskRunner()
    speech = SpeechServices(paths.models_dir, paths.audio_dir, settings=settings)
    window = MainWindow(db, tasks, settings, speech=speech)
    marks["window_built"] = time.perf_counter()
    window.show()
    window.start()
    if not exit_when_shown:
        from app.ui.first_start import offer_carried_models

        offer_carried_models(window, speech.store, speech.jobs, carried_models_dirs(), settings,
                             on_installed=lambda _done: speech.preload(), on_manage=window.manage_models)
    else:
        _quit_when_loaded(app, window, marks)
    code = app.exec()
    tasks.wait_idle(10_000)
    speech.jobs.cancel_all()
    speech.jobs.wait(30_000)
    db.dispose()
    return code


def _quit_when_loaded(app: QApplication, window: MainWindow, marks: dict) -> None:
    entry = getattr(sys.modules.get("__main__"), "STARTED_AT", None)  # packaging/hearingdesk_entry.py
    timer = QTimer(window)

    def check() -> None:
        if window.isVisible() and window.loaded_once:
            timer.stop()
            marks["shown"] = time.perf_counter()
            shown = {"entry": entry, **marks} if entry is not None else marks
            print(json.dumps({"main_window": window.windowTitle(), "marks": shown}, ensure_ascii=False), flush=True)
            app.exit(0)  # not quit(): a window still finishing a task would defer it

    timer.setInterval(5)
    timer.timeout.connect(check)
    timer.start()
