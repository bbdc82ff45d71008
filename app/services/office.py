"""Office settings, hearing rooms and the staff roster."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Office, Room, Staff
from app.models.database import ConflictError
from app.rules.case_numbers import check_pattern
from app.rules.deadlines import time_limits
from app.services import access
from app.vocabulary import StaffRole


@dataclass
class OfficeSettings:
    commission_name: str
    case_no_pattern: str
    roll_deadline_to_workday: bool
    fast_track_working_days: int
    warn_days: int
    urgent_days: int
    version: int | None = None
    mask_id_numbers: bool = False  # ID numbers masked in the printed record


@dataclass(frozen=True)
class StaffEntry:
    id: int
    name: str
    role: StaffRole
    active: bool


@dataclass(frozen=True)
class RoomEntry:
    id: int
    name: str
    active: bool


DEFAULT_COMMISSION = "劳动人事争议仲裁委员会"
DEFAULT_PATTERN = "劳人仲({year})字第{seq}号"


def office(session: Session) -> Office:
    """The office row, created with defaults from resources/ on first use."""
    row = session.get(Office, 1)
    if row is None:
        limits = time_limits()
        row = Office(
            id=1,
            commission_name=DEFAULT_COMMISSION,
            case_no_pattern=DEFAULT_PATTERN,
            roll_deadline_to_workday=limits.roll_deadline_to_workday,
            fast_track_working_days=limits.fast_track_working_days,
            warn_days=limits.warn_days,
            urgent_days=limits.urgent_days,
        )
        session.add(row)
        session.flush()
    return row


def read_settings(session: Session) -> OfficeSettings:
    o = office(session)
    return OfficeSettings(
        o.commission_name, o.case_no_pattern, o.roll_deadline_to_workday,
        o.fast_track_working_days, o.warn_days, o.urgent_days, o.version, o.mask_id_numbers,
    )


def save_settings(session: Session, settings: OfficeSettings) -> OfficeSettings:
    access.require(session, access.OFFICE_SETTINGS)
    if not settings.commission_name.strip():
        raise ValueError("仲裁委员会名称不能为空")
    check_pattern(settings.case_no_pattern)
    if not 0 <= settings.urgent_days <= settings.warn_days:
        raise ValueError("紧急天数须不大于预警天数")
    if settings.fast_track_working_days < 1:
        raise ValueError("速裁目标工作日须为正数")
    o = office(session)
    if settings.version is not None and o.version != settings.version:
        raise ConflictError("办公室设置已被其他用户修改，您的保存未生效。请重新打开后再修改。")
    o.commission_name = settings.commission_name.strip()
    o.case_no_pattern = settings.case_no_pattern.strip()
    o.roll_deadline_to_workday = settings.roll_deadline_to_workday
    o.fast_track_working_days = settings.fast_track_working_days
    o.warn_days = settings.warn_days
    o.urgent_days = settings.urgent_days
    o.mask_id_numbers = settings.mask_id_numbers
    session.flush()
    return read_settings(session)


def roster(session: Session, *, role: StaffRole | None = None, active_only: bool = False) -> list[StaffEntry]:
    stmt = select(Staff).order_by(Staff.role, Staff.name)
    if role is not None:
        stmt = stmt.where(Staff.role == role)
    if active_only:
        stmt = stmt.where(Staff.active.is_(True))
    return [StaffEntry(s.id, s.name, s.role, s.active) for s in session.scalars(stmt)]


def add_staff(session: Session, name: str, role: StaffRole) -> StaffEntry:
    access.require(session, access.OFFICE_SETTINGS)
    name = name.strip()
    if not name:
        raise ValueError("姓名不能为空")
    if session.scalar(select(Staff).where(Staff.name == name)) is not None:
        raise ValueError(f"名册中已有“{name}”")
    s = Staff(name=name, role=role, active=True)
    session.add(s)
    session.flush()
    return StaffEntry(s.id, s.name, s.role, s.active)


def set_staff_active(session: Session, staff_id: int, active: bool) -> None:
    access.require(session, access.OFFICE_SETTINGS)
    session.get_one(Staff, staff_id).active = active


def rooms(session: Session, *, active_only: bool = False) -> list[RoomEntry]:
    stmt = select(Room).order_by(Room.name)
    if active_only:
        stmt = stmt.where(Room.active.is_(True))
    return [RoomEntry(r.id, r.name, r.active) for r in session.scalars(stmt)]


def add_room(session: Session, name: str) -> RoomEntry:
    access.require(session, access.OFFICE_SETTINGS)
    name = name.strip()
    if not name:
        raise ValueError("庭室名称不能为空")
    if session.scalar(select(Room).where(Room.name == name)) is not None:
        raise ValueError(f"已有庭室“{name}”")
    r = Room(name=name, active=True)
    session.add(r)
    session.flush()
    return RoomEntry(r.id, r.name, r.active)


def save_office_changes(session: Session, settings: OfficeSettings, new_staff: list[tuple[str, StaffRole]],
                        new_rooms: list[str]) -> OfficeSettings:
    """The office dialog's changes in one unit of work: settings, new staff, new rooms."""
    saved = save_settings(session, settings)
    for name, role in new_staff:
        add_staff(session, name, role)
    for name in new_rooms:
        add_room(session, name)
    return saved


def dialog_choices(session: Session) -> tuple[list, list[StaffEntry], list[RoomEntry], bool]:
    """What the case dialog offers: case types, the roster, the rooms, and whether deadlines
    on a holiday roll to the next working day."""
    from app.hearing.case_types import case_types

    return list(case_types().values()), roster(session), rooms(session), office(session).roll_deadline_to_workday
