"""Rate my goals: a 0-10 slider per goal, with words at 0, 5 and 10.

`GoalRatingPanel` is reusable: the Course screen shows it in a dialog, and the journal after a
session can embed it (linked to that session). Every slider starts unrated; only the goals
the patient touches are saved, and rating again for the same session (or, unlinked, on the
same day) replaces the earlier rating.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from companion.domain.course import GOAL_SCALE
from companion.domain.journal import SCALE_MAX
from companion.storage import courses
from companion.ui.card import card, muted
from companion.ui.context import AppContext
from companion.ui.course_cards import clear, fit_to_screen
from companion.ui.dialog_frame import dialog_buttons, within_screen
from companion.ui.scale_slider import ScaleSlider
from companion.ui.screen import scroll_area

QUESTION = "How close do you feel to each of your goals today?"


class GoalRatingPanel(QWidget):
    """The sliders for the goals of one course. Load with `load()`, write with `save()`."""

    loaded = Signal(bool)
    """After `load()`: True when there are goals to rate."""
    saved = Signal(int)
    """After `save()`: how many ratings were written."""
    failed = Signal(str)

    def __init__(
        self,
        ctx: AppContext,
        session_id: int | None = None,
        *,
        show_save: bool = True,
        framed: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        """``framed``: drawn as a card like its neighbours (in the journal); a dialog has
        its own frame, so there it is plain."""
        super().__init__(parent)
        self.ctx = ctx
        self.session_id = session_id
        #: Local wall time of a rating; tests and the Course screen's own "today" replace it.
        self.now: Callable[[], datetime] = lambda: datetime.now().replace(microsecond=0)
        self.form = courses.RatingForm(None, "")
        self.sliders: dict[int, ScaleSlider] = {}
        self.titles: dict[int, QLabel] = {}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        frame, box, self.heading = card(QUESTION, into=outer)
        if not framed:
            frame.setObjectName("")
            box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(14)
        self.hint = muted(
            f"0 means not there yet, {SCALE_MAX} means fully there. "
            "Leave any goal you would rather not rate today."
        )
        box.addWidget(self.hint)
        self.rows = QVBoxLayout()
        self.rows.setSpacing(18)
        box.addLayout(self.rows)
        self.message = QLabel("")
        self.message.setObjectName("FormMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        box.addWidget(self.message)
        self.save_button = QPushButton("Save ratings")
        self.save_button.setAccessibleName("Save goal ratings")
        self.save_button.clicked.connect(self.save)
        self.save_button.setVisible(show_save)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.save_button)
        box.addLayout(row)
        self.failed.connect(self._say)

    # --- loading --------------------------------------------------------------------------
    def load(self, session_id: int | None = None) -> None:
        """Fetch the goals: of the session's course if linked, else of the current course."""
        if session_id is not None:
            self.session_id = session_id
        linked, day = self.session_id, self.now().date()
        self.ctx.worker.submit(
            lambda s: courses.rating_form(s, linked, day),
            self._show,
            lambda exc: self.failed.emit(f"Your goals could not be loaded. {exc}"),
        )

    def has_goals(self) -> bool:
        return bool(self.form.goals)

    def _show(self, form: courses.RatingForm) -> None:
        self.form = form
        clear(self.rows)
        self.sliders, self.titles = {}, {}
        for goal in form.goals:
            self.rows.addWidget(self._goal_row(goal))
        self.setVisible(bool(form.goals))
        self.loaded.emit(bool(form.goals))

    def _goal_row(self, goal: courses.GoalToRate) -> QWidget:
        row = QWidget()
        box = QVBoxLayout(row)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        # The goal's words get a wrapping line of their own above the slider (the slider's
        # own title sits beside the value, where long words would be cut off).
        title = QLabel(goal.text)
        title.setObjectName("FieldTitle")
        title.setWordWrap(True)
        box.addWidget(title)
        slider = ScaleSlider(GOAL_SCALE, goal.text)
        slider.title_label.hide()
        slider.slider.setAccessibleName(f"Goal: {goal.text}")
        title.setBuddy(slider.slider)
        self.titles[goal.id] = title
        if goal.current is not None:
            slider.setValue(goal.current)
        slider.changed.connect(self._say)
        box.addWidget(slider)
        if goal.previous is not None:
            before = QLabel(f"Last time: {goal.previous} of {SCALE_MAX}")
            before.setObjectName("Muted")
            box.addWidget(before)
        self.sliders[goal.id] = slider
        return row

    # --- saving ---------------------------------------------------------------------------
    def ratings(self) -> dict[int, int]:
        """The goals rated on the sliders: goal id -> 0-10."""
        found = {goal_id: slider.value() for goal_id, slider in self.sliders.items()}
        return {goal_id: value for goal_id, value in found.items() if value is not None}

    def save(self) -> None:
        """Write the rated goals (nothing to write: says so, and writes nothing)."""
        values = self.ratings()
        if not values:
            self._say("Move a slider to rate a goal; nothing was saved.")
            return
        linked, when = self.session_id, self.now()
        self.save_button.setEnabled(False)

        def done(_result: None) -> None:
            self.save_button.setEnabled(True)
            self._say(f"Saved {len(values)} {'rating' if len(values) == 1 else 'ratings'}.")
            self.saved.emit(len(values))

        def failed(exc: BaseException) -> None:
            self.save_button.setEnabled(True)
            self.failed.emit(f"The ratings could not be saved: {exc} Your sliders are unchanged.")

        self.ctx.worker.submit(lambda s: courses.rate_goals(s, values, when, linked), done, failed)

    def _say(self, text: str = "") -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))


class RateGoalsDialog(QDialog):
    """ "Rate my goals" from the Course screen: the panel, Cancel and Save."""

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        now: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Rate my goals")
        self.setMinimumWidth(within_screen(self, 600))
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 20)
        self.panel = GoalRatingPanel(ctx, show_save=False)
        if now is not None:
            self.panel.now = now
        holder = QWidget()
        inner = QVBoxLayout(holder)
        inner.setContentsMargins(28, 24, 28, 8)
        inner.addWidget(self.panel)
        box.addWidget(scroll_area(holder, "My goals, page"), 1)
        buttons, self.save_button = dialog_buttons("Save ratings")
        buttons.accepted.connect(self.panel.save)
        buttons.rejected.connect(self.reject)
        buttons.setContentsMargins(28, 0, 28, 0)
        box.addWidget(buttons)
        self.panel.saved.connect(lambda _count: self.accept())
        # New rows are shown by the event loop, so measure them on its next turn.
        self.panel.loaded.connect(
            lambda _any: QTimer.singleShot(0, self, lambda: self._fit(holder))
        )
        self.panel.load()

    def _fit(self, holder: QWidget) -> None:
        """Size to the goals that arrived, and start on the first one (not on the page)."""
        fit_to_screen(self, holder, 110)
        if self.panel.sliders and not isinstance(self.focusWidget(), QSlider):
            next(iter(self.panel.sliders.values())).slider.setFocus()
