"""The journal entry form: how the patient is, what they felt, side effects, body, words.

It only shows and collects an `EntryDraft`; saving, drafts and loading live in the screen.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QSize, Signal
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from companion.domain.journal import (
    ANXIETY,
    DIASTOLIC_RANGE,
    EMOTION_TAGS,
    MOOD,
    PULSE_RANGE,
    SYSTOLIC_RANGE,
    EntryDraft,
    prompt_for,
)
from companion.storage.journal import SessionContext
from companion.ui.card import card
from companion.ui.field_grid import FieldGrid
from companion.ui.flow_layout import flow_row
from companion.ui.journal_session_card import SessionCard
from companion.ui.scale_slider import ScaleSlider
from companion.ui.side_effect_picker import SideEffectPicker
from companion.ui.tag_chips import TagChips

PRIVATE_LINE = "Private — only you see this unless you choose to share it"
SHARED_LINE = "Shared — included when you export a report for your therapist"



def _jump_to(title: QLabel, text: str, field: QWidget) -> None:
    """A card title with an Alt+letter that puts the cursor in its field: the text fields
    come after dozens of controls, too far to reach by Tab on a tired day."""
    title.setText(text)
    title.setBuddy(field)

class TextBox(QPlainTextEdit):
    """A text box a few lines tall at any text size; Tab moves on instead of typing a tab."""

    def __init__(self, name: str, lines: int = 5) -> None:
        super().__init__()
        self._lines = lines
        self.setAccessibleName(name)
        self.setTabChangesFocus(True)

    def sizeHint(self) -> QSize:
        height = self.fontMetrics().lineSpacing() * self._lines + 24
        return QSize(super().sizeHint().width(), height)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()


class Page(QWidget):
    """A page of the Journal: a scroll area over a footer.

    It does not pass height-for-width up from its wrapped labels: a box layout would take the
    whole scrolled content's height as the page's minimum and squeeze the toolbar above it.
    """

    def hasHeightForWidth(self) -> bool:
        return False


class _NumberBox(QLineEdit):
    """A box for a number of up to three digits: as wide as its hint word, not a line of text."""

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()  # room for 17 letters "x", and the frame around them
        metrics = self.fontMetrics()
        inner = metrics.horizontalAdvance(self.placeholderText() + "0")
        return QSize(hint.width() - metrics.horizontalAdvance("x" * 17) + inner, hint.height())


def _number_box(name: str, placeholder: str, low_high: tuple[int, int]) -> QLineEdit:
    field = _NumberBox()
    field.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
    field.setAccessibleName(name)
    field.setPlaceholderText(placeholder)
    field.setValidator(QIntValidator(0, low_high[1]))
    field.setMaxLength(3)
    field.setAccessibleDescription(f"Optional, {low_high[0]} to {low_high[1]}")
    return field


def _inline(*widgets: QWidget) -> QWidget:
    """Widgets side by side that wrap together as one piece."""
    host = QWidget()
    host.setProperty("plain", True)
    row = QHBoxLayout(host)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(8)
    for widget in widgets:
        row.addWidget(widget)
    row.addStretch(1)
    return host


def _number(field: QLineEdit) -> int | None:
    text = field.text().strip()
    return int(text) if text.isdigit() else None


class EntryForm(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._day = date.today()
        self._skip = 0
        self._prompt = ""
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(16)

        self.heading = QLabel()
        self.heading.setObjectName("SectionTitle")
        self.heading.setWordWrap(True)
        box.addWidget(self.heading)
        self.session_card = SessionCard()
        box.addWidget(self.session_card)
        box.addWidget(self._build_feeling())
        box.addWidget(self._build_tags())
        box.addWidget(self._build_side_effects())
        box.addWidget(self._build_body())
        box.addWidget(self._build_prompt())
        box.addWidget(self._build_words())

    # --- building -------------------------------------------------------------------------
    def _build_feeling(self) -> QFrame:
        frame, box, _title = card("How are you right now?")
        self.kind_group = QButtonGroup(self)
        self.daily_radio = QRadioButton("Daily check-in")
        self.session_radio = QRadioButton("After a session")
        self.daily_radio.setChecked(True)
        for button in (self.daily_radio, self.session_radio):
            button.setAccessibleDescription("Kind of entry")
            button.setProperty("answer", True)
            self.kind_group.addButton(button)
            button.toggled.connect(self._kind_toggled)
        self.kind_row = QWidget()
        self.kind_row.setProperty("plain", True)
        self.kind_row.setLayout(flow_row(self.daily_radio, self.session_radio, spacing=12))
        box.addWidget(self.kind_row)
        self.mood_before = ScaleSlider(MOOD, "Mood before the session")
        self.mood = ScaleSlider(MOOD, "Mood")
        self.anxiety = ScaleSlider(ANXIETY, "Anxiety")
        for slider in (self.mood_before, self.mood, self.anxiety):
            slider.changed.connect(self.changed)
            box.addWidget(slider)
            box.addSpacing(6)
        self.mood_before.hide()
        return frame

    def _build_tags(self) -> QFrame:
        frame, box, _title = card(
            "Feelings",
            "Choose any that fit (arrow keys move between them), or add your own word.",
        )
        self.tags = TagChips(EMOTION_TAGS)
        self.tags.changed.connect(self.changed)
        box.addWidget(self.tags)
        return frame

    def _build_side_effects(self) -> QFrame:
        frame, box, _title = card(
            "Side effects",
            "Anything you noticed in your body, and how strong it was: none, mild, moderate "
            "or severe.",
        )
        self.side_effects = SideEffectPicker()
        self.side_effects.changed.connect(self.changed)
        box.addWidget(self.side_effects)
        return frame

    def _build_body(self) -> QFrame:
        frame, box, _title = card(
            "Blood pressure and pulse", "Optional. Leave empty if you did not measure them."
        )
        self.systolic = _number_box(
            "Blood pressure, upper number (systolic)", "upper", SYSTOLIC_RANGE
        )
        self.diastolic = _number_box(
            "Blood pressure, lower number (diastolic)", "lower", DIASTOLIC_RANGE
        )
        self.pulse = _number_box("Pulse, beats per minute", "pulse", PULSE_RANGE)
        fields = FieldGrid(gap=28)
        fields.setProperty("plain", True)
        fields.add(
            "Blood pressure", _inline(self.systolic, QLabel("/"), self.diastolic, QLabel("mmHg"))
        ).setBuddy(self.systolic)
        fields.add("Pulse", _inline(self.pulse, QLabel("bpm"))).setBuddy(self.pulse)
        box.addWidget(fields)
        for field in (self.systolic, self.diastolic, self.pulse):
            field.textChanged.connect(self.changed)
        return frame

    def _build_prompt(self) -> QFrame:
        frame, box, title = card(
            "A question to sit with",
            "Optional. Answer it, or ask for another "
            "one. Your answer is private, like your reflections.",
        )
        self.prompt_label = QLabel()
        self.prompt_label.setObjectName("PromptText")
        self.prompt_label.setWordWrap(True)
        box.addWidget(self.prompt_label)
        self.prompt_answer = TextBox("Your answer to the question", lines=3)
        self.prompt_answer.textChanged.connect(self._answer_changed)
        _jump_to(title, "A &question to sit with", self.prompt_answer)
        box.addWidget(self.prompt_answer)
        self.another = QPushButton("Another question")
        self.another.setAccessibleDescription("Show a different question")
        self.another.clicked.connect(self._next_prompt)
        row = QHBoxLayout()
        row.addWidget(self.another)
        row.addStretch(1)
        box.addLayout(row)
        return frame

    def _build_words(self) -> QWidget:
        host = QWidget()
        row = QVBoxLayout(host)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(16)
        frame, box, title = card("Reflections", PRIVATE_LINE)
        self.reflections = TextBox("Reflections. " + PRIVATE_LINE, lines=7)
        _jump_to(title, "&Reflections", self.reflections)
        self.reflections.setPlaceholderText(
            "What came up, what you noticed, what you want to remember…"
        )
        self.reflections.textChanged.connect(self.changed)
        box.addWidget(self.reflections)
        row.addWidget(frame)
        frame, box, title = card("Notes for my therapist", SHARED_LINE)
        self.therapist_notes = TextBox("Notes for my therapist. " + SHARED_LINE, lines=4)
        _jump_to(title, "Notes for my &therapist", self.therapist_notes)
        self.therapist_notes.setPlaceholderText("What you would like to talk about next time…")
        self.therapist_notes.textChanged.connect(self.changed)
        box.addWidget(self.therapist_notes)
        row.addWidget(frame)
        return host

    # --- behaviour ------------------------------------------------------------------------
    def _kind_toggled(self) -> None:
        is_session = self.session_radio.isChecked()
        self.mood_before.setVisible(is_session)
        self.mood.title_label.setText("Mood now" if is_session else "Mood")
        self.mood.slider.setAccessibleName("Mood now" if is_session else "Mood")
        self.changed.emit()

    def _show_prompt(self, text: str) -> None:
        self._prompt = text
        self.prompt_label.setText(text)
        self.prompt_answer.setAccessibleDescription(text)

    def _next_prompt(self) -> None:
        self._skip += 1
        self._show_prompt(prompt_for(self._day, self._skip))
        self.changed.emit()

    def _answer_changed(self) -> None:
        # A new question would leave the answer under the wrong one.
        self.another.setEnabled(not self.prompt_answer.toPlainText().strip())
        self.changed.emit()

    @property
    def prompt_skip(self) -> int:
        return self._skip

    # --- the value ------------------------------------------------------------------------
    def set_entry(
        self, draft: EntryDraft, context: SessionContext | None, *, day: date, skip: int = 0
    ) -> None:
        """Show a draft without emitting `changed`."""
        self.blockSignals(True)
        try:
            self._day, self._skip = day, skip
            self.session_card.show_context(context)
            self.kind_row.setVisible(context is None)
            (self.session_radio if draft.kind == "session" else self.daily_radio).setChecked(True)
            self.mood_before.setValue(draft.mood_before)
            self.mood.setValue(draft.mood)
            self.anxiety.setValue(draft.anxiety)
            self.tags.set_tags(draft.tags)
            self.side_effects.set_effects(draft.side_effects)
            for field, value in (
                (self.systolic, draft.systolic),
                (self.diastolic, draft.diastolic),
                (self.pulse, draft.pulse),
            ):
                field.setText("" if value is None else str(value))
            self._show_prompt(draft.prompt or prompt_for(day, skip))
            self.prompt_answer.setPlainText(draft.prompt_answer)
            self.reflections.setPlainText(draft.reflections)
            self.therapist_notes.setPlainText(draft.therapist_notes)
        finally:
            self.blockSignals(False)

    def draft(self) -> EntryDraft:
        is_session = self.session_radio.isChecked()
        return EntryDraft(
            kind="session" if is_session else "daily",
            mood=self.mood.value(),
            anxiety=self.anxiety.value(),
            mood_before=self.mood_before.value() if is_session else None,
            tags=self.tags.tags(),
            side_effects=self.side_effects.effects(),
            systolic=_number(self.systolic),
            diastolic=_number(self.diastolic),
            pulse=_number(self.pulse),
            reflections=self.reflections.toPlainText(),
            therapist_notes=self.therapist_notes.toPlainText(),
            prompt=self._prompt,
            prompt_answer=self.prompt_answer.toPlainText(),
        )


__all__ = ["PRIVATE_LINE", "SHARED_LINE", "EntryForm", "Page", "TextBox", "card"]
