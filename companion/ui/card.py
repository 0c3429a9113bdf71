"""The titled card that screens and dialogs build their sections from, and its quiet text."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout


def muted(text: str = "") -> QLabel:
    """Secondary text: softer in colour, wrapped."""
    label = QLabel(text)
    label.setObjectName("Muted")
    label.setWordWrap(True)
    return label


def card(
    title: str, lead: str = "", *, into: QVBoxLayout | None = None
) -> tuple[QFrame, QVBoxLayout, QLabel]:
    """A titled card, with a muted ``lead`` line when given, added to ``into`` when given.

    Returns the card, the layout its content goes in, and its title label.
    """
    frame = QFrame()
    frame.setObjectName("Card")
    frame.setAccessibleName(title)
    box = QVBoxLayout(frame)
    box.setContentsMargins(22, 18, 22, 18)
    box.setSpacing(10)
    heading = QLabel(title)
    heading.setObjectName("SectionTitle")
    heading.setWordWrap(True)  # a long title at 200% text must not widen the window
    box.addWidget(heading)
    if lead:
        box.addWidget(muted(lead))
    if into is not None:
        into.addWidget(frame)
    return frame, box, heading
