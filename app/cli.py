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

    models = sub.add_parser("models", help="离线语音模型（Vosk）")
    models_sub = models.add_subparsers(dest="models_command", required=True)
    ml = models_sub.add_parser("list", help="列出已安装的模型")
    ml.add_argument("--json", action="store_true")
    mi = models_sub.add_parser("install", help="从 .zip 或文件夹安装模型")
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
    tr.add_argument("--digits", action="store_true", help="日期、金额写成阿拉伯数字")
    tr.add_argument("--words", metavar="FILE", help="词表：每行“识别结果<TAB>正确写法”")

    ex = sub.add_parser("export", help="导出庭审笔录（.docx / .txt）")
    ex.add_argument("--case", required=True, metavar="CASE_NO")
    ex.add_argument("--hearing", type=int, default=1, metavar="N", help="第几次开庭（默认 1）")
    ex.add_argument("--docx", metavar="OUT")
    ex.add_argument("--txt", metavar="OUT")
    ex.add_argument("--full-roles", action="store_true", help="发言人用全称（默认简称：仲/申/被/申代/被代/书）")
    ex.add_argument("--page-signature", action="store_true", help="每页页脚加签名行（逐页签名）")
    for name, text in (("finalize", "定稿并签署庭审笔录（锁定并计算摘要）"), ("verify", "核验已定稿的笔录是否被改动")):
        p = sub.add_parser(name, help=text)
        p.add_argument("--case", required=True, metavar="CASE_NO")
        p.add_argument("--hearing", type=int, default=1, metavar="N")

    rec = sub.add_parser("record", help="无界面录音并实时转写到某次开庭（Ctrl-C 或 SIGTERM 结束）")
    rec.add_argument("--case", required=True, metavar="CASE_NO")
    rec.add_argument("--hearing", type=int, default=1, metavar="N")
    source = rec.add_mutually_exclusive_group()
    source.add_argument("--device", metavar="NAME", help="录音设备名称（默认设备：不写）")
    source.add_argument("--replay", metavar="AUDIO", help="以实时速度回放录音文件，走与麦克风相同的代码")
    rec.add_argument("--speaker", default="", help="新段落的发言人身份（如 arbitrator / applicant）")
    rec.add_argument("--model", help="模型文件夹或已安装模型的名称")
    rec.add_argument("--speed", type=float, default=1.0, help=argparse.SUPPRESS)  # tests: faster replay
    recover = sub.add_parser("recover", help="列出并恢复中断的庭审录音")
    recover.add_argument("--list", action="store_true", help="只列出，不恢复")

    sub.add_parser("gui", help="启动图形界面（默认）")
    return parser


def run(args: argparse.Namespace, paths: AppPaths) -> int:
    actor = f"命令行({os_user()})"
    if args.command == "models":
        return _models(args, paths)
    if args.command == "transcribe":
        return _transcribe(args, paths)
    if args.command == "record":
        return _record(args, paths, actor)
    if args.command == "recover":
        return _recover(args, paths, actor)
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
    if args.docx:
        print(f"庭审笔录已导出：{write_transcript_docx(data, Path(args.docx))}")
    if args.txt:
        _write_text(Path(args.txt), transcript_text(data))
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
            print(f"已定稿：{ref.case_no} 第 {ref.session_no} 次开庭，SHA-256 {digest}")
            return 0
        result = sign_off.verify(session, ref.hearing_id, audio_dir=paths.audio_dir)
    if result.ok:
        print(f"核验通过：{ref.case_no} 第 {ref.session_no} 次开庭的笔录与定稿一致（SHA-256 {result.digest}）")
        return 0
    print(f"核验失败：{ref.case_no} 第 {ref.session_no} 次开庭的笔录在定稿后被改动：", file=sys.stderr)
    for problem in result.problems:
        print(f"  - {problem}", file=sys.stderr)
    return 4


