"""Say something through the screen reader without moving the focus."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtWidgets import QWidget

#: The same words again within this many seconds are not said twice: a message line and the
#: button beside it may both announce one change (the journal's refused save does).
REPEAT_SECONDS = 1.0

_last: tuple[str, float] = ("", float("-inf"))


def announce(widget: QWidget, text: str, *, clock: Callable[[], float] = time.monotonic) -> None:
    """Say ``text`` through the screen reader, if one is listening (else nothing happens)."""
    global _last
    now = clock()
    said, at = _last
    if text == said and now - at < REPEAT_SECONDS:
        return
    _last = (text, now)
    QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(widget, text))
