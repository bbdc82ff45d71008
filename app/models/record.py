"""Corrections to the record (调解仲裁法 Art 40), element citations of the record, and the
sign-off of a hearing record."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, str_enum, utcnow
from app.vocabulary import CitationSide


class CorrectionRequest(Base):
    """A party's request to correct the record: who asked, what, and the outcome. A refused
    request is kept and printed (调解仲裁法 Art 40; 办案规则 Art 42)."""

    __tablename__ = "correction_request"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hearing_id: Mapped[int] = mapped_column(ForeignKey("hearing.id", ondelete="CASCADE"), index=True)
    segment_id: Mapped[int | None] = mapped_column(ForeignKey("transcript_segment.id", ondelete="SET NULL"))
    requested_by: Mapped[str] = mapped_column(String(40))  # speaker role key or a name
    content: Mapped[str] = mapped_column(Text)  # what the party says is wrong
    proposed_text: Mapped[str] = mapped_column(Text, default="")
    accepted: Mapped[bool | None] = mapped_column(Boolean)  # None: not yet decided
    decided_by: Mapped[str] = mapped_column(String(40), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    requested_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)


class ElementCitation(Base):
    """A statement in the record behind an element's position (or the tribunal's finding)."""

    __tablename__ = "element_citation"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    element_id: Mapped[int] = mapped_column(ForeignKey("element_entry.id", ondelete="CASCADE"), index=True)
    segment_id: Mapped[int] = mapped_column(ForeignKey("transcript_segment.id", ondelete="CASCADE"), index=True)
    side: Mapped[CitationSide] = mapped_column(str_enum(CitationSide))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class RecordSignOff(Base):
    """A finalised hearing record: locked, with an HMAC-SHA256 over its audio, text and
    metadata and the per-part digests (`manifest`, JSON) that let `verify` name what changed.

    `header_version` 2 (from migration 0009): `header` holds the 笔录's header as printed at
    finalising (each party's particulars, the tribunal, the session; app/services/record_header.py),
    its keyed digest is the manifest's header part, and a finalised 笔录 prints its header from
    it. Version 1 (older seals): no snapshot, the header part is over `header_data` v1 of the
    live case."""

    __tablename__ = "record_sign_off"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hearing_id: Mapped[int] = mapped_column(ForeignKey("hearing.id", ondelete="CASCADE"), unique=True)
    finalized_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    finalized_by: Mapped[str] = mapped_column(String(40), default="")
    digest: Mapped[str] = mapped_column(String(64))  # HMAC-SHA256 under the office key
    manifest: Mapped[str] = mapped_column(Text)
    # Which office key sealed it (a fingerprint, not the key): verify says so when it differs.
    key_id: Mapped[str] = mapped_column(String(16), default="", server_default="")
    header_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    header: Mapped[str | None] = mapped_column(Text)  # canonical JSON of the sealed header (version 2)
