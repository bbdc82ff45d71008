"""The office itself: commission name, case numbering, rooms and the staff roster."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Boolean, Date, DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, Money, str_enum, utcnow
from app.vocabulary import StaffRole


class Office(Base):
    """One row: the settings an office administrator edits."""

    __tablename__ = "office"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    commission_name: Mapped[str] = mapped_column(String(120))
    # e.g. "青劳人仲({year})办字第{seq}号"; {year} and {seq} are filled for new cases.
    case_no_pattern: Mapped[str] = mapped_column(String(120))
    # Move a decision deadline that falls on a rest day or holiday to the next working day.
    roll_deadline_to_workday: Mapped[bool] = mapped_column(Boolean, default=True)
    fast_track_working_days: Mapped[int] = mapped_column(Integer, default=28)
    warn_days: Mapped[int] = mapped_column(Integer, default=7)
    urgent_days: Mapped[int] = mapped_column(Integer, default=3)
    # Print ID card numbers in the 庭审笔录 masked (110105********002X) instead of whole.
    mask_id_numbers: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    # Issue 12: may the case's clerk finalise its record (besides the tribunal)?
    clerk_may_finalize: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    # Lock the window after this many idle minutes (0: never).
    idle_lock_minutes: Mapped[int] = mapped_column(Integer, default=10, server_default="10")
    # A folder (e.g. a network share) for the daily backup; empty: none.
    backup_dir: Mapped[str] = mapped_column(String(400), default="", server_default="")
    last_backup_at: Mapped[datetime | None] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    __mapper_args__ = {"version_id_col": version}


class Room(Base):
    __tablename__ = "room"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Staff(Base):
    """A person on the roster: tribunals and clerks are drawn from here."""

    __tablename__ = "staff"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)
    role: Mapped[StaffRole] = mapped_column(str_enum(StaffRole))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class FigureConfirmation(Base):
    """An office's confirmation of one dated local figure of resources/local_params.toml
    (e.g. the minimum wage from 2025-07-01) against an official document. It holds the row
    as confirmed (key, region, dates, amount): it counts only while the resource row still
    has those values, so a later edit of the file makes the figure unconfirmed again.
    Withdrawing keeps the row (withdrawn_at/by); the audit trail holds every change."""

    __tablename__ = "figure_confirmation"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    figure: Mapped[str] = mapped_column(String(60))  # the table key, e.g. minimum_monthly_wage
    region: Mapped[str] = mapped_column(String(40))
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    amount: Mapped[Decimal] = mapped_column(Money)
    document: Mapped[str] = mapped_column(String(400))  # the official notice checked against
    confirmed_by: Mapped[str] = mapped_column(String(40))  # the signed-in account's name
    account_id: Mapped[int | None] = mapped_column(Integer)
    confirmed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    withdrawn_by: Mapped[str | None] = mapped_column(String(40))
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime)
