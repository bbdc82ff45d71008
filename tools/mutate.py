"""Hand-picked mutation testing: does the suite notice when an important line is wrong?

Each mutation below changes one line of the rules, the seal, the record editing or the
Chinese clean-up the way a plausible slip would (an off-by-one, a boundary, a missing
field, a check left out). The tool copies the source tree to a temporary folder (the working
tree is never edited), and for each mutation alone: writes the mutated file into the copy,
runs only the tests that should notice (SQLite only, stop at the first failure), and puts the
file back. A mutation is *caught* when those tests fail, *survived* when they pass.

    python tools/mutate.py              # all of them; prints caught/survived and the tally
    python tools/mutate.py --list       # what each one does
    python tools/mutate.py --only R3 S2 # some of them

It runs one pytest at a time (the machine has 2 cores shared with others). A mutation whose
original snippet is no longer in its file is reported as *stale*: the code moved on, so the
list must be updated (the tool exits non-zero, as for a survivor). Before mutating, each test
selection is run once on the unmutated copy and must pass.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COPY = ("app", "tests", "resources", "pyproject.toml", "alembic.ini")


@dataclass(frozen=True)
class Mutation:
    id: str
    file: str
    original: str
    mutated: str
    tests: tuple[str, ...]  # pytest arguments: files, node ids, -k expressions
    what: str


DEADLINES = "app/rules/deadlines.py"
COMPENSATION = "app/rules/compensation.py"
SIGN_OFF = "app/services/sign_off.py"
RECORD = "app/services/record.py"
HEADER = "app/services/record_header.py"
CHINESE = "app/speech/chinese.py"
LIVE = "app/speech/live.py"

T_DEADLINES = ("tests/rules/test_deadlines.py",)
T_REGISTER = ("tests/rules/test_deadlines.py", "tests/services/test_cases.py", "-k", "deadline or paused or pause or register")
T_COMPENSATION = ("tests/rules/test_compensation.py", "tests/rules/test_compensation_edges.py")
T_SIGN_OFF = ("tests/services/test_sign_off.py", "tests/export/test_transcript.py", "-k", "not libreoffice and not cli")
T_RECORD = ("tests/services/test_record.py",)
T_CHINESE = ("tests/speech/test_chinese.py",)

MUTATIONS = [
    # -- time limits (调解仲裁法 Art 43; 办案规则 Art 19, 45-47) ---------------------------------
    Mutation("R1", DEADLINES, "if e.starts_on <= today and (e.ends_on is None or today <= e.ends_on):",
             "if e.starts_on <= today and e.ends_on is None:", T_REGISTER,
             "a dated pause covering today not shown as paused (bug 1 of issue 17)"),
    Mutation("R2", DEADLINES, "if e.starts_on <= today and (e.ends_on is None or today <= e.ends_on):",
             "if e.ends_on is None or today <= e.ends_on:", T_REGISTER,
             "a pause that starts later counts as running now"),
    Mutation("R3", DEADLINES, "day = start + timedelta(days=limits.decision_days + extension_days)",
             "day = start + timedelta(days=limits.decision_days + extension_days - 1)", T_DEADLINES,
             "the acceptance day counted (off by one)"),
    Mutation("R4", DEADLINES, "day += timedelta(days=(last - first).days + 1)",
             "day += timedelta(days=(last - first).days)", T_DEADLINES,
             "a pause's last day not counted as paused"),
    Mutation("R5", DEADLINES, "if merged and first <= merged[-1][1] + timedelta(days=1):",
             "if merged and first < merged[-1][1]:", T_DEADLINES,
             "pauses sharing a day not merged (the day counted twice)"),
    Mutation("R6", DEADLINES, "        if first > day:\n            break",
             "        if first >= day:\n            break", T_DEADLINES,
             "a pause starting on the last day ignored"),
    Mutation("R7", DEADLINES, "if extension_days > limits.max_extension_days:",
             "if extension_days > limits.max_extension_days + 1:", T_DEADLINES,
             "a 16-day extension accepted"),
    Mutation("R8", DEADLINES, "first = max(first, start + timedelta(days=1))", "first = max(first, start)", T_DEADLINES,
             "a pause on the (uncounted) start day pushes the deadline"),
    Mutation("R9", DEADLINES, "if days_left <= urgent:", "if days_left < urgent:", T_DEADLINES,
             "the urgent level starts a day late"),
    Mutation("R10", DEADLINES, "restarted_on = max(restarts) if restarts else None",
             "restarted_on = min(restarts) if restarts else None", T_DEADLINES,
             "the earliest restart wins instead of the latest"),
    Mutation("R11", DEADLINES, "return calendar.next_working_day_on_or_after(day) if calendar is not None else day",
             "return day", T_DEADLINES, "a last day on a holiday does not roll"),
    # -- compensation (劳动合同法 Art 47, 82; 劳动法 Art 44; 调解仲裁法 Art 47) -------------------
    Mutation("C1", COMPENSATION, "elif months or days:", "elif months:", T_COMPENSATION,
             "the 6-month rule counts months only (a remainder of days ignored)"),
    Mutation("C2", COMPENSATION, "if m > cap:", "if m >= cap:", T_COMPENSATION,
             "the 3x cap applied at equality"),
    Mutation("C3", COMPENSATION, "if months >= 6:", "if months > 6:", T_COMPENSATION,
             "six months remainder counted as half a month"),
    Mutation("C4", COMPENSATION, "first = add_months(start, 1)  # the day after the first month",
             "first = start", T_COMPENSATION, "double wage counted from the first month (Art 82: after it)"),
    Mutation("C5", COMPENSATION, "_OVERTIME_RATES = (Fraction(3, 2), Fraction(2), Fraction(3))",
             "_OVERTIME_RATES = (Fraction(2), Fraction(2), Fraction(3))", T_COMPENSATION, "workday overtime at 200%"),
    Mutation("C6", COMPENSATION, "return _money(amount) <= final_award_limit(min_wage)",
             "return _money(amount) < final_award_limit(min_wage)", T_COMPENSATION,
             "an amount equal to 12 minimum wages not final"),
    # -- the seal (办案规则 Art 42) ---------------------------------------------------------
    Mutation("S1", SIGN_OFF, "s.speaker, s.text, s.private_note", "s.text, s.private_note", T_SIGN_OFF,
             "the speaker left out of a segment's digest"),
    Mutation("S2", SIGN_OFF, "s.speaker, s.text, s.private_note", "s.speaker, s.text", T_SIGN_OFF,
             "the internal-note flag left out of a segment's digest"),
    Mutation("S3", SIGN_OFF, 'parts["corrections"] = d(', "_ = d(", T_SIGN_OFF,
             "corrections left out of the manifest"),
    Mutation("S4", SIGN_OFF, "c.accepted, c.reason", "c.reason", T_SIGN_OFF,
             "a correction's outcome left out of the manifest"),
    Mutation("S5", SIGN_OFF, "    if existing is not None or hearing.sealed:\n", "    if False:\n", T_SIGN_OFF,
             "finalising twice (only the unique constraint stops it)"),
    Mutation("S6", SIGN_OFF, "    if missing:\n", "    if False:\n", T_SIGN_OFF,
             "finalising with a recording missing"),
    Mutation("S7", SIGN_OFF, "for part in sorted(set(stored) | set(now)):", "for part in sorted(stored):", T_SIGN_OFF,
             "a segment inserted after sign-off not checked"),
    Mutation("S8", SIGN_OFF, '_file_digest(key, path) if path.is_file() else "missing"',
             '"present" if path.is_file() else "missing"', T_SIGN_OFF, "the audio's content not sealed"),
    Mutation("S9", SIGN_OFF, "    seal.digest = _overall(key, hearing_id, parts, seal.finalized_by, seal.finalized_at)\n", "",
             T_SIGN_OFF,
             "a correction after sign-off does not renew the overall digest"),
    Mutation("S10", SIGN_OFF, 'else keyed_digest(key, headers.canonical(header).encode())',
             "else d(header_data(session, hearing))", T_SIGN_OFF,
             "the sealed header snapshot not covered by the seal (the live case instead)"),
    Mutation("S11", HEADER, "    if header and not isinstance(header, Unreadable):\n        return header\n", "",
             ("tests/services/test_sealed_header.py",), "a finalised 笔录 printed from the live case, not its sealed header"),
    # -- editing the record ---------------------------------------------------------------
    Mutation("E1", RECORD, "    if seg.version != version:\n", "    if False:\n", T_RECORD,
             "a stale version accepted by edit"),
    Mutation("E2", RECORD, "if version is not None and seg.version != version:", "if False:", T_RECORD,
             "a stale version accepted by split"),
    Mutation("E3", RECORD, "if accepted and req.segment_id and req.proposed_text:",
             "if req.segment_id and req.proposed_text:", T_RECORD, "a refused correction still rewrites the line"),
    Mutation("E4", RECORD, "if not 0 < position < len(text):", "if not 0 <= position <= len(text):", T_RECORD,
             "split at position 0 or at the end"),
    Mutation("E5", RECORD, "        seg.text = seg.text.replace(find, replacement)\n",
             "        seg.text = seg.text.replace(find, replacement)\n"
             "        seg.raw_text = seg.raw_text.replace(find, replacement)\n", T_RECORD,
             "replace rewriting raw_text"),
    Mutation("E6", RECORD, "segs = sorted((_segment(session, sid) for sid in segment_ids), key=lambda s: s.start)",
             "segs = [_segment(session, sid) for sid in segment_ids]", T_RECORD,
             "merge into the first selected, not the earliest"),
    Mutation("E7", RECORD, "    if speaker and speaker not in {r.value for r in SpeakerRole}:\n",
             "    if False:\n", T_RECORD, "relabel accepts an unknown speaker"),
    Mutation("E8", RECORD, "    _editable(session, hearing_id)\n    if not text.strip():",
             "    if not text.strip():", T_RECORD, "a typed line added to a finalised record"),
    Mutation("E9", RECORD, '''    _editable(session, hearing_id)
    if not find:''', "    if not find:", T_RECORD,
             "search and replace in a finalised record"),
    Mutation("E10", RECORD, 'cut = words[index]["start"]', 'cut = words[index - 1]["end"]', T_RECORD,
             "split time at the end of the last word kept, not the start of the next"),
    Mutation("E11", RECORD, "session.delete(_segment(session, segment_id))",
             "session.delete(session.get(TranscriptSegment, segment_id))", T_RECORD,
             "delete bypasses the lock"),
    Mutation("E12", RECORD, "    if not text.strip():\n        raise ValueError(\"内容不能为空\")",
             "    if not text:\n        raise ValueError(\"内容不能为空\")", T_RECORD, "a blank typed line accepted"),
    # -- Chinese clean-up ------------------------------------------------------------------
    Mutation("Z1", CHINESE, "sorted(replacements, key=lambda pair: -len(pair[0]))", "list(replacements)", T_CHINESE,
             "the word list not applied longest-first"),
    Mutation("Z2", CHINESE, "COMMA_PAUSE = 0.35", "COMMA_PAUSE = 0.6", T_CHINESE, "comma pause 0.6 s"),
    Mutation("Z3", CHINESE, "question = out.endswith(QUESTION_ENDINGS) or any(q in last_clause for q in QUESTION_WORDS)",
             "question = out.endswith(QUESTION_ENDINGS)", T_CHINESE, "question words ignored"),
    Mutation("Z4", CHINESE, "section += (number or 1) * _UNITS[ch]", "section += number * _UNITS[ch]", T_CHINESE,
             "十五 read as 5"),
    Mutation("Z5", CHINESE, "    if digits:\n", "    if False:\n", T_CHINESE, "digits never written"),
    Mutation("Z6", CHINESE, "    if digits:\n        text = normalise_digits(text)\n    segment.text = apply_word_list(text, word_list)",
             "    text = apply_word_list(text, word_list)\n    if digits:\n        text = normalise_digits(text)\n"
             "    segment.text = text", T_CHINESE, "the word list applied before the digits"),
    Mutation("Z7", CHINESE, 'return re.sub(r"\\s+", " ", _BETWEEN_CJK.sub("", text)).strip()',
             'return re.sub(r"\\s+", " ", text).strip()', T_CHINESE, "spaces kept between Chinese characters"),
    # -- the live journal -----------------------------------------------------------------
    Mutation("J1", LIVE, "        os.fsync(self._fh.fileno())\n", "", ("tests/speech/test_live_recorder.py", "-k", "disk"),
             "the live journal never synced"),
    Mutation("J2", LIVE, " or self.fed_bytes - self.synced_bytes >= SYNC_BYTES:", ":",
             ("tests/speech/test_live_recorder.py", "-k", "disk"), "synced by the clock only (a burst stays unsynced)"),
]


def copy_tree(dst: Path) -> None:
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".pytest_cache")
    for name in COPY:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dst / name, ignore=ignore)
        elif src.exists():
            shutil.copy2(src, dst / name)


def run_tests(tree: Path, args: tuple[str, ...], timeout: float) -> tuple[int, str]:
    env = {**os.environ, "PYTHONPATH": str(tree), "PYTHONDONTWRITEBYTECODE": "1"}
    cmd = [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", "-m", "not postgres", "--no-header",
           "-o", "addopts=", *args]
    try:
        r = subprocess.run(cmd, cwd=tree, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return -1, "timed out"
    failed = re.findall(r"^(?:FAILED|ERROR) (\S+)", r.stdout, re.M)
    return r.returncode, failed[0] if failed else r.stdout.strip().splitlines()[-1] if r.stdout.strip() else r.stderr[-300:]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", nargs="+", metavar="ID", help="run only these mutations")
    ap.add_argument("--list", action="store_true", help="list the mutations and exit")
    ap.add_argument("--timeout", type=float, default=600, help="seconds for one test run (default 600)")
    args = ap.parse_args(argv)
    chosen = [m for m in MUTATIONS if not args.only or m.id in args.only]
    if args.list:
        for m in chosen:
            print(f"{m.id:4} {m.file:28} {m.what}")
        return 0
    if not chosen:
        print("没有这样的变异：" + " ".join(args.only), file=sys.stderr)
        return 2
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="hd-mutate-") as tmp:
        tree = Path(tmp) / "hearingdesk"
        tree.mkdir()
        copy_tree(tree)
        for selection in dict.fromkeys(m.tests for m in chosen):
            code, detail = run_tests(tree, selection, args.timeout)
            if code != 0:
                print(f"the unmutated tree fails {' '.join(selection)}: {detail}", file=sys.stderr)
                return 2
        results = {"caught": 0, "survived": 0, "stale": 0}
        for m in chosen:
            path = tree / m.file
            source = path.read_text(encoding="utf-8")
            count = source.count(m.original)
            if count != 1:
                results["stale"] += 1
                print(f"{m.id:4} STALE     {m.what}: the original snippet occurs {count} times in {m.file}", flush=True)
                continue
            t0 = time.monotonic()
            path.write_text(source.replace(m.original, m.mutated), encoding="utf-8")
            try:
                code, detail = run_tests(tree, m.tests, args.timeout)
            finally:
                path.write_text(source, encoding="utf-8")
            verdict = "survived" if code == 0 else "caught"
            results[verdict] += 1
            shown = detail if verdict == "caught" else "all selected tests pass"
            print(f"{m.id:4} {verdict.upper():9} {m.what}  [{time.monotonic() - t0:.0f} s] {shown}", flush=True)
    total = sum(results.values())
    print(f"\n{results['caught']} of {total} mutations caught, {results['survived']} survived, "
          f"{results['stale']} stale ({time.monotonic() - started:.0f} s)")
    return 0 if results["caught"] == total else 1


if __name__ == "__main__":
    sys.exit(main())
