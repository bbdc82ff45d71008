"""Typing as a user does: ASCII through key clicks, Chinese committed the way an input method
commits it (QTest cannot click keys that are not on the keyboard)."""

from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication


def type_text(qtbot, widget, text: str) -> None:
    run = ""
    for ch in text:
        if ch.isascii():
            run += ch
            continue
        if run:
            qtbot.keyClicks(widget, run)
            run = ""
        event = QInputMethodEvent()
        event.setCommitString(ch)
        QApplication.sendEvent(widget, event)
    if run:
        qtbot.keyClicks(widget, run)
