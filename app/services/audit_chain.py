"""Checking the audit chain (issue 12): `hearingdesk audit verify` names the first entry that
was altered, removed or inserted since it was written (the chain itself: app/models/audit.py).

What the chain cannot show by itself: entries cut off at the very end (the last link has no
successor to contradict it). The report therefore gives the last entry's number and time, and a
backup's manifest records them, so a shortened trail shows up against any earlier backup.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import AuditEntry
from app.models.audit import UNKEYED, chain_link
from app.security.office_key import digests_equal


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int            # chained entries checked
    unchained: int          # entries from before the chain existed (migration 0007)
    last_seq: int
    last_at: str
    problem: str = ""       # the first problem, one line
    entry_id: int | None = None

    def as_json(self) -> dict:
        return {"ok": self.ok, "checked": self.checked, "unchained": self.unchained, "last_seq": self.last_seq,
                "last_at": self.last_at, "problem": self.problem, "entry_id": self.entry_id}


def _describe(e: AuditEntry) -> str:
    return f"第 {e.id} 号日志（序号 {e.seq}，{e.at:%Y-%m-%d %H:%M:%S}，{e.actor or '未知'}，{e.entity} {e.action}）"


def _ok(key: bytes, previous: str, e: AuditEntry) -> bool:
    return digests_equal(chain_link(key, previous, e), e.link or "")


def verify_chain(session: Session, key: bytes | None, *, anchor: tuple[int, str] | None = None) -> ChainReport:
    """`anchor`: (seq, link) of the last entry as an earlier report or backup manifest saw it;
    a trail cut short, or rewritten from there on, then shows too."""
    report = _verify_links(session, key)
    if not report.ok or anchor is None or not anchor[0]:
        return report
    seq, link = anchor
    row = session.scalar(select(AuditEntry).where(AuditEntry.seq == seq))
    if row is None:
        return ChainReport(False, report.checked, report.unchained, report.last_seq, report.last_at,
                           f"操作日志被截断：备份时已有序号 {seq} 的日志，现在只到序号 {report.last_seq}")
    if not digests_equal(row.link or "", link):
        return ChainReport(False, report.checked, report.unchained, report.last_seq, report.last_at,
                           f"{_describe(row)}与备份时的不一致：其后的日志链被整体替换", row.id)
    return report


def _verify_links(session: Session, key: bytes | None) -> ChainReport:
    key = key or UNKEYED
    first_chained = session.scalar(select(func.min(AuditEntry.id)).where(AuditEntry.seq.is_not(None)))
    unchained = session.scalar(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.seq.is_(None), AuditEntry.id < (first_chained if first_chained is not None else 2**62))) or 0
    stray = None
    if first_chained is not None:
        stray = session.scalar(select(AuditEntry).where(AuditEntry.seq.is_(None), AuditEntry.id > first_chained)
                               .order_by(AuditEntry.id).limit(1))
    rows = session.scalars(select(AuditEntry).where(AuditEntry.seq.is_not(None))
                           .order_by(AuditEntry.seq).execution_options(yield_per=2000))
    previous, prev_seq, checked = "", 0, 0
    last: AuditEntry | None = None
    # an entry whose link failed (with the link and seq before it), judged by the entry after it
    pending: tuple[AuditEntry, str, int] | None = None

    def report(problem: str, entry: AuditEntry) -> ChainReport:
        return ChainReport(False, checked, unchained, entry.seq or 0, f"{entry.at:%Y-%m-%d %H:%M:%S}", problem,
                           entry.id)

    for e in rows:
        if pending is not None:
            bad, bad_prev, bad_prev_seq = pending
            if _ok(key, bad_prev, e):
                return report(f"{_describe(bad)}是插入的，不属于原日志链", bad)
            if bad.seq != bad_prev_seq + 1:
                return report(f"序号 {bad_prev_seq + 1}–{bad.seq - 1} 的日志已被删除（在{_describe(bad)}之前）", bad)
            if _ok(key, bad.link, e):
                return report(f"{_describe(bad)}的内容已被改动", bad)
            return report(f"{_describe(bad)}已被改动，或其前的日志已被删除", bad)
        if not _ok(key, previous, e):
            pending = (e, previous, prev_seq)
            continue
        if e.seq != prev_seq + 1:
            return report(f"{_describe(e)}的序号已被改动", e)
        checked += 1
        previous, prev_seq, last = e.link, e.seq, e
    if pending is not None:
        bad, bad_prev, bad_prev_seq = pending
        if bad.seq != bad_prev_seq + 1:
            return report(f"序号 {bad_prev_seq + 1}–{bad.seq - 1} 的日志已被删除（在{_describe(bad)}之前）", bad)
        return report(f"最后一条{_describe(bad)}已被改动或是插入的", bad)
    if stray is not None:
        return report(f"{_describe(stray)}是插入的，没有链接到日志链", stray)
    return ChainReport(True, checked, unchained, prev_seq, f"{last.at:%Y-%m-%d %H:%M:%S}" if last else "")
