"""Decode any hearing-room or phone recording (WAV of any rate, width and channel count;
mp3, m4a/aac, amr, ogg, flac ...) to 16 kHz mono 16-bit PCM, streamed in blocks.

FFmpeg's libraries (through PyAV) decode, and libswresample resamples with proper
filtering, not by dropping samples. A 3-hour file never sits in memory: callers get
blocks as they are decoded.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import av

from app.speech.errors import AudioError

RATE = 16000
SAMPLE_BYTES = 2  # int16


@dataclass(frozen=True)
class AudioInfo:
    path: str
    duration: float | None  # seconds, when the container knows it
    codec: str
    rate: int
    channels: int


def _open(path: Path):
    path = Path(path)
    if not path.exists():
        raise AudioError(f"音频文件不存在：{path}")
    if path.is_dir():
        raise AudioError(f"{path} 是文件夹，不是音频文件")
    if path.stat().st_size == 0:
        raise AudioError(f"音频文件是空的：{path.name}")
    try:
        container = av.open(str(path))
    except av.error.FFmpegError as exc:
        raise AudioError(f"无法识别的音频文件（文件已损坏或不是音频）：{path.name}") from exc
    if not container.streams.audio:
        container.close()
        raise AudioError(f"文件中没有音频：{path.name}")
    return container


def probe(path: Path) -> AudioInfo:
    container = _open(path)
    try:
        stream = container.streams.audio[0]
        duration = None
        if stream.duration is not None and stream.time_base is not None:
            duration = float(stream.duration * stream.time_base)
        elif container.duration is not None:
            duration = container.duration / 1_000_000
        ctx = stream.codec_context
        return AudioInfo(str(path), duration, ctx.name if ctx else "?", stream.rate or 0, stream.channels or 0)
    finally:
        container.close()


def pcm_blocks(path: Path, *, rate: int = RATE, block_seconds: float = 0.5) -> Iterator[bytes]:
    """Yield 16-bit mono PCM at `rate` in blocks of about `block_seconds`."""
    container = _open(path)
    block = int(rate * block_seconds) * SAMPLE_BYTES
    pending = bytearray()
    produced = 0
    try:
        stream = container.streams.audio[0]
        resampler = av.AudioResampler(format="s16", layout="mono", rate=rate)
        try:
            for frame in container.decode(stream):
                for out in resampler.resample(frame):
                    pending += bytes(out.planes[0])[: out.samples * SAMPLE_BYTES]
                while len(pending) >= block:
                    yield bytes(pending[:block])
                    produced += block
                    del pending[:block]
            for out in resampler.resample(None):
                pending += bytes(out.planes[0])[: out.samples * SAMPLE_BYTES]
        except av.error.InvalidDataError as exc:
            if produced == 0 and not pending:
                raise AudioError(f"音频数据无法解码（文件已损坏）：{Path(path).name}") from exc
            # A truncated recording: keep what decoded up to the damage.
        except av.error.FFmpegError as exc:
            raise AudioError(f"音频解码失败：{Path(path).name}（{exc}）") from exc
        if pending:
            yield bytes(pending)
    finally:
        container.close()
