"""``companion demo-data``: a realistic, reproducible treatment history for screenshots and
benchmarks. Written with bulk inserts in a few transactions, so ten years take seconds."""

from __future__ import annotations

import argparse
import json
import math
import random
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from companion.domain.measures import score
from companion.domain.routes import Route
from companion.errors import UserError
from companion.storage import models as m
from companion.storage import paths
from companion.storage.appointments import give_checklist
from companion.storage.database import Database

REFLECTIONS = (
    "Felt a wide, quiet space. Some grief came up about my father, then it softened.",
    "Hard to settle at first. Music helped. I saw how much I brace against the day.",
    "Mostly colours and a sense of being held. Tired after, but lighter.",
    "Noticed the old voice that says I am not enough, and for once it sounded small.",
    "Walked after work. The heaviness lifted a bit in the afternoon.",
    "Slept badly, but the morning was kinder than I expected.",
    "Talked to my sister for an hour. Felt connected.",
    "A flat day. Did the basics and let that be enough.",
    "Cooked a proper meal for the first time in weeks.",
    "Anxious before the meeting; breathing exercise helped.",
)
SHARED_NOTES = (
    "Would like to talk about the work situation next time.",
    "Sleep has been better since the last session.",
    "Some nausea on the way home, gone by evening.",
    "I want to understand what came up about my father.",
    "Noticed I am less irritable with the kids.",
    "",
    "",
    "",
)
TAGS = ("calm", "hopeful", "tired", "sad", "grateful", "anxious", "connected", "restless")
SIDE_EFFECTS = ("dissociation", "dizziness", "nausea", "headache", "blurred vision", "sleepiness")
INTENTIONS = (
    "Meet whatever comes with curiosity.",
    "Let myself rest.",
    "Look at the fear about work without running from it.",
    "Be kind to the part of me that is tired.",
)


def _severity_trend(day_index: int, days: int, rng: random.Random) -> float:
    """0..1 depression severity: high at the start, improving, with a relapse bump."""
    progress = day_index / max(days, 1)
    base = 0.78 * math.exp(-4.0 * progress) + 0.22
    bump = 0.15 * math.exp(-(((progress - 0.55) / 0.05) ** 2))
    return min(1.0, max(0.0, base + bump + rng.gauss(0, 0.06)))


def _answers(severity: float, items: int, rng: random.Random) -> list[int]:
    return [min(3, max(0, round(severity * 3 + rng.gauss(0, 0.6)))) for _ in range(items)]


def _session_days(first: date, last: date, rng: random.Random) -> list[date]:
    """An induction series of six over about two and a half weeks, then every 1-2 weeks."""
    days = [first + timedelta(days=d) for d in (0, 2, 5, 8, 12, 16)]
    day = days[-1]
    while True:
        day += timedelta(days=rng.randint(7, 14))
        if day > last:
            return [d for d in days if d <= last]
        days.append(day)


def is_empty(session: Session) -> bool:
    for model in (m.JournalEntry, m.Appointment, m.TreatmentSession, m.MeasureResponse):
        if session.scalar(select(func.count()).select_from(model)):
            return False
    return True


def _drop_future(rows: dict[str, list[dict[str, Any]]], now: datetime) -> None:
    """Leave out what would happen after ``now``: only booked appointments lie ahead.

    The history is drawn in full first, so the days before today are the same whatever the
    time; today's session counts once it has ended (before that, it is only booked).
    """
    now_utc = now.astimezone(UTC)
    late_sessions = {x["id"] for x in rows["sessions"] if x["ended_at"] > now_utc}
    late_entries = {x["id"] for x in rows["entries"] if x["entry_at"] > now}
    rows["sessions"] = [x for x in rows["sessions"] if x["id"] not in late_sessions]
    rows["markers"] = [x for x in rows["markers"] if x["session_id"] not in late_sessions]
    rows["goal_ratings"] = [x for x in rows["goal_ratings"] if x["rated_at"] <= now]
    rows["entries"] = [x for x in rows["entries"] if x["id"] not in late_entries]
    for name in ("side_effects", "measures"):
        rows[name] = [x for x in rows[name] if x["entry_id"] not in late_entries]


