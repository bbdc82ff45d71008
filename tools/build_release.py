"""Build what an office without internet gets on a USB stick, and check it.

    python tools/build_release.py --out DIR [--platform linux-x86_64 linux-aarch64 win-amd64]
                                  [--models PATH ...] [--no-app] [--no-check]

For each platform asked for (default: this machine's):
- `wheels-<platform>/`: this project's wheel and every dependency as binary wheels for CPython
  3.11 (`pip download --only-binary=:all: --platform ...`), with `install.sh` / `install.bat`
  that make a venv and install from the folder alone (`--no-index`);
- on the platform it runs on, the one-folder app `hearingdesk-<version>-<platform>/` built by
  PyInstaller from packaging/hearingdesk.spec (no Python needed on the office PC); Windows'
  folder is built by running this same command on Windows.
Then `models/` (the model zips or folders given with --models, or an empty folder the office
fills) and `README-安装.txt`.

Checks (unless --no-check): every wheelhouse resolves offline for its platform; the folder app
runs `--version`, `demo`, `cases --json`, `models install models/`, `transcribe` and shows its
main window offscreen, in a throw-away data dir. Sizes and the oldest glibc each Linux artefact
runs on are printed. Exit status 1 when a check fails.

The dependency list is read from pyproject.toml, so whatever the project depends on at build
time is in the wheelhouse.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
import zipfile
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY_VERSION = "3.11"
# Linux wheels are tagged manylinux_2_X (X = the oldest glibc they run on); pip 23 does not
# widen a tag to the older ones by itself, so all are listed, newest first.
MAX_GLIBC_MINOR = 39
PLATFORMS = {
    "linux-x86_64": [f"manylinux_2_{m}_x86_64" for m in range(MAX_GLIBC_MINOR, 16, -1)]
    + ["manylinux2014_x86_64", "manylinux2010_x86_64", "manylinux1_x86_64"],
    "linux-aarch64": [f"manylinux_2_{m}_aarch64" for m in range(MAX_GLIBC_MINOR, 16, -1)]
    + ["manylinux2014_aarch64"],
    "win-amd64": ["win_amd64"],
}
TEST_AUDIO = ROOT / "tests" / "data" / "ko.m4a"


class CheckFailed(Exception):
    pass


def host_platform() -> str:
    machine = platform.machine().lower()
    if sys.platform == "win32":
        return "win-amd64"
    if sys.platform.startswith("linux"):
        return "linux-aarch64" if machine in ("aarch64", "arm64") else "linux-x86_64"
    return f"{sys.platform}-{machine}"


def project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def log(message: str) -> None:
    print(message, flush=True)


def run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    result = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, check=False, **kw)
    if result.returncode != 0:
        raise CheckFailed(f"{' '.join(map(str, cmd[:6]))} … exited {result.returncode}:\n"
                          f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return result


def offline_env(**extra: str) -> dict[str, str]:
    """The environment of an office PC: no pip configuration, index or find-links of ours."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "HEARINGDESK_", "PYTHONPATH"))}
    env["PIP_CONFIG_FILE"] = os.devnull
    env.update(extra)
    return env


# -- the project's wheel ---------------------------------------------------------------------

