"""Backups and restores (issue 12).

A backup is a folder: the database (SQLite through its online backup API, so a running app
may keep writing; PostgreSQL through `pg_dump` when it is on the PATH), every hearing audio
file, and `manifest.json` listing each file with its size and SHA-256, the schema revision,
the audit chain's last entry, and the office key's fingerprint; the manifest itself is signed
with the office key. The office key is left out unless asked for (`include_key`): a backup
then cannot forge seals or audit links, and a restore needs the office's key to verify them.

A restore goes into an empty data dir (or an empty PostgreSQL database) only, after every
file's digest has been checked.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import inspect as sa_inspect
from sqlalchemy import select

from app import __version__
from app.config import AppPaths
from app.models import AuditEntry
from app.models.base import utcnow
from app.models.database import Database
from app.security.office_key import (
    ENV_VAR,
    KEY_FILE,
    digests_equal,
    keyed_digest,
    load_office_key,
)

MANIFEST = "manifest.json"
SQLITE_FILE = "hearingdesk.db"
PG_DUMP_FILE = "hearingdesk.pgdump"
AUDIO = "audio"
FORMAT = 1
_CHUNK = 8 << 20


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why, in one line."""


@dataclass(frozen=True)
class BackupResult:
    folder: Path
    files: int
    bytes: int
    seconds: float


def fingerprint(key: bytes) -> str:
    return keyed_digest(key, b"HearingDesk office key fingerprint")[:16]


def _copy_hashing(src: Path, dst: Path) -> tuple[str, int]:
    """Copy a file and hash what was written in one pass; owner-only permissions."""
    h = hashlib.sha256()
    size = 0
    dst.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(dst, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with open(src, "rb") as fin, os.fdopen(fd, "wb") as fout:
        while chunk := fin.read(_CHUNK):
            h.update(chunk)
            fout.write(chunk)
            size += len(chunk)
    return h.hexdigest(), size


def _hash_file(path: Path) -> tuple[str, int]:
    h = hashlib.sha256()
    size = 0
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            h.update(chunk)
            size += len(chunk)
    return h.hexdigest(), size


def _libpq_url(db: Database) -> str:
    return db.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)


def _sign(key: bytes, manifest: dict) -> str:
    body = {k: v for k, v in manifest.items() if k != "signature"}
    return keyed_digest(key, json.dumps(body, ensure_ascii=False, sort_keys=True).encode("utf-8"))


