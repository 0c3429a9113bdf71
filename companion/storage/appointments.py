"""Appointments, their checklists and the patient's checklist templates.

Every function takes an open SQLAlchemy session (one unit of work, managed by the caller) and
returns plain frozen values, never ORM rows, so results can travel to the GUI thread.

A template is the patient's checklist for one route, seeded from the common clinic guidance
in ``companion.domain.checklist`` the first time it is needed. An appointment gets a copy of
its route's items, so editing the template later keeps the history of past appointments;
upcoming appointments of that route take the edited template over (ticks kept by item key).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import Integer, cast, func, inspect, select, tuple_, update
from sqlalchemy.orm import Session

from companion.domain.checklist import (
    Category,
    ChecklistItem,
    Protocol,
    default_template,
    protocol_from_json,
    protocol_to_json,
)
from companion.domain.journal import EntryDraft
from companion.domain.routes import Route
from companion.storage.errors import StorageError
from companion.storage.models import (
    Appointment,
    AppointmentItem,
    ChecklistTemplate,
    TemplateItem,
    TreatmentSession,
)

# An appointment stays "the next one" until this long after it starts, so the session that
# begins a little late, and the journal right after it, still find its intention.
STILL_CURRENT = timedelta(hours=4)
MAX_CLINIC_CHARS = 300
MAX_NOTE_CHARS = 20_000


class AppointmentNotFound(StorageError):
    """The appointment was deleted meanwhile (in another window or by an undo)."""

    def __init__(self) -> None:
        super().__init__("That appointment no longer exists.")


def _check_length(label: str, text: str, limit: int = MAX_NOTE_CHARS) -> None:
    if len(text) > limit:
        raise ValueError(f"{label} can be at most {limit:,} characters long.")


# --- values handed to the GUI -------------------------------------------------------------------


@dataclass(frozen=True)
class AppointmentFields:
    """What the patient enters for an appointment. ``starts_at`` is naive local wall time."""

    starts_at: datetime
    route: Route
    clinic: str = ""
    questions: str = ""
    notes: str = ""

    def validate(self) -> None:
        """Raise ValueError with a message a patient can act on."""
        if self.starts_at.utcoffset() is not None:
            raise ValueError("the appointment time must be a local wall time")
        _check_length("The clinic or provider", self.clinic, MAX_CLINIC_CHARS)
        _check_length("The questions", self.questions)
        _check_length("The notes", self.notes)


@dataclass(frozen=True)
class ItemView:
    id: int
    item: ChecklistItem
    done: bool


@dataclass(frozen=True)
class AppointmentView:
    id: int
    number: int
    starts_at: datetime
    timezone: str | None
    route: Route
    clinic: str
    questions: str
    notes: str
    intention: str
    systolic: int | None
    diastolic: int | None
    pulse: int | None
    items: tuple[ItemView, ...]

    @property
    def done_count(self) -> int:
        return sum(1 for item in self.items if item.done)

    @property
    def tz(self) -> tzinfo | None:
        """The zone the appointment was planned in; None means the system's local zone."""
        return _zone(self.timezone)

    @property
    def fields(self) -> AppointmentFields:
        return AppointmentFields(
            self.starts_at, self.route, self.clinic, self.questions, self.notes
        )


@dataclass(frozen=True)
class AppointmentSummary:
    """One line of the appointment list."""

    id: int
    number: int
    starts_at: datetime
    route: Route
    clinic: str
    done: int
    total: int


@dataclass(frozen=True)
class DeletedAppointment:
    """Everything needed to put a deleted appointment back (undo)."""

    columns: dict[str, Any]
    items: tuple[dict[str, Any], ...]
    session_ids: tuple[int, ...] = field(default=())


@dataclass(frozen=True)
class TemplateView:
    route: Route
    name: str
    items: tuple[ChecklistItem, ...]


