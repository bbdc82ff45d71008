"""Engines, sessions and the errors a user can cause by pointing us at a bad database."""

from __future__ import annotations

import getpass
import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError


class DatabaseError(Exception):
    """A problem the user can act on; the message is shown as is."""


class ConflictError(DatabaseError):
    """Somebody else saved the same record after we read it (optimistic locking)."""


def os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some service contexts
        return ""


def make_engine(url: str) -> Engine:
    try:
        if url.startswith("sqlite"):
            engine = create_engine(
                url,
                connect_args={"check_same_thread": False, "timeout": 5},
            )
            event.listen(engine, "connect", _sqlite_pragmas)
        else:
            engine = create_engine(url, pool_pre_ping=True, connect_args=_connect_timeout(url))
    except (ArgumentError, ImportError, ValueError) as exc:
        raise DatabaseError(f"数据库地址无效：{_redact(url)}（{exc}）") from exc
    return engine


def _connect_timeout(url: str) -> dict:
    return {"connect_timeout": 5} if url.startswith("postgresql") else {}


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    try:
        tables = {r[0] for r in cur.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError:  # not a database at all: check_connection says so
        tables = {"alembic_version"}
    if not tables or "alembic_version" in tables:  # someone else's file keeps its journal mode untouched
        cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=5000")
    # 32 MB of page cache (the default is 2 MB): the statistics and the register read whole indexes.
    cur.execute("PRAGMA cache_size=-32768")
    cur.close()


def _redact(url: str) -> str:
    """Hide a password in a URL before showing it."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        user = creds.split(":", 1)[0]
        return f"{scheme}://{user}:***@{host}"
    return url


def describe_db_error(exc: BaseException, url: str) -> str:
    """Turn a driver error into a sentence a clerk or administrator can act on."""
    text = str(getattr(exc, "orig", exc))
    where = _redact(url)
    if isinstance(exc, StaleDataError):
        return "该记录已被其他用户修改，您的保存未生效。请重新打开后再修改。"
    if "database is locked" in text:
        return f"数据库文件正被其他程序锁定，请关闭其他正在使用它的程序后重试：{where}"
    if "unable to open database file" in text:
        return f"无法打开数据库文件（目录不存在或没有权限）：{where}"
    if "file is not a database" in text or "file is encrypted" in text:
        return f"该文件不是 HearingDesk 数据库，或已损坏：{where}"
    if "Connection refused" in text or "could not connect" in text or "timeout" in text.lower():
        return f"无法连接数据库服务器，请检查网络和服务器地址：{where}"
    if "password authentication failed" in text:
        return f"数据库用户名或密码错误：{where}"
    if "does not exist" in text and "database" in text:
        return f"数据库服务器上没有这个数据库：{where}"
    if "disk" in text.lower() and ("full" in text.lower() or "space" in text.lower()):
        return f"磁盘已满，数据未能保存：{where}"
    return f"数据库错误：{text.strip().splitlines()[0] if text.strip() else type(exc).__name__}（{where}）"


ACTOR_CHARS = 40  # audit_entry.actor, record_sign_off.finalized_by, correction_request.decided_by
OS_USER_CHARS = 80  # audit_entry.os_user
_warned: set[str] = set()


def _fit(name: str, limit: int, what: str) -> str:
    """Names longer than their column are cut (PostgreSQL would refuse every write), and the
    cut is said once in the log."""
    if len(name) <= limit:
        return name
    if name not in _warned:
        _warned.add(name)
        logging.getLogger(__name__).warning("%s过长（%d 个字符），审计记录中只保留前 %d 个字符：%s",
                                            what, len(name), limit, name)
    return name[:limit]


@dataclass
class Database:
    """The one engine of the process and a factory of short-lived sessions."""

    url: str
    engine: Engine
    actor: str = ""
    # The office key (app.security.office_key), handed to services in session.info.
    office_key: bytes | None = None
    # The signed-in account (app.services.access.Principal), checked by the services (issue 12).
    account: object | None = None

    @classmethod
    def open(cls, url: str, actor: str = "", office_key: bytes | None = None, account=None) -> "Database":
        return cls(url=url, engine=make_engine(url), actor=actor, office_key=office_key, account=account)

    def sign_in(self, account) -> None:
        """Act as `account` (a Principal) from now on; None signs out."""
        self.account = account
        self.actor = getattr(account, "name", "") if account is not None else ""

    def as_account(self, account) -> "Database":
        """The same engine acting as another account (tests, one-off checks); do not dispose it."""
        from dataclasses import replace

        return replace(self, account=account, actor=getattr(account, "name", ""))

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: commit on success, roll back on error, errors made readable."""
        session = sessionmaker(self.engine, expire_on_commit=False)()
        session.info["actor"] = _fit(self.actor, ACTOR_CHARS, "操作人")
        session.info["os_user"] = _fit(os_user(), OS_USER_CHARS, "系统用户名")
        session.info["office_key"] = self.office_key
        session.info["account"] = self.account
        try:
            yield session
            session.commit()
        except StaleDataError as exc:
            session.rollback()
            raise ConflictError(describe_db_error(exc, self.url)) from exc
        except (OperationalError, DBAPIError) as exc:
            session.rollback()
            raise DatabaseError(describe_db_error(exc, self.url)) from exc
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def check_connection(self) -> None:
        try:
            with self.engine.connect() as conn:
                conn.exec_driver_sql("SELECT 1")
        except (OperationalError, DBAPIError) as exc:
            raise DatabaseError(describe_db_error(exc, self.url)) from exc

    def dispose(self) -> None:
        self.engine.dispose()