def build_wheel(out: Path) -> Path:
    """The project's wheel, with resources/ inside the package (app/resources), where
    app.config looks first; the repository itself is not touched."""
    stage = Path(tempfile.mkdtemp(prefix="hd-wheel-"))
    try:
        ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
        shutil.copytree(ROOT / "app", stage / "app", ignore=ignore)
        shutil.copytree(ROOT / "resources", stage / "app" / "resources", ignore=ignore)
        for name in ("pyproject.toml", "README.md"):
            shutil.copy2(ROOT / name, stage / name)
        out.mkdir(parents=True, exist_ok=True)
        run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", out, stage])
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    version = project()["version"]
    (wheel,) = out.glob(f"hearingdesk-{version}-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
    for needed in ("app/resources/time_limits.toml", "app/models/migrations/env.py"):
        if needed not in names:
            raise CheckFailed(f"{wheel.name} lacks {needed}")
    return wheel


# -- wheelhouses -----------------------------------------------------------------------------

def platform_args(name: str) -> list[str]:
    args = []
    for tag in PLATFORMS[name]:
        args += ["--platform", tag]
    return args + ["--python-version", PY_VERSION, "--only-binary=:all:"]


def build_wheelhouse(name: str, wheel: Path, out: Path) -> Path:
    house = out / f"wheels-{name}"
    house.mkdir(parents=True, exist_ok=True)
    log(f"[{name}] downloading the dependencies of {', '.join(project()['dependencies'])}")
    # pip resolves the wheel's own Requires-Dist, i.e. pyproject's dependency list. A dependency
    # published only as source (vosk's `srt`) is built here into a wheel, if it is pure Python.
    shutil.copy2(wheel, house / wheel.name)
    built: set[str] = set()
    while True:
        result = subprocess.run([sys.executable, "-m", "pip", "download", "-q", "-d", str(house),
                                 "--find-links", str(house), *platform_args(name), str(wheel)],
                                capture_output=True, text=True, check=False)
        if result.returncode == 0:
            break
        missing = re.search(r"No matching distribution found for ([A-Za-z0-9_.\-]+)", result.stderr)
        if not missing or missing[1].lower() in built:
            raise CheckFailed(f"pip download for {name} failed:\n{result.stderr[-3000:]}")
        sdist_only = missing[1].lower()
        built.add(sdist_only)
        log(f"[{name}] {sdist_only} has no wheel on the index: building one from its source")
        run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-binary", sdist_only, "-w", house, sdist_only])
        made = [w for w in house.glob("*.whl") if _dist_name(w.name.split("-")[0]) == sdist_only.replace("_", "-")]
        if not made or not all(w.name.endswith("-none-any.whl") for w in made):
            raise CheckFailed(f"{sdist_only} is not pure Python: it cannot be built for {name} here")
    for script in ("install.sh", "install.bat"):
        if script.endswith(".sh") == name.startswith("linux"):
            target = house / script
            text = (ROOT / "packaging" / script).read_text(encoding="utf-8")
            newline = "\r\n" if script.endswith(".bat") else "\n"
            with open(target, "w", encoding="utf-8", newline=newline) as fh:
                fh.write(text.replace("@PY_VERSION@", PY_VERSION))
            target.chmod(0o755)
    sdists = [p.name for p in house.iterdir() if p.suffix != ".whl" and p.name not in ("install.sh", "install.bat")]
    if sdists:
        raise CheckFailed(f"wheels-{name} has files that are not wheels: {sdists}")
    return house


def check_resolves_offline(name: str, house: Path) -> list[str]:
    """pip's own resolution from the folder alone, for the platform: what it would install."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        run([sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed", "--no-index",
             "--find-links", house, *platform_args(name), "--target", Path(tmp) / "t",
             "--report", report, "hearingdesk"], env=offline_env())
        installed = json.loads(report.read_text(encoding="utf-8"))["install"]
    names = sorted(i["metadata"]["name"].lower() for i in installed)
    wanted = {_dist_name(d) for d in project()["dependencies"]} | {"hearingdesk"}
    missing = wanted - {n.replace("_", "-") for n in names}
    if missing:
        raise CheckFailed(f"wheels-{name}: offline resolution lacks {sorted(missing)}")
    return names


def _dist_name(requirement: str) -> str:
    return re.split(r"[\s\[<>=!~;]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def wheelhouse_glibc(house: Path) -> str | None:
    """The oldest glibc every Linux wheel in the folder accepts (the highest manylinux tag)."""
    best = (0, 0)
    for wheel in house.glob("*.whl"):
        tags = wheel.stem.split("-")[-1].split(".")
        versions = []
        for tag in tags:
            if m := re.match(r"manylinux_(\d+)_(\d+)_", tag):
                versions.append((int(m[1]), int(m[2])))
            elif m := re.match(r"manylinux(2014|2010|1)_", tag):
                versions.append({"2014": (2, 17), "2010": (2, 12), "1": (2, 5)}[m[1]])
        if versions:
            best = max(best, min(versions))
    return f"{best[0]}.{best[1]}" if best != (0, 0) else None


# -- the one-folder app ----------------------------------------------------------------------

def build_app(name: str, out: Path, work: Path) -> Path:
    version = project()["version"]
    dist = work / "dist"
    log(f"[{name}] PyInstaller: packaging/hearingdesk.spec")
    started = time.monotonic()
    run([sys.executable, "-m", "PyInstaller", ROOT / "packaging" / "hearingdesk.spec", "--noconfirm",
         "--distpath", dist, "--workpath", work / "pyinstaller"], cwd=ROOT)
    target = out / f"hearingdesk-{version}-{name}"
    if target.exists():
        shutil.rmtree(target)
    shutil.move(str(dist / "hearingdesk"), target)
    log(f"[{name}] folder app built in {time.monotonic() - started:.0f} s")
    return target


def elf_glibc(folder: Path) -> str | None:
    """The newest GLIBC_2.x symbol version any binary in the folder asks for."""
    best = 0
    pattern = re.compile(rb"GLIBC_2\.(\d+)")
    for f in folder.rglob("*"):
        if f.is_file() and not f.is_symlink() and (".so" in f.name or os.access(f, os.X_OK)):
            with open(f, "rb") as fh:
                if fh.read(4) != b"\x7fELF":
                    continue
                best = max([best, *(int(m) for m in pattern.findall(fh.read()))])
    return f"2.{best}" if best else None


def app_executable(app_dir: Path) -> Path:
    return app_dir / ("hearingdesk.exe" if sys.platform == "win32" else "hearingdesk")


def check_commands(hearingdesk: list[str], models: Path | None, audio: Path | None) -> dict:
    """Run the app's commands in a throw-away data dir; return what they showed."""
    seen = {}
    with tempfile.TemporaryDirectory() as tmp:
        # the demo's accounts get this password; the window signs in as its administrator
        env = offline_env(HEARINGDESK_HOME=str(Path(tmp) / "data"), QT_QPA_PLATFORM="offscreen",
                          HEARINGDESK_NEW_PASSWORD="demo-pass-1", HEARINGDESK_PASSWORD="demo-pass-1")

        def hd(*args: str, timeout: int = 300) -> str:
            return run([*hearingdesk, *args], env=env, timeout=timeout).stdout

        seen["version"] = hd("--version").strip()
        if not seen["version"].startswith("HearingDesk "):
            raise CheckFailed(f"--version printed {seen['version']!r}")
        hd("demo", "--today", "2026-11-27")
        data = Path(tmp) / "data"
        if os.name == "posix" and (data.stat().st_mode & 0o077):
            raise CheckFailed(f"data dir {data} is not owner-only: {oct(data.stat().st_mode)}")
        cases = json.loads(hd("cases", "--json", "--today", "2026-11-27"))
        if not cases or not all("case_no" in c and "deadline" in c for c in cases):
            raise CheckFailed("cases --json returned no cases")
        seen["cases"] = cases
        if models is not None and any(models.iterdir()):
            hd("--user", "徐主任", "models", "install", str(models))  # after demo: the administrator
            listed = json.loads(hd("models", "list", "--json"))
            seen["models"] = [m["name"] for m in listed]
            if audio is not None:
                out = Path(tmp) / "t.json"
                hd("transcribe", str(audio), "--json", str(out), timeout=600)
                segments = json.loads(out.read_text(encoding="utf-8"))["segments"]
                if not segments or not any(s["text"].strip() for s in segments):
                    raise CheckFailed(f"transcribe {audio.name} recognised nothing")
                seen["segments"] = [s["text"] for s in segments]
        shown = hd("--user", "徐主任", "gui", "--exit-when-shown", timeout=120).strip().splitlines()
        report = json.loads(shown[-1]) if shown else {}
        if "shown" not in report.get("marks", {}):
            raise CheckFailed(f"the main window was not shown: {shown}")
        seen["main_window"] = report["main_window"]
    return seen


# -- models, README ------------------------------------------------------------------------

def place_models(sources: list[Path], out: Path) -> Path:
    models = out / "models"
    models.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(ROOT))
    from app.speech.model_store import install_name, verify_model

    for source in sources:
        verify_model(source)
        target = models / (source.name if source.is_file() else install_name(source))
        if target.exists():
            continue
        if source.is_file():
            shutil.copy2(source, target)
        else:
            shutil.copytree(source, target)
    return models


