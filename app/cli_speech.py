"""Speech commands: `hearingdesk models`, `transcribe`, `record`, `recover`, `devices`.
No Qt here: the microphone comes in as `audio_input` from the composition root."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from app.bootstrap import open_database
from app.cli import EXIT_USAGE, _write_text
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
    from app.services.live_record import finish_audio, start_audio, store_live_segment, timeline_end
    from app.services.record import RecordLocked, is_finalized
    from app.services.transcript import hearing_for
    from app.speech.engine import load_model
    from app.speech.live import LiveRecorder, replay
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

        recorder = None  # made once the device is open; device events only come while it records

        def on_device(state, description) -> None:
            if state.value == "lost" and recorder is not None:
                recorder.end_utterance()
            print(f"{state.label}：{description}", file=sys.stderr, flush=True)

        # the device is opened before the journal: a missing microphone leaves nothing behind
        source = (audio_input.open(args.device, stop=lambda: stop["now"], on_state=on_device)
                  if args.device is not None else None)
        warned = ""

        def on_level(level) -> None:
            nonlocal warned
            if level.warning.message != warned:
                warned = level.warning.message
                if warned:
                    print(f"警告：{warned}", file=sys.stderr, flush=True)

        recorder = LiveRecorder(model, paths.audio_dir, ref.hearing_id, offset=offset, on_final=on_final,
                                on_level=on_level)
        with db.session() as s:
            audio_id_box["id"] = start_audio(s, ref.hearing_id, f"{rel_dir}/{recorder.pcm_path.with_suffix('.wav').name}",
                                             offset)
        print(f"开始录音：{ref.case_no} 第 {ref.session_no} 次开庭（Ctrl-C 结束）", file=sys.stderr, flush=True)
        blocks = source if source is not None else replay(Path(args.replay), speed=args.speed, stop=lambda: stop["now"])
        for block in blocks:  # both sources end by themselves once stop is requested, after their last block
            recorder.feed(block)
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

    info = store.install(Path(args.path), name=args.name, replace=args.replace, progress=progress)
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
    from app.speech.case_words import CaseWords, read_words_file
    from app.speech.file_transcriber import transcribe_file

    model = resolve_model(args.model, paths)
    words = read_words_file(Path(args.words)) if args.words else CaseWords()

    def progress(p) -> None:
        eta = f"，剩余约 {int(p.eta_seconds)} 秒" if p.eta_seconds is not None else ""
        total = f"/{p.total_seconds:.0f}" if p.total_seconds else ""
        stage = "解码" if p.stage == "decoding" else "识别"
        print(f"\r{stage} {p.done_seconds:.0f}{total} 秒{eta}   ", end="", file=sys.stderr, flush=True)

    transcript = transcribe_file(Path(args.audio), model, jobs=args.jobs, progress=progress,
                                 word_list=words.corrections, hotwords=words.hotwords())
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


