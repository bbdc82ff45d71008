"""`hearingdesk stats` (the office's figures over a period, with .xlsx / .docx exports) and
`hearingdesk cases import` (an existing Excel register brought in). Qt-free."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from app.cli.common import EXIT_DATA, EXIT_USAGE, iso_day
from app.config import AppPaths


def add_parsers(sub, cases: argparse.ArgumentParser) -> None:
    st = sub.add_parser("stats", help="统计报表：受理、结案、结案方式、审理天数、要素式庭审时长等")
    st.add_argument("--from", dest="first", required=True, type=iso_day, metavar="YYYY-MM-DD")
    st.add_argument("--to", dest="last", required=True, type=iso_day, metavar="YYYY-MM-DD")
    st.add_argument("--json", action="store_true", help="输出 JSON")
    st.add_argument("--xlsx", metavar="OUT", help="导出 Excel（每表一页，附图表）")
    st.add_argument("--docx", metavar="OUT", help="导出年度工作报告（Word）")

    cases_sub = cases.add_subparsers(dest="cases_command")
    imp = cases_sub.add_parser("import", help="从 Excel（.xlsx）或 .csv 台账导入案件")
    imp.add_argument("file", nargs="?", help="台账文件")
    imp.add_argument("--update", action="store_true", help="案号已存在时用台账内容更新")
    imp.add_argument("--skip-invalid", action="store_true", help="跳过有误的行，导入其余各行")
    imp.add_argument("--dry-run", action="store_true", help="只检查，不写入")
    imp.add_argument("--template", metavar="OUT.xlsx", help="写出台账模板（表头和一行示例）")



def handles(args) -> bool:
    return args.command == "stats" or (args.command == "cases" and getattr(args, "cases_command", None) == "import")


def run(args, paths: AppPaths, actor: str) -> int:
    from app.bootstrap import open_database

    if args.command == "cases" and args.template:
        from app.services.register_import import write_template

        print(f"台账模板已写出：{write_template(Path(args.template))}")
        return 0
    if args.command == "cases" and not args.file:
        print("错误：请指定要导入的台账文件，或用 --template OUT.xlsx 写出模板", file=sys.stderr)
        return EXIT_USAGE
    db = open_database(paths, actor=actor)
    try:
        if args.command == "stats":
            return _stats(db, args)
        from app.cli import users as cli_users

        cli_users.sign_in(db, args)  # writing to the register needs the acting account (issue 12)
        return _import(db, args)
    finally:
        db.dispose()


def _stats(db, args) -> int:
    from app.services import office as office_service
    from app.services.statistics import Period, statistics

    try:
        period = Period(args.first, args.last)
    except ValueError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_USAGE
    with db.session() as session:
        figures = statistics(session, period)
        commission = office_service.office(session).commission_name
    if args.xlsx:
        from app.export.statistics_xlsx import write_statistics_xlsx

        print(f"统计表已导出：{write_statistics_xlsx(figures, Path(args.xlsx))}", file=sys.stderr if args.json else sys.stdout)
    if args.docx:
        from app.export.yearly_report_docx import write_yearly_report

        print(f"年度报告已导出：{write_yearly_report(figures, Path(args.docx), commission=commission)}",
              file=sys.stderr if args.json else sys.stdout)
    if args.json:
        json.dump(figures, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    elif not (args.xlsx or args.docx):
        from app.export.statistics_text import summary_lines

        for line in summary_lines(figures):
            print(line)
    return 0


def _import(db, args) -> int:
    from app.services.register_import import (
        ImportFileError,
        ImportRefused,
        import_register,
    )

    path = Path(args.file)
    if not path.is_file():
        print(f"错误：找不到文件 {path}", file=sys.stderr)
        return EXIT_USAGE
    try:
        with db.session() as session:
            result = import_register(session, path, update=args.update, skip_invalid=args.skip_invalid,
                                     dry_run=args.dry_run)
            if args.dry_run:
                session.rollback()
    except ImportFileError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_DATA
    except ImportRefused as exc:
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        print(f"错误：{exc}（可修改后重新导入，或加 --skip-invalid 跳过有误的行）", file=sys.stderr)
        return EXIT_DATA
    for problem in result.skipped:
        print(f"  已跳过 {problem}", file=sys.stderr)
    verb = "将" if args.dry_run else "已"
    print(f"{'检查完毕（未写入）：' if args.dry_run else ''}{verb}新增 {len(result.created)} 件，"
          f"{verb}更新 {len(result.updated)} 件，跳过 {len(result.skipped)} 行")
    return 0
