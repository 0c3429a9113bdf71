"""A dialog body that scrolls instead of squeezing its controls (200% text, small screens),
with the buttons kept in view below it; and the one way dialogs make their button row.

A dialog is never wider or taller than its screen: at 200% text a laptop screen can be
narrower than the 64 or 80 characters a dialog would like, and a wider dialog hides its
right-hand buttons where nothing scrolls sideways. Its text wraps, its button row stacks.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, Qt
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QPushButton,
    QStyle,
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
    """Fill ``self.body`` (a QVBoxLayout) and ``self.buttons`` (a row: a QBoxLayout that
    stacks its buttons when the dialog is narrower than they are), then call
    ``fit_to_screen()``. A form put straight into the body can be handed to ``label_beside``.
    """

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
        self.buttons = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.buttons.setContentsMargins(28, 0, 28, 0)
        outer.addLayout(self.buttons)
        self._forms: list[QFormLayout] = []

    def label_beside(self, form: QFormLayout) -> None:
        """Keep ``form``'s labels beside their fields while every field fits whole beside
        the widest label, else put every label above its field (all alike, not row by row)."""
        self._forms.append(form)
        self._place_labels(self.width())

    @staticmethod
    def labels_above(form: QFormLayout) -> bool:
        return form.rowWrapPolicy() == QFormLayout.RowWrapPolicy.WrapAllRows

    def bring_into_view(self, widget: QWidget) -> None:
        """Scroll the page to ``widget`` (a message just shown under the form)."""
        self.body.activate()  # place it now, it may have been hidden until this moment
        self._scroll.ensureWidgetVisible(widget)

    def fit_to_screen(self) -> None:
        """As wide and tall as the content wants, but never wider or taller than the screen
        (the text wraps and the page scrolls then).

        The dialog's minimum width, set from a count of characters, is lowered to what the
        screen has: at 200% text a laptop screen is narrower than 80 characters, and a dialog
        wider than its screen hides its right-hand buttons. Wrapped text is measured at the
        width the dialog will have, with the theme's fonts (polished first), so nothing ends
        up below the fold of a dialog that could be taller.
        """
        self.body.addStretch(1)
        self._scroll.setAccessibleName(f"{self.windowTitle()}, page")
        self.ensurePolished()
        self.setMinimumWidth(within_screen(self, self.minimumWidth()))
        hint = self._content.sizeHint()
        edges = 2 * self._scroll.frameWidth() + self._scrollbar_width()  # the page's own
        wanted = max(self.minimumWidth(), hint.width() + edges, self._buttons_in_a_row())
        width = within_screen(self, wanted)
        self._stack_buttons(width)
        self._place_labels(width)
        layout = self._content.layout()
        height = layout.heightForWidth(width) if layout.hasHeightForWidth() else -1
        height = height if height > 0 else hint.height()
        wanted = height + self.buttons.sizeHint().height() + 40
        self.resize(width, within_screen_height(self, wanted))

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._stack_buttons(event.size().width())
        self._place_labels(event.size().width())
        super().resizeEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:  # a button shown, hidden or renamed
            self._stack_buttons(self.width())
        return super().event(event)

    def _scrollbar_width(self) -> int:
        return self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)

    def _place_labels(self, width: int) -> None:
        margins = self.body.contentsMargins()
        room = width - margins.left() - margins.right() - self._scrollbar_width()
        for form in self._forms:
            labels, fields = [0], [0]
            for row in range(form.rowCount()):
                for role, widths in (
                    (QFormLayout.ItemRole.LabelRole, labels),
                    (QFormLayout.ItemRole.FieldRole, fields),
                ):
                    item = form.itemAt(row, role)
                    if item is not None and item.widget() is not None:
                        widths.append(item.minimumSize().width())  # a set minimum counts
            beside = max(labels) + form.horizontalSpacing() + max(fields) <= room
            policy = (
                QFormLayout.RowWrapPolicy.DontWrapRows
                if beside
                else QFormLayout.RowWrapPolicy.WrapAllRows
            )
            if policy != form.rowWrapPolicy():
                form.setRowWrapPolicy(policy)

    def _shown_buttons(self) -> list[QWidget]:
        items = (self.buttons.itemAt(index) for index in range(self.buttons.count()))
        return [w for item in items if (w := item.widget()) is not None and not w.isHidden()]

    def _buttons_in_a_row(self) -> int:
        """The width the dialog needs for its buttons side by side."""
        margins = self.buttons.contentsMargins()
        widths = [_one_line(widget) for widget in self._shown_buttons()]
        return _line(widths, self.buttons.spacing()) + margins.left() + margins.right()

    def _stack_buttons(self, width: int) -> None:
        """The buttons side by side while they fit in ``width``, else one above the other:
        the extra ones (Restore defaults) on the left, the dialog's own row below them, and
        that row's own buttons one above the other too when even they are wider."""
        row = self.buttons
        margins = row.contentsMargins()
        room = width - margins.left() - margins.right()
        shown = self._shown_buttons()
        beside = self._buttons_in_a_row() <= width
        wanted = QBoxLayout.Direction.LeftToRight if beside else QBoxLayout.Direction.TopToBottom
        if row.direction() != wanted:
            row.setDirection(wanted)
            for widget in shown:
                if not isinstance(widget, QDialogButtonBox):
                    row.setAlignment(widget, Qt.AlignmentFlag.AlignLeft)
        for widget in shown:
            if isinstance(widget, QDialogButtonBox):
                fits = _one_line(widget) <= room
                turn = Qt.Orientation.Horizontal if fits else Qt.Orientation.Vertical
                if widget.orientation() != turn:
                    widget.setOrientation(turn)


def _line(widths: list[int], spacing: int) -> int:
    return sum(widths) + max(spacing, 0) * max(len(widths) - 1, 0)


def _one_line(widget: QWidget) -> int:
    """How wide ``widget`` is with its buttons side by side (a button row's own hint is as
    narrow as one button once it stands upright)."""
    if not isinstance(widget, QDialogButtonBox):
        return widget.sizeHint().width()
    layout = widget.layout()
    margins = layout.contentsMargins()
    buttons = [button.sizeHint().width() for button in widget.buttons() if not button.isHidden()]
    return _line(buttons, layout.spacing()) + margins.left() + margins.right()


def within_screen(widget: QWidget, width: int) -> int:
    """``width`` pixels, or nine tenths of the width of ``widget``'s screen when that is less:
    the most a dialog may take, with some of the desktop left in view around it."""
    room = _room(widget)
    return min(width, room.width() * 9 // 10) if room is not None else width


def within_screen_height(widget: QWidget, height: int) -> int:
    """``height`` pixels, or nine tenths of the height of ``widget``'s screen when less."""
    room = _room(widget)
    return min(height, room.height() * 9 // 10) if room is not None else height


def _room(widget: QWidget) -> QRect | None:
    screen = widget.screen()
    return screen.availableGeometry() if screen is not None else None