def write_readme(out: Path, platforms: list[str], apps: dict[str, Path], glibc: dict[str, str]) -> Path:
    version = project()["version"]
    template = (ROOT / "packaging" / "README-安装.txt").read_text(encoding="utf-8")
    lines = []
    for name in platforms:
        parts = []
        if name in apps:
            parts.append(f"程序文件夹 {apps[name].name}/")
        parts.append(f"安装包文件夹 wheels-{name}/")
        need = f"（需要 glibc ≥ {glibc[name]}）" if glibc.get(name) else ""
        lines.append(f"  - {_platform_label(name)}：{'、'.join(parts)}{need}")
    text = (template.replace("@VERSION@", version).replace("@DATE@", date.today().isoformat())
            .replace("@PY_VERSION@", PY_VERSION).replace("@CONTENTS@", "\n".join(lines)))
    target = out / "README-安装.txt"
    with open(target, "w", encoding="utf-8", newline="\r\n") as fh:  # Notepad opens it too
        fh.write(text)
    return target


def _platform_label(name: str) -> str:
    return {"linux-x86_64": "Linux x86_64（统信 UOS、麒麟等，Intel/AMD/兆芯/海光）",
            "linux-aarch64": "Linux ARM64（统信 UOS、麒麟等，飞腾/鲲鹏）",
            "win-amd64": "Windows 10/11 64 位"}.get(name, name)


def size_of(path: Path) -> int:
    """Bytes on disk; links (PyInstaller's library aliases) counted once."""
    if path.is_file():
        return path.stat().st_size
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


