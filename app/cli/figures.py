"""`hearingdesk figures list | confirm | withdraw`: the dated local figures (minimum wage, city
average monthly wage) and the office's confirmations of them (issue 13). The use case lives in
app/services/figures.py; this module only reads arguments and prints. Qt-free."""

from __future__ import annotations

import json
import sys

from app.cli.common import EXIT_DATA, EXIT_USAGE, iso_day
from app.config import AppPaths
from app.rules.local_params import NAMES

EXIT_REFUSED = 1  # as app/cli/users.py: no permission, wrong password


def add_parsers(sub) -> None:
    fig = sub.add_parser("figures", help="地方标准数值（最低工资、职工月平均工资）及本办的核实记录")
    fs = fig.add_subparsers(dest="figures_command", required=True)
    ls = fs.add_parser("list", help="列出各期数值、来源及是否已核实")
    ls.add_argument("--json", action="store_true", help="输出 JSON 数组")
    names = "、".join(f"{k}（{v}）" for k, v in NAMES.items())
    confirm = fs.add_parser("confirm", help="管理员对照正式文件核实某期数值（记录核实人、时间和依据）")
    withdraw = fs.add_parser("withdraw", help="撤销本办对某期数值的核实（需管理员）")
    for p in (confirm, withdraw):
        p.add_argument("--name", required=True, metavar="NAME", help=f"数值名称：{names}")
        p.add_argument("--from", dest="valid_from", required=True, type=iso_day, metavar="YYYY-MM-DD",
                       help="该期数值的起始日（如 2025-07-01）")
    confirm.add_argument("--document", required=True, metavar="TEXT",
                         help="核对所依据的正式文件：文号（如 沪人社规〔20xx〕x号）或网址")
    confirm.add_argument("--amount", metavar="YUAN", help="文件中载明的金额；与参数表不符时拒绝")



def handles(args) -> bool:
    return args.command == "figures"


def run(args, paths: AppPaths, actor: str) -> int:
    from app.bootstrap import open_database
    from app.services import figures
    from app.services.access import AccessDenied

    db = open_database(paths, actor=actor)
    try:
        if args.figures_command == "list":
            with db.session() as s:
                rows = figures.list_figures(s)
            _print_rows(rows, as_json=args.json)
            return 0
        from app.cli import users as cli_users

        try:
            cli_users.sign_in(db, args)
            with db.session() as s:
                if args.figures_command == "confirm":
                    row = figures.confirm_figure(s, args.name, args.valid_from, args.document, amount=args.amount)
                else:
                    row = figures.withdraw_confirmation(s, args.name, args.valid_from)
        except AccessDenied as exc:
            return _fail(exc, EXIT_REFUSED)
        except LookupError as exc:  # no such figure or row
            return _fail(exc, EXIT_USAGE)
        except figures.FigureError as exc:  # wrong amount, no document, confirmed already
            return _fail(exc, EXIT_DATA)
        done = "已核实" if args.figures_command == "confirm" else "已撤销核实"
        print(f"{done}：{row.region}{row.name} {row.amount} 元（{row.period}）——{row.state_text}")
        return 0
    finally:
        db.dispose()


def _fail(exc: Exception, code: int) -> int:
    print(f"错误：{exc.args[0] if exc.args else exc}", file=sys.stderr)
    return code


def _print_rows(rows, *, as_json: bool) -> None:
    if as_json:
        json.dump([r.as_json() for r in rows], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    for r in rows:
        print(f"{r.key}\t{r.region}{r.name}\t{r.amount}\t{r.period}\t{r.state_text}")
