"""A combo box that hands back the Python object of each choice.

QComboBox item data round-trips through QVariant, which turns str-based enums into plain
str; keeping the values on the Python side avoids that."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox


class ChoiceCombo(QComboBox):
    def __init__(self, choices: list[tuple[str, Any]] = (), parent=None):
        super().__init__(parent)
        self._values: list[Any] = []
        self.set_choices(list(choices))

    def set_choices(self, choices: list[tuple[str, Any]]) -> None:
        current = self.value() if self._values else None
        self.blockSignals(True)
        self.clear()
        self._values = []
        for label, value in choices:
            self.addItem(label)
            self._values.append(value)
        self.blockSignals(False)
        self.set_value(current)

    def value(self) -> Any:
        i = self.currentIndex()
        return self._values[i] if 0 <= i < len(self._values) else None

    def set_value(self, value: Any) -> None:
        for i, v in enumerate(self._values):
            if v == value:
                self.setCurrentIndex(i)
                return
        self.setCurrentIndex(0 if self._values else -1)
