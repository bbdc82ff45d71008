"""Cold start of the one-folder app to its main window showing the demo register, beside
`python -c "import PySide6.QtWidgets"` in the same run (target: under 3 s).

    python benchmarks/startup.py [--app DIR] [--rounds 3]

--app: a folder app built by tools/build_release.py (default: built here first, about 2 min).
Each round, interleaved: the folder app (`hearingdesk gui --exit-when-shown`, offscreen), the
source install (`python -m app gui --exit-when-shown`) and the bare PySide6 import, each after
dropping the page cache when this process may (root on Linux: "cold"), then once more at once
("warm"). The app prints its own marks (time.perf_counter, the same clock as here), so the
time splits into: process start to the first line of Python (the bootloader and interpreter),
imports (PySide6, SQLAlchemy, Alembic, the app), QApplication, database open and migration
check, window built, window shown with the register loaded.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

STEPS = [("entry", "process start → first line of Python"), ("imports", "imports (PySide6, SQLAlchemy, Alembic, app)"),
         ("qapplication", "QApplication and font"), ("database", "database open + migration check"),
         ("window_built", "main window built"), ("shown", "shown, register loaded")]


def drop_caches() -> bool:
    try:
        os.sync()
        with open("/proc/sys/vm/drop_caches", "w") as fh:
            fh.write("3\n")
        return True
    except OSError:
        return False


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, dict]:
    start = time.perf_counter()
    result = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300, check=False)
    end = time.perf_counter()
    if result.returncode != 0:
        raise SystemExit(f"{cmd} failed:\n{result.stderr[-2000:]}")
    marks = {}
    lines = result.stdout.strip().splitlines()
    if lines and lines[-1].startswith("{"):
        marks = json.loads(lines[-1])["marks"]
    return start, {"end": end, **marks}


def build_app(out: Path) -> Path:
    from tools.build_release import build_app as build
    from tools.build_release import host_platform

    return build(host_platform(), out, out / "work")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--app", type=Path, help="folder app (default: build one)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="hd-startup-") as tmp:
        tmp = Path(tmp)
        app_dir = args.app or build_app(tmp / "out")
        exe = str(app_dir / ("hearingdesk.exe" if sys.platform == "win32" else "hearingdesk"))
        env = {k: v for k, v in os.environ.items() if not k.startswith(("HEARINGDESK_", "PYTHONPATH"))}
        env.update(HEARINGDESK_HOME=str(tmp / "data"), QT_QPA_PLATFORM="offscreen",
                   HEARINGDESK_NEW_PASSWORD="demo-pass-1", HEARINGDESK_PASSWORD="demo-pass-1")
        subprocess.run([exe, "demo", "--today", "2026-11-27"], env=env, check=True, capture_output=True)
        source_env = {**env, "PYTHONPATH": str(ROOT)}
        runs = {
            "folder app": ([exe, "--user", "徐主任", "gui", "--exit-when-shown"], env),
            "source install (python -m app)": ([sys.executable, "-m", "app", "--user", "徐主任", "gui", "--exit-when-shown"],
                                               source_env),
            "baseline: python -c 'import PySide6.QtWidgets'": ([sys.executable, "-c", "import PySide6.QtWidgets"], env),
        }
        results: dict[tuple[str, str], list[tuple[float, dict]]] = {}
        cold_possible = drop_caches()
        for _ in range(args.rounds):
            for name, (cmd, run_env) in runs.items():
                if cold_possible:
                    drop_caches()
                    results.setdefault((name, "cold"), []).append(timed(cmd, run_env))
                results.setdefault((name, "warm"), []).append(timed(cmd, run_env))
    print(f"startup, median of {args.rounds} (cold = page cache dropped before the run"
          f"{'' if cold_possible else '; not possible here, so warm only'}):")
    print(f"{'':52} {'cold':>8} {'warm':>8}")
    for name in runs:
        row = []
        for kind in ("cold", "warm"):
            samples = results.get((name, kind), [])
            to = "shown" if "-m" in runs[name][0] or name == "folder app" else "end"
            row.append(statistics.median(m[to] - s for s, m in samples) if samples else None)
        print(f"{name + ' → window shown' if 'import' not in name else name:52} "
              + " ".join(f"{v:7.2f}s" if v is not None else "       -" for v in row))
    for name in ("folder app", "source install (python -m app)"):
        for kind in ("cold", "warm"):
            samples = results.get((name, kind))
            if not samples:
                continue
            print(f"\n{name}, {kind}: where the time goes (median)")
            previous_key = None
            for key, label in STEPS:
                if key not in samples[0][1]:
                    continue
                spans = [m[key] - (m[previous_key] if previous_key else s) for s, m in samples]
                print(f"  {label:48} {statistics.median(spans):6.2f}s")
                previous_key = key
            print(f"  {'after shown: shutdown':48} {statistics.median(m['end'] - m['shown'] for _, m in samples):6.2f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
