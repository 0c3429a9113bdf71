"""Tests for companion.domain.reminders: which notifications are due, and when."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from companion.domain.checklist import Category, ChecklistItem, default_template
from companion.domain.reminders import (
    GRACE,
    ReminderChoices,
    due_reminders,
    planned_reminders,
)
from companion.domain.routes import Route

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
STARTS = datetime(2026, 5, 12, 8, 0)
START = STARTS.replace(tzinfo=BERLIN)
ALL = ReminderChoices()


def plan(choices: ReminderChoices = ALL, items: list[ChecklistItem] | None = None) -> list:
    chosen = default_template(Route.IV) if items is None else items
    return planned_reminders(7, STARTS, "Riverside Clinic", chosen, choices, BERLIN)


def test_iv_plan_has_fasting_windows_and_the_hour_before() -> None:
    planned = plan()
    times = [(r.at.hour, r.at.day) for r in planned]
    # alcohol 24 h before, food 6 h, liquids 2 h, then an hour before: earliest first
    assert times == [(8, 11), (2, 12), (6, 12), (7, 12)]
    food = planned[1]
    assert food.message.startswith("From 02:00: No solid food or milk")
    assert "as your clinic instructs" in food.message
    assert food.title == "Preparing for your 08:00 appointment"
    hour = planned[-1]
    assert hour.title == "Your appointment is in an hour"
    assert hour.message == "Your appointment at Riverside Clinic starts at 08:00."


def test_only_timed_food_and_drink_items_are_fasting_windows() -> None:
    items = [
        ChecklistItem("nasal", "Nasal steroid", "", 60, Category.MEDICINES),
        ChecklistItem("snack", "A snack", "", None, Category.FOOD_DRINK),
        ChecklistItem("broth", "Broth only", "", 90, Category.FOOD_DRINK),
    ]
    keys = [r.key for r in plan(ReminderChoices(hour_before=False), items)]
    assert keys == ["7@2026-05-12T08:00:window:broth"]


@pytest.mark.parametrize(
    ("choices", "count"),
    [
        (ReminderChoices(fasting=False), 1),
        (ReminderChoices(hour_before=False), 3),
        (ReminderChoices(fasting=False, hour_before=False), 0),
    ],
)
def test_each_kind_can_be_turned_off(choices: ReminderChoices, count: int) -> None:
    assert len(plan(choices)) == count


def test_moving_the_appointment_gives_new_keys() -> None:
    moved = planned_reminders(7, STARTS + timedelta(hours=1), "", [], ALL, BERLIN)
    assert {r.key for r in moved}.isdisjoint(r.key for r in plan())
    assert moved[0].message == "Your appointment starts at 09:00."


def test_due_at_the_moment_and_once() -> None:
    planned = plan()
    food_start = datetime(2026, 5, 12, 2, 0, tzinfo=BERLIN)
    assert due_reminders(planned, START, food_start - timedelta(seconds=1), set()) == []
    due = due_reminders(planned, START, food_start, set())
    assert [r.at for r in due] == [food_start]
    assert due_reminders(planned, START, food_start, {due[0].key}) == []


def test_a_late_reminder_within_the_grace_is_still_shown() -> None:
    food_start = datetime(2026, 5, 12, 2, 0, tzinfo=BERLIN)
    late = food_start + GRACE - timedelta(seconds=1)
    assert len(due_reminders(plan(), START, late, set())) == 1
    assert due_reminders(plan(), START, food_start + GRACE, set()) == []


def test_missed_reminders_do_not_pile_up() -> None:
    # Opened at 07:05: the food and liquids windows started long ago; only the hour is due.
    due = due_reminders(plan(), START, datetime(2026, 5, 12, 7, 5, tzinfo=BERLIN), set())
    assert [r.title for r in due] == ["Your appointment is in an hour"]


def test_nothing_once_the_appointment_has_begun() -> None:
    planned = planned_reminders(1, STARTS, "", default_template(Route.NASAL), ALL, BERLIN)
    assert due_reminders(planned, START, START, set()) == []
    # nasal: liquids window 30 min before is due at 07:30 but not after 08:00
    assert due_reminders(planned, START, START - timedelta(minutes=30), set())


def test_fasting_reminder_across_spring_forward() -> None:
    # 08:00 EDT on the change day: the 6 h food window starts at 01:00 EST.
    planned = planned_reminders(
        1, datetime(2026, 3, 8, 8, 0), "", default_template(Route.IV), ALL, NEW_YORK
    )
    food = next(r for r in planned if r.key.endswith(":food"))
    assert food.message.startswith("From 01:00:")
    assert food.at.utcoffset() == timedelta(hours=-5)
