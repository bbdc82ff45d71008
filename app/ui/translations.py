"""Qt's own strings in Chinese: standard buttons (确定/取消), file dialogs, the calendar, the
context menus of text fields. The .qm files ship with PySide6 (its translations folder); the
app's own text is Chinese already."""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

CHINA = QLocale(QLocale.Language.Chinese, QLocale.Country.China)
CATALOGUES = ("qtbase", "qtmultimedia")


def install_chinese(app: QApplication) -> list[QTranslator]:
    """Load the zh_CN catalogues into the application and make Chinese the default locale
    (dates, numbers, the calendar). Returns the translators (keep them alive; a missing
    catalogue is skipped, the app still works in its own Chinese)."""
    QLocale.setDefault(CHINA)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    installed = []
    for name in CATALOGUES:
        translator = QTranslator(app)
        if translator.load(CHINA, name, "_", folder):
            app.installTranslator(translator)
            installed.append(translator)
    return installed


def remove(app: QApplication, translators: list[QTranslator]) -> None:
    for translator in translators:
        app.removeTranslator(translator)
    QLocale.setDefault(QLocale.system())
