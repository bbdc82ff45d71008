"""The GUI's live record while the database is away (issue 11): recording goes on, the panel
says so, and every line reaches the database when it is back."""

import sqlite3

from sqlalchemy import func, select

from app.models import TranscriptSegment
from tests.conftest import DATA
from tests.ui.conftest import idle
from tests.ui.test_live_record import open_ws


def test_recording_goes_on_while_the_database_is_locked(qtbot, speech_window, demo_db):
    ws = open_ws(qtbot, speech_window, demo_db)
    ws.live.start("replay", str(DATA / "ko_16k.wav"))
    qtbot.waitUntil(lambda: ws.live.running, timeout=60_000)
    finals, messages = [], []
    ws.live.session.worker.final.connect(finals.append)
    ws.live.session.store_message.connect(messages.append)
    qtbot.waitUntil(lambda: len(finals) >= 1, timeout=30_000)
    lock = sqlite3.connect(demo_db.engine.url.database, isolation_level=None)
    lock.execute("BEGIN EXCLUSIVE")  # another program holds the database file
    try:
        qtbot.waitUntil(lambda: any("数据库暂时不可用" in m for m in messages), timeout=30_000)
        assert ws.live.running  # the recording did not stop
    finally:
        lock.execute("ROLLBACK")
        lock.close()
    qtbot.waitUntil(lambda: any("数据库已恢复" in m for m in messages), timeout=60_000)
    qtbot.waitUntil(lambda: not ws.live.running, timeout=60_000)
    idle(qtbot, ws)
    qtbot.waitUntil(lambda: ws.live.session.store.unstored == 0, timeout=30_000)
    with demo_db.session() as s:
        stored = s.scalar(select(func.count()).select_from(TranscriptSegment).where(
            TranscriptSegment.hearing_id == ws.hearing_id, TranscriptSegment.journal_line.is_not(None)))
    assert stored == len(finals) >= 3
    ws.close()
