"""What every command shares: exit codes, the atomic file writer, readable errors."""

from __future__ import annotations

import sys
from pathlib import Path

from app.models.database import DatabaseError

EXIT_USAGE = 2
EXIT_DATA = 3


def write_text(path: Path, text: str) -> None:
    """Write through a temp file in the same folder: a failure leaves no half file."""
    import os
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".hd-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def report_error(exc: BaseException) -> int:
    """Print what went wrong for a user and return the exit code."""
    if isinstance(exc, DatabaseError):
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_DATA
    from app.speech.errors import SpeechError

    if isinstance(exc, SpeechError):
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_DATA
    if isinstance(exc, LookupError):
        print(f"错误：{exc.args[0] if exc.args else exc}", file=sys.stderr)
        return EXIT_USAGE
    print(f"错误：{exc}", file=sys.stderr)
    return 1
