"""A PHQ-9 or GAD-7 questionnaire: the stem, the exact items, four answers per item as radio
buttons, the unscored difficulty question and the permission line.

The result is stated as a score band ("Total 12 — moderate"), never as a diagnosis.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from companion.domain.measures import Instrument
from companion.ui.flow_layout import FlowLayout
from companion.ui.fold import FoldingRadio
from companion.ui.roving import ARROW_STEPS

SCREENING_LINE = "This is a screening score, not a diagnosis; talk it through with your care team."


def result_text(total: int, band: str) -> str:
    return f"Total {total} — {band}"


class _Question(QWidget):
    """One question with its answers; arrow keys move between them, Tab to the next question.

    Each answer's accessible name holds its question ("1. Little interest or pleasure in doing
    things: Not at all"): "Not at all" alone is heard dozens of times, and a screen reader may
    not read the description or the row's name when the focus moves into it."""

    def __init__(self, number: str, text: str, options: Sequence[tuple[int, str]]) -> None:
        super().__init__()
        self.setProperty("plain", True)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 6, 0, 6)
        box.setSpacing(6)
        question = f"{number}. {text}" if number else text
        label = QLabel(question)
        label.setObjectName("QuestionText")
        label.setWordWrap(True)
        box.addWidget(label)
        answers = QWidget()
        answers.setProperty("plain", True)
        flow = FlowLayout(answers, spacing=14)
        self.group = QButtonGroup(self)
        self.buttons: list[QRadioButton] = []
        for value, option in options:
            button = FoldingRadio(option)
            button.setProperty("answer", True)
            button.setAccessibleName(f"{question}: {option}")
            self.group.addButton(button, value)
            flow.addWidget(button)
            self.buttons.append(button)
        box.addWidget(answers)
        self.setAccessibleName(text)
        for button in self.buttons:
            button.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """An arrow key chooses the next or previous answer, as radio buttons do on most
        desktops (Qt alone only moves the focus while nothing is chosen yet)."""
        step = ARROW_STEPS.get(event.key()) if isinstance(event, QKeyEvent) else None
        if step is None or event.type() != QEvent.Type.KeyPress or watched not in self.buttons:
            return False
        index = self.buttons.index(watched)  # type: ignore[arg-type]
        target = self.buttons[max(0, min(len(self.buttons) - 1, index + step))]
        target.setFocus(Qt.FocusReason.TabFocusReason)
        target.click()
        return True

    def value(self) -> int | None:
        checked = self.group.checkedId()
        return None if checked < 0 else checked

    def clear(self) -> None:
        self.group.setExclusive(False)
        for button in self.buttons:
            button.setChecked(False)
        self.group.setExclusive(True)


class MeasureForm(QFrame):
    """One questionnaire on a card. `answered(item index, value)` fires on every choice."""

    answered = Signal(int, int)

    def __init__(self, instrument: Instrument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.instrument = instrument
        self.setObjectName("Card")
        box = QVBoxLayout(self)
        box.setContentsMargins(24, 20, 24, 20)
        box.setSpacing(8)
        title = QLabel(instrument.title)
        title.setObjectName("SectionTitle")
        title.setWordWrap(True)
        stem = QLabel(instrument.stem)
        stem.setWordWrap(True)
        stem.setObjectName("QuestionText")
        box.addWidget(title)
        box.addWidget(stem)

        options = [(option.value, option.label) for option in instrument.options]
        self.questions: list[_Question] = []
        self._items_box = QVBoxLayout()
        self._items_box.setSpacing(4)
        for index, item in enumerate(instrument.items):
            question = _Question(str(index + 1), item.text, options)
            question.group.idClicked.connect(lambda value, i=index: self.answered.emit(i, value))
            self.questions.append(question)
            self._items_box.addWidget(question)
        box.addLayout(self._items_box)

        self.difficulty = _Question(
            "",
            instrument.difficulty_question + " (optional)",
            list(enumerate(instrument.difficulty_options)),
        )
        box.addSpacing(6)
        box.addWidget(self.difficulty)

        self.result = QLabel()
        self.result.setObjectName("SectionTitle")
        self.result.setWordWrap(True)
        self.result_note = QLabel(SCREENING_LINE)
        self.result_note.setWordWrap(True)
        self.result.hide()
        self.result_note.hide()
        box.addWidget(self.result)
        box.addWidget(self.result_note)

        permission = QLabel(instrument.permission)
        permission.setObjectName("Muted")
        permission.setWordWrap(True)
        box.addSpacing(6)
        box.addWidget(permission)

    def insert_after_item(self, index: int, widget: QWidget, focus: QWidget) -> None:
        """Place a note right under one item (e.g. support beside PHQ-9 item 9); Tab reaches
        its ``focus`` widget right after that item's answers."""
        self._items_box.insertWidget(index + 1, widget)
        QWidget.setTabOrder(self.questions[index].buttons[-1], focus)

    def answers(self) -> list[int | None]:
        return [question.value() for question in self.questions]

    def difficulty_value(self) -> int | None:
        return self.difficulty.value()

    def is_empty(self) -> bool:
        return all(answer is None for answer in self.answers())

    def missing(self) -> list[int]:
        """Item numbers (from 1) still unanswered."""
        return [n for n, answer in enumerate(self.answers(), start=1) if answer is None]

    def first_answer_of(self, number: int) -> QRadioButton:
        """The first answer of question ``number`` (from 1): where to take the patient."""
        return self.questions[number - 1].buttons[0]

    def choose(self, index: int, value: int) -> None:
        """Select an answer as a click would (used by tests and keyboard helpers)."""
        self.questions[index].group.button(value).click()

    def show_result(self, total: int, band: str) -> None:
        self.result.setText(f"{self.instrument.name}: {result_text(total, band)}")
        self.result.setAccessibleName(self.result.text() + ". " + SCREENING_LINE)
        self.result.show()
        self.result_note.show()

    def set_answerable(self, answerable: bool) -> None:
        """Lock the answers after saving; results and notes stay readable."""
        for question in [*self.questions, self.difficulty]:
            question.setEnabled(answerable)

    def clear(self) -> None:
        for question in [*self.questions, self.difficulty]:
            question.clear()
        self.result.hide()
        self.result_note.hide()
