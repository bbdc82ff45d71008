"""The workspace in a real hearing room (QTest types Latin text only: the typed values are ASCII), driven by keys and clicks (issue: nothing lost by a slip
of the hand): the next answer lands in the applicant's box, quick typing keeps every keystroke,
closing while recording asks first, a sealed record looks sealed at once, and recording shows a
red indicator with the time and starts the hearing timer."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from app.models import ElementEntry, HearingAudio
from tests.conftest import DATA
from tests.ui.conftest import idle
from tests.ui.test_record_ui import open_held
from tests.ui.test_workspace import heard_case, open_workspace

CTRL = Qt.KeyboardModifier.ControlModifier


def test_moving_on_puts_the_cursor_in_the_applicants_box(qtbot, window, demo_db):
    ws = open_workspace(qtbot, window, heard_case(demo_db))
    ws.table.selectRow(2)
    first = ws.model.rows[2].id
    ws.editor.respondent.setFocus()
    qtbot.keyClick(ws.editor.respondent, Qt.Key.Key_End, CTRL)
    qtbot.keyClicks(ws.editor.respondent, "agreed")
    qtbot.keyClick(ws.editor.respondent, Qt.Key.Key_Down, CTRL)  # the arbitrator moves on from the respondent's box
    assert ws.current_row() == 3
    assert ws.focusWidget() is ws.editor.applicant
    qtbot.keyClicks(ws.focusWidget(), "2021-03-08")
    qtbot.keyClick(ws.focusWidget(), Qt.Key.Key_Tab)
    assert ws.focusWidget() is ws.editor.respondent
    qtbot.keyClick(ws.focusWidget(), Qt.Key.Key_End, CTRL)
    qtbot.keyClicks(ws.focusWidget(), "2021-05-01")
    second = ws.model.rows[3].id
    qtbot.keyClick(ws.focusWidget(), Qt.Key.Key_S, CTRL)
    idle(qtbot, ws)
    with demo_db.session() as s:
        a, b = s.get(ElementEntry, first), s.get(ElementEntry, second)
        assert a.respondent_position.endswith("agreed")
        assert b.applicant_position.endswith("2021-03-08") and b.respondent_position.endswith("2021-05-01")
    ws.close()


def test_quick_typing_between_saves_loses_no_keystroke(qtbot, window, demo_db, monkeypatch):
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warnings.append(a[2]))
    ws = open_workspace(qtbot, window, heard_case(demo_db))
    ws.table.selectRow(4)
    entry = ws.model.rows[4].id
    box = ws.editor.finding
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_End)
    # save, type on, save again and move on before the first save has come back
    qtbot.keyClicks(box, "monthly ")
    qtbot.keyClick(box, Qt.Key.Key_S, CTRL)
    qtbot.keyClicks(box, "8000")
    qtbot.keyClick(box, Qt.Key.Key_S, CTRL)
    qtbot.keyClicks(box, " yuan")
    qtbot.keyClick(box, Qt.Key.Key_Down, CTRL)
    idle(qtbot, ws)
    assert warnings == []  # no "changed by another user" for one's own earlier save
    with demo_db.session() as s:
        assert s.get(ElementEntry, entry).finding.endswith("monthly 8000 yuan")
    ws.table.selectRow(4)
    assert ws.editor.finding.text().endswith("monthly 8000 yuan")
    ws.close()


def test_a_finalised_record_looks_sealed_at_once_and_when_reopened(qtbot, window, demo_db, tmp_path):
    ws = open_held(qtbot, window, demo_db)
    t = ws.transcript
    assert not t.sealed_banner.isVisible() and t.split_button.isEnabled()
    ws.record.finalize_record(confirm=False)
    qtbot.waitUntil(t.sealed_banner.isVisible, timeout=10_000)
    assert "已定稿" in t.sealed_banner.text() and "补正申请" in t.sealed_banner.text()
    assert t.edit_line.isReadOnly() and not t.split_button.isEnabled() and not t.record_button.isEnabled()
    assert not (t.model.flags(t.model.index(0, t.model.TEXT_COLUMN)) & Qt.ItemFlag.ItemIsEditable)
    assert ws.editor.finding.isReadOnly()
    ws.close()
    qtbot.waitUntil(lambda: not ws.isVisible(), timeout=10_000)
    again = open_held(qtbot, window, demo_db)
    assert again.transcript.sealed_banner.isVisible() and again.editor.applicant.isReadOnly()
    again.close()


def _question(ws):
    return ws.stop_question


def test_closing_while_recording_asks_and_keeps_recording_by_default(qtbot, speech_window, demo_db):
    ws = open_workspace(qtbot, speech_window, heard_case(demo_db))
    assert not ws.procedure.timing
    ws.live.start("replay", str(DATA / "ko_16k.wav"))
    qtbot.waitUntil(lambda: ws.live.running and ws.live.recording is not None, timeout=60_000)
    qtbot.waitUntil(lambda: ws.transcript.partial.text() != "", timeout=30_000)  # audio is flowing
    # a red indicator with the time recorded; the hearing timer started with the recording
    qtbot.waitUntil(lambda: ws.transcript.indicator.text().startswith("● 录音中 00:")
                    and ws.transcript.indicator.text()[-8:] != "00:00:00", timeout=5000)
    assert ws.transcript.indicator.isVisible() and ws.procedure.timing
    ws.close()  # Alt+F4 or the close box: a slip more often than not
    qtbot.waitUntil(lambda: _question(ws) is not None and _question(ws).isVisible(), timeout=5000)
    box = _question(ws)
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.No)
    qtbot.keyClick(box, Qt.Key.Key_Escape)  # Esc keeps recording too
    qtbot.waitUntil(lambda: _question(ws) is None, timeout=5000)
    assert ws.isVisible() and ws.live.running
    ws.close()
    qtbot.waitUntil(lambda: _question(ws) is not None and _question(ws).isVisible(), timeout=5000)
    gone, journal = [], ws.live.recording.journal
    ws.destroyed.connect(lambda *_: gone.append(True))
    qtbot.mouseClick(_question(ws).button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(gone), timeout=30_000)  # stopped, flushed, then closed
    with demo_db.session() as s:
        assert s.scalars(select(HearingAudio).where(HearingAudio.journal == journal)).one().duration > 0.3


def test_the_element_table_for_the_parties_comes_from_the_toolbar(qtbot, window, demo_db, tmp_path):
    from docx import Document

    from tests.ui.test_audit_dialog import toolbar_button

    ws = open_workspace(qtbot, window, heard_case(demo_db))
    qtbot.mouseClick(toolbar_button(ws, "导出要素表…"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: ws.record.element_table_dialog is not None and ws.record.element_table_dialog.isVisible(),
                    timeout=10_000)
    dialog = ws.record.element_table_dialog
    assert dialog.parties.isChecked()  # the parties' version unless the tribunal's is chosen
    out = tmp_path / "要素表.docx"
    dialog.path.setText(str(out))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.written is not None, timeout=10_000)
    header = " ".join(c.text for c in Document(str(out)).tables[0].rows[0].cells)
    assert "确认" in header and "仲裁庭认定" not in header
    dialog.close()
    ws.close()


def test_protections_the_elements_call_for_show_beside_the_summaries(qtbot, window, demo_db):
    ws = open_workspace(qtbot, window, heard_case(demo_db))
    assert ws.summary.alerts.isHidden()
    row = next(i for i, r in enumerate(ws.model.rows) if r.key == "migrant_worker")
    ws.table.selectRow(row)
    ws.editor.applicant.setFocus()
    qtbot.keyClick(ws.editor.applicant, Qt.Key.Key_A, CTRL)
    qtbot.keyClick(ws.editor.applicant, Qt.Key.Key_Delete)
    ws.editor.applicant.insertPlainText("是")  # QTest types Latin only; the clerk's IME gives 是
    qtbot.keyClick(ws.editor.applicant, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: not ws.summary.alerts.isHidden(), timeout=5000)  # (on the summaries' tab)
    assert "农民工" in ws.summary.alerts.text()
    idle(qtbot, ws)
    ws.close()
