"""The office confirms a local figure (issue 13, item 1): one home for the use case, used by
the office settings dialog and `hearingdesk figures`.

The dated figures of resources/local_params.toml (city average monthly wage, minimum wage)
come with their source; the shipped rows are from secondary sources (`confirmed = false`),
so every basis that uses them says “未经核实”. An administrator who has checked a row against
the official notice records it here: who (the signed-in account), when, and against which
document. The confirmation is a database row, so an upgrade that replaces the resource file
keeps it, and the audit trail (app/models/audit.py) records it like every other row.

A confirmation holds the row's values as confirmed (dates and amount): it counts only while
the resource row still has them, so a later edit of the file makes the figure unconfirmed
again. The calculators see confirmations through `office_parameters`, which hands
app/rules plain `Confirmation`s (the rules never read the database).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import FigureConfirmation
from app.models.base import utcnow
from app.rules.local_params import NAMES, Confirmation, DatedValue, LocalParameters, local_parameters
from app.services import access
from app.services.audit_trail import local_time

STATE_FILE = "file"        # the resource row itself says confirmed = true
STATE_OFFICE = "office"    # an administrator confirmed it against an official document
STATE_NONE = "none"        # from a secondary source, not checked
STATE_LABELS = {STATE_FILE: "参数表已标注核实", STATE_OFFICE: "本办已核实", STATE_NONE: "未经核实"}
DOCUMENT_MAX = 400


class FigureError(ValueError):
    """A confirmation the office cannot make (one line for the dialog or the command line)."""


@dataclass(frozen=True)
class FigureRow:
    """One dated figure with its state, as plain data for the dialog and the command line."""

    key: str
    name: str
    region: str
    amount: Decimal
    valid_from: date
    valid_to: date | None
    source: str
    state: str
    confirmed_by: str = ""
    confirmed_at: datetime | None = None  # UTC, as stored
    document: str = ""
    # An office confirmation the row no longer matches (the file was edited since): its text.
    stale: str = ""

    @property
    def period(self) -> str:
        return f"{self.valid_from}—{self.valid_to or '至今'}"

    @property
    def state_text(self) -> str:
        if self.state == STATE_OFFICE:
            at = local_time(self.confirmed_at)
            return f"{STATE_LABELS[self.state]}：{self.confirmed_by}，{at:%Y-%m-%d %H:%M}，依据 {self.document}"
        if self.stale:
            return f"{STATE_LABELS[self.state]}（{self.stale}）"
        return STATE_LABELS[self.state]

    def as_json(self) -> dict:
        return {"name": self.key, "title": self.name, "region": self.region, "amount": str(self.amount),
                "from": self.valid_from.isoformat(), "to": self.valid_to.isoformat() if self.valid_to else None,
                "source": self.source, "state": self.state, "confirmed_by": self.confirmed_by or None,
                "confirmed_at": self.confirmed_at.replace(tzinfo=UTC).isoformat(timespec="seconds")
                if self.confirmed_at else None,
                "document": self.document or None, "stale": self.stale or None}


def _note(row: FigureConfirmation) -> str:
    """What a basis says of a figure the office confirmed."""
    return f"经{row.confirmed_by}于{local_time(row.confirmed_at):%Y-%m-%d}对照{row.document}核实"


def _plain(row: FigureConfirmation) -> Confirmation:
    return Confirmation(row.figure, row.region, row.valid_from, row.valid_to, row.amount, _note(row))


def _active(session: Session) -> list[FigureConfirmation]:
    return list(session.scalars(select(FigureConfirmation).where(FigureConfirmation.withdrawn_at.is_(None))
                                .order_by(FigureConfirmation.id)))


def office_parameters(session: Session, params: LocalParameters | None = None) -> LocalParameters:
    """The local figures as the calculators should use them: the resource table with the rows
    this office confirmed (and that still match) marked confirmed."""
    params = params or local_parameters()
    return params.with_confirmations([_plain(r) for r in _active(session)])


def list_figures(session: Session, params: LocalParameters | None = None) -> list[FigureRow]:
    """Every dated figure, newest first within each table, with who confirmed it, if anyone."""
    params = params or local_parameters()
    active = _active(session)
    rows = []
    for key in NAMES:
        for value in reversed(params.values.get(key, ())):
            rows.append(_figure_row(key, value, [c for c in active if c.figure == key]))
    return rows


@dataclass(frozen=True)
class FigureOverview:
    """What the office settings dialog shows: the figures, and whether the signed-in account
    may confirm or withdraw (the services check again on every call)."""

    rows: list[FigureRow]
    may_confirm: bool


def figure_overview(session: Session) -> FigureOverview:
    return FigureOverview(list_figures(session), access.OFFICE_SETTINGS in access.permissions_for(session))


def _figure_row(key: str, value: DatedValue, confirmations: list[FigureConfirmation]) -> FigureRow:
    base = dict(key=key, name=value.name, region=value.region, amount=value.amount, valid_from=value.valid_from,
                valid_to=value.valid_to, source=value.source)
    if value.confirmed:
        return FigureRow(**base, state=STATE_FILE)
    same_start = [c for c in confirmations if c.region == value.region and c.valid_from == value.valid_from]
    for c in same_start:
        if _plain(c).matches(value):
            return FigureRow(**base, state=STATE_OFFICE, confirmed_by=c.confirmed_by, confirmed_at=c.confirmed_at,
                             document=c.document)
    stale = ""
    if same_start:
        c = same_start[-1]
        at = local_time(c.confirmed_at)
        stale = (f"{c.confirmed_by}曾于 {at:%Y-%m-%d} 核实 {c.amount} 元（{c.valid_from}—{c.valid_to or '至今'}），"
                 "参数表此后已改动，须重新核实")
    return FigureRow(**base, state=STATE_NONE, stale=stale)


def _find(params: LocalParameters, key: str, valid_from: date) -> DatedValue:
    if key not in NAMES:
        raise LookupError(f"没有名为“{key}”的地方标准数值；可用：{'、'.join(NAMES)}")
    for value in params.values.get(key, ()):
        if value.valid_from == valid_from:
            return value
    starts = "、".join(str(v.valid_from) for v in params.values.get(key, ())[-3:])
    raise LookupError(f"参数表中没有 {valid_from} 起的“{NAMES[key]}”（最近几行起始日：{starts or '无'}）")


def _amount(value) -> Decimal:
    try:
        amount = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        raise FigureError(f"金额“{value}”无效") from None
    if not amount.is_finite():
        raise FigureError(f"金额“{value}”无效")
    return amount


def confirm_figure(session: Session, key: str, valid_from: date, document: str, *, amount=None,
                   params: LocalParameters | None = None) -> FigureRow:
    """Record that the signed-in administrator checked the row of `key` starting `valid_from`
    against `document` (the notice's number or address). `amount`, when given, is the amount
    the administrator read in the document: a different amount in the table is refused."""
    who = access.require(session, access.OFFICE_SETTINGS)
    params = params or local_parameters()
    value = _find(params, key, valid_from)
    document = " ".join((document or "").split())
    if not document:
        raise FigureError("请填写核对所依据的正式文件（文号或网址）")
    if len(document) > DOCUMENT_MAX:
        raise FigureError(f"依据文件不能超过 {DOCUMENT_MAX} 字")
    if amount is not None and _amount(amount) != value.amount:
        raise FigureError(f"金额不符：参数表中 {valid_from} 起的“{value.name}”为 {value.amount} 元，"
                          f"不是 {_amount(amount)} 元；请先更正参数表")
    if value.confirmed:
        raise FigureError(f"参数表已标注 {valid_from} 起的“{value.name}”已核实，无须再确认")
    for c in _active(session):
        if c.figure == key and _plain(c).matches(value):
            raise FigureError(f"{valid_from} 起的“{value.name}”已由{c.confirmed_by}于 {local_time(c.confirmed_at):%Y-%m-%d} 核实")
    row = FigureConfirmation(figure=key, region=value.region, valid_from=value.valid_from, valid_to=value.valid_to,
                             amount=value.amount, document=document, confirmed_by=who.name,
                             account_id=who.account_id, confirmed_at=utcnow())
    session.add(row)
    session.flush()
    return _figure_row(key, value, [row])


def withdraw_confirmation(session: Session, key: str, valid_from: date,
                          params: LocalParameters | None = None) -> FigureRow:
    """Withdraw the office's confirmation(s) of the row of `key` starting `valid_from` (also
    one the file no longer matches); the figure is “未经核实” again. Audited as an update."""
    who = access.require(session, access.OFFICE_SETTINGS)
    params = params or local_parameters()
    value = _find(params, key, valid_from)
    found = [c for c in _active(session) if c.figure == key and c.region == value.region and c.valid_from == valid_from]
    if not found:
        raise FigureError(f"{valid_from} 起的“{value.name}”没有本办的核实记录可撤销")
    now = utcnow()
    for c in found:
        c.withdrawn_at, c.withdrawn_by = now, who.name
    session.flush()
    return _figure_row(key, value, [])
