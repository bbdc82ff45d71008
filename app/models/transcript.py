"""The hearing record: audio files of a hearing and its transcript segments."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, utcnow
from app.models.case import Hearing


class HearingAudio(Base):
    """An audio file of a hearing, stored under the data dir (path relative to audio/)."""

    __tablename__ = "hearing_audio"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hearing_id: Mapped[int] = mapped_column(ForeignKey("hearing.id", ondelete="CASCADE"), index=True)
    path: Mapped[str] = mapped_column(String(400))
    original_name: Mapped[str] = mapped_column(String(400), default="")
    duration: Mapped[float] = mapped_column(Float, default=0.0)
    offset: Mapped[float] = mapped_column(Float, default=0.0)  # where it starts on the hearing's timeline
    # The live journal it came from (its sidecar's name): `recover` matches by this, not by path.
    journal: Mapped[str | None] = mapped_column(String(80), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    hearing: Mapped[Hearing] = relationship()


class TranscriptSegment(Base):
    """One utterance of the record. `raw_text` is what the recogniser heard and never
    changes; `text` is the record as corrected."""

    __tablename__ = "transcript_segment"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hearing_id: Mapped[int] = mapped_column(ForeignKey("hearing.id", ondelete="CASCADE"), index=True)
    audio_id: Mapped[int | None] = mapped_column(ForeignKey("hearing_audio.id", ondelete="SET NULL"))
    start: Mapped[float] = mapped_column(Float, index=True)
    end: Mapped[float] = mapped_column(Float)
    text: Mapped[str] = mapped_column(Text, default="")
    raw_text: Mapped[str] = mapped_column(Text, default="")
    words: Mapped[str] = mapped_column(Text, default="[]")  # JSON [{word, start, end, conf}]
    conf: Mapped[float] = mapped_column(Float, default=0.0)
    speaker: Mapped[str] = mapped_column(String(20), default="")  # role key, e.g. arbitrator / applicant
    source: Mapped[str] = mapped_column(String(10), default="speech")  # speech / typed / import
    private_note: Mapped[bool] = mapped_column(Boolean, default=False)
    # "<journal>#<n>" for a live line: the journal keeps every line until it is stored, and
    # storing it twice (retry, recover) finds it already there.
    journal_line: Mapped[str | None] = mapped_column(String(100), unique=True, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    hearing: Mapped[Hearing] = relationship()

    __mapper_args__ = {"version_id_col": version}
