"""`hearingdesk import-audio`: recognise a recording and store it with a hearing, placed as the
workspace places it (issue 18, item 4): after the last line (--append), at a given start
(--at HH:MM:SS) or on its own from 00:00:00 (--alone). A hearing that already has lines needs
one of the three; a sealed record is refused. Qt-free."""

from __future__ import annotations

import sys
from pathlib import Path

from app.cli.common import EXIT_DATA, EXIT_USAGE
from app.config import AppPaths

COMMAND = "import-audio"


def add_parsers(sub) -> None:
    p = sub.add_parser(COMMAND, help="把录音文件转写并导入某次开庭的笔录")
    p.add_argument("audio", help="录音文件")
    p.add_argument("--case", required=True, metavar="CASE_NO", help="案号")
    p.add_argument("--hearing", type=int, default=1, metavar="N", help="第几次开庭（默认 1）")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--append", action="store_true", help="接在现有笔录之后（续录本次庭审）")
    where.add_argument("--at", metavar="HH:MM:SS", help="从庭审时间轴上的该时间开始")
    where.add_argument("--alone", action="store_true", help="单独成段，从 00:00:00 起（与现有笔录并列）")
    p.add_argument("--model", help="模型文件夹或已安装模型的名称（默认：默认模型）")


def handles(args) -> bool:
    return args.command == COMMAND


def placement_of(args):
    """(Placement or None, seconds for --at); ValueError for a bad --at."""
    from app.services.transcript import Placement, parse_clock

    if args.append:
        return Placement.APPEND, 0.0
    if args.at is not None:
        return Placement.AT, parse_clock(args.at)
    if args.alone:
        return Placement.ALONE, 0.0
    return None, 0.0


def run(args, paths: AppPaths, actor: str) -> int:
    from app.bootstrap import open_database
    from app.cli.speech import resolve_model
    from app.services.cases import find_case_id
    from app.services.transcript import (
        Placement,
        copy_audio_in,
        hearing_for,
        import_offset,
        import_recording,
        record_extent,
    )
    from app.speech.file_transcriber import transcribe_file
    from app.timecode import clock

    source = Path(args.audio)
    if not source.is_file():
        print(f"错误：找不到录音文件 {source}", file=sys.stderr)
        return EXIT_USAGE
    try:
        placement, at = placement_of(args)
    except ValueError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_USAGE
    db = open_database(paths, actor=actor)
    from app.cli import users as cli_users

    cli_users.sign_in(db, args)  # recording into a hearing is for its clerk and tribunal (issue 12)
    try:
        with db.session() as s:
            ref = hearing_for(s, find_case_id(s, args.case), args.hearing)
            extent = record_extent(s, ref.hearing_id)
        where = f"{ref.case_no} 第 {ref.session_no} 次开庭"
        if extent.sealed:
            print(f"错误：{where}的笔录已定稿签署，不能再导入录音", file=sys.stderr)
            return EXIT_DATA
        if extent.lines and placement is None:
            print(f"错误：{where}已有 {extent.lines} 段笔录（到 {clock(extent.end)}）：请指定 --append（接在之后）、"
                  f"--at HH:MM:SS（从指定时间开始）或 --alone（单独成段，从 00:00:00 起）", file=sys.stderr)
            return EXIT_USAGE
        model = resolve_model(args.model, paths)

        def progress(p) -> None:
            total = f"/{p.total_seconds:.0f}" if p.total_seconds else ""
            print(f"\r{'解码' if p.stage == 'decoding' else '识别'} {p.done_seconds:.0f}{total} 秒   ", end="",
                  file=sys.stderr, flush=True)

        transcript = transcribe_file(source, model, progress=progress)
        print(file=sys.stderr)
        stored = copy_audio_in(source, paths.audio_dir, ref.hearing_id)
        try:
            with db.session() as s:
                offset = import_offset(s, ref.hearing_id, placement or Placement.ALONE, at)
                rows = import_recording(s, ref.hearing_id, transcript.segments,
                                        audio_path=str(stored.relative_to(paths.audio_dir)),
                                        original_name=source.name, duration=transcript.duration, offset=offset)
        except BaseException:
            stored.unlink(missing_ok=True)
            raise
        print(f"已导入 {len(transcript.segments)} 段到{where}，录音从 {clock(offset)} 起（笔录共 {len(rows)} 段）")
        return 0
    finally:
        db.dispose()
