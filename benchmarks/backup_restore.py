"""Backup and restore time and size for an office's data (issue 12).

    python benchmarks/backup_restore.py [--cases 10000] [--hours 100]

Generates a data dir with `--cases` cases (the register benchmark's rows, plus one hearing
record of `--segments-per-hour` lines per audio hour) and `--hours` hours of hearing audio as
the live recorder writes it (16 kHz mono 16-bit WAV, one file per hour), then measures in one run:

  baseline   a bare copy of the data dir (shutil.copytree): the floor any backup pays
  backup     `app.services.backup.backup` (SQLite online backup + audio + SHA-256 manifest)
  restore    `restore` into an empty data dir (digests checked first, then copied)

Each generated or copied file is dropped from the page cache (posix_fadvise) so every step
reads from disk as a real backup would.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
import wave
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert, select  # noqa: E402

from app.bootstrap import open_database  # noqa: E402
from app.config import AppPaths  # noqa: E402
from app.models import Hearing, HearingAudio, TranscriptSegment  # noqa: E402
from app.services.access import system_principal  # noqa: E402
from app.services.backup import backup, restore  # noqa: E402
from app.services.demo import seed_office  # noqa: E402
from benchmarks.register_load import fill  # noqa: E402

RATE = 16_000
HOUR_BYTES = RATE * 2 * 3600


def _drop_cache(path: Path) -> None:
    if hasattr(os, "posix_fadvise"):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)


def drop_tree(root: Path) -> None:
    for p in root.rglob("*"):
        if p.is_file():
            _drop_cache(p)


def make_audio(db, paths: AppPaths, hours: int, segments_per_hour: int) -> None:
    """One hour of WAV per hearing, different bytes in every file, and its record lines."""
    seed = os.urandom(1 << 20)
    with db.session() as s:
        hearing_ids = list(s.scalars(select(Hearing.id).order_by(Hearing.id).limit(hours)))
    for n, hearing_id in enumerate(hearing_ids):
        rel = f"hearing-{hearing_id}/live-{n}.wav"
        path = paths.audio_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        with wave.open(str(path), "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(RATE)
            block = bytes((b + n) % 256 for b in seed[:4096]) + seed
            written = 0
            while written < HOUR_BYTES:
                chunk = block[: min(len(block), HOUR_BYTES - written)]
                w.writeframes(chunk)
                written += len(chunk)
        _drop_cache(path)
        step = 3600 / segments_per_hour
        with db.engine.begin() as conn:
            audio_id = conn.execute(insert(HearingAudio).values(
                hearing_id=hearing_id, path=rel, original_name="现场录音", duration=3600.0, offset=0.0)).inserted_primary_key[0]
            conn.execute(insert(TranscriptSegment), [dict(
                hearing_id=hearing_id, audio_id=audio_id, start=i * step, end=i * step + step - 0.5,
                text="申请人称其于二〇二一年三月八日入职，月工资八千二百元，公司未签订书面劳动合同。",
                raw_text="申请人 称 其 于 二〇二一年 三月 八日 入职", conf=0.86, speaker="applicant", source="speech",
                words="[]", private_note=False, version=1, created_at=datetime(2026, 11, 1), updated_at=datetime(2026, 11, 1),
            ) for i in range(segments_per_hour)])


def size_of(root: Path) -> int:
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file())


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--hours", type=int, default=100)
    parser.add_argument("--segments-per-hour", type=int, default=600)
    parser.add_argument("--dir", default=None, help="where to generate (default: a temp dir)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        home = Path(tmp) / "office"
        paths = AppPaths(home)
        db = open_database(paths, actor="bench")
        db.sign_in(system_principal("bench"))  # generated data: internal work, every permission
        with db.session() as s:
            seed_office(s)
        t = time.perf_counter()
        fill(db, args.cases)
        make_audio(db, paths, args.hours, args.segments_per_hour)
        print(f"generated {args.cases} cases, {args.hours} h of audio in {time.perf_counter() - t:.0f} s (setup)")
        data_size = size_of(home)
        db_size = sum(p.stat().st_size for p in home.glob("hearingdesk.db*"))
        print(f"data dir: {data_size / 1e9:.2f} GB (database with its WAL {db_size / 1e6:.1f} MB)")

        drop_tree(home)
        t = time.perf_counter()
        shutil.copytree(home, Path(tmp) / "plain-copy")
        drop_tree(Path(tmp) / "plain-copy")
        baseline = time.perf_counter() - t
        shutil.rmtree(Path(tmp) / "plain-copy")

        drop_tree(home)
        out = Path(tmp) / "backup"
        t = time.perf_counter()
        result = backup(db, paths, out)
        drop_tree(out)
        took = time.perf_counter() - t
        db.dispose()
        backup_size = size_of(out)
        shutil.rmtree(home)  # room on the disk for the restore

        target = AppPaths(Path(tmp) / "restored")
        t = time.perf_counter()
        restore(out, target, db_url=f"sqlite:///{target.sqlite_file}",
                environ={"HEARINGDESK_OFFICE_KEY": db.office_key.hex()})
        drop_tree(target.data_dir)
        restored = time.perf_counter() - t

        rows = [("baseline: plain copy of the data dir", baseline, data_size),
                ("backup (online backup + audio + manifest)", took, backup_size),
                ("restore (check digests, copy back)", restored, size_of(target.data_dir))]
        for name, secs, size in rows:
            print(f"{name:<44} {secs:8.1f} s  {size / 1e9:7.2f} GB  {size / 1e6 / secs:6.0f} MB/s")
        print(f"backup files: {result.files}; vs baseline: {took / baseline:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
