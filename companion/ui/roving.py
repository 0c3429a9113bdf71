"""A row of chips that is one Tab stop: the arrow keys move between them.

A page of feelings and side effects was 28 Tab stops before the reflections, too many on a
tired day. As in a toolbar, Tab now enters the row at the chip last used and leaves it at once;
Left/Right (or Up/Down), Home and End move inside it, and Space still ticks a chip.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractButton

#: How far an arrow key moves along a row of choices (here, and the questionnaires' answers).
ARROW_STEPS = {Qt.Key.Key_Left: -1, Qt.Key.Key_Up: -1, Qt.Key.Key_Right: 1, Qt.Key.Key_Down: 1}
#: Said to a screen reader on each chip.
HOW = "Arrow keys move between these; Space chooses."


class RovingFocus(QObject):
    """Makes the buttons ``add``-ed to it one Tab stop, in the order added."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.buttons: list[QAbstractButton] = []

    def add(self, button: QAbstractButton) -> None:
        tab = Qt.FocusPolicy.StrongFocus if not self.buttons else Qt.FocusPolicy.ClickFocus
        button.setFocusPolicy(tab)  # the first chip is where Tab enters, until another is used
        self.buttons.append(button)
        button.installEventFilter(self)
        if not button.accessibleDescription():
            button.setAccessibleDescription(HOW)

    def _enter_at(self, entry: QAbstractButton) -> None:
        """``entry`` becomes the one chip Tab stops on."""
        for button in self.buttons:
            button.setFocusPolicy(
                Qt.FocusPolicy.StrongFocus if button is entry else Qt.FocusPolicy.ClickFocus
            )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not isinstance(watched, QAbstractButton) or watched not in self.buttons:
            return False
        if event.type() == QEvent.Type.FocusIn:
            self._enter_at(watched)
            return False
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        visible = [b for b in self.buttons if b.isVisible()]
        if watched not in visible:
            return False
        index = visible.index(watched)
        if event.key() in ARROW_STEPS:
            index = max(0, min(len(visible) - 1, index + ARROW_STEPS[Qt.Key(event.key())]))
        elif event.key() == Qt.Key.Key_Home:
            index = 0
        elif event.key() == Qt.Key.Key_End:
            index = len(visible) - 1
        else:
            return False
        visible[index].setFocus(Qt.FocusReason.TabFocusReason)
        return True
