"""The cards of the Course screen. Each shows one part of a `CourseOverview` and emits a
signal for what the patient asks to change; the screen does the saving."""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from companion.domain.course import SlotStatus, describe_series
from companion.domain.journal import SCALE_MAX
from companion.domain.measures import GAD7, PHQ9, REMISSION_BELOW, RESPONSE_DROP_PERCENT
from companion.storage.courses import CourseInfo, CourseOverview, GoalView, MeasureProgress
from companion.ui.beside_or_under import BesideOrUnder
from companion.ui.course_charts import (
    MOOD_CHART_LAST,
    STATUS_WORDS,
    DotGlyph,
    MoodChart,
    SeriesDots,
    Sparkline,
    day_words,
    long_day,
    mood_words,
    number_text,
)
from companion.ui.fitting_picker import LabelledRow
from companion.ui.flow_layout import FlowLayout, flow_row
from companion.ui.fold import FoldingButton
from companion.ui.prefs import Prefs

NO_PLAN_NOTE = "No planned series recorded for this course."
CLINICIANS_WORDS = (
    f"Clinicians call a drop of at least {RESPONSE_DROP_PERCENT}% from the baseline a "
    f"response, and a PHQ-9 under {REMISSION_BELOW} remission. These words describe what the "
    "numbers show; they are not a diagnosis. Your care team can talk with you about what they "
    "mean for you."
)


def label(text: str = "", name: str = "", *, wrap: bool = True) -> QLabel:
    widget = QLabel(text)
    widget.setWordWrap(wrap)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    if name:
        widget.setObjectName(name)
    return widget


def holder(layout: QVBoxLayout | QHBoxLayout | QGridLayout | None = None) -> QWidget:
    """A plain container inside a card (the theme paints bare QWidgets with the page colour)."""
    widget = QWidget()
    widget.setStyleSheet("background: transparent;")
    if layout is not None:
        layout.setContentsMargins(0, 0, 0, 0)
        widget.setLayout(layout)
    return widget