def fill(
    db: Database,
    days: int,
    seed: int = 1,
    today: date | None = None,
    now: datetime | None = None,
) -> dict[str, int]:
    """Write ``days`` days of history ending today; refuse a database that holds data.

    ``now`` (local wall time) is the current moment: nothing but booked appointments comes
    after it. It defaults to the clock, or to the end of ``today`` when only a day is given.
    """
    if not 1 <= days <= 36500:
        raise UserError("companion: --days must be between 1 and 36500")
    rng = random.Random(seed)
    if now is None:
        now = datetime.now() if today is None else datetime.combine(today, time.max)
    today = today or now.date()
    first = today - timedelta(days=days - 1)
    with db.transaction() as s:
        if not is_empty(s):
            raise UserError(
                "companion: the database already holds data; demo-data needs an "
                "empty data folder (nothing was changed)"
            )

    route = Route.IV
    session_days = _session_days(first, today, rng)
    rows: dict[str, list[dict[str, Any]]] = {
        name: []
        for name in (
            "courses",
            "goals",
            "goal_ratings",
            "appointments",
            "sessions",
            "markers",
            "entries",
            "side_effects",
            "measures",
        )
    }
    # The first series; the sessions after it make a maintenance phase, a course of its own.
    induction = 6
    maintenance = session_days[induction:]
    rows["courses"].append(
        dict(
            id=1,
            name="First series",
            route=route.value,
            planned_count=6,
            spacing_days=3,
            started_on=datetime.combine(first, time()),
            ended_on=datetime.combine(session_days[induction - 1], time()) if maintenance else None,
            expectations="To feel like myself again and sleep through the night.",
            worries="Feeling out of control during the session.",
        )
    )
    if maintenance:
        rows["courses"].append(
            dict(
                id=2,
                name="Maintenance phase",
                route=route.value,
                # Every ten days, planned to about a month from today.
                planned_count=(today - maintenance[0]).days // 10 + 4,
                spacing_days=10,
                started_on=datetime.combine(maintenance[0], time()),
                ended_on=None,
                expectations="Keep what I have gained, with fewer sessions.",
                worries="That the good weeks will not last.",
            )
        )
    goals = ("Sleep through the night", "Go back to work part-time", "Enjoy time with friends")
    for course in rows["courses"]:
        for i, text in enumerate(goals, start=1):
            goal_id = (course["id"] - 1) * len(goals) + i
            rows["goals"].append(dict(id=goal_id, course_id=course["id"], position=i, text=text))

    session_by_day: dict[date, int] = {}
    for n, day in enumerate(session_days, start=1):
        course_id = 1 if n <= induction else 2
        start_local = datetime.combine(day, time(9, 30))
        severity = _severity_trend((day - first).days, days, rng)
        rows["appointments"].append(
            dict(
                id=n,
                starts_at=start_local,
                timezone=None,
                route=route.value,
                clinic="Riverside Ketamine Clinic",
                questions="",
                notes="",
                intention=rng.choice(INTENTIONS),
                systolic=rng.randint(112, 132),
                diastolic=rng.randint(70, 84),
                pulse=rng.randint(62, 80),
                course_id=course_id,
            )
        )
        started = start_local.astimezone(UTC)
        rows["sessions"].append(
            dict(
                id=n,
                appointment_id=n,
                route=route.value,
                duration_s=3600,
                started_at=started,
                last_seen_at=started + timedelta(hours=1),
                ended_at=started + timedelta(hours=1),
                elapsed_s=3600.0,
                state="finished",
                mood_before=round(10 * (1 - severity)),
                intention=rows["appointments"][-1]["intention"],
            )
        )
        for _ in range(rng.randint(0, 3)):
            at = rng.uniform(600, 3300)
            rows["markers"].append(
                dict(
                    session_id=n,
                    elapsed_s=at,
                    at=started + timedelta(seconds=at),
                    label=rng.choice(("", "warmth", "memory", "tears", "")),
                )
            )
        session_by_day[day] = n
        for i in range(1, len(goals) + 1):
            rows["goal_ratings"].append(
                dict(
                    goal_id=(course_id - 1) * len(goals) + i,
                    rated_at=start_local + timedelta(hours=4),
                    value=max(0, min(10, round(10 * (1 - severity) + rng.gauss(0, 1)))),
                    session_id=n,
                )
            )
    next_day = today + timedelta(days=rng.randint(2, 5))
    rows["appointments"].append(
        dict(
            id=len(session_days) + 1,
            starts_at=datetime.combine(next_day, time(9, 30)),
            timezone=None,
            route=route.value,
            clinic="Riverside Ketamine Clinic",
            questions="Can we talk about spacing the next sessions?",
            notes="",
            intention="",
            systolic=None,
            diastolic=None,
            pulse=None,
            course_id=rows["courses"][-1]["id"],
        )
    )

    entry_id = 0
    for index in range(days):
        day = first + timedelta(days=index)
        session_id = session_by_day.get(day)
        weekly = index % 7 == 0
        if session_id is None and not weekly and rng.random() < 0.18:
            continue  # most days, not all: people skip days
        severity = _severity_trend(index, days, rng)
        entry_id += 1
        hour = 15 if session_id else rng.choice((8, 19, 20, 21))
        entry_at = datetime.combine(day, time(hour, rng.randint(0, 59)))
        rows["entries"].append(
            dict(
                id=entry_id,
                entry_at=entry_at,
                kind="session" if session_id else "daily",
                session_id=session_id,
                mood=max(0, min(10, round(10 * (1 - severity) + rng.gauss(0, 0.8)))),
                anxiety=max(0, min(10, round(8 * severity + rng.gauss(0, 1)))),
                mood_before=(
                    rows["sessions"][session_id - 1]["mood_before"] if session_id else None
                ),
                tags=",".join(rng.sample(TAGS, rng.randint(0, 3))),
                systolic=None,
                diastolic=None,
                pulse=None,
                reflections=rng.choice(REFLECTIONS) if rng.random() < 0.7 else "",
                therapist_notes=rng.choice(SHARED_NOTES),
                prompt="",
                prompt_answer="",
                source="app",
                import_key=None,
                updated_at=entry_at.astimezone(UTC),
            )
        )
        if session_id:
            for name in rng.sample(SIDE_EFFECTS, rng.randint(1, 3)):
                rows["side_effects"].append(
                    dict(entry_id=entry_id, name=name, severity=rng.randint(1, 2), note="")
                )
        if weekly:
            for instrument, items in (("PHQ-9", 9), ("GAD-7", 7)):
                answers = _answers(severity, items, rng)
                if instrument == "PHQ-9" and severity < 0.7:
                    answers[8] = 0  # item 9 answered above 0 only in the hardest weeks
                result = score(instrument, answers)
                rows["measures"].append(
                    dict(
                        instrument=instrument,
                        taken_at=rows["entries"][-1]["entry_at"],
                        answers=json.dumps(answers),
                        total=result.total,
                        band=result.band,
                        difficulty=min(3, round(severity * 3)),
                        entry_id=entry_id,
                    )
                )

    _drop_future(rows, now)
    tables = (
        ("courses", m.Course),
        ("goals", m.Goal),
        ("appointments", m.Appointment),
        ("sessions", m.TreatmentSession),
        ("markers", m.SessionMarker),
        ("goal_ratings", m.GoalRating),
        ("entries", m.JournalEntry),
        ("side_effects", m.SideEffect),
        ("measures", m.MeasureResponse),
    )
    with db.transaction() as s:
        for name, model in tables:
            if rows[name]:
                s.execute(insert(model), rows[name])
        # The upcoming appointment gets its route's checklist, partly ticked off.
        give_checklist(s, rows["appointments"][-1]["id"], ticked=3)
    return {name: len(value) for name, value in rows.items()}


def demo_command(args: argparse.Namespace, data: Path) -> int:
    db = Database.open(paths.database_path(data))
    try:
        counts = fill(db, args.days, args.seed)
    finally:
        db.close()
    print(
        f"Wrote {counts['entries']} journal entries, {counts['sessions']} sessions and "
        f"{counts['measures']} check-ins to {db.path}."
    )
    return 0
