"""ruff (configured in pyproject.toml) stays clean, so unused and duplicated imports do not creep back."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_ruff_is_clean():
    exe = shutil.which("ruff") or str(Path(sys.executable).parent / "ruff")
    r = subprocess.run([exe, "check", "app", "tests", "tools", "benchmarks", "--output-format", "concise"],
                       cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