def backup(db: Database, paths: AppPaths, out: Path, *, include_key: bool = False) -> BackupResult:
    """Write a backup folder `out` (new or empty). Only an administrator may (it holds everything)."""
    import time

    from app.models.migrate import current_revision
    from app.services.access import BACKUP, require

    with db.session() as s:
        require(s, BACKUP)
        tail = s.execute(select(AuditEntry.seq, AuditEntry.link).where(AuditEntry.seq.is_not(None))
                         .order_by(AuditEntry.seq.desc()).limit(1)).first()
    key = db.office_key or load_office_key(paths.data_dir)
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise BackupError(f"备份目录不是空的：{out}")
    started = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True, mode=0o700)
    files: dict[str, dict] = {}
    if db.is_sqlite:
        target = out / SQLITE_FILE
        raw = db.engine.raw_connection()
        try:
            dst = sqlite3.connect(target)
            try:
                raw.driver_connection.backup(dst)  # consistent even while the app writes
            finally:
                dst.close()
        finally:
            raw.close()
        os.chmod(target, 0o600)
        kind, db_file = "sqlite", SQLITE_FILE
    else:
        pg_dump = shutil.which("pg_dump")
        if pg_dump is None:
            raise BackupError("找不到 pg_dump：请在本机安装 PostgreSQL 客户端工具（与服务器同一大版本），或由数据库管理员在服务器上备份")
        target = out / PG_DUMP_FILE
        r = subprocess.run([pg_dump, "--format=custom", "--no-owner", "--no-privileges", f"--file={target}",
                            f"--dbname={_libpq_url(db)}"], capture_output=True, text=True, check=False)
        if r.returncode != 0:
            raise BackupError(f"pg_dump 失败：{(r.stderr.strip().splitlines() or ['?'])[-1]}")
        os.chmod(target, 0o600)
        kind, db_file = "postgresql", PG_DUMP_FILE
    digest, size = _hash_file(target)
    files[db_file] = {"sha256": digest, "size": size}
    audio_dir = paths.audio_dir
    if audio_dir.is_dir():
        for src in sorted(p for p in audio_dir.rglob("*") if p.is_file() and not p.name.endswith((".part", ".pcm"))):
            rel = f"{AUDIO}/{src.relative_to(audio_dir).as_posix()}"
            digest, size = _copy_hashing(src, out / rel)
            files[rel] = {"sha256": digest, "size": size}
    if include_key:
        (out / KEY_FILE).write_text(key.hex() + "\n", encoding="ascii")
        os.chmod(out / KEY_FILE, 0o600)
    manifest = {
        "format": FORMAT, "app_version": __version__, "created_at": utcnow().isoformat(timespec="seconds"),
        "database": {"kind": kind, "file": db_file, "revision": current_revision(db)},
        "audit": {"last_seq": tail.seq if tail else 0, "last_link": tail.link if tail else ""},
        "office_key": {"fingerprint": fingerprint(key), "included": include_key},
        "files": files,
    }
    manifest["signature"] = _sign(key, manifest)
    (out / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    os.chmod(out / MANIFEST, 0o600)
    total = sum(f["size"] for f in files.values())
    with db.session() as s:  # for the dashboard's "last backup" (an audited change)
        from app.services.office import office

        office(s).last_backup_at = utcnow()
    return BackupResult(out, len(files), total, time.perf_counter() - started)


def default_folder(session) -> Path:
    """A new folder under the office's backup folder, named by the time."""
    from app.services.office import office

    base = office(session).backup_dir.strip()
    if not base:
        raise BackupError("请指定备份文件夹，或由管理员设置默认备份文件夹（hearingdesk users policy --backup-dir DIR）")
    return Path(base) / f"hearingdesk-{utcnow():%Y%m%d-%H%M%S}"


@dataclass(frozen=True)
class BackupStatus:
    text: str
    stale: bool  # no backup, or none in the last day


def backup_status(session, now=None) -> BackupStatus:
    from app.services.office import office

    o = office(session)
    now = now or utcnow()
    if o.last_backup_at is None:
        return BackupStatus("尚未备份", True)
    age = now - o.last_backup_at
    hours = int(age.total_seconds() // 3600)
    when = f"{hours // 24} 天前" if hours >= 24 else (f"{hours} 小时前" if hours else "不到 1 小时前")
    return BackupStatus(f"上次备份：{when}（{o.last_backup_at:%Y-%m-%d %H:%M} UTC）", hours >= 24)


def read_manifest(folder: Path) -> dict:
    path = Path(folder) / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise BackupError(f"不是 HearingDesk 备份（缺少 {MANIFEST}）：{folder}") from exc
    except (OSError, ValueError) as exc:
        raise BackupError(f"备份清单无法读取：{path}（{exc}）") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"备份格式不受支持：{manifest.get('format')}")
    return manifest


def _restore_key(folder: Path, manifest: dict, paths: AppPaths, environ: dict[str, str] | None) -> bytes:
    env = os.environ if environ is None else environ
    wanted = manifest["office_key"]["fingerprint"]
    if env.get(ENV_VAR, "").strip() or (paths.data_dir / KEY_FILE).exists():
        key = load_office_key(paths.data_dir, env, create=False)
    elif manifest["office_key"]["included"] and (folder / KEY_FILE).is_file():
        key = load_office_key(folder, {}, create=False)
    else:
        raise BackupError(f"需要备份时的办公室密钥：请设置 {ENV_VAR}，或把原来的 {KEY_FILE} 放进数据目录 {paths.data_dir}")
    if not digests_equal(fingerprint(key), wanted):
        raise BackupError("办公室密钥与备份时的不一致：定稿签章和操作日志将无法核验；请使用原办公室密钥")
    if not digests_equal(_sign(key, manifest), manifest.get("signature", "")):
        raise BackupError("备份清单的签名不符：清单在备份后被改动过")
    return key


def _keep_key(paths: AppPaths, key: bytes) -> None:
    """The restored data dir keeps the key it was verified with, so a later start without
    HEARINGDESK_OFFICE_KEY does not make a new key (which would break every seal and link)."""
    path = paths.data_dir / KEY_FILE
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(key.hex() + "\n")


def _check(folder: Path, rel: str, info: dict) -> None:
    path = folder / rel
    if not path.is_file():
        raise BackupError(f"备份不完整：缺少 {rel}")
    if _hash_file(path) != (info["sha256"], info["size"]):
        raise BackupError(f"备份文件已损坏或被改动：{rel}")


def restore(folder: Path, paths: AppPaths, *, db_url: str, environ: dict[str, str] | None = None) -> dict:
    """Restore a backup into an empty data dir (SQLite) or an empty database (PostgreSQL).
    Audio files are checked as they are copied (one read each); anything wrong removes what
    was copied and restores nothing."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    kind = manifest["database"]["kind"]
    if (paths.audio_dir.exists() and any(paths.audio_dir.iterdir())) or (
            kind == "sqlite" and paths.sqlite_file.exists()):
        raise BackupError(f"只能恢复到空的数据目录：{paths.data_dir} 中已有数据库或录音")
    if kind == "sqlite" and not db_url.startswith("sqlite"):
        raise BackupError("这是 SQLite 备份，不能恢复到 PostgreSQL 服务器（请取消 HEARINGDESK_DB_URL）")
    if kind == "postgresql" and db_url.startswith("sqlite"):
        raise BackupError("这是 PostgreSQL 备份：请用 HEARINGDESK_DB_URL 指定一个空的数据库")
    key = _restore_key(folder, manifest, paths, environ)
    db_file = manifest["database"]["file"]
    _check(folder, db_file, manifest["files"][db_file])
    paths.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    written: list[Path] = []
    try:
        for rel, info in manifest["files"].items():
            if not rel.startswith(f"{AUDIO}/"):
                continue
            if not (folder / rel).is_file():
                raise BackupError(f"备份不完整：缺少 {rel}")
            target = paths.audio_dir / rel[len(AUDIO) + 1:]
            written.append(target)
            if _copy_hashing(folder / rel, target) != (info["sha256"], info["size"]):
                raise BackupError(f"备份文件已损坏或被改动：{rel}")
        if kind == "sqlite":
            written.append(paths.sqlite_file)
            src = sqlite3.connect(f"file:{folder / db_file}?mode=ro", uri=True)
            dst = sqlite3.connect(paths.sqlite_file)
            try:
                src.backup(dst)
            finally:
                dst.close()
                src.close()
            os.chmod(paths.sqlite_file, 0o600)
        else:
            _pg_restore(folder / db_file, db_url)
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    _keep_key(paths, key)
    return manifest


def _pg_restore(dump: Path, db_url: str) -> None:
    from app.models.database import make_engine

    engine = make_engine(db_url)
    try:
        if sa_inspect(engine).get_table_names():
            raise BackupError("只能恢复到空的数据库：目标数据库中已有表")
        url = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    finally:
        engine.dispose()
    pg_restore = shutil.which("pg_restore")
    if pg_restore is None:
        raise BackupError("找不到 pg_restore：请在本机安装 PostgreSQL 客户端工具")
    r = subprocess.run([pg_restore, "--no-owner", "--no-privileges", "--exit-on-error", f"--dbname={url}", str(dump)],
                       capture_output=True, text=True, check=False)
    if r.returncode != 0:
        raise BackupError(f"pg_restore 失败：{(r.stderr.strip().splitlines() or ['?'])[-1]}")
