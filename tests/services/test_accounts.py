"""Accounts (issue 12): the first administrator, adding accounts, signing in with the real
argon2id hasher; failures say nothing about which part was wrong and are slowed down."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.models import AuditEntry
from app.models.account import Account
from app.models.base import utcnow
from app.services import accounts
from app.services.access import AccessDenied
from app.services.accounts import SignInFailed
from app.services.demo import seed_office
from app.vocabulary import AccountRole

PASSWORD = "Qingpu-2026!"


@pytest.fixture
def with_admin(db):
    with db.session() as s:
        seed_office(s)
        accounts.init_admin(s, "徐主任", PASSWORD)
    return db


def test_first_admin_only_while_no_account_exists(with_admin):
    with pytest.raises(AccessDenied, match="已有账户"), with_admin.session() as s:
        accounts.init_admin(s, "王建华", PASSWORD)
    with with_admin.session() as s:
        rows = accounts.list_accounts(s)
        stored = s.scalar(select(Account.password_hash))
        audit = " ".join(s.scalars(select(AuditEntry.changes).where(AuditEntry.entity == "account")))
    assert [(r.name, r.role) for r in rows] == [("徐主任", AccountRole.ADMIN)]
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert PASSWORD not in audit and "$argon2" not in audit  # not even the hash in the audit trail


def test_sign_in_right_and_wrong_never_says_which_part(with_admin):
    who = accounts.sign_in(with_admin, "徐主任", PASSWORD)
    assert (who.name, who.role) == ("徐主任", AccountRole.ADMIN)
    with pytest.raises(SignInFailed) as wrong_password:
        accounts.sign_in(with_admin, "徐主任", "wrong-password")
    with pytest.raises(SignInFailed) as unknown_name:
        accounts.sign_in(with_admin, "无此人", PASSWORD)
    assert str(wrong_password.value) == str(unknown_name.value) == "用户名或密码错误。"


def test_repeated_failures_make_the_account_wait(with_admin):
    now = utcnow()
    for _ in range(accounts.FREE_ATTEMPTS - 1):
        with pytest.raises(SignInFailed, match="^用户名或密码错误。$"):
            accounts.sign_in(with_admin, "徐主任", "guess", now=now)
    with pytest.raises(SignInFailed, match="30 秒后再试"):
        accounts.sign_in(with_admin, "徐主任", "guess", now=now)
    # even the right password waits until the time is up
    with pytest.raises(SignInFailed, match="秒后再试"):
        accounts.sign_in(with_admin, "徐主任", PASSWORD, now=now + timedelta(seconds=10))
    assert accounts.sign_in(with_admin, "徐主任", PASSWORD, now=now + timedelta(seconds=31)).name == "徐主任"
    with with_admin.session() as s:
        assert s.scalar(select(Account.failed_attempts)) == 0


def test_admin_adds_accounts_for_the_roster_only(with_admin):
    admin = accounts.sign_in(with_admin, "徐主任", PASSWORD)
    with with_admin.as_account(admin).session() as s:
        accounts.add_user(s, "李婷", AccountRole.CLERK, "clerk-pass-1", os_user="liting")
        with pytest.raises(LookupError, match="名册中没有"):
            accounts.add_user(s, "路人甲", AccountRole.VIEWER, "viewer-pass-1")
        with pytest.raises(ValueError, match="已有账户"):
            accounts.add_user(s, "李婷", AccountRole.CLERK, "clerk-pass-1")
        with pytest.raises(ValueError, match="至少 8"):
            accounts.add_user(s, "赵磊", AccountRole.CLERK, "short")
        with pytest.raises(ValueError, match="已绑定"):
            accounts.add_user(s, "赵磊", AccountRole.CLERK, "clerk-pass-2", os_user="liting")
    with with_admin.session() as s:
        bound = accounts.os_account(s, "liting")
    assert (bound.name, bound.role) == ("李婷", AccountRole.CLERK)
    clerk = accounts.sign_in(with_admin, "李婷", "clerk-pass-1")
    with pytest.raises(AccessDenied, match="不能管理账户，只有管理员可以"):
        with with_admin.as_account(clerk).session() as s:
            accounts.add_user(s, "赵磊", AccountRole.ADMIN, "clerk-pass-2")
    with with_admin.as_account(clerk).session() as s:  # everyone may change their own password
        accounts.set_password(s, "李婷", "clerk-pass-new")
    assert accounts.sign_in(with_admin, "李婷", "clerk-pass-new").name == "李婷"
