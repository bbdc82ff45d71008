"""The audit trail: every insert, update and delete of a register row, with who did it.

A `before_flush` hook reads SQLAlchemy's attribute history, so no service can forget to
audit. The actor comes from `session.info["actor"]` (set by `session_scope`).

Tamper evidence (issue 12): entries form a chain. Each carries `seq` (its place) and `link` =
HMAC-SHA256 under the office key (kept outside the database) of the previous entry's link and
its own content, so whoever edits the database alone cannot alter, remove or insert an entry
without `hearingdesk audit verify` (app/services/audit_chain.py) naming it. Two writers never
chain onto the same tail: on PostgreSQL a transaction-scoped advisory lock serialises the tail,
on SQLite the flush already holds the database's write lock; the unique `seq` is the backstop.
"""

from __future__ import annotations

import enum
import json
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import DateTime, Integer, String, Text, event, inspect, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from app.models.base import Base, utcnow
from app.security.office_key import keyed_digest

# Entries written by a process without an office key are chained under this stand-in key:
# the chain stays in order, and `audit verify` with the real key reports them.
UNKEYED = b"hearingdesk: no office key"
CHAIN_LOCK_ID = 0x48440C12  # pg_advisory_xact_lock id of the chain tail ("HD", issue 12)


class AuditEntry(Base):
    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(40), default="")
    os_user: Mapped[str] = mapped_column(String(80), default="")
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    case_id: Mapped[int | None] = mapped_column(Integer, index=True)
    action: Mapped[str] = mapped_column(String(10))  # insert / update / delete
    changes: Mapped[str] = mapped_column(Text, default="{}")  # JSON {field: [before, after]}
    # The chain (issue 12): position in the chain and HMAC(office key, previous link + content).
    seq: Mapped[int | None] = mapped_column(Integer, unique=True)
    link: Mapped[str] = mapped_column(String(64), default="", server_default="")


def _plain(value):
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


_SKIP = {"version", "updated_at", "created_at"}
# Never written to the audit trail in any form, not even hashed twice (issue 12).
_REDACT = {"password_hash"}


def _column_changes(obj, *, include_unchanged: bool) -> dict[str, list]:
    state = inspect(obj)
    changes: dict[str, list] = {}
    for attr in state.mapper.column_attrs:
        key = attr.key
        if key in _SKIP or key == "id":
            continue
        hist = state.attrs[key].history
        if hist.has_changes():
            before = hist.deleted[0] if hist.deleted else None
            after = hist.added[0] if hist.added else None
            if before != after:
                changes[key] = ["***", "***"] if key in _REDACT else [_plain(before), _plain(after)]
        elif include_unchanged:
            value = state.attrs[key].value
            changes[key] = ["***" if key in _REDACT else _plain(value), None]
    return changes


def _case_id_of(obj) -> int | None:
    from sqlalchemy.orm import object_session

    if obj.__tablename__ == "case":
        return obj.id
    session = object_session(obj)
    if getattr(obj, "hearing_id", None) and session is not None:  # record rows belong to a hearing
        from app.models.case import Hearing

        hearing = session.get(Hearing, obj.hearing_id)
        return hearing.case_id if hearing else None
    if getattr(obj, "element_id", None) and session is not None:
        from app.models.elements import ElementEntry

        entry = session.get(ElementEntry, obj.element_id)
        return entry.case_id if entry else None
    if hasattr(obj, "case_id"):
        return obj.case_id or (obj.case.id if getattr(obj, "case", None) is not None else None)
    if hasattr(obj, "party") and obj.party is not None:
        return obj.party.case_id
    return None


@event.listens_for(Session, "before_flush")
def _record_changes(session: Session, flush_context, instances) -> None:
    pending: list[tuple[object, str, dict]] = []
    for obj in session.new:
        if isinstance(obj, AuditEntry) or not isinstance(obj, Base):
            continue
        pending.append((obj, "insert", {}))
    for obj in session.dirty:
        if isinstance(obj, AuditEntry) or not isinstance(obj, Base):
            continue
        if not session.is_modified(obj, include_collections=False):
            continue
        changes = _column_changes(obj, include_unchanged=False)
        if changes:
            pending.append((obj, "update", changes))
    for obj in session.deleted:
        if isinstance(obj, AuditEntry) or not isinstance(obj, Base):
            continue
        pending.append((obj, "delete", _column_changes(obj, include_unchanged=True)))
    if pending:
        session.info.setdefault("audit_pending", []).extend(pending)
        conn = session.connection()
        if conn.dialect.name == "postgresql":
            # Take the chain's lock before this flush locks any row: every transaction that
            # holds row locks from an audited flush then holds the chain lock already, so two
            # writers wait on each other in one order only (no deadlock).
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({CHAIN_LOCK_ID})")


@event.listens_for(Session, "after_flush")
def _write_entries(session: Session, flush_context) -> None:
    pending = session.info.pop("audit_pending", [])
    if not pending:
        return
    actor = session.info.get("actor", "")
    os_user = session.info.get("os_user", "")
    rows = []
    for obj, action, changes in pending:
        if action == "insert":
            # ids exist only after the flush; record the values as inserted
            changes = {
                attr.key: [None, "***" if attr.key in _REDACT else _plain(getattr(obj, attr.key))]
                for attr in inspect(obj).mapper.column_attrs
                if attr.key not in _SKIP and attr.key != "id"
            }
        rows.append(
            {
                "at": utcnow(),
                "actor": actor,
                "os_user": os_user,
                "entity": obj.__tablename__,
                "entity_id": getattr(obj, "id", None),
                "case_id": _case_id_of(obj),
                "action": action,
                "changes": json.dumps(changes, ensure_ascii=False),
            }
        )
    # A Core insert on the flush's own connection: no new ORM objects mid-flush.
    conn = session.connection()
    seq, link = chain_tail(conn)
    key = session.info.get("office_key") or UNKEYED
    for row in rows:
        seq += 1
        row["seq"] = seq
        row["link"] = link = chain_link(key, link, row)
    conn.execute(AuditEntry.__table__.insert(), rows)


CHAINED_FIELDS = ("at", "actor", "os_user", "entity", "entity_id", "case_id", "action", "changes")


def chain_link(key: bytes, previous: str, entry) -> str:
    """HMAC of the previous link and this entry's content (a dict or an AuditEntry-like row)."""
    get = entry.get if isinstance(entry, dict) else lambda name: getattr(entry, name)
    at = get("at")
    content = [at.isoformat(timespec="microseconds") if at else None] + [get(f) for f in CHAINED_FIELDS[1:]]
    data = previous.encode("ascii") + b"\n" + json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode()
    return keyed_digest(key, data)


def chain_tail(conn) -> tuple[int, str]:
    """(seq, link) of the last chained entry, with the tail locked for this transaction."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({CHAIN_LOCK_ID})")
    table = AuditEntry.__table__
    row = conn.execute(select(table.c.seq, table.c.link).where(table.c.seq.is_not(None))
                       .order_by(table.c.seq.desc()).limit(1)).first()
    return (row.seq, row.link) if row is not None else (0, "")