def _record(args, paths: AppPaths, actor: str, source=None) -> int:
    """Record into a hearing until stopped. `source` yields PCM blocks (a microphone
    adapter passes its own); without one, --replay plays a file at real-time pace."""
    import signal

    from app.services.cases import find_case_id
    from app.services.live_record import finish_audio, start_audio, store_live_segment, timeline_end
    from app.services.record import RecordLocked, is_finalized
    from app.services.transcript import hearing_for
    from app.speech.engine import load_model
    from app.speech.live import LiveRecorder, replay
    from app.vocabulary import SpeakerRole

    if args.speaker and args.speaker not in {r.value for r in SpeakerRole}:
        print(f"错误：未知的发言人身份 {args.speaker}；可用：{', '.join(r.value for r in SpeakerRole)}", file=sys.stderr)
        return EXIT_USAGE
    if source is None and args.device is not None:
        print("错误：无界面的麦克风录音尚未提供；请在图形界面（庭审工作台 → 开始记录）中用麦克风记录，"
              "或用 --replay 回放录音文件", file=sys.stderr)
        return EXIT_USAGE
    if source is None and not args.replay:
        print("错误：无界面录音需要 --replay（录音文件）；麦克风请在图形界面中使用", file=sys.stderr)
        return EXIT_USAGE
    model = load_model(resolve_model(args.model, paths))
    db = open_database(paths, actor=actor)
    stop = {"now": False}

    def request_stop(signum, frame) -> None:
        stop["now"] = True

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    try:
        with db.session() as s:
            ref = hearing_for(s, find_case_id(s, args.case), args.hearing)
            if is_finalized(s, ref.hearing_id):
                raise RecordLocked("该次庭审笔录已定稿，不能继续录音")
            offset = timeline_end(s, ref.hearing_id)
        rel_dir = f"hearing-{ref.hearing_id}"
        audio_id_box: dict[str, int] = {}

        def on_final(seg) -> None:
            with db.session() as s:
                store_live_segment(s, ref.hearing_id, audio_id_box.get("id"), seg, args.speaker)
            print(f"[{seg.start:8.2f}] {seg.text}", flush=True)

        recorder = LiveRecorder(model, paths.audio_dir, ref.hearing_id, offset=offset, on_final=on_final)
        with db.session() as s:
            audio_id_box["id"] = start_audio(s, ref.hearing_id, f"{rel_dir}/{recorder.pcm_path.with_suffix('.wav').name}",
                                             offset)
        print(f"开始录音：{ref.case_no} 第 {ref.session_no} 次开庭（Ctrl-C 结束）", file=sys.stderr, flush=True)
        blocks = source if source is not None else replay(Path(args.replay), speed=args.speed, stop=lambda: stop["now"])
        for block in blocks:
            recorder.feed(block)
            if stop["now"]:
                break
        wav = recorder.stop()
        with db.session() as s:
            finish_audio(s, audio_id_box["id"], recorder.seconds)
        print(f"录音已保存：{wav}（{recorder.seconds:.1f} 秒）", file=sys.stderr)
        return 0
    finally:
        db.dispose()


def _recover(args, paths: AppPaths, actor: str) -> int:
    from app.services.live_record import describe_interrupted, recover_all

    db = open_database(paths, actor=actor)
    try:
        if args.list:
            found = describe_interrupted(db, paths.audio_dir)
            for info, case_no, session_no in found:
                print(f"{case_no}\t第 {session_no} 次开庭\t{info.seconds:.1f} 秒\t{info.started_at}\t{info.pcm}")
            if not found:
                print("没有中断的庭审录音。")
            return 0
        done = recover_all(db, paths.audio_dir)
        for r in done:
            print(f"已恢复：{r.case_no} 第 {r.session_no} 次开庭，录音 {r.seconds:.1f} 秒，笔录 {r.segments} 段 -> {r.wav}")
        if not done:
            print("没有中断的庭审录音。")
        return 0
    finally:
        db.dispose()


