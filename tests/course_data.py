"""Builders for course tests (storage, export and GUI): sessions, bookings and check-ins."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy.orm import Session

from companion.domain.course import CoursePlan
from companion.domain.measures import score
from companion.domain.routes import Route
from companion.storage import courses
from companion.storage.models import Appointment, JournalEntry, MeasureResponse, TreatmentSession

START = date(2026, 3, 2)  # a Monday


def day(offset: int) -> date:
    return START + timedelta(days=offset)


def new_course(
    s: Session,
    start: date = START,
    plan: CoursePlan | None = None,
    goals: tuple[str, ...] = ("Sleep through the night", "Go back to work part-time"),
    name: str = "First series",
) -> int:
    draft = courses.CourseDraft(
        name=name,
        plan=plan or CoursePlan(Route.IV, 6, 3),
        started_on=start,
        expectations="Feel like myself again.",
        worries="Losing control.",
        goals=goals,
    )
    return courses.create_course(s, draft)


def book(s: Session, when: date, course_id: int | None = None, at: time = time(9, 30)) -> int:
    appointment = Appointment(
        starts_at=datetime.combine(when, at), route=Route.IV.value, course_id=course_id
    )
    s.add(appointment)
    s.flush()
    return appointment.id


def run(
    s: Session,
    when: date,
    *,
    appointment_id: int | None = None,
    state: str = "finished",
    mood_before: int | None = None,
    mood_after: int | None = None,
) -> int:
    """A session that started at 10:00 local time on ``when``; a journal entry holds the mood
    after (when given)."""
    started = datetime.combine(when, time(10)).astimezone(UTC)
    session = TreatmentSession(
        appointment_id=appointment_id,
        route=Route.IV.value,
        duration_s=3600,
        started_at=started,
        last_seen_at=started + timedelta(hours=1),
        ended_at=started + timedelta(hours=1) if state != "running" else None,
        elapsed_s=3600.0,
        state=state,
        mood_before=mood_before,
    )
    s.add(session)
    s.flush()
    if mood_after is not None:
        s.add(
            JournalEntry(
                entry_at=datetime.combine(when, time(15)),
                kind="session",
                session_id=session.id,
                mood=mood_after,
            )
        )
        s.flush()
    return session.id


def check_in(s: Session, instrument: str, when: date, total: int) -> None:
    """A PHQ-9 or GAD-7 with the given total (answers spread over the items)."""
    items = 9 if instrument == "PHQ-9" else 7
    answers = [min(3, max(0, total - 3 * i)) for i in range(items)]
    result = score(instrument, answers)
    assert result.total == total
    s.add(
        MeasureResponse(
            instrument=instrument,
            taken_at=datetime.combine(when, time(20)),
            answers=json.dumps(answers),
            total=result.total,
            band=result.band,
        )
    )
    s.flush()
