"""The frame every screen shares: a title, a one-line subtitle and a scrollable body."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from companion.ui.context import AppContext


class _StartInside(QObject):
    """A window's first focus goes to the first control in a scroll area, not to the area."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            isinstance(event, QFocusEvent)
            and event.type() == QEvent.Type.FocusIn
            and event.reason() == Qt.FocusReason.ActiveWindowFocusReason
            and isinstance(watched, QWidget)
        ):
            control = watched.nextInFocusChain()
            while control is not watched:
                if (
                    watched.isAncestorOf(control)
                    and control.isVisible()
                    and control.isEnabled()
                    and control.focusPolicy() & Qt.FocusPolicy.TabFocus == Qt.FocusPolicy.TabFocus
                ):
                    QTimer.singleShot(0, control, control.setFocus)
                    break
                control = control.nextInFocusChain()
        return False


def scroll_area(content: QWidget, name: str) -> QScrollArea:
    """A borderless vertical scroll area around ``content``.

    It takes focus by Tab (with a visible ring), so text with no control below it can still
    be scrolled to with the arrow keys; ``name`` is what a screen reader calls it. A window
    still starts on the first control inside it.
    """
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    area.setAccessibleName(name)
    area.setAccessibleDescription("Scroll with the arrow keys, Page Up and Page Down")
    area.installEventFilter(_StartInside(area))
    area.setWidget(content)
    return area


class Screen(QWidget):
    """Base of the screens. Subclasses fill ``self.body`` and load data in ``on_shown``."""

    navigate = Signal(str, object)  # screen name, payload for its on_shown
    title = ""
    subtitle = ""

    def __init__(self, ctx: AppContext, *, scroll: bool = True) -> None:
        super().__init__()
        self.ctx = ctx
        outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 28, 32, 20)
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
            outer.addWidget(scroll_area(content, f"{self.title}, page"), 1)
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