def _models(args, paths: AppPaths) -> int:
    from app.speech.model_store import ModelStore, verify_model

    store = ModelStore(paths.models_dir)
    if args.models_command == "list":
        models = store.models()
        if args.json:
            json.dump([m.as_json() for m in models], sys.stdout, ensure_ascii=False, indent=2)
            sys.stdout.write("\n")
        else:
            for m in models:
                print(f"{'*' if m.is_default else ' '} {m.name}\t{m.language}\t{m.size_bytes / 1024**2:.0f} MB\t{m.path}")
            if not models:
                print("尚未安装模型。用 hearingdesk models install 模型.zip 安装。")
        return 0
    if args.models_command == "verify":
        root = verify_model(Path(args.path))
        print(f"模型完整：{root}")
        return 0
    if args.models_command == "default":
        store.set_default(args.name)
        print(f"默认模型：{args.name}")
        return 0
    last = [-1]

    def progress(done: int, total: int) -> None:
        pct = int(done * 100 / total) if total else 0
        if pct != last[0] and pct % 5 == 0:
            last[0] = pct
            print(f"\r安装中 {pct}%", end="", file=sys.stderr, flush=True)

    info = store.install(Path(args.path), name=args.name, replace=args.replace, progress=progress)
    print(file=sys.stderr)
    print(f"已安装模型 {info.name}（{info.language}，{info.size_bytes / 1024**2:.0f} MB）：{info.path}")
    return 0


def resolve_model(spec: str | None, paths: AppPaths) -> Path:
    from app.speech.errors import ModelError
    from app.speech.model_store import ModelStore

    store = ModelStore(paths.models_dir)
    if spec:
        candidate = Path(spec)
        if candidate.exists():
            return candidate
        for m in store.models():
            if m.name == spec:
                return Path(m.path)
        raise ModelError(f"找不到模型“{spec}”（既不是文件夹，也不是已安装模型的名称）")
    default = store.default_model()
    if default is None:
        raise ModelError("尚未安装语音模型：请先运行 hearingdesk models install 模型.zip，或用 --model 指定")
    return Path(default.path)


def _transcribe(args, paths: AppPaths) -> int:
    from app.speech.file_transcriber import transcribe_file

    model = resolve_model(args.model, paths)
    words = []
    if args.words:
        for line in Path(args.words).read_text(encoding="utf-8").splitlines():
            if "\t" in line:
                heard, meant = line.split("\t", 1)
                words.append((heard.strip(), meant.strip()))

    def progress(p) -> None:
        eta = f"，剩余约 {int(p.eta_seconds)} 秒" if p.eta_seconds is not None else ""
        total = f"/{p.total_seconds:.0f}" if p.total_seconds else ""
        stage = "解码" if p.stage == "decoding" else "识别"
        print(f"\r{stage} {p.done_seconds:.0f}{total} 秒{eta}   ", end="", file=sys.stderr, flush=True)

    transcript = transcribe_file(Path(args.audio), model, jobs=args.jobs, progress=progress,
                                 digits=args.digits, word_list=words)
    print(file=sys.stderr)
    if not transcript.segments:
        print("提示：录音中没有识别出语音（可能只有静音）。", file=sys.stderr)
    payload = json.dumps(transcript.as_json(), ensure_ascii=False, indent=2) + "\n"
    if args.json_out == "-" or (not args.json_out and not args.txt_out):
        sys.stdout.write(payload)
    elif args.json_out:
        _write_text(Path(args.json_out), payload)
    if args.txt_out:
        _write_text(Path(args.txt_out), transcript.as_text())
    return 0


def _write_text(path: Path, text: str) -> None:
    """Write through a temp file in the same folder: a failure leaves no half file."""
    import os
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".hd-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def report_error(exc: BaseException) -> int:
    """Print what went wrong for a user and return the exit code."""
    if isinstance(exc, DatabaseError):
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_DATA
    from app.speech.errors import SpeechError

    if isinstance(exc, SpeechError):
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_DATA
    if isinstance(exc, LookupError):
        print(f"错误：{exc.args[0] if exc.args else exc}", file=sys.stderr)
        return EXIT_USAGE
    print(f"错误：{exc}", file=sys.stderr)
    return 1
