"""Staff accounts (issue 12): the first administrator, adding accounts, signing in.

Passwords are kept only as argon2id hashes (argon2-cffi's default profile, RFC 9106) and are
never logged or audited in clear. A failed sign-in says only that the name or the password was
wrong, never which; after FREE_ATTEMPTS failures in a row the account waits, doubling from
30 s up to 15 minutes, before it may try again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import Staff
from app.models.account import Account
from app.models.base import utcnow
from app.services.access import ACCOUNTS, AccessDenied, Principal, require
from app.vocabulary import AccountRole, StaffRole

_hasher = PasswordHasher()  # argon2id, t=3, m=64 MiB, p=4
MIN_PASSWORD = 8
FREE_ATTEMPTS = 5
FIRST_WAIT = 30  # seconds, doubled per further failure
MAX_WAIT = 15 * 60


class SignInFailed(AccessDenied):
    """Wrong name or password, or too many failures; the message never says which part."""


WRONG = "用户名或密码错误。"


@dataclass(frozen=True)
class AccountRow:
    id: int
    name: str
    role: AccountRole
    os_user: str
    active: bool
    staff_role: StaffRole

    def as_json(self) -> dict:
        return {"name": self.name, "role": self.role.value, "role_label": self.role.label,
                "os_user": self.os_user, "active": self.active, "staff_role": self.staff_role.value}


def _row(a: Account) -> AccountRow:
    return AccountRow(a.id, a.staff.name, a.role, a.os_user or "", a.active, a.staff.role)


def principal_of(a: Account) -> Principal:
    return Principal(a.id, a.staff_id, a.staff.name, a.role)


def hash_password(password: str) -> str:
    check_password(password)
    return _hasher.hash(password)


def check_password(password: str) -> None:
    if len(password or "") < MIN_PASSWORD:
        raise ValueError(f"密码至少 {MIN_PASSWORD} 个字符")


def has_accounts(session: Session) -> bool:
    return (session.scalar(select(func.count()).select_from(Account)) or 0) > 0


def _account(session: Session, name: str) -> Account | None:
    return session.scalar(select(Account).join(Staff, Staff.id == Account.staff_id).where(Staff.name == name.strip()))


def list_accounts(session: Session) -> list[AccountRow]:
    rows = session.scalars(select(Account).join(Staff, Staff.id == Account.staff_id).order_by(Account.role, Staff.name))
    return [_row(a) for a in rows]


def _os_user(session: Session, os_user: str | None, keep: Account | None = None) -> str | None:
    os_user = (os_user or "").strip() or None
    if os_user is not None:
        other = session.scalar(select(Account).where(Account.os_user == os_user))
        if other is not None and other is not keep:
            raise ValueError(f"系统账户“{os_user}”已绑定到“{other.staff.name}”")
    return os_user


def init_admin(session: Session, name: str, password: str, *, os_user: str | None = None) -> AccountRow:
    """The first administrator: only while no account exists (first start). The person is
    added to the roster as 管理员 if not on it yet."""
    if has_accounts(session):
        raise AccessDenied("已有账户：初始管理员只能在还没有任何账户时创建；请由管理员添加账户。")
    name = name.strip()
    if not name:
        raise ValueError("姓名不能为空")
    pw_hash = hash_password(password)
    staff = session.scalar(select(Staff).where(Staff.name == name))
    if staff is None:
        staff = Staff(name=name, role=StaffRole.ADMINISTRATOR, active=True)
        session.add(staff)
        session.flush()
    account = Account(staff_id=staff.id, role=AccountRole.ADMIN, password_hash=pw_hash,
                      os_user=_os_user(session, os_user), active=True, failed_attempts=0)
    account.staff = staff
    session.add(account)
    session.flush()
    return _row(account)


def add_user(session: Session, name: str, role: AccountRole, password: str, *, os_user: str | None = None) -> AccountRow:
    """An account for a person on the roster (by an administrator)."""
    require(session, ACCOUNTS)
    name = name.strip()
    staff = session.scalar(select(Staff).where(Staff.name == name))
    if staff is None:
        raise LookupError(f"人员名册中没有“{name}”：请先在办公室设置中把此人加入名册")
    if _account(session, name) is not None:
        raise ValueError(f"“{name}”已有账户")
    account = Account(staff_id=staff.id, role=AccountRole(role), password_hash=hash_password(password),
                      os_user=_os_user(session, os_user), active=True, failed_attempts=0)
    account.staff = staff
    session.add(account)
    session.flush()
    return _row(account)


def _existing(session: Session, name: str) -> Account:
    account = _account(session, name)
    if account is None:
        raise LookupError(f"没有“{name}”的账户")
    return account


def set_password(session: Session, name: str, password: str) -> None:
    """An administrator resets anyone's password; everyone may change their own."""
    account = _existing(session, name)
    who = session.info.get("account")
    if who is None or who.system or who.account_id != account.id:
        require(session, ACCOUNTS)
    account.password_hash = hash_password(password)
    account.failed_attempts = 0
    account.locked_until = None
    session.flush()


