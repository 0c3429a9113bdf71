"""The Course screen: why the patient started (goals, expectations, worries), the series of
sessions against the plan, and progress (PHQ-9 / GAD-7, goal ratings, mood per session).

Past courses stay and can be shown and compared; a new course (a maintenance phase or a new
series) ends the current one. All database work goes through the worker.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QVBoxLayout, QWidget
from sqlalchemy.orm import Session

from companion.storage import courses
from companion.storage.courses import CourseDraft, CourseOverview
from companion.ui.announce import announce
from companion.ui.context import AppContext
from companion.ui.course_cards import (
    Card,
    CompareCard,
    GoalsCard,
    HopesCard,
    MoodCard,
    ProgressCard,
    SeriesCard,
    label,
)
from companion.ui.course_charts import long_day
from companion.ui.course_goals import GoalList, GoalsDialog
from companion.ui.course_setup import CourseSetupDialog, Mode
from companion.ui.fitting_picker import ElidingComboBox, LabelledRow
from companion.ui.flow_layout import flow_row
from companion.ui.goal_rating import RateGoalsDialog
from companion.ui.screen import Screen

RATE_KEYS, GOALS_KEYS, NEW_KEYS = "Ctrl+R", "Ctrl+G", "Ctrl+Shift+N"


def failure_text(exc: BaseException) -> str:
    if isinstance(exc, ValueError):
        return str(exc)
    return "That could not be saved. Nothing you typed is lost; please try again."


class CourseScreen(Screen):
    title = "My treatment course"
    subtitle = "Why you started, and how far you have come."
    shortcuts = (
        (RATE_KEYS, "Rate my goals"),
        (GOALS_KEYS, "Edit my goals"),
        (NEW_KEYS, "Start a new course or maintenance phase"),
    )

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.today: Callable[[], date] = date.today
        self.views: list[CourseOverview] = []
        self.shown: CourseOverview | None = None
        self.dialog: QDialog | None = None
        self.loaded = False
        self._rate_when_loaded = False

        self.header = QWidget()
        header = QVBoxLayout(self.header)
        header.setContentsMargins(0, 0, 0, 0)
        header.setSpacing(12)
        self.switch_label = QLabel("&Showing")
        # As wide as its entries; under its label, then shortened with "…", at large text.
        self.switcher = ElidingComboBox()
        self.switcher.setAccessibleName("Which course to show")
        self.switch_label.setBuddy(self.switcher)
        self.switch_row = LabelledRow(self.switch_label, self.switcher)
        self.switcher.activated.connect(lambda i: self.show_course(self.switcher.itemData(i)))
        self.new_button = QPushButton("Start a new course…")
        self.new_button.setAccessibleName("Start a new course or maintenance phase")
        self.new_button.setToolTip(f"A maintenance phase or a new series ({NEW_KEYS})")
        self.new_button.clicked.connect(self.new_course)
        self.rate_button = QPushButton("Rate my goals")
        self.rate_button.setObjectName("Primary")
        self.rate_button.setToolTip(f"How close you feel to each goal today ({RATE_KEYS})")
        self.rate_button.clicked.connect(self.rate_goals)
        header.addWidget(self.switch_row)
        # The actions wrap under each other rather than run off the side (200% text, narrow).
        header.addLayout(flow_row(self.new_button, self.rate_button, spacing=12))
        self.body.addWidget(self.header)
        self.past_note = label("", "Muted")
        self.body.addWidget(self.past_note)

        self.empty = Card(
            "Set up your first course",
            "Ketamine therapy is rarely one session. A course holds it together: your goals "
            "in your own words, what you expect and what worries you, the series of sessions "
            "your clinic planned, and how your check-ins change along the way. It takes a few "
            "minutes, and everything can be changed later.",
        )
        self.setup_button = QPushButton("Set up my course")
        self.setup_button.setObjectName("Primary")
        self.setup_button.clicked.connect(self.new_course)
        self.empty.box.addLayout(flow_row(self.setup_button))
        self.body.addWidget(self.empty)

        self.goals_card = GoalsCard(ctx.prefs)
        self.goals_card.edit_requested.connect(self.edit_goals)
        self.hopes_card = HopesCard()
        self.hopes_card.save_requested.connect(self.save_hopes)
        self.series_card = SeriesCard(ctx.prefs)
        self.series_card.change_requested.connect(self.change_plan)
        self.progress_card = ProgressCard()
        self.mood_card = MoodCard(ctx.prefs)
        self.compare_card = CompareCard()
        self.compare_card.open_requested.connect(self.show_course)
        self.cards: tuple[GoalsCard | HopesCard | SeriesCard | ProgressCard | MoodCard, ...] = (
            self.goals_card,
            self.hopes_card,
            self.series_card,
            self.progress_card,
            self.mood_card,
        )
        for card in (*self.cards, self.compare_card):
            self.body.addWidget(card)
        self.body.addStretch(1)

        for keys, slot in (
            (RATE_KEYS, self.rate_goals),
            (GOALS_KEYS, self.edit_goals),
            (NEW_KEYS, self.new_course),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self._show_state()

    # --- loading --------------------------------------------------------------------------
    def on_shown(self, payload: object = None) -> None:
        """Payload ``{"rate_goals": True}`` opens "Rate my goals" once the course is loaded."""
        if isinstance(payload, dict) and payload.get("rate_goals"):
            self._rate_when_loaded = True
        self.reload()

    def reload(self, select: int | None = None) -> None:
        today = self.today()
        wanted = select if select is not None else (self.shown.course.id if self.shown else None)
        self.ctx.worker.submit(
            lambda s: courses.all_overviews(s, today), lambda views: self._loaded(views, wanted)
        )

    def _loaded(self, views: list[CourseOverview], wanted: int | None) -> None:
        self.views = views
        self.loaded = True
        self.switcher.clear()
        for view in reversed(views):
            course = view.course
            when = f"ended {long_day(course.ended_on)}" if course.ended_on else "current"
            self.switcher.addItem(f"{course.name} ({when})", course.id)
        ids = [v.course.id for v in views]
        if wanted not in ids:
            open_ids = [v.course.id for v in views if v.course.is_open]
            wanted = (open_ids or ids or [None])[-1]
        self.show_course(wanted)
        if self._rate_when_loaded:
            self._rate_when_loaded = False
            self.rate_goals()

    def show_course(self, course_id: int | None) -> None:
        self.shown = next((v for v in self.views if v.course.id == course_id), None)
        if self.shown is not None:
            self.switcher.setCurrentIndex(self.switcher.findData(course_id))
            for card in self.cards:
                card.show_view(self.shown)
            self.compare_card.show_views(self.views, self.shown.course.id)
        self._show_state()

    def _show_state(self) -> None:
        shown = self.shown
        several = len(self.views) > 1
        self.empty.setVisible(self.loaded and shown is None)  # no flash before the first load
        self.header.setVisible(shown is not None)
        for card in self.cards:
            card.setVisible(shown is not None)
        for widget in (self.compare_card, self.switch_row):
            widget.setVisible(several)
        ended = shown.course.ended_on if shown is not None else None
        self.rate_button.setVisible(shown is not None and ended is None and bool(shown.goals))
        self.past_note.setVisible(ended is not None)
        if ended is not None:
            self.past_note.setText(
                "You are looking at an earlier course, as it stood when it ended on "
                f"{long_day(ended)}."
            )

    # --- actions --------------------------------------------------------------------------
    def _open(self, dialog: QDialog) -> QDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _save(
        self,
        op: Callable[[Session], object],
        dialog: CourseSetupDialog | GoalsDialog,
        select: int | None = None,
    ) -> None:
        """Run ``op``; close ``dialog`` and reload on success, or keep it open with the reason.

        An op that returns a course id (a new course) has that course shown.
        """

        def done(result: object) -> None:
            dialog.accept()
            self.reload(result if isinstance(result, int) else select)

        def failed(exc: BaseException) -> None:
            dialog.show_error(failure_text(exc))

        self.ctx.worker.submit(op, done, failed)

    def rate_goals(self) -> None:
        if self.shown is None or not self.shown.course.is_open or not self.shown.goals:
            return
        today = self.today()
        dialog = RateGoalsDialog(
            self.ctx,
            self,
            lambda: datetime.combine(today, datetime.now().time()).replace(microsecond=0),
        )
        dialog.panel.saved.connect(lambda _n: self.reload())
        self._open(dialog)

    def edit_goals(self) -> None:
        if self.shown is None:
            return
        course_id = self.shown.course.id
        dialog = GoalsDialog(self.shown.goals, self)

        def submit(goals: GoalList) -> None:
            self._save(lambda s: courses.save_goals(s, course_id, goals), dialog, course_id)

        dialog.submitted.connect(submit)
        self._open(dialog)

    def new_course(self) -> None:
        current = next((v for v in reversed(self.views) if v.course.is_open), None)
        previous = current or (self.views[-1] if self.views else None)
        mode = Mode.NEXT if previous else Mode.FIRST
        goals = tuple(g.text for g in previous.goals) if previous else ()

        dialog = CourseSetupDialog(
            mode, previous.course if previous else None, goals, self, today=self.today()
        )

        def submit(draft: CourseDraft) -> None:
            self._save(lambda s: courses.create_course(s, draft), dialog)

        dialog.submitted.connect(submit)
        self._open(dialog)

    def change_plan(self) -> None:
        if self.shown is None:
            return
        course_id = self.shown.course.id
        dialog = CourseSetupDialog(Mode.EDIT, self.shown.course, (), self, today=self.today())

        def submit(draft: CourseDraft) -> None:
            self._save(
                lambda s: courses.update_plan(
                    s, course_id, draft.name, draft.plan, draft.started_on
                ),
                dialog,
                course_id,
            )

        dialog.submitted.connect(submit)
        self._open(dialog)

    def save_hopes(self, expectations: str, worries: str) -> None:
        if self.shown is None:
            return
        course_id = self.shown.course.id

        def done(_result: None) -> None:
            self.hopes_card.editing(False)
            self.reload(course_id)

        def failed(exc: BaseException) -> None:
            text = failure_text(exc)
            self.hopes_card.say(text)
            announce(self.hopes_card.message, text)

        self.ctx.worker.submit(
            lambda s: courses.update_hopes(s, course_id, expectations, worries), done, failed
        )

    def flush(self) -> None:
        """Expectations and worries being edited are saved rather than lost."""
        if self.shown is not None and self.hopes_card.is_editing():
            self.save_hopes(
                self.hopes_card.expect_edit.toPlainText(), self.hopes_card.worry_edit.toPlainText()
            )
