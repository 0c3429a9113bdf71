"""Buttons that give way on a narrow page: the label takes two lines when it has not the
room for one.

At 200% text on a small screen a page is about 22 characters wide. A push button, check box or
radio button never wraps its label by itself, so one with a long label ("Take PHQ-9 and GAD-7
now", "More than half the days") would push the page past the window's edge, where nothing
scrolls sideways.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QFontMetrics, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QWidget,
)


def _width(metrics: QFontMetrics, text: str) -> int:
    """The width of ``text`` as a button draws it (an ``&`` marks a key, it is not shown)."""
    return max(
        metrics.size(Qt.TextFlag.TextShowMnemonic, line).width() for line in text.split("\n")
    )


def in_two_lines(text: str, metrics: QFontMetrics) -> str:
    """``text`` broken at the space that leaves its longer line the shortest."""
    spaces = [index for index, letter in enumerate(text) if letter == " "]
    if not spaces:
        return text
    best = min(spaces, key=lambda i: _width(metrics, text[:i] + "\n" + text[i + 1 :]))
    return text[:best] + "\n" + text[best + 1 :]


def _spoken(text: str) -> str:
    """The label as a screen reader says it: no ``&`` key marks (``&&`` is a real one)."""
    return re.sub(r"&(.)", r"\1", text)


if TYPE_CHECKING:
    _Button = QAbstractButton
else:
    _Button = object


class _Folds(_Button):
    """Mixed into a button: its label takes two lines while the button is narrower than the
    label on one. The button still asks for the width of one line (so it unfolds as soon as
    there is room again) and can shrink to the width of two."""

    _whole = ""
    _names_itself = False  # its accessible name is its label, kept whole by us

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)  # the button class that follows in the MRO
        policy = self.sizePolicy()
        policy.setHorizontalPolicy(QSizePolicy.Policy.Preferred)  # may shrink to two lines
        self.setSizePolicy(policy)
        self._take(self.text())

    def setText(self, text: str) -> None:
        self._take(text)

    def _take(self, text: str) -> None:
        if not self.accessibleName() or self._names_itself:
            self._names_itself = True
            self.setAccessibleName(_spoken(text))  # the words, not where the line breaks
        self._whole = text
        self._fold(self.width() if self.isVisible() else None)

    def whole_text(self) -> str:
        """The label on one line, wherever it is broken on the screen."""
        return self._whole

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        metrics = self.fontMetrics()
        extra = _width(metrics, self._whole) - _width(metrics, self.text())
        return QSize(hint.width() + extra, hint.height())

    def minimumSizeHint(self) -> QSize:
        hint = super().sizeHint()
        metrics = self.fontMetrics()
        folded = _width(metrics, in_two_lines(self._whole, metrics))
        return QSize(hint.width() - _width(metrics, self.text()) + folded, hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fold(event.size().width())

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fold(self.width() if self.isVisible() else None)

    def _fold(self, width: int | None) -> None:
        """Show the label on two lines if ``width`` is too narrow for one (None: not laid
        out yet, one line)."""
        narrow = width is not None and width < self.sizeHint().width()
        wanted = in_two_lines(self._whole, self.fontMetrics()) if narrow else self._whole
        if wanted != self.text():
            QAbstractButton.setText(self, wanted)


class FoldingButton(_Folds, QPushButton):
    pass


class FoldingRadio(_Folds, QRadioButton):
    pass


class FoldingCheck(_Folds, QCheckBox):
    pass
