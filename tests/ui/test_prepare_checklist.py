"""The checklist's deadlines read with their day and in the order they come."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from pytestqt.qtbot import QtBot

from companion.domain.checklist import ItemState
from companion.storage.database import Database
from companion.ui.context import AppContext
from companion.ui.prepare_checklist import clock_text, day_name, when_text
from tests.ui.test_prepare import add, open_screen, rows_text

TUESDAY = date(2026, 5, 12)


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2026, 5, 12), "today"),
        (date(2026, 5, 13), "tomorrow"),
        (date(2026, 5, 11), "yesterday"),
        (date(2026, 5, 14), "Thu"),
        (date(2026, 5, 18), "Mon"),  # six days ahead: the weekday says it
        (date(2026, 5, 6), "Wed"),  # six days back
        (date(2026, 5, 19), "Tue 19 May"),  # a week ahead: the weekday alone would mislead
        (date(2026, 5, 5), "Tue 5 May"),
        (date(2027, 1, 4), "Mon 4 Jan 2027"),
    ],
)
def test_day_name(day: date, name: str) -> None:
    assert day_name(day, TUESDAY) == name


def test_deadline_texts_always_say_the_day() -> None:
    now = datetime(2026, 5, 12, 23, 50).astimezone()
    due = datetime(2026, 5, 13, 0, 30).astimezone()  # 40 minutes away, but tomorrow
    assert clock_text(due, now) == "Tomorrow 00:30"
    assert when_text(ItemState.UPCOMING, due, now) == "Upcoming · Tomorrow 00:30, in 40 min"
    started = datetime(2026, 5, 11, 9, 30).astimezone()
    assert when_text(ItemState.NOW, started, now) == "Now · since yesterday 09:30"
    assert when_text(ItemState.PASSED, started, now) == "Passed · Yesterday 09:30"


def test_an_appointment_two_days_ahead_reads_by_day_and_in_time_order(
    qtbot: QtBot, ctx: AppContext, db: Database
) -> None:
    # Tuesday 01:45; the appointment is on Thursday 14 May at 09:30.
    add(db, datetime(2026, 5, 14, 9, 30))
    screen = open_screen(qtbot, ctx)
    alcohol, food, liquids = screen.checklist.rows[:3]
    assert alcohol.text.text().startswith("No alcohol")  # due first, so listed first
    assert alcohol.when.text() == "Upcoming · Tomorrow 09:30, in 1 day 7 h"
    assert food.when.text() == "Upcoming · Thu 03:30, in 2 days 1 h"
    assert liquids.when.text() == "Upcoming · Thu 07:30, in 2 days 5 h"
    assert screen.when_label.text() == "Thursday 14 May 2026, 09:30 · in 2 days 7 h"
    assert rows_text(screen)[3].startswith("Arrange a ride home")  # untimed: template order
