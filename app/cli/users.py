"""Accounts on the command line (issue 12): `--user`, `users ...`, `audit verify`, and the
demo's accounts.

The acting account: `--user NAME` (or HEARINGDESK_USER), the password from
HEARINGDESK_PASSWORD or prompted; an account bound to the current OS login needs none. Without
an account only commands that change nothing work: the services refuse everything else.
"""

from __future__ import annotations

import getpass
import json
import os
import secrets
import sys

from app.config import AppPaths
from app.models.database import Database, os_user
from app.vocabulary import AccountRole

COMMANDS = ("users", "audit")
ROLE_NAMES = {"admin": AccountRole.ADMIN, "arbitrator": AccountRole.ARBITRATOR, "clerk": AccountRole.CLERK,
              "viewer": AccountRole.VIEWER}
EXIT_REFUSED = 1  # cli.report_error's code for a refusal: wrong password, no permission
EXIT_CHAIN_BROKEN = 4  # as `verify` of a sealed record


def add_global_options(parser) -> None:
    parser.add_argument("--user", metavar="NAME", default=os.environ.get("HEARINGDESK_USER") or None,
                        help="以该账户操作（密码取自 HEARINGDESK_PASSWORD 或提示输入；绑定本系统账户者免密码）")


def add_parsers(sub) -> None:
    users = sub.add_parser("users", help="账户：初始管理员、添加、列出、改密码")
    us = users.add_subparsers(dest="users_command", required=True)
    init = us.add_parser("init-admin", help="创建第一个管理员（仅在还没有任何账户时）")
    init.add_argument("name")
    init.add_argument("--os-user", help="绑定的系统账户（在该系统账户下免密码）")
    add = us.add_parser("add", help="为名册中的人员添加账户（需管理员）")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=sorted(ROLE_NAMES))
    add.add_argument("--os-user", help="绑定的系统账户")
    ls = us.add_parser("list", help="列出账户")
    ls.add_argument("--json", action="store_true")
    pw = us.add_parser("passwd", help="修改密码（本人，或由管理员重设）；新密码取自 HEARINGDESK_NEW_PASSWORD 或提示输入")
    pw.add_argument("name")
    for name, text in (("disable", "停用账户（需管理员）"), ("enable", "启用账户（需管理员）")):
        us.add_parser(name, help=text).add_argument("name")
    bind = us.add_parser("bind", help="把账户绑定到系统账户（空字符串解除；需管理员）")
    bind.add_argument("name")
    bind.add_argument("os_user")

    pol = us.add_parser("policy", help="安全设置：自动锁定时间、书记员可否定稿、备份文件夹（修改需管理员）")
    pol.add_argument("--idle-lock", type=int, metavar="MIN", help="无操作多少分钟后锁定窗口（0 不锁定）")
    pol.add_argument("--clerk-may-finalize", choices=["yes", "no"], help="本案书记员可否定稿签署笔录")
    pol.add_argument("--backup-dir", metavar="DIR", help="每日备份文件夹（如网络共享；空字符串取消）")

    audit = sub.add_parser("audit", help="操作日志")
    asub = audit.add_subparsers(dest="audit_command", required=True)
    verify = asub.add_parser("verify", help="核验操作日志链，指出第一条被改动、删除或插入的日志")
    verify.add_argument("--json", action="store_true")
    verify.add_argument("--against", metavar="BACKUP", help="再对照一个备份的清单：发现备份之后被截断的日志")


# -- signing in -------------------------------------------------------------------------------

def _password(env_var: str, prompt: str, *, confirm: bool = False) -> str:
    value = os.environ.get(env_var)
    if value:
        return value
    if not sys.stdin.isatty():
        raise ValueError(f"需要密码：请设置环境变量 {env_var}，或在终端中运行以输入密码")
    first = getpass.getpass(prompt)
    if confirm and getpass.getpass("再输入一次：") != first:
        raise ValueError("两次输入的密码不一致")
    return first


def sign_in(db: Database, args) -> None:
    """Make `db` act as the account the command line names (or the one bound to this OS
    login); stays signed out when neither exists. A wrong password raises SignInFailed."""
    from app.services import accounts

    name = (getattr(args, "user", None) or "").strip()
    with db.session() as s:
        bound = accounts.os_account(s, os_user())
    if name and not (bound is not None and bound.name == name):
        bound = accounts.sign_in(db, name, _password("HEARINGDESK_PASSWORD", f"{name} 的密码："))
    if bound is not None:
        db.sign_in(bound)


# -- commands ---------------------------------------------------------------------------------

