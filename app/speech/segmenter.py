"""Where to cut a long recording so its pieces can be recognised in parallel: in pauses,
so no word is split, near evenly spaced targets."""

from __future__ import annotations

import array
import math
import sys

FRAME_SECONDS = 0.02
MIN_PAUSE = 0.3  # seconds of quiet that count as a pause
MIN_QUIET_RMS = 100.0


def samples(pcm: bytes) -> array.array:
    """16-bit little-endian mono PCM as integers."""
    out = array.array("h")
    out.frombytes(pcm[: len(pcm) - len(pcm) % 2])
    if sys.byteorder == "big":
        out.byteswap()
    return out


def quiet_threshold(energies: list[float]) -> float:
    """Below this frame RMS is quiet: relative to the noise floor (a low percentile of the
    frames), and never above MIN_QUIET_RMS (about -50 dBFS is quiet wherever the floor is)."""
    ordered = sorted(energies)
    return max(ordered[len(ordered) // 10] * 3, MIN_QUIET_RMS) if ordered else MIN_QUIET_RMS


def frame_energies(pcm: bytes, frame_bytes: int) -> list[float]:
    """RMS of each 20 ms frame of 16-bit mono PCM (vectorised: hours of audio in seconds)."""
    import numpy as np

    a = np.frombuffer(pcm[: len(pcm) - len(pcm) % 2], dtype="<i2").astype(np.float64)
    n = frame_bytes // 2
    whole = len(a) - len(a) % n
    out = np.sqrt((a[:whole].reshape(-1, n) ** 2).mean(axis=1)).tolist() if whole else []
    if whole < len(a):
        out.append(math.sqrt(float((a[whole:] ** 2).mean())))
    return out


def pauses(energies: list[float], min_pause: float = MIN_PAUSE) -> list[tuple[float, float]]:
    """(start, end) seconds of quiet stretches of at least `min_pause`."""
    if not energies:
        return []
    threshold = quiet_threshold(energies)
    found, start = [], None
    for i, e in enumerate(energies + [threshold + 1]):
        if e < threshold:
            start = i if start is None else start
        elif start is not None:
            if (i - start) * FRAME_SECONDS >= min_pause - 1e-9:
                found.append((start * FRAME_SECONDS, i * FRAME_SECONDS))
            start = None
    return found


def cut_points(duration: float, quiet: list[tuple[float, float]], *, pieces: int) -> list[float]:
    """Times (seconds) at which to cut into about `pieces` parts, each in the middle of a
    pause near the even target; a part with no pause near its target is left longer."""
    if pieces <= 1 or duration <= 0:
        return []
    target = duration / pieces
    mids = [(a + b) / 2 for a, b in quiet]
    cuts: list[float] = []
    last = 0.0
    for k in range(1, pieces):
        want = k * target
        lo, hi = last + target * 0.5, want + target * 0.5
        options = [m for m in mids if lo <= m <= min(hi, duration - 1.0)]
        if not options:
            continue
        best = min(options, key=lambda m: abs(m - want))
        cuts.append(best)
        last = best
    return cuts
