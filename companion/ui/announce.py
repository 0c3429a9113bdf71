"""Say something through the screen reader without moving the focus."""

from __future__ import annotations

from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtWidgets import QWidget


def announce(widget: QWidget, text: str) -> None:
    """Say ``text`` through the screen reader, if one is listening (else nothing happens)."""
    QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(widget, text))
