"""The reminder poller: due reminders reach the patient once, by tray or by status bar."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import QMainWindow
from pytestqt.qtbot import QtBot

from companion.domain.reminders import ReminderChoices
from companion.domain.routes import Route
from companion.storage import appointments as repo
from companion.storage.database import Database
from companion.storage.reminders import set_reminder_choices
from companion.ui.context import AppContext
from companion.ui.reminders import Reminders
from tests.conftest import drain


def make(qtbot: QtBot, ctx: AppContext, now: list[datetime]) -> tuple[Reminders, QMainWindow]:
    window = QMainWindow()
    qtbot.addWidget(window)
    reminders = Reminders(ctx, window, clock=lambda: now[0], tray_available=False)
    return reminders, window


def test_due_reminders_show_once_in_the_status_bar(
    qtbot: QtBot, ctx: AppContext, db: Database
) -> None:
    with db.transaction() as s:
        fields = repo.AppointmentFields(datetime(2026, 5, 12, 8, 0), Route.IV, "Riverside")
        repo.create_appointment(s, fields)
    now = [datetime(2026, 5, 12, 1, 59).astimezone()]
    reminders, window = make(qtbot, ctx, now)
    assert reminders.tray is None
    reminders.poll()
    drain(ctx)
    assert window.statusBar().currentMessage() == ""

    now[0] = datetime(2026, 5, 12, 2, 0).astimezone()
    reminders.poll()
    drain(ctx)
    message = window.statusBar().currentMessage()
    assert message.startswith("Preparing for your 08:00 appointment. From 02:00: No solid food")

    window.statusBar().clearMessage()
    reminders.poll()
    drain(ctx)
    assert window.statusBar().currentMessage() == ""  # shown once only

    now[0] = datetime(2026, 5, 12, 7, 0).astimezone()
    reminders.poll()
    drain(ctx)
    assert window.statusBar().currentMessage() == (
        "Your appointment is in an hour. Your appointment at Riverside starts at 08:00."
    )
    reminders.stop()


def test_turned_off_reminders_stay_quiet(qtbot: QtBot, ctx: AppContext, db: Database) -> None:
    with db.transaction() as s:
        repo.create_appointment(s, repo.AppointmentFields(datetime(2026, 5, 12, 8), Route.IV))
        set_reminder_choices(s, ReminderChoices(fasting=False, hour_before=False))
    reminders, window = make(qtbot, ctx, [datetime(2026, 5, 12, 7, 0).astimezone()])
    reminders.poll()
    drain(ctx)
    assert window.statusBar().currentMessage() == ""
    reminders.stop()


def test_polls_every_minute(qtbot: QtBot, ctx: AppContext) -> None:
    reminders, _window = make(qtbot, ctx, [datetime(2026, 5, 12, 7, 0).astimezone()])
    assert reminders._timer.isActive() and reminders._timer.interval() == 60_000
    reminders.stop()
    assert not reminders._timer.isActive()
