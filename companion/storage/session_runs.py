"""Timed session runs: saved when they start and at every marker, pause, heartbeat and end.

Every function takes an open SQLAlchemy session (one unit of work, managed by the caller) and
the moment of the action as an aware UTC instant, passed in by the caller: an action waits in
the worker's queue for a moment, and the stored time must be when the patient acted.

After a crash the records alone tell the time: the elapsed session time is the wall time since
the start minus the stored pauses (``elapsed_from_record``), so a session can be resumed where
it really stands, or ended at the last moment the app knew it was alive.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from companion.domain.routes import Route
from companion.domain.session import MAX_MINUTES, MIN_MINUTES, elapsed_from_record
from companion.storage.appointments import next_appointment
from companion.storage.errors import StorageError
from companion.storage.models import Course, SessionMarker, SessionPause, TreatmentSession
from companion.storage.session_options import SessionOptions, load_options

RUNNING, PAUSED, FINISHED, ENDED_EARLY = "running", "paused", "finished", "ended_early"
UNFINISHED = (RUNNING, PAUSED)
# A session links to the appointment it belongs to: today's, or the next one if it starts
# within this long (a home session begun a little before the planned time).
LINK_AHEAD = timedelta(hours=12)
MAX_LABEL_CHARS = 200


class SessionRunNotFound(StorageError):
    def __init__(self) -> None:
        super().__init__("That session is no longer in your data.")


@dataclass(frozen=True)
class Marker:
    id: int
    elapsed_s: float
    label: str


@dataclass(frozen=True)
class LinkedAppointment:
    """The appointment a new session will belong to, as the Session screen shows it."""

    id: int
    number: int
    starts_at: datetime  # naive local wall time
    route: Route
    intention: str


@dataclass(frozen=True)
class RunState:
    """A stored run and where its time stands at ``now`` by the records."""

    id: int
    route: Route
    duration_s: int
    started_at: datetime
    last_seen_at: datetime
    state: str
    elapsed_s: float  # by the records, at the moment asked about
    elapsed_last_seen_s: float  # by the records, at the last moment the app knew it was alive
    mood_before: int | None
    intention: str
    appointment_id: int | None
    markers: tuple[Marker, ...]

    @property
    def paused(self) -> bool:
        return self.state == PAUSED


def _route(value: str) -> Route:
    try:
        return Route(value)
    except ValueError:
        return Route.OTHER


def _get(session: Session, run_id: int) -> TreatmentSession:
    row = session.get(TreatmentSession, run_id)
    if row is None:
        raise SessionRunNotFound()
    return row


def _elapsed(row: TreatmentSession, at: datetime) -> float:
    pauses = [(pause.paused_at, pause.resumed_at) for pause in row.pauses]
    return elapsed_from_record(row.started_at, pauses, at)


def _state(row: TreatmentSession, now: datetime) -> RunState:
    return RunState(
        id=row.id,
        route=_route(row.route),
        duration_s=row.duration_s,
        started_at=row.started_at,
        last_seen_at=row.last_seen_at,
        state=row.state,
        elapsed_s=_elapsed(row, now) if row.state in UNFINISHED else row.elapsed_s,
        elapsed_last_seen_s=_elapsed(row, row.last_seen_at),
        mood_before=row.mood_before,
        intention=row.intention,
        appointment_id=row.appointment_id,
        markers=tuple(Marker(mk.id, mk.elapsed_s, mk.label) for mk in row.markers),
    )


def _close_open_pause(row: TreatmentSession, at: datetime) -> None:
    for pause in row.pauses:
        if pause.resumed_at is None:
            pause.resumed_at = max(at, pause.paused_at)


# --- before a session ---------------------------------------------------------------------------


def appointment_for_session(session: Session, local_now: datetime) -> LinkedAppointment | None:
    """The appointment a session started at ``local_now`` (naive local) belongs to, if any."""
    found = next_appointment(session, local_now)
    if found is None or found.starts_at > local_now + LINK_AHEAD:
        return None
    return LinkedAppointment(found.id, found.number, found.starts_at, found.route, found.intention)


def unfinished_run(session: Session, now: datetime) -> RunState | None:
    """The latest run that never ended (the app closed or crashed during it)."""
    row = session.scalars(
        select(TreatmentSession)
        .where(TreatmentSession.state.in_(UNFINISHED))
        .order_by(TreatmentSession.started_at.desc(), TreatmentSession.id.desc())
        .limit(1)
    ).first()
    return None if row is None else _state(row, now)


def likely_route(session: Session, appointment: LinkedAppointment | None) -> Route | None:
    """The route a new session most likely has; None when nothing tells (then ask).

    In order: the session's appointment, the open course (a course is one route from start to
    end), the latest session. Never a silent "Other": a wrong route would be saved with the run
    and shown in every export.
    """
    if appointment is not None:
        return appointment.route
    course_route = session.scalars(
        select(Course.route)
        .where(Course.ended_on.is_(None))
        .order_by(Course.started_on.desc(), Course.id.desc())
        .limit(1)
    ).first()
    latest_route = (
        course_route
        or session.scalars(
            select(TreatmentSession.route)
            .order_by(TreatmentSession.started_at.desc(), TreatmentSession.id.desc())
            .limit(1)
        ).first()
    )
    return None if latest_route is None else _route(latest_route)


@dataclass(frozen=True)
class SessionSetup:
    """Everything the Session screen needs before a start."""

    options: SessionOptions
    appointment: LinkedAppointment | None
    unfinished: RunState | None
    route: Route | None  # the likely route (see ``likely_route``); None: ask the patient


def session_setup(session: Session, now: datetime, local_now: datetime) -> SessionSetup:
    appointment = appointment_for_session(session, local_now)
    return SessionSetup(
        load_options(session),
        appointment,
        unfinished_run(session, now),
        likely_route(session, appointment),
    )


def get_run(session: Session, run_id: int, now: datetime) -> RunState:
    return _state(_get(session, run_id), now)


# --- a running session --------------------------------------------------------------------------


def start_run(
    session: Session,
    *,
    duration_s: int,
    route: Route | None,
    mood_before: int | None,
    now: datetime,
    local_now: datetime,
) -> RunState:
    """Save a new run at once, linked to its appointment (whose intention it copies).

    ``route`` None means the likely route (``likely_route``), or "other" when nothing tells
    (a session started from the command line, where there is no one to ask). A run left
    unfinished before is ended at its last known time first: only one session runs at a time.
    """
    if not MIN_MINUTES * 60 <= duration_s <= MAX_MINUTES * 60:
        raise ValueError(f"a session lasts {MIN_MINUTES} to {MAX_MINUTES} minutes")
    if mood_before is not None and not 0 <= mood_before <= 10:
        raise ValueError("the mood before the session is a number from 0 to 10")
    end_unfinished_runs(session)
    appointment = appointment_for_session(session, local_now)
    if route is None:
        route = likely_route(session, appointment) or Route.OTHER
    row = TreatmentSession(
        appointment_id=None if appointment is None else appointment.id,
        route=route.value,
        duration_s=duration_s,
        started_at=now,
        last_seen_at=now,
        elapsed_s=0.0,
        state=RUNNING,
        mood_before=mood_before,
        intention="" if appointment is None else appointment.intention,
    )
    session.add(row)
    session.flush()
    return _state(row, now)


def _touch(row: TreatmentSession, elapsed_s: float, now: datetime) -> None:
    if row.state not in UNFINISHED:
        raise StorageError("That session has already ended.")
    row.last_seen_at = max(now, row.last_seen_at)
    row.elapsed_s = max(0.0, elapsed_s)


def heartbeat(session: Session, run_id: int, elapsed_s: float, now: datetime) -> None:
    """The session is alive at ``now``: the time a crash would be ended at."""
    _touch(_get(session, run_id), elapsed_s, now)


def add_marker(session: Session, run_id: int, elapsed_s: float, now: datetime) -> int:
    """Mark a moment; the word for it can come later (``label_markers``)."""
    row = _get(session, run_id)
    _touch(row, elapsed_s, now)
    marker = SessionMarker(elapsed_s=max(0.0, elapsed_s), at=now, label="")
    row.markers.append(marker)
    session.flush()
    return marker.id


def label_markers(session: Session, labels: Mapping[int, str]) -> None:
    """Give marked moments their words (stripped; empty is allowed)."""
    for marker_id, label in labels.items():
        text = label.strip()
        if len(text) > MAX_LABEL_CHARS:
            raise ValueError(f"a word for a moment can be at most {MAX_LABEL_CHARS} characters")
        marker = session.get(SessionMarker, marker_id)
        if marker is not None:
            marker.label = text


def pause_run(session: Session, run_id: int, elapsed_s: float, now: datetime) -> None:
    row = _get(session, run_id)
    _touch(row, elapsed_s, now)
    if row.state == RUNNING:
        row.pauses.append(SessionPause(paused_at=now))
        row.state = PAUSED


def resume_run(session: Session, run_id: int, elapsed_s: float, now: datetime) -> None:
    row = _get(session, run_id)
    _touch(row, elapsed_s, now)
    _close_open_pause(row, now)
    row.state = RUNNING


def end_run(
    session: Session, run_id: int, elapsed_s: float, now: datetime, *, finished: bool
) -> None:
    """The session finished (its time ran out) or was ended early by the patient."""
    row = _get(session, run_id)
    _touch(row, elapsed_s, now)
    _close_open_pause(row, now)
    row.ended_at = now
    row.state = FINISHED if finished else ENDED_EARLY


# --- after a crash ------------------------------------------------------------------------------


def resume_unfinished(session: Session, run_id: int, now: datetime) -> RunState:
    """Carry on with a run the app lost: its time is where the records put it at ``now``.

    The time the app was closed counts as session time (the session went on meanwhile); a
    pause that was open at the crash is still open, so a paused session resumes paused.
    """
    row = _get(session, run_id)
    state = _state(row, now)
    _touch(row, state.elapsed_s, now)
    return state


def end_at_last_known_time(session: Session, run_id: int) -> RunState:
    """End a lost run at the last moment the app knew it was alive."""
    row = _get(session, run_id)
    if row.state not in UNFINISHED:
        return _state(row, row.last_seen_at)
    at = row.last_seen_at
    elapsed = _elapsed(row, at)
    _close_open_pause(row, at)
    row.ended_at = at
    row.elapsed_s = elapsed
    row.state = FINISHED if elapsed >= row.duration_s else ENDED_EARLY
    session.flush()
    return _state(row, at)


def end_unfinished_runs(session: Session) -> list[int]:
    """End every lost run at its last known time; their ids."""
    ids = list(
        session.scalars(select(TreatmentSession.id).where(TreatmentSession.state.in_(UNFINISHED)))
    )
    for run_id in ids:
        end_at_last_known_time(session, run_id)
    return ids
