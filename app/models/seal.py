"""The seal of a finalised hearing record, enforced below every caller.

A `before_flush` hook refuses any insert, update or delete of what a finalised record is made
of (its segments, audio rows, decided correction requests, the sign-off itself, the hearing
row, the element-table fields printed in the 笔录 and the citations of its lines), whatever
service or future code path tries it. The one sanctioned change is a decided correction
(调解仲裁法 Art 40): the sign-off service opens it for one hearing with `correction_window`,
and only then may the segment text, the request and the sign-off's digests change (never the
header snapshot sealed at finalising).

"Finalised" is read from the database inside the writing transaction, under a lock (a row
share lock on PostgreSQL, the write lock on SQLite), so an edit checked before a concurrent
finalize cannot land after the seal.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session

from app.models.case import Hearing
from app.models.elements import ElementEntry
from app.models.record import CorrectionRequest, ElementCitation, RecordSignOff
from app.models.transcript import HearingAudio, TranscriptSegment
from app.vocabulary import ElementStatus

CORRECTION_KEY = "seal_correction"  # session.info: the hearing id whose decided correction is applied


class SealedRecordError(PermissionError):
    """A change a finalised record refuses; the message is shown as is."""


LOCKED = "该次庭审笔录已定稿签署，不能再修改；如需更正，请登记补正申请（调解仲裁法第四十条）。"
# Element-table fields printed in the 笔录 (要素归纳); `note` and `position` are not printed.
PRINTED_ELEMENT_FIELDS = {"label", "applicant_position", "respondent_position", "status", "finding"}
# What even a decided correction never changes on the sign-off: whose it is and the header
# sealed at finalising (the snapshot the 笔录 prints its header from).
FROZEN_SIGN_OFF_FIELDS = {"hearing_id", "header", "header_version"}
# What a decided correction may change on a segment.
CORRECTABLE_SEGMENT_FIELDS = {"text", "updated_at", "version"}


@contextmanager
def correction_window(session: Session, hearing_id: int) -> Iterator[None]:
    """The sanctioned path: a decided correction of `hearing_id` (the sign-off service only)."""
    session.info[CORRECTION_KEY] = hearing_id
    try:
        yield
    finally:
        session.info.pop(CORRECTION_KEY, None)


def lock_for_writing(session: Session) -> None:
    """Take the database's write lock now (SQLite: BEGIN IMMEDIATE), so what is read next
    stays true until commit. PostgreSQL locks rows instead (see `_sealed`)."""
    conn = session.connection()
    if conn.dialect.name != "sqlite":
        return
    raw = conn.connection.dbapi_connection
    if not raw.in_transaction:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def _changed(obj) -> set[str]:
    state = inspect(obj)
    return {a.key for a in state.mapper.column_attrs if state.attrs[a.key].history.has_changes()}


def _old(obj, key: str):
    hist = inspect(obj).attrs[key].history
    if hist.deleted:
        return hist.deleted[0]
    if hist.unchanged:
        return hist.unchanged[0]
    return getattr(obj, key)


class _Reader:
    """Reads seal state from the database in the flushing transaction, locked, cached per flush."""

    def __init__(self, session: Session):
        self.session = session
        self.pg = session.connection().dialect.name == "postgresql"
        self.hearings: dict[int, bool] = {}
        self.cases: dict[int, bool] = {}

    def hearing_sealed(self, hearing_id: int | None) -> bool:
        if hearing_id is None:
            return False
        if hearing_id not in self.hearings:
            stmt = select(Hearing.__table__.c.sealed).where(Hearing.__table__.c.id == hearing_id)
            if self.pg:
                stmt = stmt.with_for_update(read=True)
            self.hearings[hearing_id] = bool(self.session.execute(stmt).scalar())
        return self.hearings[hearing_id]

    def case_sealed(self, case_id: int | None) -> bool:
        if case_id is None:
            return False
        if case_id not in self.cases:
            h = Hearing.__table__.c
            stmt = select(h.id, h.sealed).where(h.case_id == case_id)
            if self.pg:
                stmt = stmt.with_for_update(read=True)
            rows = self.session.execute(stmt).all()
            for hid, sealed in rows:
                self.hearings[hid] = bool(sealed)
            self.cases[case_id] = any(bool(sealed) for _, sealed in rows)
        return self.cases[case_id]

    def segment_hearing(self, segment_id: int | None) -> int | None:
        if segment_id is None:
            return None
        t = TranscriptSegment.__table__.c
        return self.session.execute(select(t.hearing_id).where(t.id == segment_id)).scalar()

    def element_case(self, element_id: int | None) -> int | None:
        if element_id is None:
            return None
        t = ElementEntry.__table__.c
        return self.session.execute(select(t.case_id).where(t.id == element_id)).scalar()


_GUARDED = (TranscriptSegment, HearingAudio, CorrectionRequest, RecordSignOff, Hearing, ElementEntry, ElementCitation)


@event.listens_for(Session, "before_flush")
def _guard_seal(session: Session, flush_context, instances) -> None:
    changes = [(o, "insert") for o in session.new if isinstance(o, _GUARDED)]
    changes += [(o, "update") for o in session.dirty if isinstance(o, _GUARDED) and _changed(o)]
    changes += [(o, "delete") for o in session.deleted if isinstance(o, _GUARDED)]
    if not changes:
        return
    with session.no_autoflush:
        lock_for_writing(session)
        reader = _Reader(session)
        window = session.info.get(CORRECTION_KEY)
        for obj, action in changes:
            _check(reader, obj, action, window)


@event.listens_for(Hearing, "before_delete")
def _hearing_delete(mapper, connection, target: Hearing) -> None:
    """A hearing removed as an orphan of its case's collection is deleted inside the flush,
    after `before_flush` ran: checked here too."""
    t = Hearing.__table__.c
    if connection.execute(select(t.sealed).where(t.id == target.id)).scalar():
        raise SealedRecordError(f"第 {target.session_no} 次开庭的笔录已定稿签署，不能删除该次开庭。")


def _check(reader: _Reader, obj, action: str, window: int | None) -> None:
    if isinstance(obj, Hearing):
        if action == "insert":
            return
        if reader.hearing_sealed(obj.id):
            if action == "delete":
                raise SealedRecordError(f"第 {_old(obj, 'session_no')} 次开庭的笔录已定稿签署，不能删除该次开庭。")
            raise SealedRecordError(f"第 {_old(obj, 'session_no')} 次开庭的笔录已定稿签署，"
                                    "开庭时间、地点等印在笔录上的信息不能再修改。")
        return
    if isinstance(obj, ElementEntry):
        case_id = _old(obj, "case_id")
        if not reader.case_sealed(case_id):
            return
        if action == "insert" and obj.status in (None, ElementStatus.PENDING):
            return  # an element not yet discussed is not printed in the sealed record
        if action == "update" and not (_changed(obj) & PRINTED_ELEMENT_FIELDS):
            return
        raise SealedRecordError("本案已有定稿的庭审笔录，笔录中印有的要素归纳（各方陈述、认定）不能再修改。")
    if isinstance(obj, ElementCitation):
        if reader.hearing_sealed(reader.segment_hearing(_old(obj, "segment_id"))):
            raise SealedRecordError("被引用的笔录段落所在的庭审笔录已定稿签署，引用不能再增删。")
        if action != "delete" and reader.hearing_sealed(reader.segment_hearing(obj.segment_id)):
            raise SealedRecordError(LOCKED)
        return

    hearing_id = _old(obj, "hearing_id")
    if action == "update" and obj.hearing_id != hearing_id and reader.hearing_sealed(obj.hearing_id):
        raise SealedRecordError(LOCKED)
    if (isinstance(obj, CorrectionRequest) and action != "delete" and obj.segment_id is not None
            and reader.segment_hearing(obj.segment_id) != obj.hearing_id):
        raise SealedRecordError("补正申请指向的笔录段落不属于该次庭审。")
    if not reader.hearing_sealed(hearing_id):
        return
    if isinstance(obj, CorrectionRequest):
        if action == "insert" and obj.accepted is None:
            return  # a party may ask for a correction of a finalised record (Art 40); deciding it reseals
        if action == "update" and window == hearing_id:
            return
    elif isinstance(obj, TranscriptSegment):
        if action == "update" and window == hearing_id and _changed(obj) <= CORRECTABLE_SEGMENT_FIELDS:
            return
    elif isinstance(obj, RecordSignOff):
        if action == "update" and window == hearing_id and not (_changed(obj) & FROZEN_SIGN_OFF_FIELDS):
            return
        if action == "delete":
            raise SealedRecordError("定稿签署记录不能删除。")
    raise SealedRecordError(LOCKED)
