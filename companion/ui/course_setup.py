"""Set up a course: the first one, the next one (a new series or a maintenance phase), or
change the plan of an existing one.

The plan starts from the route's usual pattern and every number is editable, because clinics
differ; 0 sessions is "no planned series" (nothing can then be missed, sessions are only
counted). The dialog never closes on an error: the message shows and what was typed stays.
"""

from __future__ import annotations

from datetime import date
from enum import Enum

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from companion.domain.course import CoursePlan, plan_dates, preset_for
from companion.domain.routes import Route
from companion.storage.courses import GOAL_MAX, NAME_MAX, CourseDraft, CourseInfo
from companion.ui.course_cards import fit_to_screen
from companion.ui.course_charts import short_day
from companion.ui.date_field import DateField
from companion.ui.dialog_frame import dialog_buttons, within_screen
from companion.ui.flow_layout import FlowLayout, flow_row
from companion.ui.prepare_tick_box import TickLine
from companion.ui.screen import scroll_area

MAX_NEW_GOALS = 5
PLAN_NOTE = (
    "These numbers start from the usual pattern for this route. Clinics differ: "
    "change them to match what your clinic planned."
)


KINDS = ("Maintenance phase", "New series")
NO_SERIES = "No planned series"


class HalfDaySpin(QDoubleSpinBox):
    """Days between sessions in half days: shows "3" and "3.5", never "3.0"."""

    def textFromValue(self, value: float) -> str:
        return f"{value:g}"


class Mode(Enum):
    FIRST = "first"
    NEXT = "next"
    EDIT = "edit"


