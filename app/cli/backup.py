"""`hearingdesk backup OUT` and `hearingdesk restore IN` (issue 12; app/services/backup.py)."""

from __future__ import annotations

import sys
from pathlib import Path

from app.config import AppPaths, database_url

COMMANDS = ("backup", "restore")


def add_parsers(sub) -> None:
    b = sub.add_parser("backup", help="备份数据库、录音和清单到一个新文件夹（需管理员）")
    b.add_argument("out", metavar="OUT", nargs="?", help="备份文件夹（新建或空文件夹；省略则用办公室设置的备份文件夹）")
    b.add_argument("--include-key", action="store_true",
                   help="同时备份办公室密钥（备份须妥善保管；默认不含，恢复时需原密钥）")
    r = sub.add_parser("restore", help="把备份恢复到空的数据目录（或空的 PostgreSQL 数据库）")
    r.add_argument("folder", metavar="IN", help="备份文件夹")


def run(args, paths: AppPaths) -> int:
    from app.bootstrap import open_database
    from app.cli import users as cli_users
    from app.services import backup as service

    if args.command == "backup":
        db = open_database(paths)
        try:
            cli_users.sign_in(db, args)
            if args.out:
                out = Path(args.out)
            else:
                with db.session() as s:
                    out = service.default_folder(s)
            result = service.backup(db, paths, out, include_key=args.include_key)
        finally:
            db.dispose()
        print(f"已备份到 {result.folder}：{result.files} 个文件，{result.bytes / 1e6:.1f} MB，用时 {result.seconds:.1f} 秒")
        return 0
    manifest = service.restore(Path(args.folder), paths, db_url=database_url(paths))
    db = open_database(paths)  # brings an older backup to the current schema
    try:
        problems = verify_all(db, paths)
    finally:
        db.dispose()
    print(f"已恢复 {manifest['created_at']} 的备份（{len(manifest['files'])} 个文件）到 {paths.data_dir}")
    if problems:
        for line in problems:
            print(f"  - {line}", file=sys.stderr)
        return 4
    print("操作日志链与所有已定稿笔录均核验通过。")
    return 0


def verify_all(db, paths: AppPaths) -> list[str]:
    """After a restore: the audit chain and every sealed record."""
    from sqlalchemy import select

    from app.models import Case, Hearing, RecordSignOff
    from app.services import sign_off
    from app.services.audit_chain import verify_chain

    problems = []
    with db.session() as s:
        chain = verify_chain(s, db.office_key)
        if not chain.ok:
            problems.append(f"操作日志：{chain.problem}")
        sealed = s.execute(select(RecordSignOff.hearing_id, Case.case_no, Hearing.session_no)
                           .join(Hearing, Hearing.id == RecordSignOff.hearing_id)
                           .join(Case, Case.id == Hearing.case_id)).all()
        for hearing_id, case_no, session_no in sealed:
            result = sign_off.verify(s, hearing_id, audio_dir=paths.audio_dir)
            problems += [f"{case_no} 第 {session_no} 次开庭：{p}" for p in result.problems]
    return problems