# -- main ------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the offline installation folder (USB stick).")
    parser.add_argument("--out", required=True, type=Path, help="output folder (the stick's content)")
    parser.add_argument("--platform", nargs="+", choices=sorted(PLATFORMS), default=[host_platform()])
    parser.add_argument("--models", nargs="*", type=Path, default=[],
                        help="model zips or folders to put in models/")
    parser.add_argument("--no-app", action="store_true", help="wheelhouses only, no PyInstaller folder")
    parser.add_argument("--no-check", action="store_true", help="skip the checks")
    parser.add_argument("--audio", type=Path, default=TEST_AUDIO if TEST_AUDIO.exists() else None,
                        help="recording the check transcribes with the first model")
    parser.add_argument("--report", type=Path, help="write sizes, times and what the checks saw as JSON")
    args = parser.parse_args(argv)
    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    timings: dict[str, float] = {}
    sizes: dict[str, int] = {}
    glibc: dict[str, str] = {}
    apps: dict[str, Path] = {}
    checks: dict[str, dict] = {}
    failures: list[str] = []

    def wheelhouses(wheel: Path) -> None:
        for name in args.platform:
            t = time.monotonic()
            house = build_wheelhouse(name, wheel, out)
            timings[f"wheels-{name}"] = time.monotonic() - t
            sizes[house.name] = size_of(house)
            if name.startswith("linux"):
                glibc[f"wheels-{name}"] = wheelhouse_glibc(house) or ""
            if not args.no_check:
                try:
                    dists = check_resolves_offline(name, house)
                    checks[f"wheels-{name}"] = {"resolved": dists}
                    log(f"[{name}] offline resolution: {len(dists)} distributions ({', '.join(dists)})")
                except CheckFailed as exc:
                    failures.append(str(exc))
                    log(f"[{name}] FAILED offline resolution: {exc}")

    with tempfile.TemporaryDirectory(prefix="hd-build-") as work_dir:
        work = Path(work_dir)
        try:
            t = time.monotonic()
            wheel = build_wheel(work / "wheel")
            timings["project wheel"] = time.monotonic() - t
            models = place_models(args.models, out)
            # The downloads wait on the network and the disk, PyInstaller on the CPU: side by side.
            with ThreadPoolExecutor(max_workers=1) as pool:
                houses = pool.submit(wheelhouses, wheel)
                host = host_platform()
                for name in args.platform:
                    if args.no_app:
                        continue
                    if name != host:
                        log(f"[{name}] folder app: build it on {name} with this same command")
                        continue
                    t = time.monotonic()
                    apps[name] = build_app(name, out, work)
                    timings[f"app {name}"] = time.monotonic() - t
                    sizes[apps[name].name] = size_of(apps[name])
                    if name.startswith("linux"):
                        glibc[apps[name].name] = elf_glibc(apps[name]) or ""
                houses.result()
            sizes["models"] = size_of(models)
            readme = write_readme(out, args.platform, apps, _oldest_glibc_per_platform(args.platform, apps, glibc))
            log(f"wrote {readme}")
            for name, app_dir in apps.items():
                if args.no_check:
                    continue
                t = time.monotonic()
                try:
                    seen = check_commands([str(app_executable(app_dir))], models, args.audio)
                    checks[app_dir.name] = seen
                    log(f"[{name}] folder app checks passed: {seen['version']}, {len(seen['cases'])} cases, "
                        f"models {seen.get('models')}, transcript {' / '.join(seen.get('segments', []))}, "
                        f"main window {seen['main_window']!r}")
                except (CheckFailed, subprocess.TimeoutExpired, ValueError) as exc:
                    failures.append(f"{name} folder app: {exc}")
                    log(f"[{name}] FAILED folder app check: {exc}")
                timings[f"checks {name}"] = time.monotonic() - t
        except CheckFailed as exc:
            log(f"FAILED: {exc}")
            return 1
    timings["total"] = time.monotonic() - started
    log("\nsizes:")
    for what, size in sizes.items():
        needs = f"   needs glibc >= {glibc[what]}" if glibc.get(what) else ""
        log(f"  {what:<40} {size / 1024**2:8.0f} MB{needs}")
    log("time:")
    for what, seconds in timings.items():
        log(f"  {what:<40} {seconds:8.0f} s")
    if args.report:
        args.report.write_text(json.dumps({"sizes": sizes, "timings": timings, "glibc": glibc, "checks": checks,
                                           "failures": failures}, ensure_ascii=False, indent=2), encoding="utf-8")
    if failures:
        log(f"\n{len(failures)} check(s) failed")
        return 1
    return 0


def _oldest_glibc_per_platform(platforms: list[str], apps: dict[str, Path], glibc: dict[str, str]) -> dict[str, str]:
    """Per platform, the glibc its parts need (the newer of the app's and the wheels')."""
    result = {}
    for name in platforms:
        found = [glibc.get(f"wheels-{name}"), glibc.get(apps[name].name) if name in apps else None]
        found = [v for v in found if v]
        if found:
            result[name] = max(found, key=lambda v: tuple(map(int, v.split("."))))
    return result


if __name__ == "__main__":
    raise SystemExit(main())
