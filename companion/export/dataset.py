"""What an export contains, read from the database in one unit of work.

The CSV, PDF and FHIR writers all work from one ``Dataset`` of plain frozen values, so they
agree on what is in a date range and on what is private, and can run on any thread once the
query is done. Private reflections are read only when the patient includes them.
"""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import Flag, auto
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from companion.domain.journal import OTHER_SIDE_EFFECT, Severity
from companion.domain.measures import GAD7, PHQ9
from companion.domain.routes import Route
from companion.export.course_summary import (
    CourseSummary,
    GoalRatings,
    course_summary,
    goal_ratings,
)
from companion.storage import models as m
from companion.storage.appointments import session_numbers
from companion.storage.history import TrendSeries, trend_series
from companion.storage.settings import INSTALLATION_ID, get_setting, set_setting

PATIENT_NAME_KEY = "export.patient_name"
"""The name or initials the patient chose for the top of their reports (a private setting)."""
MAX_NAME_CHARS = 80
PHQ9_ITEM9 = 8


class ExportCancelled(Exception):
    """The patient cancelled a long export; nothing was written."""


class Part(Flag):
    """What a ``Dataset`` holds beyond its rows, sessions and check-ins.

    Each costs queries of its own, so a file that does not show one can go without it.
    """

    TRENDS = auto()
    """The chart series (the PDF)."""
    COURSE = auto()
    """The course summary (the PDF and FHIR)."""
    GOALS = auto()
    """The goal ratings by day (the CSV's goal columns)."""
    INSTALLATION = auto()
    """The installation id (FHIR); made and stored on the first build that asks for it."""


EVERY_PART = Part.TRENDS | Part.COURSE | Part.GOALS | Part.INSTALLATION


@dataclass(frozen=True)
class Measure:
    instrument: str
    taken_at: datetime
    total: int
    band: str
    answers: tuple[int, ...] | None
    """None for totals imported from a CSV file."""
    difficulty: int | None = None
    """The unscored last question, an index into the instrument's ``difficulty_options``;
    None when it was not answered."""
    record_id: int | None = None
    """The check-in's database id: with ``taken_at``, what names it in a FHIR bundle."""

    @property
    def item9_flagged(self) -> bool:
        """PHQ-9 item 9 (thoughts of self-harm) answered above 0."""
        return self.instrument == PHQ9 and bool(self.answers) and self.answers[PHQ9_ITEM9] > 0


@dataclass(frozen=True)
class Effect:
    name: str
    severity: int
    note: str = ""

    @property
    def label(self) -> str:
        """ "Nausea (mild)"; a custom side effect shows the patient's words ("Tinnitus (mild)")."""
        if self.name == OTHER_SIDE_EFFECT and self.note.strip():
            what = self.note.strip()
        else:
            what = _capitalised(self.name)
            if self.note.strip():
                what += f": {self.note.strip()}"
        return f"{what} ({Severity(self.severity).label.casefold()})"


@dataclass(frozen=True)
class Row:
    """One journal entry, or check-in totals taken without an entry (``is_entry`` False)."""

    at: datetime
    is_entry: bool
    entry_id: int | None = None
    """The journal entry's database id (None for a row of check-ins only)."""
    mood: int | None = None
    anxiety: int | None = None
    mood_before: int | None = None
    tags: tuple[str, ...] = ()
    session_number: int | None = None
    route: Route | None = None
    session_minutes: int | None = None
    phq9: Measure | None = None
    gad7: Measure | None = None
    side_effects: tuple[Effect, ...] = ()
    notes: str = ""
    """Shared with the therapist."""
    reflections: str = ""
    """Private; empty unless the patient included private reflections."""


@dataclass(frozen=True)
class SessionRun:
    number: int | None
    started: datetime
    """Local wall time."""
    route: Route
    minutes: int
    mood_before: int | None
    mood_after: int | None
    side_effects: tuple[Effect, ...]
    before: Vitals | None = None
    """Blood pressure and pulse the patient noted on the appointment (before the dose)."""
    after: Vitals | None = None
    """The ones noted in the journal entry about the session (after the dose)."""


