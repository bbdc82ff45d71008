"""Headless commands: `hearingdesk db upgrade`, `demo`, `cases --json` ...

Every command returns an exit code; a user's mistake ends in a one-line message on stderr
and a non-zero code, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date

from app import __version__
from app.bootstrap import open_database
from app.config import AppPaths, database_url
from app.models.database import Database, DatabaseError, os_user
from app.models.migrate import current_revision, head_revision

EXIT_USAGE = 2
EXIT_DATA = 3


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hearingdesk", description="庭审助手 HearingDesk")
    parser.add_argument("--version", action="version", version=f"HearingDesk {__version__}")
    sub = parser.add_subparsers(dest="command")

    db = sub.add_parser("db", help="数据库维护")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    db_sub.add_parser("upgrade", help="把数据库升级到当前版本（SQLite 文件先备份）")
    db_sub.add_parser("status", help="显示数据库位置和结构版本")

    demo = sub.add_parser("demo", help="写入演示数据（已有案件时不重复写入）")
    demo.add_argument("--today", type=date.fromisoformat, help="以该日期为“今天”生成（YYYY-MM-DD）")

    cases = sub.add_parser("cases", help="列出案件及审限")
    cases.add_argument("--json", action="store_true", help="输出 JSON 数组")
    cases.add_argument("--today", type=date.fromisoformat, help="按该日期计算剩余天数（YYYY-MM-DD）")

    elements = sub.add_parser("elements", help="导出案件要素表（.docx）")
    elements.add_argument("--case", required=True, metavar="CASE_NO", help="案号")
    elements.add_argument("--docx", required=True, metavar="OUT", help="输出的 Word 文件")

    sub.add_parser("gui", help="启动图形界面（默认）")
    return parser


def run(args: argparse.Namespace, paths: AppPaths) -> int:
    actor = f"命令行({os_user()})"
    if args.command == "db":
        if args.db_command == "status":
            return _db_status(paths)
        db = open_database(paths, actor=actor)
        print(f"数据库已是最新版本：{head_revision()}（{_where(db)}）")
        db.dispose()
        return 0
    db = open_database(paths, actor=actor)
    try:
        if args.command == "demo":
            return _demo(db, args.today)
        if args.command == "cases":
            return _cases(db, args.today or date.today(), as_json=args.json)
        if args.command == "elements":
            return _elements(db, args.case, args.docx)
    finally:
        db.dispose()
    return EXIT_USAGE


def _where(db: Database) -> str:
    return str(db.engine.url.database) if db.is_sqlite else db.engine.url.render_as_string(hide_password=True)


def _db_status(paths: AppPaths) -> int:
    db = Database.open(database_url(paths))
    try:
        db.check_connection()
        current = current_revision(db)
    finally:
        db.dispose()
    print(f"位置：{_where(db)}")
    print(f"结构版本：{current or '（空数据库）'}；程序需要：{head_revision()}")
    return 0


def _demo(db: Database, today: date | None) -> int:
    from app.services.demo import seed_demo

    with db.session() as session:
        made = seed_demo(session, today=today)
    if made:
        print(f"已写入 {made} 件演示案件（{_where(db)}）")
    else:
        print("数据库中已有案件，未重复写入演示数据。")
    return 0


def _cases(db: Database, today: date, *, as_json: bool) -> int:
    from app.services.register import case_rows

    with db.session() as session:
        rows = case_rows(session, today=today)
    if as_json:
        json.dump([r.as_json() for r in rows], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    for r in rows:
        left = "" if r.days_left is None else f"{r.days_left:>4}天"
        print(f"{r.case_no}\t{'、'.join(r.case_type_names)}\t{r.status.label}\t"
              f"{r.deadline or ''}\t{left}\t{r.level.label}")
    return 0


def _elements(db: Database, case_no: str, out: str) -> int:
    from app.export.element_table_docx import write_element_table
    from app.services.cases import find_case_id
    from app.services.documents import element_table_document

    with db.session() as session:
        data = element_table_document(session, find_case_id(session, case_no))
    path = write_element_table(data, out)
    print(f"要素表已导出：{path}")
    return 0


def report_error(exc: BaseException) -> int:
    """Print what went wrong for a user and return the exit code."""
    if isinstance(exc, DatabaseError):
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_DATA
    if isinstance(exc, LookupError):
        print(f"错误：{exc.args[0] if exc.args else exc}", file=sys.stderr)
        return EXIT_USAGE
    print(f"错误：{exc}", file=sys.stderr)
    return 1