@dataclass(frozen=True)
class TemplateSaved:
    """A saved template and how many upcoming appointments took it over."""

    template: TemplateView
    updated_appointments: int


# --- helpers -------------------------------------------------------------------------------------


def _zone(name: str | None) -> tzinfo | None:
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None  # a zone this machine does not know: fall back to local time


def _route(value: str) -> Route:
    try:
        return Route(value)
    except ValueError:
        return Route.OTHER


def _category(value: str) -> Category:
    try:
        return Category(value)
    except ValueError:
        return Category.CLINIC


def _checklist_item(row: TemplateItem | AppointmentItem) -> ChecklistItem:
    return ChecklistItem(row.key, row.text, row.detail, row.offset_minutes, _category(row.category))


def _item_columns(item: ChecklistItem, position: int) -> dict[str, Any]:
    return dict(
        position=position,
        key=item.key,
        text=item.text,
        detail=item.detail,
        offset_minutes=item.offset_minutes,
        category=item.category.value,
    )


def _columns(row: object) -> dict[str, Any]:
    return {attr.key: getattr(row, attr.key) for attr in inspect(row).mapper.column_attrs}


def _get(session: Session, appointment_id: int) -> Appointment:
    row = session.get(Appointment, appointment_id)
    if row is None:
        raise AppointmentNotFound()
    return row


def _number(session: Session, row: Appointment) -> int:
    """The session number: rank by start time, ties by id (as in ``session_numbers``)."""
    earlier = select(func.count()).where(
        tuple_(Appointment.starts_at, Appointment.id) < tuple_(row.starts_at, row.id)
    )
    return int(session.scalar(earlier) or 0) + 1


def _view(session: Session, row: Appointment) -> AppointmentView:
    return AppointmentView(
        id=row.id,
        number=_number(session, row),
        starts_at=row.starts_at,
        timezone=row.timezone,
        route=_route(row.route),
        clinic=row.clinic,
        questions=row.questions,
        notes=row.notes,
        intention=row.intention,
        systolic=row.systolic,
        diastolic=row.diastolic,
        pulse=row.pulse,
        items=tuple(ItemView(i.id, _checklist_item(i), i.done) for i in row.items),
    )


# --- appointments -------------------------------------------------------------------------------


def session_numbers(session: Session) -> dict[int, int]:
    """Appointment id -> session number: its rank by start time (ties by id), counting from 1.

    Numbers are derived, never stored, so adding a forgotten past appointment renumbers the
    later ones the way a patient would expect.
    """
    ids = session.scalars(select(Appointment.id).order_by(Appointment.starts_at, Appointment.id))
    return {appointment_id: n for n, appointment_id in enumerate(ids, start=1)}


def create_appointment(session: Session, fields: AppointmentFields) -> AppointmentView:
    """A new appointment with a copy of its route's checklist."""
    fields.validate()
    row = Appointment(
        starts_at=fields.starts_at.replace(second=0, microsecond=0),
        route=fields.route.value,
        clinic=fields.clinic.strip(),
        questions=fields.questions,
        notes=fields.notes,
    )
    row.items = _copies(template(session, fields.route).items, done_keys=())
    session.add(row)
    session.flush()
    return _view(session, row)


def update_appointment(
    session: Session, appointment_id: int, fields: AppointmentFields
) -> AppointmentView:
    """Change the details; a new route brings that route's checklist (ticks kept by key)."""
    fields.validate()
    row = _get(session, appointment_id)
    if row.route != fields.route.value:
        done = {item.key for item in row.items if item.done}
        row.items = _copies(template(session, fields.route).items, done)
    row.starts_at = fields.starts_at.replace(second=0, microsecond=0)
    row.route = fields.route.value
    row.clinic = fields.clinic.strip()
    row.questions = fields.questions
    row.notes = fields.notes
    session.flush()
    return _view(session, row)