@dataclass(frozen=True)
class Vitals:
    """A blood pressure and pulse reading as the patient noted it; any part may be missing."""

    systolic: int | None
    diastolic: int | None
    pulse: int | None

    @classmethod
    def of(cls, systolic: int | None, diastolic: int | None, pulse: int | None) -> Vitals | None:
        return None if systolic is diastolic is pulse is None else cls(systolic, diastolic, pulse)

    def text(self) -> str:
        """ "132/79, pulse 72" """
        parts = []
        if self.systolic is not None or self.diastolic is not None:
            parts.append(f"{self.systolic or '?'}/{self.diastolic or '?'}")
        if self.pulse is not None:
            parts.append(f"pulse {self.pulse}")
        return ", ".join(parts)


@dataclass(frozen=True)
class Contents:
    """What a file will hold, shown to the patient before it is written."""

    entries: int
    sessions: int
    phq9: int
    gad7: int
    shared_notes: int
    reflections: int
    include_private: bool
    moods: int
    anxieties: int
    goals: int
    """The goals of the period's treatment course."""
    after_session: int
    """Entries written after a session: the sessions a CSV shows (it has a row per entry)."""

    def describe(self, *, rows_only: bool = False) -> str:
        """ "214 entries, 12 sessions, 30 PHQ-9, 30 GAD-7, shared notes; private reflections:
        not included" (the PDF). ``rows_only`` (the CSV, a row per entry) counts the sessions
        that have an entry: "214 entries (11 after a session), …"."""
        if rows_only:
            entries = _count(self.entries, "entry", "entries")
            lead = [f"{entries} ({self.after_session} after a session)"]
        else:
            lead = [
                _count(self.entries, "entry", "entries"),
                _count(self.sessions, "session", "sessions"),
            ]
        parts = [
            *lead,
            f"{self.phq9} PHQ-9",
            f"{self.gad7} GAD-7",
            "shared notes" if self.shared_notes else "no shared notes",
        ]
        if self.include_private:
            private = f"included ({_count(self.reflections, 'entry', 'entries')})"
        else:
            private = "not included"
        return ", ".join(parts) + f"; private reflections: {private}"

    def describe_fhir(self) -> str:
        """ "210 mood ratings, 198 anxiety ratings, 30 PHQ-9, 30 GAD-7, 3 course goals": only
        what a FHIR bundle holds (no sessions, side effects or written notes)."""
        parts = [
            _count(self.moods, "mood rating", "mood ratings"),
            _count(self.anxieties, "anxiety rating", "anxiety ratings"),
            f"{self.phq9} PHQ-9",
            f"{self.gad7} GAD-7",
        ]
        if self.goals:
            parts.append(_count(self.goals, "course goal", "course goals"))
        return ", ".join(parts)


@dataclass(frozen=True)
class Dataset:
    patient: str
    date_from: date | None
    date_to: date | None
    include_private: bool
    rows: tuple[Row, ...]
    """Oldest first."""
    sessions: tuple[SessionRun, ...]
    """Oldest first."""
    measures: tuple[Measure, ...]
    """Every check-in in the range, oldest first."""
    trends: TrendSeries
    """Daily mood and anxiety, session days and totals (baselines over all data) for charts;
    empty when built without ``Part.TRENDS``."""
    course: CourseSummary | None
    """None when there is no course in the range, or when built without ``Part.COURSE``."""
    goals: GoalRatings
    """The goal ratings on the days of ``rows``, for the CSV's goal columns; empty when built
    without ``Part.GOALS``."""
    created: datetime
    installation: uuid.UUID | None = None
    """The namespace of FHIR resource ids; None when built without ``Part.INSTALLATION``."""

    def contents(self) -> Contents:
        entries = [row for row in self.rows if row.is_entry]
        return Contents(
            entries=len(entries),
            sessions=len(self.sessions),
            phq9=sum(1 for x in self.measures if x.instrument == PHQ9),
            gad7=sum(1 for x in self.measures if x.instrument == GAD7),
            shared_notes=sum(1 for row in entries if row.notes.strip()),
            reflections=sum(1 for row in entries if row.reflections.strip()),
            include_private=self.include_private,
            moods=sum(1 for row in entries if row.mood is not None),
            anxieties=sum(1 for row in entries if row.anxiety is not None),
            goals=len(self.course.goals) if self.course is not None else 0,
            after_session=sum(1 for row in entries if row.route is not None),
        )

    def span(self) -> tuple[date, date] | None:
        """The first and last day with data; the requested range where one was given."""
        days = [row.at.date() for row in self.rows]
        days += [run.started.date() for run in self.sessions]
        days += [x.taken_at.date() for x in self.measures]
        if not days:
            if self.date_from and self.date_to:
                return self.date_from, self.date_to
            return None
        return self.date_from or min(days), self.date_to or max(days)

    def measures_of(self, instrument: str) -> list[Measure]:
        return [x for x in self.measures if x.instrument == instrument]


