"""Edit the checklist of one route: change, reorder, remove and add items, restore defaults.

The dialog edits a copy; nothing is saved until "Save checklist", and Cancel leaves the saved
checklist as it was. Its page scrolls when the screen is short (200% text on a laptop), with
the buttons kept in view.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QResizeEvent, QTextCursor
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLayout,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from companion.domain.checklist import (
    MAX_OFFSET_MINUTES,
    MAX_TEXT_CHARS,
    ChecklistItem,
    default_template,
)
from companion.storage.appointments import TemplateView, default_name
from companion.ui.announce import announce
from companion.ui.dialog_frame import ScrollingDialog, dialog_buttons, within_screen_height
from companion.ui.flow_layout import FlowLayout
from companion.ui.prefs import Prefs
from companion.ui.prepare_tick_box import TickBox

NEW_ITEM_TEXT = "A new item"
LIST_MIN_ROWS = 5  # lines of text the list always shows
LIST_ROWS = 12  # and what it shows when the screen has room
ORDER_NOTE = (
    "Items with a time are shown in time order on the checklist; the others stay where you "
    "put them."
)  # Prepare lists timed items by deadline (checklist.in_time_order), whatever their place here


class WrappingLine(QPlainTextEdit):
    """One line of text that wraps onto more rows (up to ``MAX_ROWS``) instead of scrolling
    sideways, so all of it stays in view; a line break is never part of it, and it keeps
    ``max_length`` characters. Its ``text()``, ``setText()`` and ``textEdited`` work as
    QLineEdit's do."""

    MIN_ROWS, MAX_ROWS = 2, 4

    textEdited = Signal(str)

    def __init__(self, max_length: int) -> None:
        super().__init__()
        self._max_length = max_length
        self._setting = False
        self.setTabChangesFocus(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._fit_rows()
        self.textChanged.connect(self._edited)

    def text(self) -> str:
        return self.toPlainText()

    def setText(self, text: str) -> None:
        self._setting = True
        self.setPlainText(text)
        self._setting = False

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_rows()  # narrower (200% text on a small screen): more rows

    def _fit_rows(self) -> None:
        layout = self.document().firstBlock().layout()
        lines = layout.lineCount() if layout is not None else 0
        rows = min(max(lines, self.MIN_ROWS), self.MAX_ROWS)
        height = round(self.fontMetrics().lineSpacing() * (rows + 0.6)) + 16
        if height != self.minimumHeight():
            self.setFixedHeight(height)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.ignore()  # as in a one-line field: the dialog's default button has it
            return
        # As in a one-line field, Home and End go to the start and end of the text, not of
        # the wrapped line (text added with End would land mid-sentence). Shift selects.
        ends = {Qt.Key.Key_Home: QTextCursor.MoveOperation.Start,
                Qt.Key.Key_End: QTextCursor.MoveOperation.End}
        if event.key() in ends and not event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier:
            mode = (QTextCursor.MoveMode.KeepAnchor
                    if event.modifiers() & Qt.KeyboardModifier.ShiftModifier
                    else QTextCursor.MoveMode.MoveAnchor)
            self.moveCursor(ends[Qt.Key(event.key())], mode)
            return
        super().keyPressEvent(event)

    def _edited(self) -> None:
        self._fit_rows()
        if self._setting:
            return
        text = self.toPlainText()
        clean = " ".join(text.splitlines())[: self._max_length]
        if clean != text:  # pasted line breaks, or too long
            self.setText(clean)
            self.moveCursor(QTextCursor.MoveOperation.End)
        self.textEdited.emit(clean)


def offset_words(minutes: int) -> str:
    """ "6 h before", "30 min before", "1 h 30 min before", "at the appointment"."""
    if minutes == 0:
        return "at the appointment"
    hours, rest = divmod(minutes, 60)
    parts = [f"{hours} h"] if hours else []
    parts += [f"{rest} min"] if rest else []
    return " ".join(parts) + " before"


class TemplateDialog(ScrollingDialog):
    """Emits ``submitted(name, items)``; the screen saves and then closes the dialog."""

    submitted = Signal(str, list)

    def __init__(self, template: TemplateView, prefs: Prefs, parent: QWidget) -> None:
        super().__init__(parent)
        self.route = template.route
        self.name = template.name
        self.items: list[ChecklistItem] = list(template.items)
        title = f"Your checklist for {template.route.label}"
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 80)
        layout = self.body
        layout.setSpacing(12)
        heading = QLabel(title)
        heading.setObjectName("SectionTitle")
        heading.setWordWrap(True)  # "… for Esketamine nasal spray" at 200% text
        layout.addWidget(heading)
        lead = QLabel(
            "Make it match what your clinic tells you: your clinic's instructions come first. "
            f"Upcoming {template.route.label} appointments take the changes over; past "
            "appointments keep their checklists."
        )
        lead.setObjectName("Muted")
        lead.setWordWrap(True)
        layout.addWidget(lead)

        self.list = QListWidget()
        self.list.setAccessibleName("Checklist items")
        self.list.setAccessibleDescription(ORDER_NOTE)
        self.list.setWordWrap(True)
        self.list.setSpacing(3)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.currentRowChanged.connect(self._show_item)
        # Room for several items at once; the dialog grows it further when the screen allows.
        self.list.setMinimumHeight(self.list.fontMetrics().lineSpacing() * LIST_MIN_ROWS)
        layout.addWidget(self.list, 1)

        moves = FlowLayout(spacing=10)  # the buttons wrap onto two lines at 200% text
        self.up = self._button(moves, "Move &up", "Alt+Up", lambda: self._move(-1))
        self.down = self._button(moves, "Move &down", "Alt+Down", lambda: self._move(+1))
        self.add = self._button(moves, "&Add item", "", self._add)
        self.remove = self._button(moves, "Re&move", "", self._remove)
        layout.addLayout(moves)
        order = QLabel(ORDER_NOTE)
        order.setObjectName("Muted")
        order.setWordWrap(True)
        layout.addWidget(order)

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.text = WrappingLine(MAX_TEXT_CHARS)
        self.text.setAccessibleName("What to do")
        self.text.textEdited.connect(lambda value: self._change(text=value))
        form.addRow("&What to do:", self.text)
        self.detail = QPlainTextEdit()
        self.detail.setAccessibleName("More detail")
        self.detail.setTabChangesFocus(True)
        self.detail.setMaximumHeight(self.detail.fontMetrics().lineSpacing() * 4)
        self.detail.textChanged.connect(self._detail_changed)
        form.addRow("Mor&e detail:", self.detail)  # Alt+D is "Move down"
        timing = FlowLayout(spacing=10)
        self.timed = TickBox("&Timed:", prefs)
        self.timed.setAccessibleName("The item has a time before the appointment")
        self.timed.toggled.connect(self._timing_changed)
        timing.addWidget(self.timed)
        self.hours = self._spin(timing, MAX_OFFSET_MINUTES // 60, " h", "Hours before")
        self.minutes = self._spin(timing, 59, " min", "Minutes before")
        timing.addWidget(QLabel("before the appointment"))
        form.addRow(timing)  # the whole width, wrapping only on a small screen at 200% text
        layout.addLayout(form)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)

        self._button(self.buttons, "&Restore defaults", "", self.restore_defaults)
        self.buttons.addStretch(1)
        buttons, self.save_button = dialog_buttons("Save checklist")
        buttons.accepted.connect(self._submit)
        buttons.rejected.connect(self.reject)
        self.buttons.addWidget(buttons)
        self._fill(0)
        self._fit_to_screen()

    # --- building -------------------------------------------------------------------------
    def _fit_to_screen(self) -> None:
        """As tall as the page, plus more rows of the list while the screen has room."""
        self.fit_to_screen()
        self.body.setStretch(self.body.count() - 1, 0)  # the list takes the room, not a blank
        more = self.list.fontMetrics().lineSpacing() * (LIST_ROWS - LIST_MIN_ROWS)
        self.resize(self.width(), within_screen_height(self, self.height() + more))

    @staticmethod
    def _button(row: QLayout, label: str, keys: str, slot: object) -> QPushButton:
        button = QPushButton(label)
        button.setAccessibleName(label.replace("&", ""))
        if keys:
            button.setShortcut(QKeySequence(keys))
            button.setToolTip(keys)
        button.clicked.connect(lambda _=False: slot())  # type: ignore[operator]
        row.addWidget(button)
        return button

    def _spin(self, row: QLayout, top: int, suffix: str, name: str) -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(0, top)
        spin.setSuffix(suffix)
        spin.setAccessibleName(name)
        spin.valueChanged.connect(self._timing_changed)
        row.addWidget(spin)
        return spin

    # --- the list -------------------------------------------------------------------------
    def _label(self, item: ChecklistItem) -> str:
        when = "" if item.offset_minutes is None else f"   ({offset_words(item.offset_minutes)})"
        return item.text + when

    def _fill(self, current: int) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for item in self.items:
            QListWidgetItem(self._label(item), self.list)
        self.list.blockSignals(False)
        self.list.setCurrentRow(min(current, len(self.items) - 1))
        self._show_item(self.list.currentRow())

    def _show_item(self, row: int) -> None:
        has = 0 <= row < len(self.items)
        for widget in (self.text, self.detail, self.timed, self.remove):
            widget.setEnabled(has)
        self.up.setEnabled(has and row > 0)
        self.down.setEnabled(has and row < len(self.items) - 1)
        item = self.items[row] if has else ChecklistItem("", "")
        for widget in (self.text, self.detail, self.timed, self.hours, self.minutes):
            widget.blockSignals(True)
        self.text.setText(item.text)
        self.detail.setPlainText(item.detail)
        self.timed.setChecked(item.offset_minutes is not None)
        hours, minutes = divmod(item.offset_minutes or 0, 60)
        self.hours.setValue(hours)
        self.minutes.setValue(minutes)
        for widget in (self.text, self.detail, self.timed, self.hours, self.minutes):
            widget.blockSignals(False)
        self._enable_timing()

    def _enable_timing(self) -> None:
        on = self.timed.isChecked() and self.timed.isEnabled()
        self.hours.setEnabled(on)
        self.minutes.setEnabled(on and self.hours.value() < self.hours.maximum())

    # --- editing --------------------------------------------------------------------------
    def _change(self, **fields: object) -> None:
        row = self.list.currentRow()
        if not 0 <= row < len(self.items):
            return
        self.items[row] = replace(self.items[row], **fields)  # type: ignore[arg-type]
        self.list.item(row).setText(self._label(self.items[row]))

    def _detail_changed(self) -> None:
        self._change(detail=self.detail.toPlainText())

    def _timing_changed(self) -> None:
        self._enable_timing()
        minutes = None
        if self.timed.isChecked():
            minutes = min(self.hours.value() * 60 + self.minutes.value(), MAX_OFFSET_MINUTES)
        self._change(offset_minutes=minutes)

    def _move(self, step: int) -> None:
        row = self.list.currentRow()
        target = row + step
        if 0 <= row < len(self.items) and 0 <= target < len(self.items):
            self.items[row], self.items[target] = self.items[target], self.items[row]
            self._fill(target)
            self.list.setFocus()

    def _add(self) -> None:
        self.items.append(ChecklistItem("", NEW_ITEM_TEXT))
        self._fill(len(self.items) - 1)
        self.text.setFocus()
        self.text.selectAll()

    def _remove(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.items):
            del self.items[row]
            self._fill(row)

    def restore_defaults(self) -> None:
        """Back to the common clinic guidance (saved only with "Save checklist")."""
        self.items = default_template(self.route)
        self.name = default_name(self.route)
        self._fill(0)
        self.show_message("The common clinic guidance is back. Save to keep it.")

    # --- saving ---------------------------------------------------------------------------
    def _submit(self) -> None:
        if not self.items:
            self.show_message("A checklist needs at least one item.")
            return
        empty = next((n for n, item in enumerate(self.items) if not item.text.strip()), None)
        if empty is not None:
            self.list.setCurrentRow(empty)
            self.show_message(f"Item {empty + 1} has no text. Write what to do, or remove it.")
            return
        self.save_button.setEnabled(False)
        self.submitted.emit(self.name, list(self.items))

    def show_message(self, text: str) -> None:
        """Said under the form, scrolled into view when the page scrolls, and said to a screen
        reader (the focus stays where it is)."""
        self.message.setText(text)
        self.message.show()
        announce(self.message, text)
        self.bring_into_view(self.message)
        self.save_button.setEnabled(True)
