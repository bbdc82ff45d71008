"""Reading and writing settings.ini through the typed keys of `app.config.Setting`."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from app.config import Setting


def read(settings: QSettings | None, key: Setting):
    return key.default if settings is None else settings.value(key.key, key.default)


def write(settings: QSettings | None, key: Setting, value) -> None:
    if settings is not None:
        settings.setValue(key.key, value)