def delete_appointment(session: Session, appointment_id: int) -> DeletedAppointment:
    """Delete an appointment and its checklist; the result can put them back."""
    row = _get(session, appointment_id)
    deleted = DeletedAppointment(
        columns=_columns(row),
        items=tuple(_columns(item) for item in row.items),
        session_ids=tuple(s.id for s in row.sessions),
    )
    session.delete(row)
    return deleted


def restore_appointment(session: Session, deleted: DeletedAppointment) -> AppointmentView:
    """Undo a delete: the appointment, its ticks and its link to sessions come back."""
    columns = dict(deleted.columns)
    if session.get(Appointment, columns["id"]) is not None:
        del columns["id"]  # the id was taken meanwhile; a new one keeps both
    row = Appointment(**columns)
    row.items = [
        AppointmentItem(**{k: v for k, v in item.items() if k not in ("id", "appointment_id")})
        for item in deleted.items
    ]
    session.add(row)
    session.flush()
    if deleted.session_ids:
        session.execute(
            update(TreatmentSession)
            .where(TreatmentSession.id.in_(deleted.session_ids))
            .where(TreatmentSession.appointment_id.is_(None))
            .values(appointment_id=row.id)
        )
    return _view(session, row)


def get_appointment(session: Session, appointment_id: int) -> AppointmentView | None:
    row = session.get(Appointment, appointment_id)
    return None if row is None else _view(session, row)


def next_appointment(session: Session, now: datetime) -> AppointmentView | None:
    """The appointment to prepare for at ``now`` (naive local): the first one that has not
    started, or one that started less than STILL_CURRENT ago, unless its session is over."""
    row = session.scalars(
        select(Appointment)
        .where(Appointment.starts_at > now - STILL_CURRENT)
        .where(~Appointment.sessions.any(TreatmentSession.ended_at.is_not(None)))
        .order_by(Appointment.starts_at, Appointment.id)
        .limit(1)
    ).first()
    return None if row is None else _view(session, row)


def intention_for_next(session: Session, now: datetime | None = None) -> str:
    """The intention written for the current or next appointment ("" when there is none).

    For the Session screen as a session starts. Once a session has ended its appointment is
    no longer "next": afterwards use ``intention_for_appointment`` (or the session's own copy).
    """
    found = next_appointment(session, now or datetime.now())
    return "" if found is None else found.intention


def intention_for_appointment(session: Session, appointment_id: int) -> str:
    """The intention written for one appointment ("" when it has none or is gone)."""
    return (
        session.scalar(select(Appointment.intention).where(Appointment.id == appointment_id)) or ""
    )


def list_appointments(session: Session) -> list[AppointmentSummary]:
    """Every appointment, oldest first, with its number and checklist progress."""
    done = func.coalesce(func.sum(cast(AppointmentItem.done, Integer)), 0)
    rows = session.execute(
        select(Appointment, func.count(AppointmentItem.id), done)
        .outerjoin(AppointmentItem)
        .group_by(Appointment.id)
        .order_by(Appointment.starts_at, Appointment.id)
    )
    return [
        AppointmentSummary(row.id, n, row.starts_at, _route(row.route), row.clinic, done, total)
        for n, (row, total, done) in enumerate(rows, start=1)
    ]


def set_item_done(session: Session, item_id: int, done: bool) -> None:
    row = session.get(AppointmentItem, item_id)
    if row is None:
        raise AppointmentNotFound()
    row.done = done


def set_intention(session: Session, appointment_id: int, text: str) -> None:
    _check_length("The intention", text)
    _get(session, appointment_id).intention = text


def set_questions(session: Session, appointment_id: int, text: str) -> None:
    _check_length("The questions", text)
    _get(session, appointment_id).questions = text


def set_vitals(
    session: Session,
    appointment_id: int,
    systolic: int | None,
    diastolic: int | None,
    pulse: int | None,
) -> None:
    """An optional reading before the appointment; both blood pressure numbers or neither."""
    EntryDraft(systolic=systolic, diastolic=diastolic, pulse=pulse).validate()
    row = _get(session, appointment_id)
    row.systolic, row.diastolic, row.pulse = systolic, diastolic, pulse