def _count(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def installation_id(session: Session) -> uuid.UUID:
    """This installation's random id, made and stored on first use.

    FHIR resource ids are derived from it and each record's own identity, so the same record
    keeps its id from one export to the next, while two patients' bundles (two installations)
    never share an id, even when neither has a name on it.
    """
    stored = get_setting(session, INSTALLATION_ID)
    try:
        return uuid.UUID(stored)
    except (TypeError, ValueError, AttributeError):
        made = uuid.uuid4()
        set_setting(session, INSTALLATION_ID, str(made))
        return made


def clean_patient_name(text: str) -> str:
    """One line, trimmed, at most MAX_NAME_CHARS characters."""
    return " ".join(text.split())[:MAX_NAME_CHARS]


def _range(
    column: InstrumentedAttribute[datetime], start: date | None, end: date | None
) -> list[ColumnElement[bool]]:
    """Conditions for the inclusive local days ``start`` to ``end`` (either may be open)."""
    found = []
    if start is not None:
        found.append(column >= datetime.combine(start, time()))
    if end is not None:
        found.append(column < datetime.combine(end + timedelta(days=1), time()))
    return found


def _in_range(day: date, start: date | None, end: date | None) -> bool:
    return (start is None or day >= start) and (end is None or day <= end)


def _route(value: str) -> Route:
    try:
        return Route(value)
    except ValueError:
        return Route.OTHER


# Ten years are thousands of rows: they are read as plain tuples of the columns used (named
# as the models name them), never as ORM objects, which cost several times as much to build.
class _Run(NamedTuple):
    """The columns of a treatment session the exports use."""

    id: int
    appointment_id: int | None
    route: str
    duration_s: int
    started_at: datetime
    ended_at: datetime | None
    elapsed_s: float
    mood_before: int | None

    @property
    def minutes(self) -> int:
        """Time actually spent; the planned length for a run that never counted any."""
        length = self.elapsed_s if self.elapsed_s > 0 or self.ended_at else float(self.duration_s)
        return int(length / 60 + 0.5)


class _Entry(NamedTuple):
    """The columns of a journal entry the exports use (the private ones only when asked)."""

    id: int
    entry_at: datetime
    session_id: int | None
    mood: int | None
    anxiety: int | None
    mood_before: int | None
    tags: str
    therapist_notes: str
    systolic: int | None
    diastolic: int | None
    pulse: int | None
    reflections: str = ""
    prompt: str = ""
    prompt_answer: str = ""

    def private_text(self) -> str:
        """Reflections and the answer to the day's prompt, as one private text."""
        parts = [self.reflections.strip()]
        answer = self.prompt_answer.strip()
        if answer:
            prompt = self.prompt.strip()
            parts.append(f"{prompt}\n{answer}" if prompt else answer)
        return "\n\n".join(part for part in parts if part)


_PRIVATE_FIELDS = ("reflections", "prompt", "prompt_answer")
_SHARED_FIELDS = tuple(name for name in _Entry._fields if name not in _PRIVATE_FIELDS)


def _columns(model: type[m.Base], names: Iterable[str]) -> list[InstrumentedAttribute[Any]]:
    return [getattr(model, name) for name in names]


def _entries(
    session: Session, start: date | None, end: date | None, include_private: bool
) -> list[_Entry]:
    """The journal entries of the range, oldest first."""
    entry = m.JournalEntry
    names = _Entry._fields if include_private else _SHARED_FIELDS
    rows = session.execute(
        select(*_columns(entry, names))
        .where(*_range(entry.entry_at, start, end))
        .order_by(entry.entry_at, entry.id)
    )
    return [_Entry(*row) for row in rows]


def _runs(session: Session) -> list[_Run]:
    """Every treatment session, oldest first."""
    run = m.TreatmentSession
    rows = session.execute(select(*_columns(run, _Run._fields)).order_by(run.started_at, run.id))
    return [_Run(*row) for row in rows]


def _appointment_vitals(session: Session) -> dict[int, Vitals]:
    """Appointment id -> the blood pressure and pulse noted for it, where any was."""
    appointment = m.Appointment
    rows = session.execute(
        select(appointment.id, appointment.systolic, appointment.diastolic, appointment.pulse)
    )
    found = {row[0]: Vitals.of(*row[1:]) for row in rows}
    return {key: vitals for key, vitals in found.items() if vitals is not None}


def _measures(
    session: Session, start: date | None, end: date | None
) -> list[tuple[int | None, Measure]]:
    """The PHQ-9 and GAD-7 check-ins of the range, oldest first, with their entry's id."""
    response = m.MeasureResponse
    rows = session.execute(
        select(
            response.entry_id,
            response.instrument,
            response.taken_at,
            response.total,
            response.band,
            response.answers,
            response.difficulty,
            response.id,
        )
        .where(response.instrument.in_((PHQ9, GAD7)), *_range(response.taken_at, start, end))
        .order_by(response.taken_at, response.id)
    )
    found = []
    for entry_id, instrument, taken_at, total, band, text, difficulty, record_id in rows:
        answers = None
        if text:
            try:
                answers = tuple(int(a) for a in json.loads(text))
            except (ValueError, TypeError):
                answers = None
        measure = Measure(instrument, taken_at, total, band, answers, difficulty, record_id)
        found.append((entry_id, measure))
    return found


def _side_effects(
    session: Session, start: date | None, end: date | None
) -> dict[int, tuple[Effect, ...]]:
    """Entry id -> its side effects rated above "none", in the order they were recorded."""
    effect, entry = m.SideEffect, m.JournalEntry
    rows = session.execute(
        select(effect.entry_id, effect.name, effect.severity, effect.note)
        .join(entry, effect.entry_id == entry.id)
        .where(effect.severity > 0, *_range(entry.entry_at, start, end))
        .order_by(effect.id)
    )
    found: dict[int, list[Effect]] = defaultdict(list)
    for entry_id, name, severity, note in rows:
        found[entry_id].append(Effect(name, severity, note))
    return {entry_id: tuple(effects) for entry_id, effects in found.items()}


def build_dataset(
    session: Session,
    date_from: date | None = None,
    date_to: date | None = None,
    include_private: bool = False,
    patient: str | None = None,
    parts: Part = EVERY_PART,
) -> Dataset:
    """Everything an export of the inclusive local-day range holds.

    ``patient`` None means the stored name; check-ins are placed on the row of their entry
    (the latest of each kind), and any others become rows of their own. ``parts`` leaves out
    what the file to write does not show.
    """
    numbers = session_numbers(session)
    if patient is None:
        stored = get_setting(session, PATIENT_NAME_KEY, "")
        patient = stored if isinstance(stored, str) else ""
    entries = _entries(session, date_from, date_to, include_private)
    runs = _runs(session)
    effects = _side_effects(session, date_from, date_to)
    measures = _measures(session, date_from, date_to)

    on_entry: dict[int, dict[str, Measure]] = defaultdict(dict)
    loose: list[Measure] = []
    entry_ids = {entry.id for entry in entries}
    for entry_id, value in measures:
        if entry_id in entry_ids:
            # A second check-in of one kind on one entry: the latest stays on the entry row.
            earlier = on_entry[entry_id].get(value.instrument)
            on_entry[entry_id][value.instrument] = value
            if earlier is not None:
                loose.append(earlier)
        else:
            loose.append(value)

    by_id = {run.id: run for run in runs}
    rows: list[tuple[tuple[datetime, int, int], Row]] = []
    for entry in entries:
        run = by_id.get(entry.session_id) if entry.session_id is not None else None
        linked = on_entry.get(entry.id, {})
        rows.append(
            (
                (entry.entry_at, 0, entry.id),
                Row(
                    at=entry.entry_at,
                    is_entry=True,
                    entry_id=entry.id,
                    mood=entry.mood,
                    anxiety=entry.anxiety,
                    mood_before=entry.mood_before,
                    tags=tuple(tag for tag in entry.tags.split(",") if tag.strip()),
                    session_number=(
                        numbers.get(run.appointment_id)
                        if run is not None and run.appointment_id is not None
                        else None
                    ),
                    route=_route(run.route) if run is not None else None,
                    session_minutes=run.minutes if run is not None else None,
                    phq9=linked.get(PHQ9),
                    gad7=linked.get(GAD7),
                    side_effects=effects.get(entry.id, ()),
                    notes=entry.therapist_notes,
                    reflections=entry.private_text() if include_private else "",
                ),
            )
        )
    for index, found in enumerate(_group_loose(loose)):
        at = next(iter(found.values())).taken_at
        rows.append(((at, 1, index), Row(at, False, phq9=found.get(PHQ9), gad7=found.get(GAD7))))
    rows.sort(key=lambda pair: pair[0])
    ordered = tuple(row for _key, row in rows)

    return Dataset(
        patient=clean_patient_name(patient),
        date_from=date_from,
        date_to=date_to,
        include_private=include_private,
        rows=ordered,
        sessions=tuple(
            _session_runs(
                runs, numbers, _appointment_vitals(session), entries, effects, date_from, date_to
            )
        ),
        measures=tuple(value for _entry_id, value in measures),
        trends=trend_series(session, date_from, date_to) if Part.TRENDS in parts else TrendSeries(),
        course=course_summary(session, date_from, date_to) if Part.COURSE in parts else None,
        goals=(
            goal_ratings(session, {row.at.date() for row in ordered})
            if Part.GOALS in parts
            else GoalRatings()
        ),
        created=datetime.now(),
        installation=installation_id(session) if Part.INSTALLATION in parts else None,
    )


def _group_loose(loose: list[Measure]) -> list[dict[str, Measure]]:
    """Check-ins without an entry row: a PHQ-9 and a GAD-7 taken together share one row."""
    groups: list[dict[str, Measure]] = []
    for value in sorted(loose, key=lambda x: x.taken_at):
        last = groups[-1] if groups else {}
        same_time = bool(last) and next(iter(last.values())).taken_at == value.taken_at
        if same_time and value.instrument not in last:
            last[value.instrument] = value
        else:
            groups.append({value.instrument: value})
    return groups


def _session_runs(
    runs: Iterable[_Run],
    numbers: dict[int, int],
    vitals: dict[int, Vitals],
    entries: Iterable[_Entry],
    effects: dict[int, tuple[Effect, ...]],
    start: date | None,
    end: date | None,
) -> list[SessionRun]:
    """The runs that started in the range, each with the first entry written about it."""
    after: dict[int, _Entry] = {}
    for entry in entries:
        if entry.session_id is not None:
            after.setdefault(entry.session_id, entry)
    found = []
    for run in runs:
        started = run.started_at.astimezone().replace(tzinfo=None)
        if not _in_range(started.date(), start, end):
            continue
        entry = after.get(run.id)
        found.append(
            SessionRun(
                number=numbers.get(run.appointment_id) if run.appointment_id else None,
                started=started,
                route=_route(run.route),
                minutes=run.minutes,
                mood_before=run.mood_before
                if run.mood_before is not None
                else (entry.mood_before if entry is not None else None),
                mood_after=entry.mood if entry is not None else None,
                side_effects=effects.get(entry.id, ()) if entry is not None else (),
                before=vitals.get(run.appointment_id) if run.appointment_id else None,
                after=(
                    Vitals.of(entry.systolic, entry.diastolic, entry.pulse)
                    if entry is not None
                    else None
                ),
            )
        )
    return found
