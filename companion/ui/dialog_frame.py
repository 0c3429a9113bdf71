"""A dialog body that scrolls instead of squeezing its controls (200% text, small screens),
with the buttons kept in view below it."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QHBoxLayout, QVBoxLayout, QWidget

from companion.ui.screen import scroll_area


class ScrollingDialog(QDialog):
    """Fill ``self.body`` (a QVBoxLayout) and ``self.buttons`` (a QHBoxLayout), then call
    ``fit_to_screen()``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 20)
        self._content = QWidget()
        self._content.setProperty("plain", True)
        self.body = QVBoxLayout(self._content)
        self.body.setContentsMargins(28, 24, 28, 8)
        self.body.setSpacing(14)
        self._scroll = scroll_area(self._content, "")
        outer.addWidget(self._scroll, 1)
        self.buttons = QHBoxLayout()
        self.buttons.setContentsMargins(28, 0, 28, 0)
        outer.addLayout(self.buttons)

    def fit_to_screen(self) -> None:
        """As tall as the content wants, but never taller than the screen (it scrolls then)."""
        self.body.addStretch(1)
        self._scroll.setAccessibleName(f"{self.windowTitle()}, page")
        hint = self._content.sizeHint()
        wanted = hint.height() + self.buttons.sizeHint().height() + 40
        screen = self.screen().availableGeometry() if self.screen() else None
        limit = int(screen.height() * 0.9) if screen else wanted
        self.resize(max(self.minimumWidth(), hint.width()), min(wanted, limit))
