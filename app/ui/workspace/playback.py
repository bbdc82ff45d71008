"""Playing the hearing audio in sync with the record: a segment plays from its start, and
while playing, the hearing time is reported so the view can highlight and follow the line.
A hearing may have several recordings (imports, live sessions), each at its place on the
hearing's timeline."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer

from app.ui.workspace.transcript_panel import TranscriptPanel


@dataclass(frozen=True)
class AudioSpan:
    path: Path
    offset: float
    duration: float


class RecordPlayer(QObject):
    hearing_time = Signal(float)  # seconds on the hearing's timeline
    state_changed = Signal(bool)  # playing?
    rate_changed = Signal(float)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.player = QMediaPlayer(self)
        self.output = QAudioOutput(self)
        self.player.setAudioOutput(self.output)
        self.spans: list[AudioSpan] = []
        self.current: AudioSpan | None = None
        self._pending_ms: int | None = None
        self.player.positionChanged.connect(self._position)
        self.player.mediaStatusChanged.connect(self._status)
        self.player.playbackStateChanged.connect(
            lambda s: self.state_changed.emit(s == QMediaPlayer.PlaybackState.PlayingState))

    def set_spans(self, spans: list[AudioSpan]) -> None:
        self.spans = sorted((s for s in spans if s.path.is_file()), key=lambda s: s.offset)

    def span_at(self, t: float) -> AudioSpan | None:
        inside = [s for s in self.spans if s.offset <= t < s.offset + max(s.duration, 0.01)]
        return inside[-1] if inside else None

    def play_at(self, t: float) -> bool:
        """Play the hearing from time `t`; False when no recording covers it."""
        span = self.span_at(t)
        if span is None:
            return False
        ms = int((t - span.offset) * 1000)
        if span != self.current:
            self.current = span
            self._pending_ms = ms
            self.player.setSource(QUrl.fromLocalFile(str(span.path)))
        else:
            self.player.setPosition(ms)
        self.player.play()
        return True

    def _status(self, status) -> None:
        if self._pending_ms is not None and status in (QMediaPlayer.MediaStatus.LoadedMedia,
                                                       QMediaPlayer.MediaStatus.BufferedMedia):
            self.player.setPosition(self._pending_ms)
            self._pending_ms = None

    def _position(self, ms: int) -> None:
        if self.current is not None and self._pending_ms is None:
            self.hearing_time.emit(self.current.offset + ms / 1000)

    def toggle(self) -> None:
        if self.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState:
            self.player.pause()
        elif self.current is not None:
            self.player.play()
        elif self.spans:
            self.play_at(self.spans[0].offset)

    def skip(self, seconds: float) -> None:
        if self.current is not None:
            self.player.setPosition(max(0, self.player.position() + int(seconds * 1000)))

    def change_rate(self, step: float) -> float:
        rate = min(2.0, max(0.5, round(self.player.playbackRate() + step, 2)))
        self.player.setPlaybackRate(rate)
        self.rate_changed.emit(rate)
        return rate

    def stop(self) -> None:
        self.player.stop()


class PlaybackPart(QObject):
    """Plays the record's lines and follows the line being played in the record view. Owns the
    player; the workspace hands it the hearing's recordings and the current element's citations."""

    def __init__(self, transcript: TranscriptPanel, audio_dir: Path | None, parent=None):
        super().__init__(parent)
        self.transcript, self.audio_dir = transcript, audio_dir
        self.player = RecordPlayer(self)
        self.player.hearing_time.connect(self.follow)
        transcript.table.clicked.connect(self._clicked)

    def set_recordings(self, spans: list[tuple[str, float, float]]) -> None:
        """(path under audio/, offset on the hearing's timeline, seconds) from the service."""
        if self.audio_dir is not None:
            self.player.set_spans([AudioSpan(self.audio_dir / p, off, dur) for p, off, dur in spans])

    def play_segment(self, row) -> bool:
        return self.player.play_at(row.start)

    def _clicked(self, index) -> None:
        if index.isValid() and index.column() == 0:  # the time column: play from here
            self.play_segment(self.transcript.model.rows[index.row()])

    def play_first(self, citations: list[tuple[str, float, str]]) -> bool:
        """Play the first of an element's cited statements."""
        return bool(citations) and self.player.play_at(citations[0][1])

    def follow(self, t: float) -> None:
        """Highlight the line being played and keep it in view."""
        rows = self.transcript.model.rows
        index = -1
        for i, r in enumerate(rows):
            if r.start <= t + 0.05:
                index = i
            else:
                break
        model = self.transcript.model
        if index != model.playing_row:
            old, model.playing_row = model.playing_row, index
            for i in (old, index):
                if 0 <= i < len(rows):
                    model.dataChanged.emit(model.index(i, 0), model.index(i, model.columnCount() - 1))
            if index >= 0:
                self.transcript.table.scrollTo(model.index(index, 0))

    def stop(self) -> None:
        self.player.stop()
