"""Model manager and importing a recording into a hearing, offscreen, with the real engine."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import select

from app.models import HearingAudio, TranscriptSegment
from app.ui.model_manager import ModelManagerDialog
from tests.conftest import DATA
from tests.ui.test_workspace import heard_case


def test_model_manager_installs_from_zip_with_progress(qtbot, speech, ko_zip, tmp_path):
    from app.speech.model_store import ModelStore
    from app.ui.runtime.jobs import JobRunner

    store = ModelStore(tmp_path / "fresh-models")
    dialog = ModelManagerDialog(store, JobRunner(), None)
    qtbot.addWidget(dialog)
    progress = []
    job = dialog.install(ko_zip)
    job.signals.progress.connect(progress.append)
    assert not dialog.install_zip.isEnabled()  # busy while the worker unpacks
    qtbot.waitUntil(lambda: job.done, timeout=120_000)
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 1).text() == "Vosk" and dialog.table.item(0, 2).text() == "韩语"
    assert dialog.table.item(0, 4).text() == "✔"
    assert "已安装" in dialog.status.text()
    assert dialog.install_zip.isEnabled()


def test_model_manager_reports_a_malicious_zip(qtbot, tmp_path, monkeypatch):
    import zipfile

    from PySide6.QtWidgets import QMessageBox

    from app.speech.model_store import ModelStore
    from app.ui.runtime.jobs import JobRunner

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    bad = tmp_path / "evil.zip"
    with zipfile.ZipFile(bad, "w") as zf:
        for rel in ("m/am/final.mdl", "m/conf/mfcc.conf", "m/conf/model.conf", "m/graph/HCLG.fst", "../../evil"):
            zf.writestr(rel, "x")
    dialog = ModelManagerDialog(ModelStore(tmp_path / "models"), JobRunner(), None)
    qtbot.addWidget(dialog)
    job = dialog.install(bad)
    qtbot.waitUntil(lambda: job.done, timeout=10_000)
    assert shown and "之外" in shown[0]
    assert dialog.table.rowCount() == 0


def test_importing_a_recording_stores_its_segments(qtbot, speech_window, demo_db, tmp_path):
    w = speech_window
    qtbot.waitUntil(lambda: w.speech.state == "ready", timeout=60_000)
    assert "已就绪" in w.speech_label.text()
    w.open_workspace(heard_case(demo_db))
    ws = w.workspace
    qtbot.waitUntil(lambda: ws.loaded, timeout=10_000)
    with qtbot.waitSignal(ws.record.import_started, timeout=10_000) as started:
        ws.record.import_audio(str(DATA / "ko.m4a"))
        qtbot.waitUntil(lambda: ws.record.placement_dialog is not None and ws.record.placement_dialog.isVisible())
        dialog = ws.record.placement_dialog  # the hearing has a record: where does this one go?
        qtbot.mouseClick(dialog.alone, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    job = started.args[0]
    assert ws.transcript.progress.isVisible()
    qtbot.waitUntil(lambda: ws.record.import_job is None, timeout=120_000)
    assert ws.transcript.model.rowCount() >= 2
    assert ws.transcript.model.index(0, 0).data() == "00:00:00"
    with demo_db.session() as s:
        segs = s.scalars(select(TranscriptSegment).where(TranscriptSegment.hearing_id == ws.hearing_id)).all()
        audio = s.scalars(select(HearingAudio)).one()
    imported = [x for x in segs if x.source == "import"]
    assert len(segs) == ws.transcript.model.rowCount() and len(imported) >= 2
    assert all(x.raw_text and x.audio_id == audio.id for x in imported)
    assert (w.speech.audio_dir / audio.path).exists() and audio.original_name == "ko.m4a"
    assert job.done
    ws.grab().save(str(tmp_path / "imported.png"))
    ws.close()


def test_cancelling_an_import_stores_nothing(qtbot, speech_window, demo_db):
    w = speech_window
    w.open_workspace(heard_case(demo_db))
    ws = w.workspace
    qtbot.waitUntil(lambda: ws.loaded, timeout=10_000)
    with qtbot.waitSignal(ws.record.import_started, timeout=10_000) as started:
        ws.record.import_audio(str(DATA / "ko_44k_stereo.wav"))
        qtbot.waitUntil(lambda: ws.record.placement_dialog is not None and ws.record.placement_dialog.isVisible())
        qtbot.keyClick(ws.record.placement_dialog, Qt.Key.Key_Return)  # the default: after the last line
    job = started.args[0]
    ws.record.cancel_import()
    qtbot.waitUntil(lambda: job.done, timeout=60_000)
    qtbot.waitUntil(lambda: ws.record.import_job is None, timeout=10_000)
    assert "取消" in ws.transcript.status.text()
    with demo_db.session() as s:
        assert s.scalars(select(TranscriptSegment).where(TranscriptSegment.source == "import")).all() == []
        assert s.scalars(select(HearingAudio)).all() == []
    ws.close()


@pytest.fixture
def whisper_window(qtbot, demo_db, settings, tmp_path, installed_whisper):
    """The main window with the Whisper base model as the office's default model."""
    import shutil

    from app.ui.runtime.speech_services import SpeechServices
    from tests.ui.conftest import shown_window

    models = tmp_path / "whisper-models"
    models.mkdir()
    (models / installed_whisper.name).symlink_to(installed_whisper, target_is_directory=True)
    (models / "default.txt").write_text(installed_whisper.name, encoding="utf-8")
    services = SpeechServices(models, tmp_path / "audio", settings=settings)
    yield from shown_window(qtbot, demo_db, settings, services)
    services.jobs.cancel_all()
    services.jobs.wait()
    shutil.rmtree(tmp_path / "audio", ignore_errors=True)


