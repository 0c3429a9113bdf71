"""A dialog body that scrolls instead of squeezing its controls (200% text, small screens),
with the buttons kept in view below it; and the one way dialogs make their button row."""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from companion.ui.screen import scroll_area


class _ButtonRow(QDialogButtonBox):
    """A button row whose primary button is the one Enter presses.

    A button made default before it is inside its dialog does not count: on opening, the
    dialog makes the first button in Tab order its default ("Move up", "Choose…"). So the
    primary button is made default again as the row is shown, before the dialog looks.
    """

    def primary(self, button: QPushButton) -> QPushButton:
        button.setObjectName("Primary")
        button.setDefault(True)
        self._primary = button
        return button

    def showEvent(self, event: QShowEvent) -> None:
        self._primary.setDefault(False)  # setting what it already has would tell no dialog
        self._primary.setDefault(True)
        super().showEvent(event)


def dialog_buttons(main: str) -> tuple[QDialogButtonBox, QPushButton]:
    """The main action (``accepted``) and Cancel (``rejected``) in the platform's order, so
    every dialog puts its main button on the same side of Cancel (desktops differ on which)."""
    box = _ButtonRow()
    button = box.primary(box.addButton(main, QDialogButtonBox.ButtonRole.AcceptRole))
    button.setAccessibleName(main.replace("&", ""))
    box.addButton(QDialogButtonBox.StandardButton.Cancel)
    return box, button


def close_button() -> QDialogButtonBox:
    """The row of a dialog that only informs or applies at once: one Close (``rejected``)."""
    box = _ButtonRow(QDialogButtonBox.StandardButton.Close)
    box.primary(box.button(QDialogButtonBox.StandardButton.Close))
    return box


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

    def bring_into_view(self, widget: QWidget) -> None:
        """Scroll the page to ``widget`` (a message just shown under the form)."""
        self.body.activate()  # place it now, it may have been hidden until this moment
        self._scroll.ensureWidgetVisible(widget)

    def fit_to_screen(self) -> None:
        """As tall as the content wants, but never taller than the screen (it scrolls then).

        Wrapped text is measured at the width the dialog will have, with the theme's fonts
        (polished first), so nothing ends up below the fold of a dialog that could be taller.
        """
        self.body.addStretch(1)
        self._scroll.setAccessibleName(f"{self.windowTitle()}, page")
        self.ensurePolished()
        screen = self.screen().availableGeometry() if self.screen() else None
        hint = self._content.sizeHint()
        width = max(self.minimumWidth(), hint.width())
        layout = self._content.layout()
        height = layout.heightForWidth(width) if layout.hasHeightForWidth() else -1
        height = height if height > 0 else hint.height()
        wanted = height + self.buttons.sizeHint().height() + 40
        limit = screen.height() * 9 // 10 if screen is not None else wanted
        self.resize(width, min(wanted, limit))
