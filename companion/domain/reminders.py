"""Which preparation reminders are due: when a fasting window starts, and an hour before.

Pure timing rules. The GUI asks every minute and shows what comes back; a reminder carries a
stable key, and the caller remembers the keys it has shown, so each one appears once even when
the app is restarted. A reminder missed while the app was closed is still shown if it is at
most ``GRACE`` late and the appointment has not begun; after that it would only be noise.
"""

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from companion.domain.checklist import Category, ChecklistItem, deadline, localize

GRACE = timedelta(minutes=30)
HOUR_BEFORE = timedelta(hours=1)


@dataclass(frozen=True)
class Reminder:
    key: str
    at: datetime  # aware
    title: str
    message: str


@dataclass(frozen=True)
class ReminderChoices:
    """What the patient wants to be reminded of (each can be turned off)."""

    fasting: bool = True
    hour_before: bool = True


def _clock(moment: datetime) -> str:
    return moment.strftime("%H:%M")


def planned_reminders(
    appointment_id: int,
    starts_at: datetime,
    where: str,
    items: Iterable[ChecklistItem],
    choices: ReminderChoices,
    tz: tzinfo | None = None,
) -> list[Reminder]:
    """Every reminder for one appointment (naive local ``starts_at``), earliest first.

    Keys include the appointment's time, so moving an appointment arms its reminders again.
    """
    start = localize(starts_at, tz)
    stem = f"{appointment_id}@{starts_at.isoformat(timespec='minutes')}"
    title = f"Preparing for your {_clock(start)} appointment"
    found: list[Reminder] = []
    for item in items if choices.fasting else ():
        # A timed food-and-drink item is a fasting window: from its deadline on, something
        # is not eaten or drunk.
        if item.offset_minutes is None or item.category is not Category.FOOD_DRINK:
            continue
        due = deadline(starts_at, item.offset_minutes, tz)
        message = f"From {_clock(due)}: {item.text}"
        found.append(Reminder(f"{stem}:window:{item.key}", due, title, message))
    if choices.hour_before:
        place = f" at {where}" if where.strip() else ""
        found.append(
            Reminder(
                f"{stem}:hour",
                start - HOUR_BEFORE,
                "Your appointment is in an hour",
                f"Your appointment{place} starts at {_clock(start)}.",
            )
        )
    return sorted(found, key=lambda reminder: reminder.at)


def due_reminders(
    planned: Iterable[Reminder],
    appointment_start: datetime,
    now: datetime,
    notified: Collection[str],
) -> list[Reminder]:
    """The reminders to show now: their time has come, at most GRACE ago, before the
    appointment (aware ``appointment_start``) begins, and not shown before."""
    if now >= appointment_start:
        return []
    return [r for r in planned if r.key not in notified and r.at <= now < r.at + GRACE]
