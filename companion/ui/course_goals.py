"""Edit my goals: change the words, reorder, add and remove, then save all at once.

A goal keeps its ratings when its words change. Removing a goal removes its ratings when
saved, so a removal can be undone until then.
"""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from companion.storage.courses import GOAL_MAX, GoalView
from companion.ui.dialog_frame import ScrollingDialog
from companion.ui.flow_layout import flow_row

GoalList = list[tuple[int | None, str]]


class _GoalRow(QWidget):
    def __init__(self, goal_id: int | None, text: str, rated: int) -> None:
        super().__init__()
        self.goal_id = goal_id
        self.rated = rated
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        self.edit = QLineEdit(text)
        self.edit.setMaxLength(GOAL_MAX)
        row.addWidget(self.edit, 1)
        self.up = QPushButton("↑")
        self.down = QPushButton("↓")
        self.remove = QPushButton("Remove")
        for button in (self.up, self.down, self.remove):
            row.addWidget(button)

    def name(self, number: int) -> None:
        self.edit.setAccessibleName(f"Goal {number}")
        self.edit.setPlaceholderText(f"Goal {number}, in your own words")
        self.up.setAccessibleName(f"Move goal {number} up")
        self.down.setAccessibleName(f"Move goal {number} down")
        self.remove.setAccessibleName(f"Remove goal {number}")
        self.up.setToolTip("Move up (Alt+Up)")
        self.down.setToolTip("Move down (Alt+Down)")


class GoalsDialog(ScrollingDialog):
    """Emits `submitted` with the new list: (goal id or None for a new goal, words)."""

    submitted = Signal(object)

    def __init__(self, goals: tuple[GoalView, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit my goals")
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 70)
        box = self.body
        box.setSpacing(12)
        hint = QLabel(
            "A few goals in your own words. Changing the words keeps the ratings; "
            "removing a goal removes its ratings."
        )
        hint.setObjectName("Muted")
        hint.setWordWrap(True)
        box.addWidget(hint)
        self.list_box = QVBoxLayout()
        self.list_box.setSpacing(8)
        box.addLayout(self.list_box)
        self.rows: list[_GoalRow] = []
        self._removed: list[tuple[int, _GoalRow]] = []
        self.add_button = QPushButton("Add a goal")
        self.add_button.clicked.connect(lambda: self._add(None, "", 0).edit.setFocus())
        self.undo_button = QPushButton("Undo remove")
        self.undo_button.clicked.connect(self.undo_remove)
        self.undo_button.hide()
        box.addLayout(flow_row(self.add_button, self.undo_button))
        self.message = QLabel("")
        self.message.setObjectName("FormMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        box.addWidget(self.message)
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton("Save goals", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setObjectName("Primary")
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._submit)
        buttons.rejected.connect(self.reject)
        self.buttons.addWidget(buttons)
        for goal in goals:
            self._add(goal.id, goal.text, len(goal.ratings))
        if not self.rows:
            self._add(None, "", 0)
        self.fit_to_screen()

    def _add(self, goal_id: int | None, text: str, rated: int) -> _GoalRow:
        row = _GoalRow(goal_id, text, rated)
        row.up.clicked.connect(lambda: self.move(row, -1))
        row.down.clicked.connect(lambda: self.move(row, +1))
        row.remove.clicked.connect(lambda: self.remove(row))
        row.edit.installEventFilter(self)
        self.rows.append(row)
        self._relayout()
        return row

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Alt+Up / Alt+Down in a goal's field moves the goal."""
        if (
            isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.modifiers() == Qt.KeyboardModifier.AltModifier
            and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down)
        ):
            row = next(r for r in self.rows if r.edit is watched)
            self.move(row, -1 if event.key() == Qt.Key.Key_Up else +1)
            row.edit.setFocus()
            return True
        return super().eventFilter(watched, event)

    def _relayout(self) -> None:
        for row in self.rows:
            self.list_box.removeWidget(row)
        for number, row in enumerate(self.rows, start=1):
            self.list_box.addWidget(row)
            row.name(number)
            row.up.setEnabled(number > 1)
            row.down.setEnabled(number < len(self.rows))
        # Rows change places: Tab still goes down the list as shown, then to "Add a goal".
        chain = [w for row in self.rows for w in (row.edit, row.up, row.down, row.remove)]
        for first, second in pairwise([*chain, self.add_button]):
            QWidget.setTabOrder(first, second)

    def move(self, row: _GoalRow, step: int) -> None:
        index = self.rows.index(row)
        target = index + step
        if 0 <= target < len(self.rows):
            self.rows[index], self.rows[target] = self.rows[target], self.rows[index]
            self._relayout()

    def remove(self, row: _GoalRow) -> None:
        index = self.rows.index(row)
        self.rows.remove(row)
        row.hide()
        self._removed.append((index, row))
        self._relayout()
        words = row.edit.text().strip() or "an empty goal"
        note = f" Its {row.rated} ratings go when you save." if row.rated else ""
        self._say(f"Removed “{words}”.{note}")
        self.undo_button.show()
        self.undo_button.setFocus()

    def undo_remove(self) -> None:
        if not self._removed:
            return
        index, row = self._removed.pop()
        self.rows.insert(min(index, len(self.rows)), row)
        row.show()
        self._relayout()
        row.edit.setFocus()
        self._say("")
        self.undo_button.setVisible(bool(self._removed))

    def goals(self) -> GoalList:
        return [(row.goal_id, row.edit.text()) for row in self.rows if row.edit.text().strip()]

    def _submit(self) -> None:
        self.ok_button.setEnabled(False)
        self.submitted.emit(self.goals())

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def show_error(self, text: str) -> None:
        self.ok_button.setEnabled(True)
        self._say(text)
