"""Composition root: paths, database, services, then the GUI or a CLI command."""

from __future__ import annotations

import logging
import sys
import traceback

from app.bootstrap import crash_log_path
from app.cli import EXIT_DATA, build_parser, report_error, run
from app.config import AppPaths
from app.export.docx_base import ExportError
from app.hearing.case_types import TemplateError
from app.models.database import DatabaseError
from app.security.masking import MaskingFilter, mask_text
from app.security.office_key import OfficeKeyError
from app.services.backup import BackupError
from app.speech.errors import SpeechError


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    paths = AppPaths.from_environment()
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    for handler in logging.getLogger().handlers:  # no ID or phone number in a log (issue 12)
        handler.addFilter(MaskingFilter())
    try:
        if args.command in (None, "gui"):
            from app.ui.application import run_gui

            return run_gui(paths, exit_when_shown=getattr(args, "exit_when_shown", False),
                           user=(getattr(args, "user", None) or "").strip())
        return run(args, paths, audio_input=_audio_input(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `hearingdesk cases | head`
        sys.stderr.close()
        return 0
    except (DatabaseError, SpeechError, ExportError, TemplateError, BackupError, OfficeKeyError, ValueError, LookupError,
            OSError) as exc:
        return report_error(exc)
    except Exception:  # last resort: keep the traceback in a file, not on the user's screen
        log_file = crash_log_path(paths)
        try:
            log_file.parent.mkdir(parents=True, exist_ok=True)
            with log_file.open("a", encoding="utf-8") as fh:
                fh.write(mask_text(traceback.format_exc()))
        except OSError:
            pass
        print(f"内部错误，详情已写入 {log_file}", file=sys.stderr)
        return EXIT_DATA + 1


def _audio_input(args):
    """The microphone for `record --device` and `devices`: Qt's, loaded only when asked for."""
    wants_microphone = args.command == "devices" or (args.command == "record" and args.device is not None)
    if not wants_microphone:
        return None
    import os

    # QtMultimedia reports its backend search while loading, before a message handler can be
    # installed: filtered here; QtAudioInput routes the rest to the log.
    os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.*=false")
    try:
        from app.ui.runtime.microphone import QtAudioInput
    except ImportError:  # a broken Qt install: the command says the microphone is unavailable
        return None
    return QtAudioInput()


if __name__ == "__main__":
    raise SystemExit(main())