def test_importing_mandarin_with_a_whisper_model(qtbot, whisper_window, demo_db, zh_speech):
    """The workspace's import needs no change for Whisper: the model's kind picks the engine."""
    w = whisper_window
    qtbot.waitUntil(lambda: w.speech.state == "ready", timeout=120_000)
    w.open_workspace(heard_case(demo_db))
    ws = w.workspace
    qtbot.waitUntil(lambda: ws.loaded, timeout=10_000)
    with qtbot.waitSignal(ws.record.import_started, timeout=10_000):
        ws.record.import_audio(str(zh_speech / "real_ox_0.wav"))
        qtbot.waitUntil(lambda: ws.record.placement_dialog is not None and ws.record.placement_dialog.isVisible())
        dialog = ws.record.placement_dialog  # the hearing has a record: this one goes after its last line
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert ws.transcript.progress.isVisible()
    qtbot.waitUntil(lambda: ws.record.import_job is None, timeout=180_000)
    with demo_db.session() as s:
        imported = s.scalars(select(TranscriptSegment).where(TranscriptSegment.source == "import")).all()
    assert imported and all(x.raw_text for x in imported)
    assert "达摩院" in "".join(x.text for x in imported) and "語音" not in "".join(x.text for x in imported)
    ws.close()


def test_live_record_with_a_whisper_model(qtbot, whisper_window, demo_db, zh_speech):
    """The workspace's live record unchanged: a placeholder while speech comes in, then the
    line Whisper recognised once the speaker paused, stored with its audio."""
    from app.models import TranscriptSegment as Seg
    from tests.ui.conftest import idle, open_ws

    ws = open_ws(qtbot, whisper_window, heard_case(demo_db))
    ws.live.start("replay", str(zh_speech / "real_ox_0.wav"))
    qtbot.waitUntil(lambda: ws.live.running, timeout=120_000)
    qtbot.waitUntil(lambda: ws.transcript.partial.text() != "", timeout=30_000)
    qtbot.waitUntil(lambda: not ws.live.running, timeout=120_000)
    idle(qtbot, ws)
    with demo_db.session() as s:
        live = s.scalars(select(Seg).where(Seg.hearing_id == ws.hearing_id, Seg.source == "speech",
                                           Seg.audio_id.is_not(None))).all()
    assert live and "语音识别" in "".join(x.text for x in live)
    ws.close()
