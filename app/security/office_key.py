"""The office key: a secret kept outside the database, so that whoever can edit the database
alone cannot recompute a seal or an audit-chain link (issues 11 and 12).

It lives in the data dir as `office.key` (32 random bytes, hex, owner-only permissions), or is
given by the administrator through `HEARINGDESK_OFFICE_KEY` (hex) so that every PC of an office
sharing one database server uses the same key. The key travels to the services on the
`Database` object and from there in `session.info["office_key"]`.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

KEY_FILE = "office.key"
ENV_VAR = "HEARINGDESK_OFFICE_KEY"


class OfficeKeyError(Exception):
    """The key is there but unusable: say so instead of sealing with a wrong key."""


def _parse(text: str, where: str) -> bytes:
    try:
        key = bytes.fromhex(text.strip())
    except ValueError as exc:
        raise OfficeKeyError(f"办公室密钥格式不对（应为十六进制）：{where}") from exc
    if len(key) < 16:
        raise OfficeKeyError(f"办公室密钥太短（至少 16 字节）：{where}")
    return key


def load_office_key(data_dir: Path, environ: dict[str, str] | None = None, *, create: bool = True) -> bytes:
    """The office key from the environment, else from `data_dir/office.key` (made if missing)."""
    env = os.environ if environ is None else environ
    if env.get(ENV_VAR, "").strip():
        return _parse(env[ENV_VAR], ENV_VAR)
    path = Path(data_dir) / KEY_FILE
    if path.exists():
        return _parse(path.read_text(encoding="ascii", errors="replace"), str(path))
    if not create:
        raise OfficeKeyError(f"找不到办公室密钥：{path}")
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_bytes(32)
    # O_EXCL: two processes starting at once must not each write a different key.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _parse(path.read_text(encoding="ascii"), str(path))
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(key.hex() + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    return key


def keyed_digest(key: bytes, data: bytes) -> str:
    """HMAC-SHA256 of `data` under the office key, hex."""
    return hmac.new(key, data, hashlib.sha256).hexdigest()


def digests_equal(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