def set_role(session: Session, name: str, role: AccountRole) -> None:
    require(session, ACCOUNTS)
    _existing(session, name).role = AccountRole(role)
    session.flush()


def set_active(session: Session, name: str, active: bool) -> None:
    require(session, ACCOUNTS)
    _existing(session, name).active = active
    session.flush()


def bind_os_user(session: Session, name: str, os_user: str | None) -> None:
    require(session, ACCOUNTS)
    account = _existing(session, name)
    account.os_user = _os_user(session, os_user, keep=account)
    session.flush()


def _wait_after(failures: int) -> int:
    return min(MAX_WAIT, FIRST_WAIT * 2 ** (failures - FREE_ATTEMPTS))


def _attempt(session: Session, name: str, password: str, now: datetime) -> Principal | str:
    """The principal, or the message to show; counts failures (committed by the caller)."""
    account = _account(session, name or "")
    if account is None or not account.active:
        _hasher.hash("timing-equaliser")  # as slow as a real check: no hint that the name is unknown
        return WRONG
    if account.locked_until is not None and account.locked_until > now:
        wait = int((account.locked_until - now).total_seconds()) + 1
        return f"登录失败次数过多，请 {wait} 秒后再试。"
    try:
        _hasher.verify(account.password_hash, password or "")
    except (VerificationError, InvalidHashError):
        account.failed_attempts = (account.failed_attempts or 0) + 1
        if account.failed_attempts >= FREE_ATTEMPTS:
            wait = _wait_after(account.failed_attempts)
            account.locked_until = now + timedelta(seconds=wait)
            return f"{WRONG}失败次数过多，请 {wait} 秒后再试。"
        return WRONG
    if account.failed_attempts or account.locked_until is not None:
        account.failed_attempts = 0
        account.locked_until = None
    if _hasher.check_needs_rehash(account.password_hash):
        account.password_hash = _hasher.hash(password)
    return principal_of(account)


def sign_in(db, name: str, password: str, *, now: datetime | None = None) -> Principal:
    """Check a name and password in a unit of work of its own (so a failure is counted even
    though it is refused); raises SignInFailed with a message fit to show."""
    with db.session() as session:
        outcome = _attempt(session, name, password, now or utcnow())
    if isinstance(outcome, str):
        raise SignInFailed(outcome)
    return outcome


def os_account(session: Session, os_user: str) -> Principal | None:
    """The active account bound to this OS login, if any: signs in without a password."""
    if not os_user:
        return None
    account = session.scalar(select(Account).where(Account.os_user == os_user, Account.active.is_(True)))
    return principal_of(account) if account is not None else None


def principal_by_name(session: Session, name: str) -> Principal | None:
    account = _account(session, name)
    return principal_of(account) if account is not None and account.active else None


def idle_lock_minutes(session: Session) -> int:
    from app.services.office import office

    return office(session).idle_lock_minutes


@dataclass(frozen=True)
class SecuritySettings:
    idle_lock_minutes: int
    clerk_may_finalize: bool
    backup_dir: str

    def as_json(self) -> dict:
        return {"idle_lock_minutes": self.idle_lock_minutes, "clerk_may_finalize": self.clerk_may_finalize,
                "backup_dir": self.backup_dir}


def security_settings(session: Session) -> SecuritySettings:
    from app.services.office import office

    o = office(session)
    return SecuritySettings(o.idle_lock_minutes, o.clerk_may_finalize, o.backup_dir)


def save_security(session: Session, *, idle_lock_minutes: int | None = None, clerk_may_finalize: bool | None = None,
                  backup_dir: str | None = None) -> None:
    """The administrator's security settings (issue 12)."""
    from app.services.access import OFFICE_SETTINGS
    from app.services.office import office

    require(session, OFFICE_SETTINGS)
    o = office(session)
    if idle_lock_minutes is not None:
        if not 0 <= idle_lock_minutes <= 24 * 60:
            raise ValueError("自动锁定时间须在 0（不锁定）到 1440 分钟之间")
        o.idle_lock_minutes = idle_lock_minutes
    if clerk_may_finalize is not None:
        o.clerk_may_finalize = clerk_may_finalize
    if backup_dir is not None:
        o.backup_dir = backup_dir.strip()
    session.flush()


# -- what the window asks (one session each) ----------------------------------------------------

def sign_in_choices(session: Session, os_user: str) -> tuple[bool, list[str], Principal | None]:
    """Is there any account, the active accounts' names, and the account bound to this OS login."""
    return has_accounts(session), [r.name for r in list_accounts(session) if r.active], os_account(session, os_user)


def session_rights(session: Session) -> tuple[set[str], int]:
    """What the signed-in account may do, and the office's idle-lock minutes."""
    from app.services.access import permissions_for

    return permissions_for(session), idle_lock_minutes(session)


def accounts_overview(session: Session) -> tuple[list, list[str], object]:
    """The accounts, the roster's people without one, and the security settings."""
    from app.services.office import roster

    rows = list_accounts(session)
    have = {r.name for r in rows}
    return rows, [p.name for p in roster(session, active_only=True) if p.name not in have], security_settings(session)
