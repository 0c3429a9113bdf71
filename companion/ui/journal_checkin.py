"""The check-in page of the Journal: PHQ-9 and GAD-7, their results, and how often to ask."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from companion.domain import measures, safety
from companion.storage.journal import CHECKIN_INTERVAL_RANGE, SavedMeasure
from companion.ui.beside_or_under import BesideOrUnder
from companion.ui.field_grid import FieldGrid
from companion.ui.journal_actions import Answered
from companion.ui.journal_form import Page
from companion.ui.measure_form import MeasureForm
from companion.ui.screen import scroll_area


class CheckinPage(Page):
    save_requested = Signal()
    back_requested = Signal()
    help_requested = Signal()
    crisis_answer = Signal()  # PHQ-9 item 9 above 0: once per check-in
    interval_changed = Signal(int)

    def __init__(self) -> None:
        super().__init__()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(12)
        content = QWidget()
        box = QVBoxLayout(content)
        box.setContentsMargins(0, 0, 8, 8)
        box.setSpacing(16)
        intro = QLabel(
            "Two short questionnaires your care team may use to see how things change. "
            "Answer what fits the last two weeks; you can skip one and do the other."
        )
        intro.setWordWrap(True)
        box.addWidget(intro)

        self.forms = {
            name: MeasureForm(definition) for name, definition in measures.INSTRUMENTS.items()
        }
        self.phq9, self.gad7 = self.forms[measures.PHQ9], self.forms[measures.GAD7]
        self.item9_note, help_button = self._support_note()
        self.phq9.insert_after_item(len(self.phq9.questions) - 1, self.item9_note, help_button)
        self.phq9.answered.connect(self._phq9_answered)
        for form in self.forms.values():
            box.addWidget(form)
        box.addWidget(self._interval_row())
        box.addStretch(1)
        self.scroll = scroll_area(content, "PHQ-9 and GAD-7 check-in, page")
        outer.addWidget(self.scroll, 1)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("FormMessage")
        # The message beside Back and Save, or above them when the page is narrow.
        self.footer = BesideOrUnder(self.message)
        outer.addWidget(self.footer)
        self.back_button = QPushButton("Back to the journal")
        self.back_button.clicked.connect(self.back_requested)
        self.save_button = QPushButton("Save check-in")
        self.save_button.setObjectName("Primary")
        self.save_button.setToolTip("Save check-in (Ctrl+S)")
        self.save_button.clicked.connect(self.save_requested)
        self.footer.add_button(self.back_button)
        self.footer.add_button(self.save_button)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save_button.click)
        self._crisis_shown = False

    def _support_note(self) -> tuple[QFrame, QPushButton]:
        note = QFrame()
        note.setObjectName("Card")
        note.setProperty("tone", "support")
        box = QVBoxLayout(note)
        box.setContentsMargins(16, 12, 16, 12)
        text = QLabel(f"{safety.ITEM9_LINE} {safety.CARE_TEAM_LINE}")
        text.setWordWrap(True)
        button = QPushButton("Get help now")
        button.setAccessibleDescription("Crisis lines and your own contacts")
        button.clicked.connect(self.help_requested)
        row = QHBoxLayout()
        row.addWidget(button)
        row.addStretch(1)
        box.addWidget(text)
        box.addLayout(row)
        note.setAccessibleName(text.text())
        note.hide()
        return note, button

    def _interval_row(self) -> QWidget:
        host = QWidget()
        box = QVBoxLayout(host)
        box.setContentsMargins(0, 0, 0, 0)
        self.interval = QSpinBox()
        self.interval.setRange(*CHECKIN_INTERVAL_RANGE)
        self.interval.setValue(7)
        self.interval.setSuffix(" days")
        self.interval.setAccessibleName("Check-in every N days")
        self.interval.setAccessibleDescription("How often the journal reminds you of a check-in")
        self.interval.valueChanged.connect(self.interval_changed)
        hint = QLabel("A gentle reminder appears on the Journal when one is due.")
        hint.setObjectName("Muted")
        hint.setWordWrap(True)
        row = FieldGrid()  # the label goes above the box on a narrow page
        row.add("Check-in every", self.interval)
        box.addWidget(row)
        box.addWidget(hint)
        return host

    def _phq9_answered(self, _index: int, _value: int) -> None:
        answers = [answer or 0 for answer in self.phq9.answers()]
        above = measures.needs_crisis_resources(measures.PHQ9, answers)
        self.item9_note.setVisible(above)
        if above and not self._crisis_shown:
            self._crisis_shown = True
            self.crisis_answer.emit()

    # --- the page's state -----------------------------------------------------------------
    def start(self, interval: int | None = None) -> None:
        """A fresh check-in."""
        for form in self.forms.values():
            form.clear()
            form.set_answerable(True)
        self.item9_note.hide()
        self._crisis_shown = False
        self.save_button.setEnabled(True)
        self.save_button.show()
        self.show_message("")
        if interval is not None:
            self.set_interval(interval)
        self.phq9.questions[0].buttons[0].setFocus()

    def set_interval(self, days: int) -> None:
        self.interval.blockSignals(True)
        self.interval.setValue(days)
        self.interval.blockSignals(False)

    def show_message(self, text: str) -> None:
        self.footer.say(text)
        self.message.setAccessibleName(text)

    def collect(self) -> list[Answered]:
        """The completed questionnaires; ValueError naming what is missing."""
        answered: list[Answered] = []
        for name, form in self.forms.items():
            if form.is_empty():
                continue
            missing = form.missing()
            if missing:
                numbers = ", ".join(str(n) for n in missing)
                raise ValueError(
                    f"The {name} still needs an answer to question{'s' if len(missing) > 1 else ''}"
                    f" {numbers}. Answer them, or clear the whole {name} to skip it."
                )
            answers = [int(answer) for answer in form.answers() if answer is not None]
            answered.append(Answered(name, answers, form.difficulty_value()))
        if not answered:
            raise ValueError("Answer the questions of the PHQ-9, the GAD-7, or both.")
        return answered

    def go_to_first_missing(self) -> None:
        """After a refusal: the first unanswered question of a started questionnaire, in view
        and with the focus, so the patient need not search for it."""
        for form in self.forms.values():
            missing = form.missing()
            if missing and not form.is_empty():
                answer = form.first_answer_of(missing[0])
                answer.setFocus(Qt.FocusReason.OtherFocusReason)
                self.scroll.ensureWidgetVisible(answer)
                return

    def show_saved(self, saved: Sequence[SavedMeasure]) -> None:
        for result in saved:
            form = self.forms[result.instrument]
            form.show_result(result.total, result.band)
        for form in self.forms.values():
            form.set_answerable(False)
        self.save_button.hide()
        totals = "; ".join(f"{s.instrument} total {s.total} — {s.band}" for s in saved)
        self.show_message(f"Saved. {totals}. You can go back to the journal.")
        self.back_button.setFocus()
