"""Tests for companion.storage.reminders: choices and reminders shown once."""

from datetime import datetime, timedelta

import pytest

from companion.domain.reminders import ReminderChoices
from companion.domain.routes import Route
from companion.storage import appointments as repo
from companion.storage.database import Database
from companion.storage.reminders import (
    reminder_choices,
    set_reminder_choices,
    take_due_reminders,
)
from companion.storage.settings import REMINDERS_SHOWN, get_setting, set_setting

STARTS = datetime(2026, 5, 12, 8, 0)


@pytest.fixture
def appointment(db: Database) -> int:
    with db.transaction() as s:
        fields = repo.AppointmentFields(STARTS, Route.IV, "Riverside")
        return repo.create_appointment(s, fields).id


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 5, 12, hour, minute).astimezone()


def take(db: Database, now: datetime) -> list[str]:
    with db.transaction() as s:
        return [r.message for r in take_due_reminders(s, now)]


def test_choices_default_on_and_are_saved(db: Database) -> None:
    with db.transaction() as s:
        assert reminder_choices(s) == ReminderChoices(True, True)
        set_reminder_choices(s, ReminderChoices(fasting=False, hour_before=True))
    with db.transaction() as s:
        assert reminder_choices(s) == ReminderChoices(False, True)


@pytest.mark.usefixtures("appointment")
def test_a_reminder_is_shown_once(db: Database) -> None:
    assert take(db, at(1, 59)) == []
    shown = take(db, at(2, 0))
    assert len(shown) == 1 and shown[0].startswith("From 02:00: No solid food")
    assert take(db, at(2, 1)) == []
    assert take(db, at(7, 0)) == ["Your appointment at Riverside starts at 08:00."]
    assert take(db, at(7, 10)) == []


@pytest.mark.usefixtures("appointment")
def test_turned_off_reminders_are_not_shown(db: Database) -> None:
    with db.transaction() as s:
        set_reminder_choices(s, ReminderChoices(fasting=False, hour_before=True))
    assert take(db, at(2, 0)) == []
    assert len(take(db, at(7, 0))) == 1


def test_moving_the_appointment_arms_it_again(db: Database, appointment: int) -> None:
    assert len(take(db, at(7, 0))) == 1
    with db.transaction() as s:
        later = repo.AppointmentFields(STARTS + timedelta(hours=1), Route.IV, "Riverside")
        repo.update_appointment(s, appointment, later)
    assert take(db, at(8, 0)) == ["Your appointment at Riverside starts at 09:00."]
    with db.transaction() as s:
        # only keys of the current plan are kept: the list does not grow forever
        assert all("T09:00" in key for key in get_setting(s, REMINDERS_SHOWN))


@pytest.mark.usefixtures("appointment")
def test_a_damaged_setting_is_read_as_nothing_shown(db: Database) -> None:
    with db.transaction() as s:
        set_setting(s, REMINDERS_SHOWN, {"not": "a list"})
    assert len(take(db, at(7, 0))) == 1


def test_no_appointment_no_reminders(db: Database) -> None:
    assert take(db, at(7, 0)) == []
