"""The Prepare screen's units of work that are more than one repository call.

Each runs on the database worker (``op(session)``) and returns plain values. A refused
protocol file is a result, not an exception: it is an expected answer to show the patient,
and nothing was written before it was found.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from companion.domain.checklist import MAX_PROTOCOL_BYTES, ProtocolError
from companion.domain.reminders import ReminderChoices
from companion.domain.routes import Route
from companion.storage import appointments as repo
from companion.storage.errors import StorageError
from companion.storage.files import replacing
from companion.storage.reminders import reminder_choices


@dataclass(frozen=True)
class PrepareData:
    current: repo.AppointmentView | None
    next_id: int | None
    appointments: list[repo.AppointmentSummary]
    template_name: str  # of the current appointment's route
    choices: ReminderChoices


@dataclass(frozen=True)
class Outcome:
    ok: bool
    message: str


def load(session: Session, now: datetime, appointment_id: int | None) -> PrepareData:
    """The appointment asked for (if it still exists), else the next one, and the list."""
    following = repo.next_appointment(session, now)
    current = None if appointment_id is None else repo.get_appointment(session, appointment_id)
    current = current or following
    name = "" if current is None else repo.template(session, current.route).name
    return PrepareData(
        current=current,
        next_id=None if following is None else following.id,
        appointments=repo.list_appointments(session),
        template_name=name,
        choices=reminder_choices(session),
    )


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _taken_over(saved: repo.TemplateSaved) -> str:
    count = saved.updated_appointments
    if not count:
        return ""
    label = saved.template.route.label
    return f" {_plural(count, f'upcoming {label} appointment')} now use{'s' * (count == 1)} it."


def saved_message(saved: repo.TemplateSaved) -> str:
    return f"Your {saved.template.route.label} checklist is saved.{_taken_over(saved)}"


def import_protocol_file(session: Session, path: Path, now: datetime) -> Outcome:
    """Read a clinic's protocol file and make it the checklist for its route, or refuse it."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_PROTOCOL_BYTES + 4)
        # An oversized file may be cut inside a character; the size check then refuses it.
        text = raw.decode(
            "utf-8-sig", errors="strict" if len(raw) <= MAX_PROTOCOL_BYTES else "ignore"
        )
        protocol, saved = repo.import_protocol(session, text, now)
    except ProtocolError as error:
        return Outcome(False, f"“{path.name}” was not imported: {error}. Nothing was changed.")
    except UnicodeDecodeError:
        reason = "it is not UTF-8 text"
        return Outcome(False, f"“{path.name}” was not imported: {reason}. Nothing was changed.")
    except OSError as error:
        reason = error.strerror or type(error).__name__
        return Outcome(False, f"“{path.name}” could not be read: {reason}. Nothing was changed.")
    items = _plural(len(protocol.items), "item")
    return Outcome(
        True,
        f"Imported “{protocol.name}” as your {protocol.route.label} checklist, {items}."
        f"{_taken_over(saved)}",
    )


def export_protocol_file(session: Session, route: Route, path: Path) -> Outcome:
    """Write the route's checklist as a protocol file, whole or not at all."""
    try:
        text = repo.export_protocol(session, route)
        with replacing(path) as temp:
            temp.write_text(text, encoding="utf-8")
    except (ProtocolError, StorageError) as error:
        return Outcome(False, f"The checklist was not exported: {error}")
    return Outcome(True, f"Your {route.label} checklist was saved to {path}.")
