"""Reminder choices and the reminders due now, remembered once shown.

The timing rules are in ``companion.domain.reminders``; this module only reads the next
appointment and the settings, and records what was shown so nothing appears twice.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from companion.domain.checklist import localize
from companion.domain.reminders import (
    Reminder,
    ReminderChoices,
    due_reminders,
    planned_reminders,
)
from companion.storage.appointments import next_appointment
from companion.storage.settings import (
    REMIND_FASTING,
    REMIND_HOUR_BEFORE,
    REMINDERS_SHOWN,
    get_setting,
    set_setting,
)


def reminder_choices(session: Session) -> ReminderChoices:
    return ReminderChoices(
        fasting=bool(get_setting(session, REMIND_FASTING, True)),
        hour_before=bool(get_setting(session, REMIND_HOUR_BEFORE, True)),
    )


def set_reminder_choices(session: Session, choices: ReminderChoices) -> None:
    set_setting(session, REMIND_FASTING, choices.fasting)
    set_setting(session, REMIND_HOUR_BEFORE, choices.hour_before)


def take_due_reminders(session: Session, now: datetime) -> list[Reminder]:
    """The reminders to show at ``now`` (aware), marked as shown in the same transaction.

    Only the next appointment's keys are kept, so the list of shown keys stays small.
    """
    found = next_appointment(session, now.astimezone().replace(tzinfo=None))
    if found is None:
        return []
    items = [view.item for view in found.items]
    planned = planned_reminders(
        found.id, found.starts_at, found.clinic, items, reminder_choices(session), found.tz
    )
    stored = get_setting(session, REMINDERS_SHOWN, [])
    shown = [key for key in stored if isinstance(key, str)] if isinstance(stored, list) else []
    due = due_reminders(planned, localize(found.starts_at, found.tz), now, set(shown))
    if due:
        keep = {reminder.key for reminder in planned}
        set_setting(
            session,
            REMINDERS_SHOWN,
            sorted({key for key in shown if key in keep} | {r.key for r in due}),
        )
    return due