def fit_to_screen(dialog: QDialog, content: QWidget, chrome: int) -> None:
    """Size a dialog to its scrolling ``content`` plus ``chrome`` pixels (buttons, margins),
    at most nine tenths of the screen."""
    room = dialog.screen().availableGeometry()
    width = min(max(dialog.minimumWidth(), content.sizeHint().width() + 40), room.width() * 9 // 10)
    inner = width - 40
    height = content.heightForWidth(inner) if content.hasHeightForWidth() else -1
    height = height if height > 0 else content.sizeHint().height()
    dialog.resize(width, min(height + chrome, room.height() * 9 // 10))


def clear(layout: QVBoxLayout | QGridLayout | FlowLayout) -> None:
    """Remove every widget of ``layout`` at once (hidden now, deleted by the event loop)."""
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.hide()
            widget.deleteLater()


def word_table(name: str, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> QTableWidget:
    """A read-only table of words: the same facts as a picture, for reading and screen readers."""
    table = QTableWidget(len(rows), len(headers))
    table.setAccessibleName(name)
    table.setHorizontalHeaderLabels(list(headers))
    table.verticalHeader().hide()
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(text))
    table.resizeColumnsToContents()
    table.horizontalHeader().setStretchLastSection(True)
    shown = min(len(rows), 10)
    height = table.horizontalHeader().sizeHint().height() + 4
    height += sum(table.rowHeight(r) for r in range(shown)) if rows else 0
    table.setFixedHeight(height + 2)
    return table


class OneLineFirst(QLabel):
    """Plain words that ask for the width of one line, and wrap only when given less."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)

    def sizeHint(self) -> QSize:
        margins = self.contentsMargins()
        # Rounded up: a pixel short of the text's fractional width, the last word wraps.
        text = math.ceil(QFontMetricsF(self.font()).horizontalAdvance(self.text()))
        width = text + margins.left() + margins.right() + 2 * self.margin()
        return QSize(width, self.heightForWidth(width))


class Card(QFrame):
    """A titled card; subclasses fill `self.box`."""

    def __init__(self, title: str, intro: str = "") -> None:
        super().__init__()
        self.setObjectName("Card")
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(24, 20, 24, 20)
        self.box.setSpacing(12)
        self.title = label(title, "SectionTitle")
        self.box.addWidget(self.title)
        self.intro = label(intro, "Muted")
        self.box.addWidget(self.intro)  # parented first: shown alone it would be a window
        self.intro.setVisible(bool(intro))


class ToggleTable(QWidget):
    """A word table shown by its "Show ... / Hide ..." `button` (placed by the card), built
    when first shown."""

    def __init__(self, what: str) -> None:
        super().__init__()
        self._what = what
        self._rows: list[list[str]] = []
        self._headers: list[str] = []
        self._box = QVBoxLayout(self)
        self._box.setContentsMargins(0, 0, 0, 0)
        self.button = FoldingButton("")  # two lines rather than past a narrow page's edge
        self.button.setCheckable(True)
        self.button.toggled.connect(self._toggled)
        self.table: QTableWidget | None = None
        self._label()
        self.hide()

    def set_rows(self, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
        self._headers, self._rows = list(headers), [list(r) for r in rows]
        if self.table is not None:
            self.table.hide()
            self.table.deleteLater()
            self.table = None
        self._toggled(self.button.isChecked())

    def _toggled(self, shown: bool) -> None:
        if shown and self.table is None:
            self.table = word_table(self._what, self._headers, self._rows)
            self._box.addWidget(self.table)
        self.setVisible(shown)
        self._label()

    def _label(self) -> None:
        verb = "Hide" if self.button.isChecked() else "Show"
        self.button.setText(f"{verb} {self._what}")
        self.button.setAccessibleName(f"{verb} {self._what}")


# --- goals --------------------------------------------------------------------------------
class GoalsCard(Card):
    edit_requested = Signal()

    def __init__(self, prefs: Prefs) -> None:
        super().__init__(
            "My goals",
            f"In your own words, and how close you feel to each: 0 not there yet, "
            f"{SCALE_MAX} fully there.",
        )
        self._prefs = prefs
        self.list = QVBoxLayout()
        self.list.setSpacing(16)
        self.box.addLayout(self.list)
        self.empty = label(
            "No goals yet. A few goals in your own words, such as “sleep through the night”, "
            "help you see what changes.",
            "Muted",
        )
        self.box.addWidget(self.empty)
        self.edit_button = QPushButton("Edit my goals…")
        self.edit_button.setAccessibleName("Edit my goals")
        self.edit_button.setToolTip("Change, reorder, add or remove goals (Ctrl+G)")
        self.edit_button.clicked.connect(self.edit_requested)
        self.box.addLayout(flow_row(self.edit_button))
        self.lines: list[str] = []

    def show_view(self, view: CourseOverview) -> None:
        clear(self.list)
        self.lines = []
        for goal in view.goals:
            if goal.trend is None:
                latest, since = "Not rated yet", ""
            else:
                latest = f"{goal.trend.latest} of {SCALE_MAX}"
                since = (
                    ""
                    if goal.trend.first_date == goal.trend.latest_date
                    else f"first rated {goal.trend.first} on "
                    f"{day_words(goal.trend.first_date, view.today)}"
                )
            self.list.addWidget(self._goal(goal, latest, since))
            self.lines.append(f"{goal.text}: {latest}" + (f", {since}" if since else ""))
        self.empty.setVisible(not view.goals)
        self.edit_button.setText("Edit my goals…" if view.goals else "Add my goals…")

    def _goal(self, goal: GoalView, latest: str, since: str) -> QWidget:
        """The goal's words on their own line; below, its sparkline and latest rating, and
        the first rating beside them, or under them in a narrow window at large text."""
        text = label(goal.text, "FieldTitle")
        text.setAccessibleName(f"Goal {goal.number}: {goal.text}")
        spark = Sparkline(self._prefs)
        spark.set_ratings(goal.ratings)
        figure = QHBoxLayout()
        figure.setSpacing(14)
        figure.addWidget(spark, 0, Qt.AlignmentFlag.AlignVCenter)
        figure.addWidget(label(latest, wrap=False))
        first = OneLineFirst(since)
        first.setObjectName("Muted")
        row = LabelledRow(holder(figure), first, spacing=14)
        first.setVisible(bool(since))  # parented by now: shown alone it would be a window
        block = QVBoxLayout()
        block.setSpacing(2)
        block.addWidget(text)
        block.addWidget(row)
        return holder(block)


class HopesCard(Card):
    """What the patient expected and worried about at the start; editable in place."""

    save_requested = Signal(str, str)

    def __init__(self) -> None:
        super().__init__("When I started", "Written at the start, in your own words.")
        self.expect_title = label("What I expect or hope for", "FieldTitle")
        self.expect_text = label()
        self.worry_title = label("What worries me", "FieldTitle")
        self.worry_text = label()
        self.expect_edit = QPlainTextEdit()
        self.expect_edit.setAccessibleName("What I expect or hope for")
        self.worry_edit = QPlainTextEdit()
        self.worry_edit.setAccessibleName("What worries me")
        for edit in (self.expect_edit, self.worry_edit):
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(edit.fontMetrics().height() * 4)
            edit.hide()
        for widget in (
            self.expect_title,
            self.expect_text,
            self.expect_edit,
            self.worry_title,
            self.worry_text,
            self.worry_edit,
        ):
            self.box.addWidget(widget)
        self.edit_button = QPushButton("Edit")
        self.edit_button.setAccessibleName("Edit what I expect and what worries me")
        self.edit_button.clicked.connect(lambda: self.editing(True))
        self.save_button = QPushButton("Save")
        self.save_button.setAccessibleName("Save what I expect and what worries me")
        self.save_button.clicked.connect(
            lambda: self.save_requested.emit(
                self.expect_edit.toPlainText(), self.worry_edit.toPlainText()
            )
        )
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(lambda: self.editing(False))
        self.box.addLayout(flow_row(self.edit_button, self.save_button, self.cancel_button))
        self.message = label("", "FormMessage")
        self.message.hide()
        self.box.addWidget(self.message)
        self._editing = False
        self.editing(False)

    def show_view(self, view: CourseOverview) -> None:
        if self.is_editing():
            return  # never throw away what is being typed
        course = view.course
        for widget, text in (
            (self.expect_text, course.expectations),
            (self.worry_text, course.worries),
        ):
            widget.setText(text or "Not written yet.")
            widget.setObjectName("" if text else "Muted")
            widget.style().polish(widget)
        self.expect_edit.setPlainText(course.expectations)
        self.worry_edit.setPlainText(course.worries)

    def is_editing(self) -> bool:
        return self._editing

    def say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def editing(self, on: bool) -> None:
        self._editing = on
        self.say("")
        for widget in (self.expect_edit, self.worry_edit, self.save_button, self.cancel_button):
            widget.setVisible(on)
        for widget in (self.expect_text, self.worry_text, self.edit_button):
            widget.setVisible(not on)
        if on:
            self.expect_edit.setFocus()


# --- the series ---------------------------------------------------------------------------
class SeriesCard(Card):
    change_requested = Signal()

    def __init__(self, prefs: Prefs) -> None:
        super().__init__("The series")
        self._prefs = prefs
        self.no_plan = label(NO_PLAN_NOTE)
        self.box.addWidget(self.no_plan)
        self.dots = SeriesDots(prefs, "Planned sessions")
        self.box.addWidget(self.dots)
        self.extra_title = label("Extra sessions", "FieldTitle")
        self.box.addWidget(self.extra_title)
        self.extra_dots = SeriesDots(prefs, "Extra sessions")
        self.box.addWidget(self.extra_dots)
        self.legend_holder = holder()
        self.legend = FlowLayout(self.legend_holder, spacing=18)
        self.box.addWidget(self.legend_holder)
        self.summary = label()
        self.summary.setObjectName("SeriesSummary")
        self.box.addWidget(self.summary)
        self.next_label = label()
        self.box.addWidget(self.next_label)
        self.dates = ToggleTable("the dates")
        self.change_button = FoldingButton("Change the plan…")
        self.change_button.setAccessibleName("Change the plan")
        self.change_button.clicked.connect(self.change_requested)
        self.box.addLayout(flow_row(self.dates.button, self.change_button))
        self.box.addWidget(self.dates)

    def show_view(self, view: CourseOverview) -> None:
        """The planned dates as dots, then any sessions beyond them. Without a planned series
        there is nothing to miss: the sessions done are the only dots."""
        course = view.course
        has_plan = course.plan.has_series
        dates = f"from {long_day(course.started_on)}"
        if course.ended_on:
            dates += f" to {long_day(course.ended_on)}"
        plan = (course.plan.describe(),) if has_plan else ()  # else the note below says it
        self.intro.setText(" · ".join((course.route.label, *plan, dates)))
        self.intro.show()
        self.no_plan.setVisible(not has_plan)
        planned = [s for s in view.slots if s.planned is not None]
        extra = [s for s in view.slots if s.planned is None]
        # The plan's dots count planned sessions 1 to N; extra sessions (serving no planned
        # date, see `course_progress`) count apart as +1, +2..., so no number means two things.
        self.dots.set_slots(planned, view.today, noun="Planned session")
        self.dots.setVisible(has_plan)
        self.extra_dots.setAccessibleName(
            "Extra sessions" if has_plan else "Sessions of this course"
        )
        if has_plan:
            self.extra_dots.set_slots(extra, view.today, noun="Extra session", prefix="+")
        else:
            self.extra_dots.set_slots(extra, view.today)
        self.extra_dots.setVisible(bool(extra))
        self.extra_title.setVisible(bool(extra) and has_plan)
        if extra:
            done = sum(s.status is SlotStatus.EXTRA_DONE for s in extra)
            self.extra_title.setText(
                f"Extra sessions, on days the plan did not have: {done} done"
                + (f", {len(extra) - done} booked" if len(extra) > done else "")
            )
        words = self._words(course)
        clear(self.legend)
        shown = {s.status for s in view.slots}
        for status in (SlotStatus.DONE, SlotStatus.BOOKED, SlotStatus.OPEN, SlotStatus.MISSED):
            extra_kind = {
                SlotStatus.DONE: SlotStatus.EXTRA_DONE,
                SlotStatus.BOOKED: SlotStatus.EXTRA_BOOKED,
            }.get(status)
            if status in shown or extra_kind in shown:
                self.legend.addWidget(self._legend_item(status, words[status]))
        self.summary.setText(describe_series(view.progress))
        self.next_label.setText(self._next_text(view))
        pictured = self.dots if has_plan else self.extra_dots
        pictured.setAccessibleDescription(
            self.summary.text() + " " + pictured.accessibleDescription()
        )
        self._show_dates(view, words)
        self.change_button.setEnabled(True)

    def _show_dates(self, view: CourseOverview, words: dict[SlotStatus, str]) -> None:
        """Every dot as a table row; the "Planned" column only when there is a plan."""
        has_plan = view.course.plan.has_series
        if not view.slots:
            self.dates.button.setChecked(False)
        self.dates.button.setVisible(bool(view.slots))
        planned = sum(s.planned is not None for s in view.slots)
        rows = [
            (
                str(n) if n <= planned or not has_plan else f"extra +{n - planned}",
                *(
                    (day_words(s.planned, view.today) if s.planned else "not planned",)
                    if has_plan
                    else ()
                ),
                long_day(s.session) if s.session else "",
                words[s.status],
            )
            for n, s in enumerate(view.slots, start=1)
        ]
        planned_header = ("Planned",) if has_plan else ()
        self.dates.set_rows(("Session", *planned_header, "Date", "Where it stands"), rows)

    @staticmethod
    def _words(course: CourseInfo) -> dict[SlotStatus, str]:
        words = dict(STATUS_WORDS)
        if not course.is_open:
            words[SlotStatus.OPEN] = "not held (the course ended)"
        return words

    def _legend_item(self, status: SlotStatus, word: str) -> QWidget:
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        row.addWidget(DotGlyph(self._prefs, status))
        row.addWidget(label(word.capitalize(), wrap=False))
        return holder(row)

    @staticmethod
    def _next_text(view: CourseOverview) -> str:
        if view.course.ended_on is not None:
            return f"This course ended on {long_day(view.course.ended_on)}."
        if view.next_booked is not None:
            when = view.next_booked
            return f"Next session: {long_day(when.date())} at {when:%H:%M} ({_place(view)})."
        if view.progress.next_date is not None:
            return f"Next planned date: {long_day(view.progress.next_date)}; not booked yet."
        return "Nothing planned or booked ahead."


def _place(view: CourseOverview) -> str:
    """Where the next booked session stands: "booked, planned session 3 of 6" or "booked"."""
    assert view.next_booked is not None
    planned = [s for s in view.slots if s.planned is not None]
    for number, slot in enumerate(planned, start=1):
        if slot.status is SlotStatus.BOOKED and slot.session == view.next_booked.date():
            return f"booked, planned session {number} of {len(planned)}"
    return "booked, an extra session" if planned else "booked"


# --- progress -----------------------------------------------------------------------------
def change_words(measure: MeasureProgress) -> str:
    """E.g. "−21 (−88%)"; "—" while there is only the baseline."""
    if measure.change is None:
        return "—"
    sign = "−" if measure.change.absolute < 0 else "+" if measure.change.absolute else "±"
    text = f"{sign}{abs(measure.change.absolute)}"
    if measure.change.percent is not None and measure.change.absolute:
        text += f" ({sign}{round(abs(measure.change.percent))}%)"
    return text


def _tile(caption: str, value: str, detail: str) -> QWidget:
    """A small figure: caption above, the number large, words below."""
    box = QVBoxLayout()
    box.setContentsMargins(0, 0, 0, 0)
    box.setSpacing(0)
    box.addWidget(label(caption, "Muted", wrap=False))
    box.addWidget(label(value, "SectionTitle", wrap=False))  # the theme's large, bold text
    box.addWidget(label(detail, wrap=False))
    tile = holder(box)
    tile.setAccessibleName(f"{caption}: {value}, {detail}")
    return tile


class ProgressCard(Card):
    def __init__(self) -> None:
        super().__init__(
            "Progress",
            "Your PHQ-9 and GAD-7: the first of this course (the baseline) and the latest.",
        )
        self.blocks = QVBoxLayout()
        self.blocks.setSpacing(16)
        self.box.addLayout(self.blocks)
        self.empty = label(
            "No PHQ-9 or GAD-7 in this course yet. The check-ins you fill in appear here.", "Muted"
        )
        self.box.addWidget(self.empty)
        self.words = label(CLINICIANS_WORDS, "Muted")
        self.words.setAccessibleName("What the words mean")
        self.box.addWidget(self.words)
        self.sentences: list[QLabel] = []

    def show_view(self, view: CourseOverview) -> None:
        clear(self.blocks)
        self.sentences = []
        for measure in view.measures:
            self.blocks.addWidget(self._block(measure))
        self.empty.setVisible(not view.measures)
        self.words.setVisible(bool(view.measures))

    def _block(self, measure: MeasureProgress) -> QWidget:
        box = QVBoxLayout()
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(6)
        box.addWidget(label(measure.instrument, "FieldTitle"))
        tiles = holder()
        flow = FlowLayout(tiles, spacing=36)
        base, latest = measure.baseline, measure.latest
        flow.addWidget(_tile("Baseline", str(base.total), f"{base.band}, {long_day(base.day)}"))
        if latest is not None:
            flow.addWidget(
                _tile("Latest", str(latest.total), f"{latest.band}, {long_day(latest.day)}")
            )
            flow.addWidget(_tile("Change", change_words(measure), "from the baseline"))
        box.addWidget(tiles)
        sentence = label(measure.sentence)
        sentence.setObjectName("ProgressSentence")
        self.sentences.append(sentence)
        box.addWidget(sentence)
        return holder(box)


# --- mood ---------------------------------------------------------------------------------
class MoodCard(Card):
    def __init__(self, prefs: Prefs) -> None:
        super().__init__(
            "Mood before and after each session",
            f"0 very low, {SCALE_MAX} very good. A ring is the mood before, a filled dot the "
            "mood after; a dot inside a ring means no change.",
        )
        self.chart = MoodChart(prefs)
        self.box.addWidget(self.chart)
        self.note = label("", "Muted")
        self.box.addWidget(self.note)
        self.empty = label("The moods you note before and after sessions appear here.", "Muted")
        self.box.addWidget(self.empty)
        self.table = ToggleTable("the mood list")  # short enough for one line at 200% text
        self.box.addLayout(flow_row(self.table.button))
        self.box.addWidget(self.table)

    def show_view(self, view: CourseOverview) -> None:
        moods = [m for m in view.sessions if m.before is not None or m.after is not None]
        self.chart.set_moods(moods, view.today)
        self.chart.setVisible(bool(moods))
        self.table.button.setVisible(bool(moods))
        self.empty.setVisible(not moods)
        self.intro.setVisible(bool(moods))
        more = len(moods) > MOOD_CHART_LAST
        self.note.setText(
            f"The chart shows the last {MOOD_CHART_LAST} sessions; the list shows all {len(moods)}."
            if more
            else ""
        )
        self.note.setVisible(more)
        self.table.set_rows(
            ("Session", "Date", "Before", "After"),
            [
                (number_text(m.number), long_day(m.day), _mood(m.before), _mood(m.after))
                for m in moods
            ],
        )
        self.chart.setAccessibleDescription(
            "; ".join(mood_words(m, view.today) for m in moods[-5:])
        )


def _mood(value: int | None) -> str:
    return "not noted" if value is None else f"{value} of {SCALE_MAX}"


# --- all courses --------------------------------------------------------------------------
class CompareCard(Card):
    """Every course, newest first: dates, sessions, and PHQ-9 / GAD-7 from baseline to latest."""

    open_requested = Signal(int)

    def __init__(self) -> None:
        super().__init__("All my courses", "Side by side, to compare.")
        self.rows = QVBoxLayout()
        self.rows.setSpacing(14)
        self.box.addLayout(self.rows)

    def show_views(self, views: Sequence[CourseOverview], shown_id: int) -> None:
        clear(self.rows)
        for view in reversed(views):
            course = view.course
            end = long_day(course.ended_on) if course.ended_on else "now"
            scores = {m.instrument: m for m in view.measures}
            facts = " · ".join(
                (
                    f"{long_day(course.started_on)} – {end}",
                    _series_facts(view),
                    f"PHQ-9 {_from_to(scores.get(PHQ9))}",
                    f"GAD-7 {_from_to(scores.get(GAD7))}",
                )
            )
            show = QPushButton("Showing" if course.id == shown_id else "Show")
            show.setEnabled(course.id != shown_id)
            show.setAccessibleName(f"Show the course {course.name}")
            show.clicked.connect(lambda _=False, cid=course.id: self.open_requested.emit(cid))
            # The button goes under the facts when a narrow window has no room beside them.
            row = BesideOrUnder(label())
            row.add_button(show)
            row.say(facts)  # once the words are in the row: shown alone they would be a window
            text = QVBoxLayout()
            text.setSpacing(2)
            text.addWidget(label(course.name, "FieldTitle"))
            text.addWidget(row)
            self.rows.addWidget(holder(text))


def _series_facts(view: CourseOverview) -> str:
    """E.g. "4 sessions done, 6 planned" or "1 session done, no planned series"."""
    done = view.progress.done
    planned = (
        f"{view.progress.planned} planned" if view.course.plan.has_series else "no planned series"
    )
    return f"{done} {'session' if done == 1 else 'sessions'} done, {planned}"


def _from_to(measure: MeasureProgress | None) -> str:
    if measure is None:
        return "not taken"
    if measure.latest is None:
        return f"{measure.baseline.total}"
    return f"{measure.baseline.total} → {measure.latest.total}"
