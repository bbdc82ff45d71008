"""The line being spoken (the recogniser's partial result): a label that also announces its
text, so a second view (the party display) can show the same line."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel


class LiveLine(QLabel):
    text_changed = Signal(str)

    def setText(self, text: str) -> None:
        super().setText(text)
        self.text_changed.emit(text)

    def clear(self) -> None:
        super().clear()
        self.text_changed.emit("")