class CourseSetupDialog(QDialog):
    """Emits `submitted` with a `CourseDraft`; the caller saves it and then calls `done_ok()`
    or `show_error(text)`."""

    submitted = Signal(object)

    def __init__(
        self,
        mode: Mode,
        previous: CourseInfo | None = None,
        previous_goals: tuple[str, ...] = (),
        parent: QWidget | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.mode = mode
        self._today = today or date.today()
        self.setWindowTitle(
            {
                Mode.FIRST: "Set up my course",
                Mode.NEXT: "Start a new course",
                Mode.EDIT: "Change the plan",
            }[mode]
        )
        self.setMinimumWidth(within_screen(self, 620))
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        content = QWidget()
        self.box = QVBoxLayout(content)
        self.box.setContentsMargins(28, 24, 28, 12)
        self.box.setSpacing(14)
        outer.addWidget(scroll_area(content, f"{self.windowTitle()}, page"), 1)

        self._intro(previous)
        self._plan_fields(previous)
        self.goal_edits: list[QLineEdit] = []
        self.keep_goals: QCheckBox | None = None
        if mode is not Mode.EDIT:
            self._goal_fields(previous, previous_goals)
            self._hope_fields()

        self.message = QLabel("")
        self.message.setObjectName("FormMessage")
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Message")
        self.message.hide()
        outer.addWidget(self.message)
        buttons, self.ok_button = dialog_buttons(
            "Save changes" if mode is Mode.EDIT else "Start this course"
        )
        buttons.accepted.connect(self._submit)
        buttons.rejected.connect(self.reject)
        buttons.setContentsMargins(28, 0, 28, 20)
        outer.addWidget(buttons)
        self._update_preview()
        fit_to_screen(self, content, 90)

    # --- building -------------------------------------------------------------------------
    def _intro(self, previous: CourseInfo | None) -> None:
        if self.mode is Mode.FIRST:
            text = (
                "A course holds together why you started and how far you have come. "
                "Everything here can be changed later."
            )
        elif self.mode is Mode.NEXT and previous is not None:
            text = (
                f"“{previous.name}” ends the day before the new course starts. It stays here "
                "with its goals and ratings, so you can look back and compare."
            )
        elif previous is not None and not previous.plan.has_series:
            text = (
                "No planned series is recorded for this course. If your clinic planned one, "
                "you can add it here; otherwise leave the sessions at “no planned series”."
            )
        else:
            text = "Change the plan to match what your clinic has planned."
        intro = QLabel(text)
        intro.setWordWrap(True)
        intro.setObjectName("Muted")
        self.box.addWidget(intro)
        self.kind_combo: QComboBox | None = None
        if self.mode is Mode.NEXT:
            self.kind_combo = QComboBox()
            self.kind_combo.addItems(KINDS)
            self.kind_combo.setAccessibleName("What the new course is")
            self.kind_combo.currentTextChanged.connect(self._kind_changed)
            caption = QLabel("The new course is &a")
            caption.setBuddy(self.kind_combo)
            self.box.addLayout(flow_row(caption, self.kind_combo))

    def _plan_fields(self, previous: CourseInfo | None) -> None:
        title = QLabel("The series")
        title.setObjectName("SectionTitle")
        self.box.addWidget(title)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setVerticalSpacing(10)
        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(NAME_MAX)
        self.name_edit.setAccessibleName("Name of the course")
        form.addRow("&Name", self.name_edit)
        self.route_combo = QComboBox()
        self.route_combo.setAccessibleName("How you receive ketamine")
        for route in Route:
            self.route_combo.addItem(route.label, route.value)
        form.addRow("&Route", self.route_combo)
        self.start_edit = DateField()
        self.start_edit.setCalendarPopup(True)
        self.start_edit.setDisplayFormat("ddd d MMM yyyy")
        self.start_edit.setAccessibleName("Date of the first session")
        form.addRow("&First session", self.start_edit)
        self.count_spin = self._spin(0, 60, "Number of sessions", " sessions")
        self.count_spin.setSpecialValueText(NO_SERIES)
        self.count_spin.setAccessibleDescription(f"0 means {NO_SERIES.lower()}")
        self.spacing_spin = HalfDaySpin()
        self.spacing_spin.setRange(1, 60)
        self.spacing_spin.setSingleStep(0.5)
        self.spacing_spin.setDecimals(1)
        self.spacing_spin.setSuffix(" days apart")
        self.spacing_spin.setAccessibleName("Days between sessions; 3.5 is twice a week")
        form.addRow("&Sessions", self._pair(self.count_spin, self.spacing_spin))
        self.then_count_spin = self._spin(0, 60, "After that, more sessions", " more sessions")
        self.then_spacing_spin = self._spin(1, 60, "Days between those sessions", " days apart")
        form.addRow("&After that", self._pair(self.then_count_spin, self.then_spacing_spin))
        self.box.addLayout(form)
        note = QLabel(PLAN_NOTE)
        note.setObjectName("Muted")
        note.setWordWrap(True)
        self.box.addWidget(note)
        self.preview = QLabel("")
        self.preview.setWordWrap(True)
        self.preview.setAccessibleName("Planned dates")
        self.box.addWidget(self.preview)

        if self.mode is Mode.EDIT and previous is not None:
            self.name_edit.setText(previous.name)
            self.route_combo.setCurrentIndex(list(Route).index(previous.route))
            self.start_edit.setDate(QDate(previous.started_on))
            self.set_plan(previous.plan)
        else:
            route = previous.route if previous else Route.IV
            self.name_edit.setText("First series" if self.mode is Mode.FIRST else KINDS[0])
            self.route_combo.setCurrentIndex(list(Route).index(route))
            self.start_edit.setDate(QDate(self._today))
            self.set_plan(preset_for(route))
        self.route_combo.currentIndexChanged.connect(self._route_changed)
        for spin in (
            self.count_spin,
            self.spacing_spin,
            self.then_count_spin,
            self.then_spacing_spin,
        ):
            spin.valueChanged.connect(self._update_preview)
        self.start_edit.dateChanged.connect(self._update_preview)

    def _spin(self, low: int, high: int, name: str, suffix: str) -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(low, high)
        spin.setSuffix(suffix)
        spin.setAccessibleName(name)
        return spin

    def _pair(self, first: QWidget, second: QWidget) -> QWidget:
        """Side by side, or one under the other when 200% text leaves no room."""
        holder = QWidget()
        row = FlowLayout(holder, spacing=10)
        row.addWidget(first)
        row.addWidget(second)
        return holder

    def _goal_fields(self, previous: CourseInfo | None, previous_goals: tuple[str, ...]) -> None:
        title = QLabel("My goals")
        title.setObjectName("SectionTitle")
        self.box.addWidget(title)
        hint = QLabel(
            "In your own words: what would you like to be different? "
            "For example “sleep through the night” or “go back to work part-time”."
        )
        hint.setObjectName("Muted")
        hint.setWordWrap(True)
        self.box.addWidget(hint)
        if previous_goals and previous is not None:
            keep = TickLine(f"Bring my goals from “{previous.name}”")  # wraps a long name
            self.keep_goals = keep.box
            self.keep_goals.setChecked(True)
            self.keep_goals.toggled.connect(self._keep_goals_changed)
            self.box.addWidget(keep)
        self._previous_goals = previous_goals
        self.goal_box = QVBoxLayout()
        self.goal_box.setSpacing(8)
        self.box.addLayout(self.goal_box)
        self.add_goal_button = QPushButton("Add another goal")
        self.add_goal_button.clicked.connect(lambda: self._add_goal_edit("").setFocus())
        self.box.addLayout(flow_row(self.add_goal_button))
        self._keep_goals_changed(bool(previous_goals))

    def _add_goal_edit(self, text: str) -> QLineEdit:
        edit = QLineEdit(text)
        edit.setMaxLength(GOAL_MAX)
        number = len(self.goal_edits) + 1
        edit.setPlaceholderText(f"Goal {number}")
        edit.setAccessibleName(f"Goal {number}")
        self.goal_edits.append(edit)
        self.goal_box.addWidget(edit)
        self.add_goal_button.setEnabled(len(self.goal_edits) < MAX_NEW_GOALS)
        return edit

    def _keep_goals_changed(self, keep: bool) -> None:
        typed = [e.text() for e in self.goal_edits if e.text().strip()]
        for edit in self.goal_edits:
            edit.hide()
            edit.deleteLater()
        self.goal_edits = []
        wanted = (
            list(self._previous_goals)
            if keep
            else [t for t in typed if t not in self._previous_goals]
        )
        for text in wanted[:MAX_NEW_GOALS] or [""]:
            self._add_goal_edit(text)
        while len(self.goal_edits) < min(3, MAX_NEW_GOALS):
            self._add_goal_edit("")

    def _hope_fields(self) -> None:
        title = QLabel("Before I begin")
        title.setObjectName("SectionTitle")
        self.box.addWidget(title)
        self.expect_edit = self._text_box(
            "What I expect or hope for", "What you hope will change, in a few words"
        )
        self.worry_edit = self._text_box(
            "What worries me", "Anything you are unsure or worried about"
        )

    def _text_box(self, label: str, placeholder: str) -> QPlainTextEdit:
        caption = QLabel(label)
        edit = QPlainTextEdit()
        edit.setPlaceholderText(placeholder)
        edit.setAccessibleName(label)
        edit.setTabChangesFocus(True)
        edit.setFixedHeight(edit.fontMetrics().height() * 4)
        caption.setBuddy(edit)
        self.box.addWidget(caption)
        self.box.addWidget(edit)
        return edit

    # --- behaviour ------------------------------------------------------------------------
    def set_plan(self, plan: CoursePlan) -> None:
        self.count_spin.setValue(plan.count)
        self.spacing_spin.setValue(plan.spacing_days)
        self.then_count_spin.setValue(plan.then_count)
        self.then_spacing_spin.setValue(plan.then_spacing_days)
        self._update_preview()

    def _route_changed(self) -> None:
        """The numbers follow the route's usual pattern, unless there is no planned series."""
        if self.count_spin.value():
            self.set_plan(preset_for(self.route()))

    def _kind_changed(self, kind: str) -> None:
        """The name follows the kind until the patient gives it a name of their own."""
        if self.name_edit.text() in KINDS:
            self.name_edit.setText(kind)

    def route(self) -> Route:
        return Route(self.route_combo.currentData())

    def plan(self) -> CoursePlan:
        if not self.count_spin.value():
            return CoursePlan.unplanned(self.route())
        spacing = self.spacing_spin.value()
        return CoursePlan(
            self.route(),
            self.count_spin.value(),
            int(spacing) if spacing.is_integer() else spacing,
            self.then_count_spin.value(),
            self.then_spacing_spin.value(),
        )

    def start_date(self) -> date:
        picked = self.start_edit.date()
        return date(picked.year(), picked.month(), picked.day())

    def _update_preview(self) -> None:
        series = self.count_spin.value() > 0
        self.spacing_spin.setEnabled(series)
        self.then_count_spin.setEnabled(series)
        self.then_spacing_spin.setEnabled(series and self.then_count_spin.value() > 0)
        try:
            plan = self.plan()
        except ValueError as exc:
            self.preview.setText(str(exc))
            return
        if not plan.has_series:
            self.preview.setText(
                f"{NO_SERIES}: the sessions of this course are simply counted; none is ever "
                "shown as a planned date without a session."
            )
            return
        dates = plan_dates(self.start_date(), plan)
        shown = ", ".join(short_day(d) for d in dates[:8])
        more = f" … {short_day(dates[-1])}" if len(dates) > 8 else ""
        self.preview.setText(f"{plan.describe().capitalize()}: {shown}{more}.")

    def draft(self) -> CourseDraft:
        return CourseDraft(
            name=self.name_edit.text(),
            plan=self.plan(),
            started_on=self.start_date(),
            expectations=self.expect_edit.toPlainText() if self.mode is not Mode.EDIT else "",
            worries=self.worry_edit.toPlainText() if self.mode is not Mode.EDIT else "",
            goals=tuple(e.text() for e in self.goal_edits if e.text().strip()),
        )

    def _submit(self) -> None:
        if not self.name_edit.text().strip():
            self.show_error("Please give the course a name, for example “First series”.")
            self.name_edit.setFocus()
            return
        try:
            draft = self.draft()
        except ValueError as exc:
            self.show_error(str(exc))
            return
        self.ok_button.setEnabled(False)
        self.submitted.emit(draft)

    def show_error(self, text: str) -> None:
        """The save failed or the input is not right: say so and keep everything typed."""
        self.ok_button.setEnabled(True)
        self.message.setText(text)
        self.message.setVisible(True)

    def done_ok(self) -> None:
        self.accept()