def run(args, paths: AppPaths, db: Database) -> int:
    if args.command == "audit":
        return _audit_verify(db, as_json=args.json, against=args.against)
    from app.services import accounts

    command = args.users_command
    if command == "init-admin":
        with db.session() as s:
            if accounts.has_accounts(s):  # before asking for a password
                raise accounts.AccessDenied("已有账户：初始管理员只能在还没有任何账户时创建；请由管理员添加账户。")
        password = _password("HEARINGDESK_NEW_PASSWORD", f"{args.name} 的新密码：", confirm=True)
        with db.session() as s:
            row = accounts.init_admin(s, args.name, password, os_user=args.os_user)
        print(f"已创建管理员账户：{row.name}")
        return 0
    if command == "list":
        with db.session() as s:
            rows = accounts.list_accounts(s)
        if args.json:
            json.dump([r.as_json() for r in rows], sys.stdout, ensure_ascii=False, indent=2)
            sys.stdout.write("\n")
            return 0
        for r in rows:
            print(f"{r.name}\t{r.role.label}\t{'启用' if r.active else '停用'}\t{r.os_user}")
        return 0
    sign_in(db, args)
    if command == "policy":
        return _policy(db, args)
    if command == "add":
        from app.services.access import ACCOUNTS, require

        with db.session() as s:  # refuse before asking for the new password
            require(s, ACCOUNTS)
        password = _password("HEARINGDESK_NEW_PASSWORD", f"{args.name} 的新密码：", confirm=True)
        with db.session() as s:
            row = accounts.add_user(s, args.name, ROLE_NAMES[args.role], password, os_user=args.os_user)
        print(f"已添加账户：{row.name}（{row.role.label}）")
        return 0
    if command == "passwd":
        password = _password("HEARINGDESK_NEW_PASSWORD", f"{args.name} 的新密码：", confirm=True)
        with db.session() as s:
            accounts.set_password(s, args.name, password)
        print(f"已修改 {args.name} 的密码")
        return 0
    with db.session() as s:
        if command in ("disable", "enable"):
            accounts.set_active(s, args.name, command == "enable")
            print(f"已{'启用' if command == 'enable' else '停用'}账户：{args.name}")
        else:
            accounts.bind_os_user(s, args.name, args.os_user)
            print(f"已把 {args.name} 绑定到系统账户“{args.os_user}”" if args.os_user else f"已解除 {args.name} 的系统账户绑定")
    return 0


def _policy(db: Database, args) -> int:
    from app.services import accounts

    changes = {"idle_lock_minutes": args.idle_lock, "backup_dir": args.backup_dir,
               "clerk_may_finalize": None if args.clerk_may_finalize is None else args.clerk_may_finalize == "yes"}
    with db.session() as s:
        if any(v is not None for v in changes.values()):
            accounts.save_security(s, **changes)
        current = accounts.security_settings(s)
    print(f"自动锁定：{current.idle_lock_minutes or '不锁定'}{' 分钟' if current.idle_lock_minutes else ''}")
    print(f"书记员可定稿：{'是' if current.clerk_may_finalize else '否'}")
    print(f"备份文件夹：{current.backup_dir or '（未设置）'}")
    return 0


def _audit_verify(db: Database, *, as_json: bool, against: str | None = None) -> int:
    from pathlib import Path

    from app.services.audit_chain import verify_chain
    from app.services.backup import read_manifest

    anchor = None
    if against:
        audit = read_manifest(Path(against))["audit"]
        anchor = (audit["last_seq"], audit["last_link"])
    with db.session() as s:
        report = verify_chain(s, db.office_key, anchor=anchor)
    if as_json:
        json.dump(report.as_json(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    elif report.ok:
        print(f"操作日志链完整：核验 {report.checked} 条，最后一条序号 {report.last_seq}（{report.last_at}）"
              + (f"；另有 {report.unchained} 条为启用日志链之前的记录" if report.unchained else ""))
    if not report.ok:
        print(f"操作日志被改动：{report.problem}", file=sys.stderr)
        return EXIT_CHAIN_BROKEN
    return 0


def require_admin(paths: AppPaths, args) -> None:
    """Speech models live in files, not in the database: their one check is here (and the
    GUI shows the model manager to administrators only)."""
    from app.bootstrap import open_database
    from app.services.access import MODELS, require
    from app.services.accounts import has_accounts

    db = open_database(paths)
    try:
        with db.session() as s:
            if not has_accounts(s):  # a fresh installation: the installer brings the models before anyone signs up
                return
        sign_in(db, args)
        with db.session() as s:
            require(s, MODELS)
    finally:
        db.dispose()


def demo(db: Database, args) -> int:
    """Demo data, and accounts for its roster with a password printed here (so a newcomer can
    sign in). On a database that has accounts already, only an administrator may seed."""
    from app.services import accounts
    from app.services.access import system_principal
    from app.services.demo import has_data, seed_accounts, seed_demo

    with db.session() as s:
        if has_data(s):
            print("数据库中已有案件，未重复写入演示数据。")
            return 0
        fresh = not accounts.has_accounts(s)
    if not fresh:
        sign_in(db, args)
    password = os.environ.get("HEARINGDESK_NEW_PASSWORD") or secrets.token_urlsafe(8)
    worker = db.as_account(system_principal("演示数据")) if fresh else db
    with worker.session() as s:
        made = seed_demo(s, today=args.today)
        made_accounts = seed_accounts(s, password) if fresh else []
    where = str(db.engine.url.database) if db.is_sqlite else db.engine.url.render_as_string(hide_password=True)
    print(f"已写入 {made} 件演示案件（{where}）")
    if made_accounts:
        print(f"已为演示名册创建账户，密码均为：{password}")
        print("  " + "、".join(f"{name}（{role.label}）" for name, role in made_accounts))
        print(f"  例如：hearingdesk --user {made_accounts[0][0]} …（密码也可放在 HEARINGDESK_PASSWORD 中）")
    return 0
