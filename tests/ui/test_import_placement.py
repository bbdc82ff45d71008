"""Importing a recording into a hearing that already has a record (issue 18, item 4), driven by
clicks and keys: 导入录音… asks (a non-modal dialog) whether the recording continues the hearing
(after the last line, or from a typed start) or stands alone; a wrong time keeps the dialog
open. The demo's held hearing has 26 lines ending at 00:04:17 (257.04 s)."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog
from sqlalchemy import select

from app.models import HearingAudio, TranscriptSegment
from tests.conftest import DATA
from tests.ui.test_workspace import heard_case


def _ask(qtbot, ws, monkeypatch, audio):
    """Click 导入录音…, pick the file (the file dialog answers), wait for the question."""
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(audio), ""))
    qtbot.mouseClick(ws.transcript.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: ws.record.placement_dialog is not None and ws.record.placement_dialog.isVisible(),
                    timeout=10_000)
    dialog = ws.record.placement_dialog
    assert not dialog.isModal() or dialog.windowModality() != Qt.WindowModality.ApplicationModal
    return dialog


def test_a_typed_start_places_the_recording_there(qtbot, speech_window, demo_db, monkeypatch):
    w = speech_window
    w.open_workspace(heard_case(demo_db))
    ws = w.workspace
    qtbot.waitUntil(lambda: ws.loaded, timeout=10_000)
    before = ws.transcript.model.rowCount()
    dialog = _ask(qtbot, ws, monkeypatch, DATA / "ko_16k.wav")
    assert "26 段" in dialog.intro.text() and "00:04:17" in dialog.append.text()
    assert dialog.append.isChecked() and not dialog.start.isEnabled()
    qtbot.mouseClick(dialog.at, Qt.MouseButton.LeftButton)
    assert dialog.at.isChecked() and dialog.start.isEnabled()
    dialog.start.selectAll()
    qtbot.keyClicks(dialog.start, "00:7x:00")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.message.isVisible() and "时间" in dialog.message.text()
    assert ws.record.import_job is None  # nothing started
    dialog.start.selectAll()
    with qtbot.waitSignal(ws.record.import_started, timeout=10_000):
        qtbot.keyClicks(dialog.start, "00:10:00")
        qtbot.keyClick(dialog.start, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: ws.record.import_job is None, timeout=120_000)
    with demo_db.session() as s:
        audio = s.scalars(select(HearingAudio).where(HearingAudio.hearing_id == ws.hearing_id)).one()
        imported = s.scalars(select(TranscriptSegment).where(TranscriptSegment.hearing_id == ws.hearing_id,
                                                             TranscriptSegment.source == "import")).all()
    assert audio.offset == 600.0 and len(imported) >= 3
    assert all(600.0 <= x.start < 620.0 for x in imported)
    rows = ws.transcript.model.rows
    assert len(rows) == before + len(imported)
    assert [r.source for r in rows[-len(imported):]] == ["import"] * len(imported)  # after the record
    assert ws.transcript.model.index(before, 0).data().startswith("00:10:0")
    ws.close()


def test_escape_imports_nothing_and_an_empty_hearing_is_not_asked(qtbot, speech_window, demo_db, monkeypatch):
    w = speech_window
    w.open_workspace(heard_case(demo_db))
    ws = w.workspace
    qtbot.waitUntil(lambda: ws.loaded, timeout=10_000)
    dialog = _ask(qtbot, ws, monkeypatch, DATA / "silence.wav")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert ws.record.import_job is None
    ws.close()
    qtbot.waitUntil(lambda: ws.isHidden(), timeout=10_000)

    # a hearing without lines: the recording starts at 00:00:00 without a question
    from app.models import Case
    from app.vocabulary import CaseStatus

    with demo_db.session() as s:
        fresh = s.scalars(select(Case.id).where(Case.status == CaseStatus.ACCEPTED)).first()
    w.open_workspace(fresh)
    ws2 = w.workspace
    qtbot.waitUntil(lambda: ws2.loaded, timeout=10_000)
    assert ws2.transcript.model.rowCount() == 0
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(DATA / "silence.wav"), ""))
    with qtbot.waitSignal(ws2.record.import_started, timeout=10_000):
        qtbot.mouseClick(ws2.transcript.import_button, Qt.MouseButton.LeftButton)
    assert ws2.record.placement_dialog is None
    qtbot.waitUntil(lambda: ws2.record.import_job is None, timeout=60_000)
    with demo_db.session() as s:
        assert s.scalars(select(HearingAudio.offset).where(HearingAudio.hearing_id == ws2.hearing_id)).one() == 0.0
    ws2.close()
