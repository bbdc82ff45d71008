"""Who may do what (issue 12), checked in the core: every state-changing use case in
app/services calls `require(session, PERMISSION, case_id=...)` first, so the GUI, the CLI and
any script pass through the same check.

The acting account travels like the actor: `Database.account` -> `session.info["account"]`.
Roles (管理员 / 仲裁员 / 书记员 / 查阅) gate what an account may do at all; the case's tribunal
(调解仲裁法 Art 31: the presiding and other arbitrators or a sole arbitrator) and its clerk gate
what may be done to that case. The role is read afresh from the database at every check, so a
deactivated or demoted account loses its rights at once.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.vocabulary import AccountRole, Seat

# -- permissions ----------------------------------------------------------------------------
OFFICE_SETTINGS = "office.settings"      # settings, roster, rooms: 管理员
ACCOUNTS = "accounts.manage"             # accounts: 管理员
MODELS = "models.manage"                 # speech models: 管理员
BACKUP = "backup"                        # backups hold everything: 管理员
CASE_EDIT = "case.edit"                  # the register: every role but 查阅
RECORD_EDIT = "record.edit"              # recording and editing the record: the case's clerk and tribunal
ELEMENTS_EDIT = "elements.edit"          # positions, status, evidence of the element table: clerk and tribunal
ELEMENTS_FIND = "elements.find"          # the tribunal's findings and recorded calculations: tribunal
FINALIZE = "record.finalize"             # finalising: tribunal (and the clerk if the office allows)
DECIDE_CORRECTION = "correction.decide"  # deciding a correction request (调解仲裁法 Art 40): tribunal

ADMIN_PERMISSIONS = frozenset({OFFICE_SETTINGS, ACCOUNTS, MODELS, BACKUP, CASE_EDIT})
CASE_PERMISSIONS = frozenset({RECORD_EDIT, ELEMENTS_EDIT, ELEMENTS_FIND, FINALIZE, DECIDE_CORRECTION})
ALL_PERMISSIONS = ADMIN_PERMISSIONS | CASE_PERMISSIONS

LABELS = {
    OFFICE_SETTINGS: "修改办公室设置和人员名册", ACCOUNTS: "管理账户", MODELS: "管理语音模型", BACKUP: "备份数据",
    CASE_EDIT: "登记或修改案件", RECORD_EDIT: "记录或修改庭审笔录", ELEMENTS_EDIT: "填写要素表",
    ELEMENTS_FIND: "填写仲裁庭认定", FINALIZE: "定稿签署庭审笔录", DECIDE_CORRECTION: "处理补正申请",
}

TRIBUNAL_SEATS = frozenset({Seat.PRESIDING, Seat.MEMBER, Seat.SOLE})


class AccessDenied(PermissionError):
    """The acting account may not do this; the message says what and why, in one line."""

    def __str__(self) -> str:  # PermissionError would print "(errno) ..." for two args
        return str(self.args[0]) if self.args else "没有权限"


@dataclass(frozen=True)
class Principal:
    """The signed-in account as the services see it (plain data, safe to hand to the UI)."""

    account_id: int | None
    staff_id: int | None
    name: str
    role: AccountRole | None
    system: bool = False  # internal work (tests, demo seeding): every permission, no account

    @property
    def label(self) -> str:
        return self.role.label if self.role else "系统"


def system_principal(name: str = "系统") -> Principal:
    """For internal work only (tests, demo data on an empty database); never from a sign-in."""
    return Principal(None, None, name, None, system=True)


def current(session: Session) -> Principal | None:
    return session.info.get("account")


def _fresh_role(session: Session, who: Principal) -> AccountRole | None:
    from app.models.account import Account

    row = session.execute(select(Account.role, Account.active).where(Account.id == who.account_id)).first()
    if row is None or not row.active:
        return None
    return row.role


def case_seats(session: Session, staff_id: int | None, case_id: int) -> set[Seat]:
    from app.models import TribunalSeat

    if staff_id is None:
        return set()
    return set(session.scalars(select(TribunalSeat.seat).where(TribunalSeat.case_id == case_id,
                                                               TribunalSeat.staff_id == staff_id)))


def case_of_hearing(session: Session, hearing_id: int) -> int | None:
    from app.models import Hearing

    return session.scalar(select(Hearing.case_id).where(Hearing.id == hearing_id))


def _clerk_may_finalize(session: Session) -> bool:
    from app.models import Office

    return bool(session.scalar(select(Office.clerk_may_finalize).where(Office.id == 1)))


def _granted(session: Session, role: AccountRole, staff_id: int | None, case_id: int | None) -> set[str]:
    if role is AccountRole.VIEWER:
        return set()
    granted = set(ADMIN_PERMISSIONS) if role is AccountRole.ADMIN else {CASE_EDIT}
    if role is AccountRole.ADMIN or case_id is None:
        return granted
    seats = case_seats(session, staff_id, case_id)
    tribunal = bool(seats & TRIBUNAL_SEATS)
    clerk = Seat.CLERK in seats
    if tribunal or clerk:
        granted |= {RECORD_EDIT, ELEMENTS_EDIT}
    if tribunal:
        granted |= {ELEMENTS_FIND, FINALIZE, DECIDE_CORRECTION}
    if clerk and _clerk_may_finalize(session):
        granted.add(FINALIZE)
    return granted


def permissions_for(session: Session, case_id: int | None = None) -> set[str]:
    """What the signed-in account may do, on a case if one is named: for the UI to show only
    the actions it may use (the services check again on every call)."""
    who = current(session)
    if who is None:
        return set()
    if who.system:
        return set(ALL_PERMISSIONS)
    role = _fresh_role(session, who)
    if role is None:
        return set()
    return _granted(session, role, who.staff_id, case_id)


def require(session: Session, permission: str, case_id: int | None = None, *, hearing_id: int | None = None) -> Principal:
    """Refuse (AccessDenied) unless the signed-in account has `permission` (on the case)."""
    what = LABELS.get(permission, permission)
    who = current(session)
    if who is None:
        raise AccessDenied(f"未登录，不能{what}：请先登录（命令行用 --user 指定账户）。")
    if who.system:
        return who
    role = _fresh_role(session, who)
    if role is None:
        raise AccessDenied(f"账户“{who.name}”已停用或不存在，不能{what}。")
    if case_id is None and hearing_id is not None:
        case_id = case_of_hearing(session, hearing_id)
    if permission in _granted(session, role, who.staff_id, case_id):
        return who
    if role is AccountRole.VIEWER:
        reason = "查阅账户只能查看"
    elif permission == FINALIZE:
        reason = _finalize_reason(session)
    elif permission in (ELEMENTS_FIND, DECIDE_CORRECTION):
        reason = "只有本案仲裁庭成员可以"
    elif permission in CASE_PERMISSIONS:
        reason = "只有本案的仲裁庭成员和书记员可以"
    else:
        reason = "只有管理员可以"
    raise AccessDenied(f"没有权限：{who.name}（{role.label}）不能{what}，{reason}。")


def _finalize_reason(session: Session) -> str:
    if _clerk_may_finalize(session):
        return "只有本案仲裁庭成员和书记员可以"
    return "只有本案仲裁庭成员可以（办公室设置未允许书记员定稿）"