def give_checklist(session: Session, appointment_id: int, ticked: int = 0) -> None:
    """Copy the route's checklist onto an appointment, ticking the first ``ticked`` items.

    For appointments written in bulk (demo data), which do not pass through create.
    """
    row = _get(session, appointment_id)
    items = template(session, _route(row.route)).items
    row.items = _copies(items, {item.key for item in items[:ticked]})


def _copies(items: Iterable[ChecklistItem], done_keys: Iterable[str]) -> list[AppointmentItem]:
    done = set(done_keys)
    return [
        AppointmentItem(**_item_columns(item, position), done=item.key in done)
        for position, item in enumerate(items)
    ]


# --- templates ----------------------------------------------------------------------------------


def default_name(route: Route) -> str:
    return f"Common clinic guidance: {route.label}"


def _template_row(session: Session, route: Route) -> ChecklistTemplate:
    row = session.scalars(select(ChecklistTemplate).where(ChecklistTemplate.route == route.value))
    found = row.first()
    if found is None:
        found = ChecklistTemplate(route=route.value, name=default_name(route))
        found.items = [
            TemplateItem(**_item_columns(item, position))
            for position, item in enumerate(default_template(route))
        ]
        session.add(found)
        session.flush()
    return found


def template(session: Session, route: Route) -> TemplateView:
    """The patient's checklist for a route (the defaults until it is edited)."""
    row = _template_row(session, route)
    return TemplateView(route, row.name, tuple(_checklist_item(item) for item in row.items))


def _with_keys(items: Sequence[ChecklistItem]) -> list[ChecklistItem]:
    """Give items without a key (added by the patient) a free ``custom-N`` key."""
    taken = {item.key for item in items if item.key}
    numbers = (n for n in range(1, len(items) + len(taken) + 2) if f"custom-{n}" not in taken)
    return [item if item.key else replace(item, key=f"custom-{next(numbers)}") for item in items]


def save_template(
    session: Session,
    route: Route,
    items: Sequence[ChecklistItem],
    now: datetime,
    name: str | None = None,
) -> TemplateSaved:
    """Replace a route's checklist (edited, reordered, added, removed items) in one go.

    Checked like a protocol file (ProtocolError names the problem) before anything changes.
    Upcoming appointments of the route (after ``now``, naive local) take it over.
    """
    keyed = _with_keys(items)
    # Checked before anything is written: texts, lengths, keys, 1 to 100 items (and the name).
    protocol_to_json(default_name(route) if name is None else name, route, keyed)
    row = _template_row(session, route)
    chosen = row.name if name is None else name
    row.name = chosen
    row.items = [TemplateItem(**_item_columns(item, n)) for n, item in enumerate(keyed)]
    updated = 0
    for appointment in session.scalars(
        select(Appointment).where(Appointment.route == route.value, Appointment.starts_at > now)
    ):
        done = {item.key for item in appointment.items if item.done}
        appointment.items = _copies(keyed, done)
        updated += 1
    session.flush()
    return TemplateSaved(TemplateView(route, chosen, tuple(keyed)), updated)


def restore_default_template(session: Session, route: Route, now: datetime) -> TemplateSaved:
    return save_template(session, route, default_template(route), now, default_name(route))


def import_protocol(session: Session, text: str, now: datetime) -> tuple[Protocol, TemplateSaved]:
    """Make a clinic's protocol file the checklist for its route: all of it or, with
    ProtocolError naming the problem, nothing."""
    protocol = protocol_from_json(text)
    return protocol, save_template(session, protocol.route, protocol.items, now, protocol.name)


def export_protocol(session: Session, route: Route) -> str:
    """The route's checklist as a protocol file another patient can import."""
    found = template(session, route)
    return protocol_to_json(found.name, route, list(found.items))
