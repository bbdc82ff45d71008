"""The input checks the live record shows (silent, clipping) and the pause tracking that ends
a live line, on the committed test speech."""

import array

from app.speech import segmenter
from app.speech.audio import pcm_blocks
from app.speech.levels import InputCheck, InputWarning, PauseTracker
from tests.conftest import DATA


def blocks(name, seconds=0.1):
    return list(pcm_blocks(DATA / name, block_seconds=seconds))


def louder(pcm: bytes, gain: int) -> bytes:
    """The speech with the gain turned up too far: samples pile up at full scale."""
    a = array.array("h", pcm)
    return array.array("h", (max(-32768, min(32767, x * gain)) for x in a)).tobytes()


def test_speech_at_a_normal_level_gives_no_warning():
    check = InputCheck()
    levels = [check.update(b) for b in blocks("ko_16k.wav")]
    assert {lv.warning for lv in levels} == {InputWarning.NONE}
    assert max(lv.peak for lv in levels) > 0.5 and min(lv.rms_db for lv in levels) < -60


def test_a_muted_microphone_warns_after_the_silent_stretch_and_clears_with_sound():
    check = InputCheck()
    silence = blocks("silence.wav")  # 3 s of digital silence
    seen = [check.update(b).warning for _ in range(3) for b in silence]
    first = seen.index(InputWarning.SILENT)
    assert abs(first * 0.1 - InputCheck.SILENT_SECONDS) < 0.15  # not before 8 s of nothing
    assert check.update(blocks("ko_16k.wav")[10]).warning is InputWarning.NONE  # speech arrives


def test_clipping_warns_and_holds_for_a_few_seconds():
    check = InputCheck()
    speech = blocks("ko_16k.wav")
    loud = [check.update(louder(b, 8)).warning for b in speech[5:25]]
    assert InputWarning.CLIPPING in loud
    quiet = [check.update(b).warning for b in blocks("silence.wav")]  # 3 s of nothing after it
    assert quiet[5] is InputWarning.CLIPPING and quiet[-1] is InputWarning.NONE


def test_pause_tracker_finds_the_pauses_the_file_segmenter_finds():
    pcm = b"".join(blocks("ko_16k.wav"))
    expected = segmenter.pauses(segmenter.frame_energies(pcm, 640))
    tracker = PauseTracker()
    found, quiet_before, t = [], 0.0, 0.0
    for b in blocks("ko_16k.wav", 0.02):
        t += len(b) / 32000
        quiet = tracker.update(b)
        if quiet_before >= segmenter.MIN_PAUSE and quiet == 0.0:
            found.append((round(t - quiet_before - 0.02, 2), round(t - 0.02, 2)))
        quiet_before = quiet
    inner = [p for p in expected if p[0] > 0 and p[1] < len(pcm) / 32000 - 0.1]  # pauses between sentences
    assert len(found) >= len(inner) == 3
    for a, b in inner:
        assert any(abs(a - fa) < 0.1 and abs(b - fb) < 0.1 for fa, fb in found), (a, b, found)
