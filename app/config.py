"""Where HearingDesk keeps its files, and which database it talks to.

`HEARINGDESK_HOME` moves the whole data dir (tests, portable installs);
`HEARINGDESK_DB_URL` points at a shared office server instead of the embedded SQLite file.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

import platformdirs


def _resources_dir() -> Path:
    """`resources/` beside the `app` package: the repository (developers), the one-folder
    app's `_internal/` (PyInstaller puts it there), or inside the package in the wheel the
    release build makes (tools/build_release.py copies it to `app/resources`)."""
    here = Path(__file__).resolve().parent
    packaged = here / "resources"
    return packaged if packaged.is_dir() else here.parent / "resources"


RESOURCES_DIR = _resources_dir()


@dataclass(frozen=True)
class AppPaths:
    data_dir: Path

    @classmethod
    def from_environment(cls, environ: dict[str, str] | None = None) -> "AppPaths":
        env = os.environ if environ is None else environ
        home = env.get("HEARINGDESK_HOME")
        base = Path(home) if home else Path(platformdirs.user_data_dir("HearingDesk", appauthor=False))
        return cls(data_dir=base.expanduser().resolve())

    @property
    def sqlite_file(self) -> Path:
        return self.data_dir / "hearingdesk.db"

    @property
    def backups_dir(self) -> Path:
        return self.data_dir / "backups"

    @property
    def settings_file(self) -> Path:
        return self.data_dir / "settings.ini"

    @property
    def models_dir(self) -> Path:
        return self.data_dir / "models"

    @property
    def audio_dir(self) -> Path:
        return self.data_dir / "audio"

    def ensure(self) -> None:
        """Create the data dir for its owner only (0700): it holds the hearings' records (audio
        and ID numbers are personal data; exports elsewhere follow the user's umask)."""
        self.data_dir.parent.mkdir(parents=True, exist_ok=True)
        self.data_dir.mkdir(mode=0o700, exist_ok=True)
        if os.name == "posix":
            os.chmod(self.data_dir, 0o700)  # mkdir's mode is masked by the umask


def install_dir() -> Path | None:
    """The folder of the one-folder app's executable; None when running from Python."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return None


def carried_models_dirs(environ: dict[str, str] | None = None) -> list[Path]:
    """Where models brought on the installation stick wait to be installed: `models/` in the
    app's folder or beside it (the stick's layout), or the folder `HEARINGDESK_MODELS_SOURCE`
    names (the wheelhouse install, tests)."""
    env = os.environ if environ is None else environ
    folders = []
    if env.get("HEARINGDESK_MODELS_SOURCE"):
        folders.append(Path(env["HEARINGDESK_MODELS_SOURCE"]))
    app_dir = install_dir()
    if app_dir is not None:
        folders += [app_dir / "models", app_dir.parent / "models"]
    return [f for f in folders if f.is_dir()]


def database_url(paths: AppPaths, environ: dict[str, str] | None = None) -> str:
    env = os.environ if environ is None else environ
    url = env.get("HEARINGDESK_DB_URL", "").strip()
    if url:
        return url
    return f"sqlite:///{paths.sqlite_file}"


class Setting(Enum):
    """Every key of settings.ini with its default: one place, no raw strings in the UI."""

    WINDOW_GEOMETRY = ("window/geometry", None)
    WINDOW_STATE = ("window/state", None)
    WINDOW_TAB = ("window/tab", 0)
    REGISTER_HEADER = ("register/header", None)
    REGISTER_SEARCH = ("register/search", "")
    REGISTER_STATUS = ("register/status", 0)
    REGISTER_LEVEL = ("register/level", 0)
    INPUT_DEVICE = ("audio/input_device", "")
    FONT_POINTS = ("ui/font_points", 10)  # the type size the user chose (older arbitrators: 12 or 14)
    EXPORT_FOLDER = ("export/last_folder", "")  # where the last 庭审笔录 / 要素表 was saved

    @property
    def key(self) -> str:
        return self.value[0]

    @property
    def default(self):
        return self.value[1]


FONT_POINTS_CHOICES = {10: "标准", 12: "大", 14: "较大", 16: "特大"}
LAYOUT_KEY_PREFIX = "layout"  # layout/<window class>/geometry, layout/<window class>/splitter<n>
