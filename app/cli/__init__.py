"""Headless commands: `hearingdesk db upgrade`, `demo`, `cases --json` ...

Every command returns an exit code; a user's mistake ends in a one-line message on stderr
and a non-zero code, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from app import __version__
from app.bootstrap import open_database
from app.cli import backup as cli_backup
from app.cli import figures as cli_figures
from app.cli import users as cli_users
from app.cli.common import EXIT_DATA, EXIT_TAMPERED, EXIT_USAGE, iso_day, report_error, write_text
from app.config import AppPaths, database_url
from app.models.database import Database, os_user
from app.models.migrate import current_revision, head_revision

__all__ = ["EXIT_DATA", "EXIT_USAGE", "build_parser", "report_error", "run"]

MAX_SESSION_NO = 99  # 第N次开庭: the case form accepts 1..99


def session_no(text: str) -> int:
    """`--hearing N`: a usage error (not a hearing the case form then rejects) outside 1..99."""
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"开庭次数应为整数：{text}") from None
    if not 1 <= n <= MAX_SESSION_NO:
        raise argparse.ArgumentTypeError(f"开庭次数应在 1 到 {MAX_SESSION_NO} 之间：{text}")
    return n



def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hearingdesk", description="庭审助手 HearingDesk")
    parser.add_argument("--version", action="version", version=f"HearingDesk {__version__}")
    cli_users.add_global_options(parser)
    sub = parser.add_subparsers(dest="command")
    cli_users.add_parsers(sub)
    cli_backup.add_parsers(sub)
    cli_figures.add_parsers(sub)

    db = sub.add_parser("db", help="数据库维护")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    db_sub.add_parser("upgrade", help="把数据库升级到当前版本（SQLite 文件先备份）")
    db_sub.add_parser("status", help="显示数据库位置和结构版本")

    demo = sub.add_parser("demo", help="写入演示数据（已有案件时不重复写入）")
    demo.add_argument("--today", type=iso_day, help="以该日期为“今天”生成（YYYY-MM-DD）")

    cases = sub.add_parser("cases", help="列出案件及审限")
    cases.add_argument("--json", action="store_true", help="输出 JSON 数组")
    cases.add_argument("--today", type=iso_day, help="按该日期计算剩余天数（YYYY-MM-DD）")

    elements = sub.add_parser("elements", help="导出案件要素表（.docx）")
    elements.add_argument("--case", required=True, metavar="CASE_NO", help="案号")
    elements.add_argument("--docx", required=True, metavar="OUT", help="输出的 Word 文件")
    elements.add_argument("--tribunal", action="store_true", help="仲裁庭用（含仲裁庭认定）；默认为当事人用")

    models = sub.add_parser("models", help="离线语音模型（Vosk / Whisper）")
    models_sub = models.add_subparsers(dest="models_command", required=True)
    ml = models_sub.add_parser("list", help="列出已安装的模型")
    ml.add_argument("--json", action="store_true")
    mi = models_sub.add_parser("install", help="从 .zip、模型文件夹或 U 盘上的 models 文件夹（其中所有模型）安装")
    mi.add_argument("path")
    mi.add_argument("--name", help="安装后的名称（仅限英文、数字、-_.）")
    mi.add_argument("--replace", action="store_true", help="覆盖同名模型")
    mv = models_sub.add_parser("verify", help="检查模型是否完整")
    mv.add_argument("path")
    md = models_sub.add_parser("default", help="设为默认模型")
    md.add_argument("name")

    tr = sub.add_parser("transcribe", help="把录音文件转写为文字")
    tr.add_argument("audio")
    tr.add_argument("--model", help="模型文件夹或已安装模型的名称（默认：默认模型）")
    tr.add_argument("--json", dest="json_out", metavar="OUT", help="写出 JSON（- 为标准输出）")
    tr.add_argument("--txt", dest="txt_out", metavar="OUT", help="写出带时间的文本")
    tr.add_argument("--jobs", type=int, default=None, help="并行识别的线程数（默认：CPU 核数）")
    tr.add_argument("--digits", action="store_true", help=argparse.SUPPRESS)  # always: 2021年3月8日, 110000元
    tr.add_argument("--words", metavar="FILE",
                    help="案件词表（UTF-8）：每行一个本案的词（人名、单位名、术语：识别结果中读音相同的写法改为它），"
                         "或“识别结果<TAB>正确写法”")
    tr.add_argument("--hotwords", action="store_true",
                    help="同时让 Whisper 优先识别词表中的词（较慢；base 模型上未见更准，见 README）")

    ex = sub.add_parser("export", help="导出庭审笔录（.docx / .txt）")
    ex.add_argument("--case", required=True, metavar="CASE_NO")
    ex.add_argument("--hearing", type=session_no, default=1, metavar="N", help="第几次开庭（默认 1）")
    ex.add_argument("--docx", metavar="OUT")
    ex.add_argument("--txt", metavar="OUT")
    ex.add_argument("--full-roles", action="store_true", help="发言人用全称（默认简称：仲/申/被/申代/被代/书）")
    ex.add_argument("--page-signature", action="store_true", help="每页页脚加签名行（逐页签名）")
    for name, text in (("finalize", "定稿并签署庭审笔录（锁定并计算摘要）"), ("verify", "核验已定稿的笔录是否被改动")):
        p = sub.add_parser(name, help=text)
        p.add_argument("--case", required=True, metavar="CASE_NO")
        p.add_argument("--hearing", type=session_no, default=1, metavar="N")
        if name == "verify":
            p.add_argument("--file", metavar="EXPORT", help="同时核验导出的笔录（.docx 或 .txt）是否与定稿一致")

    rec = sub.add_parser("record", help="无界面录音并实时转写到某次开庭（Ctrl-C 或 SIGTERM 结束）")
    rec.add_argument("--case", required=True, metavar="CASE_NO")
    rec.add_argument("--hearing", type=session_no, default=1, metavar="N")
    source = rec.add_mutually_exclusive_group()
    source.add_argument("--device", metavar="NAME", nargs="?", const="",
                        help="用麦克风录音：设备名称（只写 --device 为系统默认设备；hearingdesk devices 列出设备）")
    source.add_argument("--replay", metavar="AUDIO", help="以实时速度回放录音文件，走与麦克风相同的代码")
    rec.add_argument("--speaker", default="", help="新段落的发言人身份（如 arbitrator / applicant）")
    rec.add_argument("--model", help="模型文件夹或已安装模型的名称")
    rec.add_argument("--speed", type=float, default=1.0, help=argparse.SUPPRESS)  # tests: faster replay
    sub.add_parser("devices", help="列出录音设备（麦克风）")
    recover = sub.add_parser("recover", help="列出并恢复中断的庭审录音")
    recover.add_argument("--list", action="store_true", help="只列出，不恢复")

    gui = sub.add_parser("gui", help="启动图形界面（默认）")
    gui.add_argument("--exit-when-shown", action="store_true", help=argparse.SUPPRESS)  # release checks, benchmark
    from app.cli import stats as cli_stats

    cli_stats.add_parsers(sub, cases)
    from app.cli import import_audio as cli_import

    cli_import.add_parsers(sub)
    return parser


def run(args: argparse.Namespace, paths: AppPaths, *, audio_input=None) -> int:
    """`audio_input`: the microphone adapter the composition root passes in (the CLI itself
    stays free of Qt); it has `open(name, stop=, on_state=)` and `devices()`."""
    actor = f"命令行({os_user()})"
    if args.command == "models" and args.models_command in ("install", "default"):
        cli_users.require_admin(paths, args)
    if args.command in cli_backup.COMMANDS:
        return cli_backup.run(args, paths)
    if cli_figures.handles(args):
        return cli_figures.run(args, paths, actor)
    if args.command in ("models", "transcribe", "record", "recover", "devices"):
        from app.cli import speech as cli_speech

        return cli_speech.run(args, paths, actor, audio_input=audio_input)
    from app.cli import stats as cli_stats

    if cli_stats.handles(args):
        return cli_stats.run(args, paths, actor)
    from app.cli import import_audio as cli_import

    if cli_import.handles(args):
        return cli_import.run(args, paths, actor)
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
            return cli_users.demo(db, args)
        if args.command in cli_users.COMMANDS:
            return cli_users.run(args, paths, db)
        cli_users.sign_in(db, args)
        if args.command == "cases":
            return _cases(db, args.today or date.today(), as_json=args.json)
        if args.command == "elements":
            return _elements(db, args.case, args.docx, args.tribunal)
        if args.command == "export":
            return _export(db, args)
        if args.command in ("finalize", "verify"):
            return _seal(db, args, paths)
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


def _elements(db: Database, case_no: str, out: str, tribunal: bool = False) -> int:
    from app.export.element_table_docx import write_element_table
    from app.services.cases import find_case_id
    from app.services.documents import element_table_document

    with db.session() as session:
        data = element_table_document(session, find_case_id(session, case_no), for_tribunal=tribunal)
    path = write_element_table(data, out)
    print(f"要素表已导出：{path}")
    return 0


def _export(db: Database, args) -> int:
    from app.export.transcript_docx import transcript_text, write_transcript_docx
    from app.services.cases import find_case_id
    from app.services.documents import transcript_document

    if not args.docx and not args.txt:
        print("错误：请用 --docx 或 --txt 指定输出文件", file=sys.stderr)
        return EXIT_USAGE
    with db.session() as session:
        data = transcript_document(session, find_case_id(session, args.case), args.hearing,
                                   role_style="full" if args.full_roles else "short",
                                   page_signature=args.page_signature)
    for warning in data.warnings:
        print(f"警告：{warning}", file=sys.stderr)
    if args.docx:
        print(f"庭审笔录已导出：{write_transcript_docx(data, Path(args.docx))}")
    if args.txt:
        write_text(Path(args.txt), transcript_text(data))
        print(f"文本已导出：{args.txt}")
    return 0


def _seal(db: Database, args, paths: AppPaths) -> int:
    from app.services import sign_off
    from app.services.cases import find_case_id
    from app.services.transcript import hearing_for

    with db.session() as session:
        ref = hearing_for(session, find_case_id(session, args.case), args.hearing, create=False)
        if args.command == "finalize":
            digest = sign_off.finalize(session, ref.hearing_id, audio_dir=paths.audio_dir, by=db.actor)
            code = sign_off.check_code(sign_off.office_key(session), digest)
            print(f"已定稿：{ref.case_no} 第 {ref.session_no} 次开庭，HMAC-SHA256 {digest}，校验码 {code}")
            return 0
        if getattr(args, "file", None):
            result = sign_off.verify_export(session, ref.hearing_id, audio_dir=paths.audio_dir, path=Path(args.file))
        else:
            result = sign_off.verify(session, ref.hearing_id, audio_dir=paths.audio_dir)
    what = f"{ref.case_no} 第 {ref.session_no} 次开庭的笔录" + (f"与文件 {args.file}" if getattr(args, "file", None) else "")
    for note in result.notes:
        print(f"提示：{note}", file=sys.stderr)
    if result.ok:
        print(f"核验通过：{what}与定稿一致（HMAC-SHA256 {result.digest}，校验码 {result.check_code}）")
        return 0
    if result.wrong_key:
        print(f"无法核验：{what}：{result.problems[0]}", file=sys.stderr)
        return EXIT_DATA
    print(f"核验失败：{what}与定稿不一致：", file=sys.stderr)
    for problem in result.problems:
        print(f"  - {problem}", file=sys.stderr)
    return EXIT_TAMPERED
