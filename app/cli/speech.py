"""Speech commands: `hearingdesk models`, `transcribe`, `record`, `recover`, `devices`.
No Qt here: the microphone comes in as `audio_input` from the composition root."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from app.bootstrap import open_database
from app.cli import users as cli_users
from app.cli.common import EXIT_DATA, EXIT_USAGE, write_text
from app.config import AppPaths


def run(args, paths: AppPaths, actor: str, *, audio_input=None) -> int:
    if args.command == "models":
        return _models(args, paths)
    if args.command == "transcribe":
        return _transcribe(args, paths)
    if args.command == "record":
        return _record(args, paths, actor, audio_input)
    if args.command == "devices":
        return _devices(audio_input)
    return _recover(args, paths, actor)


def _devices(audio_input) -> int:
    devices = audio_input.devices() if audio_input is not None else []
    for device_id, description in devices:
        print(f"{description}\t{device_id}")
    if not devices:
        print("没有找到录音设备（麦克风）。", file=sys.stderr)
        return EXIT_USAGE
    return 0


def _record(args, paths: AppPaths, actor: str, audio_input=None) -> int:
    """Record into a hearing until stopped: from a microphone (--device, through
    `audio_input`) or a file replayed at real-time pace (--replay); the same recorder."""
    import signal

    from app.services.cases import find_case_id
    from app.services.live_record import begin_live, open_store
    from app.services.transcript import hearing_for
    from app.speech.audio import probe
    from app.speech.engine import load_model
    from app.speech.live import (
        LiveRecorder,
        mark_stored,
        mark_unstored,
        replay,
    )
    from app.vocabulary import SpeakerRole

    if args.speaker and args.speaker not in {r.value for r in SpeakerRole}:
        print(f"错误：未知的发言人身份 {args.speaker}；可用：{', '.join(r.value for r in SpeakerRole)}", file=sys.stderr)
        return EXIT_USAGE
    if args.device is None and not args.replay:
        print("错误：请指定音源：--device [设备名称]（麦克风）或 --replay 录音文件", file=sys.stderr)
        return EXIT_USAGE
    if args.device is not None and audio_input is None:
        print("错误：本机无法使用麦克风（缺少 QtMultimedia）", file=sys.stderr)
        return EXIT_USAGE
    if args.replay:
        probe(Path(args.replay))  # a file that is not audio is refused before any journal or audio row
    model = load_model(resolve_model(args.model, paths))
    db = open_database(paths, actor=actor)
    cli_users.sign_in(db, args)
    stop = {"now": False}

    def request_stop(signum, frame) -> None:
        stop["now"] = True

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    try:
        with db.session() as s:
            ref = hearing_for(s, find_case_id(s, args.case), args.hearing)
            live = begin_live(s, ref.hearing_id)  # the seal and the account's right, checked once here

        def say(message: str) -> None:
            print(message, file=sys.stderr, flush=True)

        # The lines go to the journal first, then to the database on the store's own thread:
        # the recording never waits for the database, nor stops when it is away.
        store = open_store(db, live, notify=say)

        def on_final(seg) -> None:
            store.add(seg, args.speaker)
            print(f"[{seg.start:8.2f}] {seg.text}", flush=True)

        recorder = None  # made once the device is open; device events only come while it records

        def on_device(state, description) -> None:
            if state.value == "lost" and recorder is not None:
                recorder.end_utterance()
            say(f"{state.label}：{description}")

        # the device is opened before the journal: a missing microphone leaves nothing behind
        source = (audio_input.open(args.device, stop=lambda: stop["now"], on_state=on_device)
                  if args.device is not None else None)
        warned = ""

        def on_level(level) -> None:
            nonlocal warned
            if level.warning.message != warned:
                warned = level.warning.message
                if warned:
                    say(f"警告：{warned}")

        recorder = LiveRecorder(model, paths.audio_dir, ref.hearing_id, offset=live.offset, on_final=on_final,
                                on_level=on_level, journal=live.journal, words=live.words)
        say(f"开始录音：{ref.case_no} 第 {ref.session_no} 次开庭（Ctrl-C 结束）")
        blocks = source if source is not None else replay(Path(args.replay), speed=args.speed, stop=lambda: stop["now"])
        for block in blocks:  # both sources end by themselves once stop is requested, after their last block
            recorder.feed(block)
        wav = recorder.stop()
        say(f"录音已保存：{wav}（{recorder.seconds:.1f} 秒）")
        if store.finish(recorder.seconds):
            mark_stored(recorder.sidecar)
        else:
            mark_unstored(recorder.sidecar)
            say(f"有 {store.unstored} 项笔录或录音信息尚未写入数据库，已保存在录音日志中；"
                "数据库可用后运行 hearingdesk recover 写入")
            return EXIT_DATA
        return 0
    finally:
        db.dispose()


def _recover(args, paths: AppPaths, actor: str) -> int:
    from app.services.live_record import describe_interrupted, recover_all

    db = open_database(paths, actor=actor)
    cli_users.sign_in(db, args)
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
            if r.problem:
                print(f"未写入数据库：{r.case_no} 第 {r.session_no} 次开庭：{r.problem}：{r.wav}", file=sys.stderr)
                continue
            print(f"已恢复：{r.case_no} 第 {r.session_no} 次开庭，录音 {r.seconds:.1f} 秒，笔录 {r.segments} 段 -> {r.wav}")
        if not done:
            print("没有中断的庭审录音。")
        return 0
    finally:
        db.dispose()


def _models(args, paths: AppPaths) -> int:
    from app.speech.model_store import ModelStore, install_from_folder, models_in_folder, verify_model

    store = ModelStore(paths.models_dir)
    if args.models_command == "list":
        models = store.models()
        if args.json:
            json.dump([m.as_json() for m in models], sys.stdout, ensure_ascii=False, indent=2)
            sys.stdout.write("\n")
        else:
            for m in models:
                print(f"{'*' if m.is_default else ' '} {m.name}\t{m.engine}\t{m.language}\t{m.size_bytes / 1024**2:.0f} MB"
                      f"\t{m.path}")
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

    source = Path(args.path)
    if source.is_dir() and not (source / "am").is_dir() and models_in_folder(source):  # a stick's models/
        done, skipped = install_from_folder(store, source, replace=args.replace, progress=progress)
        print(file=sys.stderr)
        for info in done:
            print(f"已安装模型 {info.name}（{info.language}，{info.size_bytes / 1024**2:.0f} MB）：{info.path}")
        for name in skipped:
            print(f"已有模型 {name}，跳过（覆盖请加 --replace）")
        return 0
    info = store.install(source, name=args.name, replace=args.replace, progress=progress)
    print(file=sys.stderr)
    print(f"已安装模型 {info.name}（{info.engine}，{info.language}，{info.size_bytes / 1024**2:.0f} MB）：{info.path}")
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
    from app.speech.case_words import CaseWords, WordsError, read_words_file
    from app.speech.file_transcriber import transcribe_file

    try:  # read first: a bad word list is refused before the model is looked for
        words = read_words_file(Path(args.words)) if args.words else CaseWords()
    except WordsError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_USAGE
    model = resolve_model(args.model, paths)

    def progress(p) -> None:
        eta = f"，剩余约 {int(p.eta_seconds)} 秒" if p.eta_seconds is not None else ""
        total = f"/{p.total_seconds:.0f}" if p.total_seconds else ""
        stage = "解码" if p.stage == "decoding" else "识别"
        print(f"\r{stage} {p.done_seconds:.0f}{total} 秒{eta}   ", end="", file=sys.stderr, flush=True)

    import os

    cores = os.cpu_count() or 1
    if args.jobs is not None and not 1 <= args.jobs <= cores:
        print(f"提示：--jobs {args.jobs} 调整为 {max(1, min(args.jobs, cores))}（本机 {cores} 个核）", file=sys.stderr)
    jobs = None if args.jobs is None else max(1, min(args.jobs, cores))
    import signal
    import threading

    cancel = threading.Event()

    def terminate(signum, frame) -> None:  # SIGTERM: stop the workers, remove the decoded spool, exit
        cancel.set()

    signal.signal(signal.SIGTERM, terminate)
    from app.speech.errors import Cancelled

    try:
        transcript = transcribe_file(Path(args.audio), model, jobs=jobs, progress=progress, cancel=cancel,
                                     words=words, whisper_hotwords=args.hotwords)
    except Cancelled:
        print("\n已中止（SIGTERM），临时文件已删除", file=sys.stderr)
        return 128 + signal.SIGTERM
    print(file=sys.stderr)
    if not transcript.segments:
        print("提示：录音中没有识别出语音（可能只有静音）。", file=sys.stderr)
    payload = json.dumps(transcript.as_json(), ensure_ascii=False, indent=2) + "\n"
    if args.json_out == "-" or (not args.json_out and not args.txt_out):
        sys.stdout.write(payload)
    elif args.json_out:
        write_text(Path(args.json_out), payload)
    if args.txt_out:
        write_text(Path(args.txt_out), transcript.as_text())
    return 0


