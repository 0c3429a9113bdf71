"""``demo-data``: a realistic, reproducible history, written only into an empty database."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from pathlib import Path

import pytest
from sqlalchemy import func, select

from companion.domain.measures import score
from companion.errors import UserError
from companion.storage import models as m
from companion.storage.database import Database
from companion.storage.demo import fill

TODAY = date(2026, 3, 31)


def _count(db: Database, model: type[m.Base]) -> int:
    with db.transaction() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def _all_counts(db: Database) -> dict[str, int]:
    return {model.__tablename__: _count(db, model) for model in m.Base.__subclasses__()}


def test_a_year_of_history_looks_like_a_real_treatment(db: Database) -> None:
    days = 365
    counts = fill(db, days, seed=3, today=TODAY)
    first = TODAY - timedelta(days=days - 1)
    with db.transaction() as s:
        entries = s.scalars(select(m.JournalEntry).order_by(m.JournalEntry.entry_at)).all()
        sessions = s.scalars(select(m.TreatmentSession).order_by(m.TreatmentSession.id)).all()
        appointments = s.scalars(select(m.Appointment).order_by(m.Appointment.starts_at)).all()
        measures = s.scalars(select(m.MeasureResponse)).all()

        # What fill reports is what it wrote.
        assert counts["entries"] == len(entries)
        assert counts["sessions"] == len(sessions)
        # Journal entries most days, never outside the range.
        assert 0.7 * days < len(entries) <= days
        assert entries[0].entry_at.date() == first
        assert entries[-1].entry_at.date() <= TODAY
        # Six induction sessions, then one every one to two weeks; one appointment ahead.
        session_days = [a.starts_at.date() for a in appointments if a.starts_at.date() <= TODAY]
        assert len(sessions) == len(session_days) >= 6
        gaps = [(b - a).days for a, b in pairwise(session_days[5:])]
        assert gaps and all(7 <= gap <= 14 for gap in gaps)
        assert appointments[-1].starts_at.date() > TODAY
        assert all(x.started_at.tzinfo is UTC and x.state == "finished" for x in sessions)
        # Each session has its journal entry with side effects.
        session_entries = [e for e in entries if e.kind == "session"]
        assert {e.session_id for e in session_entries} == {x.id for x in sessions}
        assert all(e.side_effects for e in session_entries)
        # Private reflections and shared notes both occur.
        assert any(e.reflections for e in entries)
        assert any(e.therapist_notes for e in entries)

    # PHQ-9 and GAD-7 every week, on the first day and every seventh after it, scored right.
    by_instrument = Counter(x.instrument for x in measures)
    assert by_instrument == {"PHQ-9": 53, "GAD-7": 53}
    phq_days = sorted(x.taken_at.date() for x in measures if x.instrument == "PHQ-9")
    assert phq_days[0] == first
    assert {(b - a).days for a, b in pairwise(phq_days)} == {7}
    for response in measures:
        result = score(response.instrument, json.loads(response.answers or "[]"))
        assert (response.total, response.band) == (result.total, result.band)


def test_the_history_improves_over_time(db: Database) -> None:
    fill(db, 730, today=TODAY)
    with db.transaction() as s:
        totals = s.scalars(
            select(m.MeasureResponse.total)
            .where(m.MeasureResponse.instrument == "PHQ-9")
            .order_by(m.MeasureResponse.taken_at)
        ).all()
    first_weeks, last_weeks = totals[:8], totals[-8:]
    assert sum(first_weeks) / 8 > sum(last_weeks) / 8 + 5


def test_the_same_seed_gives_the_same_history(db: Database, tmp_path: Path) -> None:
    other = Database.open(tmp_path / "other.sqlite3")
    third = Database.open(tmp_path / "third.sqlite3")
    try:
        fill(db, 60, seed=7, today=TODAY)
        fill(other, 60, seed=7, today=TODAY)
        fill(third, 60, seed=8, today=TODAY)

        def moods(database: Database) -> list[tuple[datetime, int | None]]:
            with database.transaction() as s:
                return list(s.execute(select(m.JournalEntry.entry_at, m.JournalEntry.mood)))

        assert moods(db) == moods(other)
        assert moods(db) != moods(third)
    finally:
        other.close()
        third.close()


def test_a_database_with_data_is_refused_and_left_unchanged(db: Database) -> None:
    fill(db, 30, today=TODAY)
    before = _all_counts(db)
    with pytest.raises(UserError, match=r"already holds data.*nothing was changed"):
        fill(db, 30, today=TODAY)
    assert _all_counts(db) == before


def test_a_single_appointment_is_data_too(db: Database) -> None:
    with db.transaction() as s:
        s.add(m.Appointment(starts_at=datetime(2026, 4, 2, 9, 30), route="iv"))
    with pytest.raises(UserError):
        fill(db, 30, today=TODAY)
    assert _count(db, m.JournalEntry) == 0


@pytest.mark.parametrize("days", [0, -5, 36501])
def test_an_impossible_number_of_days_is_refused(db: Database, days: int) -> None:
    with pytest.raises(UserError, match="--days"):
        fill(db, days, today=TODAY)
    assert _count(db, m.JournalEntry) == 0


def test_a_single_day_is_enough(db: Database) -> None:
    counts = fill(db, 1, today=TODAY)
    assert counts["entries"] == 1
    assert counts["sessions"] == 1
    assert counts["measures"] == 2


def test_ten_years_are_written(db: Database) -> None:
    """Ten years in one go; its speed is measured by the benchmarks, not here."""
    counts = fill(db, 3650, today=TODAY)
    assert _count(db, m.JournalEntry) == counts["entries"] > 2500
    assert _count(db, m.MeasureResponse) == 2 * 522
    assert db.integrity_errors() == []


def _moments(db: Database) -> dict[str, list[datetime]]:
    """Every recorded moment as local wall time, by kind."""
    with db.transaction() as s:
        runs = s.scalars(select(m.TreatmentSession)).all()
        return {
            "entries": list(s.scalars(select(m.JournalEntry.entry_at))),
            "measures": list(s.scalars(select(m.MeasureResponse.taken_at))),
            "ratings": list(s.scalars(select(m.GoalRating.rated_at))),
            "session ends": [
                x.ended_at.astimezone().replace(tzinfo=None) for x in runs if x.ended_at
            ],
        }


@pytest.mark.parametrize("clock", [time(7, 0), time(10, 0), time(16, 0)])
def test_nothing_but_booked_appointments_lies_after_now(
    db: Database, tmp_path: Path, clock: time
) -> None:
    """Today's session (09:30, an hour long) counts only once it has ended; the days before
    today are the same whatever the time."""
    now = datetime.combine(TODAY, clock)
    fill(db, 17, seed=5, today=TODAY, now=now)  # the sixth session is today
    found = _moments(db)
    assert all(at <= now for moments in found.values() for at in moments)
    with db.transaction() as s:
        today_run = s.scalar(
            select(func.count())
            .select_from(m.TreatmentSession)
            .join(m.Appointment, m.TreatmentSession.appointment_id == m.Appointment.id)
            .where(m.Appointment.starts_at >= datetime.combine(TODAY, time()))
        )
        booked = s.scalar(select(func.count()).where(m.Appointment.starts_at > now))
    # The next appointment is booked, and so is today's while it is still to come.
    assert booked == (2 if clock < time(9, 30) else 1)
    assert today_run == (1 if clock >= time(10, 30) else 0)

    whole_day = Database.open(tmp_path / "whole_day.sqlite3")
    try:
        fill(whole_day, 17, seed=5, today=TODAY)
        before_today = {
            kind: [at for at in moments if at.date() < TODAY]
            for kind, moments in _moments(whole_day).items()
        }
    finally:
        whole_day.close()
    assert before_today == {
        kind: [at for at in moments if at.date() < TODAY] for kind, moments in found.items()
    }
