"""The checklist of one appointment: a tick box per item, and for a timed item its deadline
as a day and clock time, how far away it is, and its state in words and by icon. Timed items
are listed in the order their deadlines come."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from companion.domain.checklist import (
    ItemState,
    countdown_text,
    deadline,
    in_time_order,
    localize,
    state_at,
)
from companion.storage.appointments import AppointmentView, ItemView
from companion.ui.prefs import Prefs
from companion.ui.prepare_icons import state_pixmap
from companion.ui.prepare_tick_box import ClickableLabel, TickBox
from companion.ui.screen import keep_tab_order
from companion.ui.theme import current_theme

RELATIVE_DAYS = {0: "today", 1: "tomorrow", -1: "yesterday"}
STATE_WORDS = {ItemState.UPCOMING: "Upcoming", ItemState.NOW: "Now", ItemState.PASSED: "Passed"}


def day_name(day: date, today: date) -> str:
    """ "today", "tomorrow", "yesterday"; "Thu" within a week either way; else "Thu 3 Dec"
    (with the year when it is another year)."""
    gap = (day - today).days
    if gap in RELATIVE_DAYS:
        return RELATIVE_DAYS[gap]
    if abs(gap) < 7:
        return f"{day:%a}"
    year = "" if day.year == today.year else f" {day.year}"
    return f"{day:%a} {day.day} {day:%b}{year}"


def _day_and_clock(moment: datetime, now: datetime) -> str:
    # The day as seen on the wall clock of the appointment's zone, where the deadline is shown.
    return f"{day_name(moment.date(), now.astimezone(moment.tzinfo).date())} {moment:%H:%M}"


def clock_text(moment: datetime, now: datetime) -> str:
    """ "Today 02:00", "Tomorrow 03:30", "Thu 03:30": always with its day, so a deadline two
    days ahead is not read as today's."""
    text = _day_and_clock(moment, now)
    return text[0].upper() + text[1:]


def when_text(state: ItemState, due: datetime, now: datetime) -> str:
    """ "Upcoming · Tomorrow 03:30, in 1 day 17 h", "Now · since today 02:00",
    "Passed · Today 02:00"."""
    if state is ItemState.UPCOMING:
        return f"Upcoming · {clock_text(due, now)}, {countdown_text(due, now)}"
    if state is ItemState.NOW:
        return f"Now · since {_day_and_clock(due, now)}"
    return f"Passed · {clock_text(due, now)}"


class ItemRow(QWidget):
    toggled = Signal(int, bool)

    def __init__(self, view: ItemView, due: datetime | None, start: datetime, prefs: Prefs) -> None:
        super().__init__()
        self.item_id = view.id
        self.due = due
        self._start = start
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 4, 0, 4)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(2)
        self.box = TickBox("", prefs)
        self.box.setChecked(view.done)
        self.box.setAccessibleName(view.item.text)
        self.box.setAccessibleDescription(view.item.detail)
        self.box.toggled.connect(lambda on: self.toggled.emit(self.item_id, on))
        grid.addWidget(self.box, 0, 0, Qt.AlignmentFlag.AlignTop)
        self.text = ClickableLabel(view.item.text)
        self.text.setWordWrap(True)
        self.text.clicked.connect(self.box.toggle)
        grid.addWidget(self.text, 0, 1)
        row = 1
        if view.item.detail:
            detail = QLabel(view.item.detail)
            detail.setObjectName("Muted")
            detail.setWordWrap(True)
            grid.addWidget(detail, row, 1)
            row += 1
        self.when = QLabel()
        self.when.setWordWrap(True)  # a far-off deadline at 200% text in a narrow window
        self.icon = QLabel()
        if due is not None:
            line = QHBoxLayout()
            line.setSpacing(6)
            line.addWidget(self.icon)
            line.addWidget(self.when, 1)
            grid.addLayout(line, row, 1)
        grid.setColumnStretch(1, 1)

    def refresh(self, now: datetime, prefs: Prefs) -> None:
        if self.due is None:
            return
        state = state_at(self.due, self._start, now)
        if state is None:
            return
        text = when_text(state, self.due, now)
        self.when.setText(text)
        self.box.setAccessibleDescription(f"{text}. {self.text.text()}")
        token = "accent" if state is ItemState.NOW else "muted"
        colour = current_theme(prefs).colour(token)
        pixmap = state_pixmap(state, colour, self.fontMetrics().height(), self.devicePixelRatioF())
        self.icon.setPixmap(pixmap)
        self.icon.setAccessibleName(STATE_WORDS[state])


class ChecklistView(QWidget):
    """The rows of one appointment's checklist. ``toggled`` carries (item id, done)."""

    toggled = Signal(int, bool)

    def __init__(self, prefs: Prefs) -> None:
        super().__init__()
        self._prefs = prefs
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(8)
        self.rows: list[ItemRow] = []
        self._now: datetime | None = None

    def show_appointment(self, appointment: AppointmentView, now: datetime) -> None:
        for row in self.rows:
            row.deleteLater()
        start = localize(appointment.starts_at, appointment.tz)
        self.rows = []
        # Deadlines in the order they come; untimed items where the patient put them.
        for view in in_time_order(appointment.items, lambda view: view.item.offset_minutes):
            offset = view.item.offset_minutes
            due = (
                None if offset is None else deadline(appointment.starts_at, offset, appointment.tz)
            )
            row = ItemRow(view, due, start, self._prefs)
            row.toggled.connect(self.toggled)
            self._layout.addWidget(row)
            self.rows.append(row)
        # Tab reaches the items here, not after the whole page.
        keep_tab_order(self, [row.box for row in self.rows])
        self.refresh(now)

    def refresh(self, now: datetime) -> None:
        """Recompute every deadline's words and icon for ``now`` (nothing is counted down)."""
        self._now = now
        for row in self.rows:
            row.refresh(now, self._prefs)

    def done_count(self) -> int:
        return sum(1 for row in self.rows if row.box.isChecked())

    def changeEvent(self, event: QEvent) -> None:
        # A new theme or text size: repaint the icons in its colours and at its size.
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange) and self._now:
            self.refresh(self._now)
        super().changeEvent(event)
