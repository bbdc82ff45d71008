"""What every command shares: exit codes, the atomic file writer, readable errors."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from app.models.database import DatabaseError

EXIT_USAGE = 2
EXIT_DATA = 3
EXIT_TAMPERED = 5  # verify: the record (or the export checked) differs from the seal; 4 is an internal error


def iso_day(text: str) -> date:
    """A date argument (YYYY-MM-DD); a bad one is argparse's usage error in the user's words."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期“{text}”无效，应如 2025-07-01") from None


def write_text(path: Path, text: str) -> None:
    """Write through a temp file in the same folder: a failure leaves no half file; a link or
    a device in the way is refused, and the file gets the user's umask."""
    from app.export.docx_base import write_text_atomically

    write_text_atomically(path, text)


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
