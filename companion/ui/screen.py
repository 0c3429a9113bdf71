"""The frame every screen shares: a title, a one-line subtitle and a scrollable body."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from companion.ui.context import AppContext


class Screen(QWidget):
    """Base of the screens. Subclasses fill ``self.body`` and load data in ``on_shown``."""

    navigate = Signal(str, object)  # screen name, payload for its on_shown
    title = ""
    subtitle = ""

    def __init__(self, ctx: AppContext, *, scroll: bool = True) -> None:
        super().__init__()
        self.ctx = ctx
        outer = QVBoxLayout(self)
        outer.setContentsMargins(40, 32, 40, 24)
        outer.setSpacing(6)
        self.title_label = QLabel(self.title)
        self.title_label.setObjectName("ScreenTitle")
        self.title_label.setWordWrap(True)  # a long title at 200% text must not widen the window
        self.title_label.setAccessibleName(self.title)
        self.subtitle_label = QLabel(self.subtitle)
        self.subtitle_label.setObjectName("ScreenSubtitle")
        self.subtitle_label.setWordWrap(True)
        outer.addWidget(self.title_label)
        outer.addWidget(self.subtitle_label)
        outer.addSpacing(14)
        content = QWidget()
        self.body = QVBoxLayout(content)
        self.body.setContentsMargins(0, 0, 0, 0)
        self.body.setSpacing(16)
        if scroll:
            area = QScrollArea()
            area.setWidgetResizable(True)
            area.setFrameShape(QFrame.Shape.NoFrame)
            area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            area.setWidget(content)
            outer.addWidget(area, 1)
        else:
            outer.addWidget(content, 1)

    #: (keys, what they do) pairs listed in the keyboard help (F1).
    shortcuts: tuple[tuple[str, str], ...] = ()

    def on_shown(self, payload: object = None) -> None:
        """Called each time the screen is navigated to; load what it shows here."""

    def flush(self) -> None:
        """Save anything unsaved now (called on close and before a crash dialog)."""

    def can_close(self) -> bool:
        """Return False (after asking) to keep the window open, e.g. during a session."""
        return True

    def toggle_full_screen(self) -> bool:
        """F11: return True if the screen showed or left a full-screen view of its own."""
        return False
