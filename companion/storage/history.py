"""Queries behind the History screen and the trend charts.

Everything here is read-only and returns plain tuples and dataclasses, never ORM objects, so ten
years of entries cost a few small SQL statements: the list is read a page at a time (newest
first, through the ``entry_at`` and ``(kind, entry_at)`` indexes) and the trends are aggregated
per day inside SQLite.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from companion.domain.journal import OTHER_SIDE_EFFECT
from companion.domain.measures import GAD7, PHQ9, is_response
from companion.storage.appointments import session_numbers
from companion.storage.models import JournalEntry, MeasureResponse, SideEffect, TreatmentSession

SNIPPET_CHARS = 240
KINDS = ("session", "daily")


@dataclass(frozen=True)
class HistoryFilter:
    """What the patient narrowed the list to. Dates are inclusive local calendar days.

    ``side_effects`` holds every stored spelling of one side effect (see ``side_effect_options``)
    so the ``side_effects.name`` index answers the filter. ``text`` matches reflections, the
    answer to the prompt, notes for the therapist and tags; every word must appear somewhere.
    """

    start: date | None = None
    end: date | None = None
    kind: str | None = None
    side_effects: tuple[str, ...] = ()
    text: str = ""

    def __post_init__(self) -> None:
        if self.kind is not None and self.kind not in KINDS:
            raise ValueError(f"unknown entry kind {self.kind!r}: expected one of {KINDS}")

    @property
    def active(self) -> bool:
        return self != HistoryFilter()


class HistoryRow(NamedTuple):
    """One line of the history list."""

    id: int
    entry_at: datetime
    kind: str
    session_number: int | None
    mood: int | None
    anxiety: int | None
    side_effects: tuple[tuple[str, int], ...]
    """(name, severity 1-3) in the order they were recorded; "none" ratings are left out."""
    reflections: str
    """The first ``SNIPPET_CHARS`` characters (private)."""
    therapist_notes: str
    """The first ``SNIPPET_CHARS`` characters (shared)."""
    tags: str


@dataclass(frozen=True)
class HistoryPage:
    offset: int
    rows: list[HistoryRow]
    matching: int | None = None
    """How many entries match the filter; only counted for a first page."""
    total: int | None = None
    """How many entries there are at all; only counted for a first page."""


@dataclass(frozen=True)
class SideEffectOption:
    """A side effect as offered in the filter: one label for every stored spelling of it."""

    label: str
    names: tuple[str, ...]
    entries: int


def _like_pattern(word: str) -> str:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _conditions(flt: HistoryFilter) -> list[ColumnElement[bool]]:
    found: list[ColumnElement[bool]] = []
    if flt.start is not None:
        found.append(JournalEntry.entry_at >= datetime.combine(flt.start, time()))
    if flt.end is not None:
        found.append(JournalEntry.entry_at < datetime.combine(flt.end + timedelta(days=1), time()))
    if flt.kind is not None:
        found.append(JournalEntry.kind == flt.kind)
    if flt.side_effects:
        found.append(
            JournalEntry.id.in_(
                select(SideEffect.entry_id).where(
                    SideEffect.name.in_(flt.side_effects), SideEffect.severity > 0
                )
            )
        )
    searched = (
        JournalEntry.reflections,
        JournalEntry.prompt_answer,
        JournalEntry.therapist_notes,
        JournalEntry.tags,
    )
    for word in flt.text.split():
        pattern = _like_pattern(word)
        # SQLite's LIKE ignores case for ASCII letters.
        found.append(or_(*(column.like(pattern, escape="\\") for column in searched)))
    return found


def count_entries(session: Session, flt: HistoryFilter = HistoryFilter()) -> int:
    query = select(func.count()).select_from(JournalEntry).where(*_conditions(flt))
    return int(session.scalar(query) or 0)


def _side_effects_of(session: Session, ids: Sequence[int]) -> dict[int, list[tuple[str, int]]]:
    found: dict[int, list[tuple[str, int]]] = defaultdict(list)
    if not ids:
        return found
    rows = session.execute(
        select(SideEffect.entry_id, SideEffect.name, SideEffect.note, SideEffect.severity)
        .where(SideEffect.entry_id.in_(ids), SideEffect.severity > 0)
        .order_by(SideEffect.entry_id, SideEffect.id)
    )
    for entry_id, name, note, severity in rows:
        # A custom side effect is stored as "other" with the patient's words in the note.
        label = note.strip() if name == OTHER_SIDE_EFFECT and note.strip() else name
        found[entry_id].append((label, severity))
    return found


def entry_page(
    session: Session,
    flt: HistoryFilter,
    offset: int,
    limit: int,
    *,
    with_counts: bool = False,
) -> HistoryPage:
    """``limit`` entries from ``offset``, newest first (ties: the later written first)."""
    if offset < 0 or limit < 1:
        raise ValueError(f"bad page: offset {offset}, limit {limit}")
    entry = JournalEntry
    query = (
        select(
            entry.id,
            entry.entry_at,
            entry.kind,
            TreatmentSession.appointment_id,
            entry.mood,
            entry.anxiety,
            func.substr(entry.reflections, 1, SNIPPET_CHARS),
            func.substr(entry.therapist_notes, 1, SNIPPET_CHARS),
            func.substr(entry.tags, 1, SNIPPET_CHARS),
        )
        .outerjoin(TreatmentSession, TreatmentSession.id == entry.session_id)
        .where(*_conditions(flt))
        .order_by(entry.entry_at.desc(), entry.id.desc())
        .offset(offset)
        .limit(limit)
    )
    raw = session.execute(query).all()
    numbers = session_numbers(session) if any(r[3] is not None for r in raw) else {}
    effects = _side_effects_of(session, [r[0] for r in raw])
    rows = [
        HistoryRow(
            id=r[0],
            entry_at=r[1],
            kind=r[2],
            session_number=numbers.get(r[3]) if r[3] is not None else None,
            mood=r[4],
            anxiety=r[5],
            side_effects=tuple(effects.get(r[0], ())),
            reflections=r[6],
            therapist_notes=r[7],
            tags=r[8],
        )
        for r in raw
    ]
    if not with_counts:
        return HistoryPage(offset, rows)
    matching = count_entries(session, flt)
    total = count_entries(session) if flt.active else matching
    return HistoryPage(offset, rows, matching, total)


def side_effect_options(session: Session) -> list[SideEffectOption]:
    """Side effects the patient has recorded (above "none"), alphabetically.

    Spellings that differ only in case ("Nausea", "nausea": imports, older entries) are one
    option, so filtering by it finds them all.
    """
    rows = session.execute(
        select(SideEffect.name, func.count(func.distinct(SideEffect.entry_id)))
        .where(SideEffect.severity > 0)
        .group_by(SideEffect.name)
    )
    grouped: dict[str, tuple[list[str], int]] = {}
    for name, entries in rows:
        names, count = grouped.get(name.casefold(), ([], 0))
        grouped[name.casefold()] = ([*names, name], count + entries)
    return [
        SideEffectOption(key[:1].upper() + key[1:], tuple(sorted(names)), count)
        for key, (names, count) in sorted(grouped.items())
    ]


def entry_span(session: Session) -> tuple[date, date] | None:
    """The days of the first and the last entry, or None when there is none."""
    first, last = session.execute(
        select(func.min(JournalEntry.entry_at), func.max(JournalEntry.entry_at))
    ).one()
    if first is None or last is None:
        return None
    return first.date(), last.date()


# --- trends --------------------------------------------------------------------------------


class Point(NamedTuple):
    day: date
    value: float


@dataclass(frozen=True)
class TrendSeries:
    """What the trend charts draw. Series are oldest first.

    ``baselines`` and ``response`` are computed over all data, also when the series are cut to
    a date range: a baseline is the first check-in of the treatment, not of a chart's window.
    """

    mood: list[Point] = field(default_factory=list)
    """Mean mood per day (0-10)."""
    anxiety: list[Point] = field(default_factory=list)
    """Mean anxiety per day (0-10)."""
    session_days: list[date] = field(default_factory=list)
    measures: dict[str, list[Point]] = field(default_factory=dict)
    """Instrument ("PHQ-9", "GAD-7") -> totals in the order they were taken."""
    baselines: dict[str, Point] = field(default_factory=dict)
    """Instrument -> its first total."""
    latest: dict[str, Point] = field(default_factory=dict)
    """Instrument -> its last total."""
    response: Point | None = None
    """The first PHQ-9 total at or below half of the PHQ-9 baseline, if any."""

    @property
    def empty(self) -> bool:
        return not (self.mood or self.anxiety or self.session_days or any(self.measures.values()))

    def first_day(self) -> date | None:
        days = [s[0].day for s in (self.mood, self.anxiety) if s]
        days += [s[0].day for s in self.measures.values() if s]
        days += self.session_days[:1]
        return min(days, default=None)

    def last_day(self) -> date | None:
        days = [s[-1].day for s in (self.mood, self.anxiety) if s]
        days += [s[-1].day for s in self.measures.values() if s]
        days += self.session_days[-1:]
        return max(days, default=None)


def _in_range(day: date, start: date | None, end: date | None) -> bool:
    return (start is None or day >= start) and (end is None or day <= end)


def _daily_means(
    session: Session, start: date | None, end: date | None
) -> tuple[list[Point], list[Point]]:
    day = func.date(JournalEntry.entry_at)
    query = (
        select(day, func.avg(JournalEntry.mood), func.avg(JournalEntry.anxiety))
        .where(*_conditions(HistoryFilter(start=start, end=end)))
        .group_by(day)
        .order_by(day)
    )
    mood: list[Point] = []
    anxiety: list[Point] = []
    for text, mood_mean, anxiety_mean in session.execute(query):
        when = date.fromisoformat(text)
        if mood_mean is not None:
            mood.append(Point(when, float(mood_mean)))
        if anxiety_mean is not None:
            anxiety.append(Point(when, float(anxiety_mean)))
    return mood, anxiety


def _session_days(session: Session, start: date | None, end: date | None) -> list[date]:
    """Days a session ran (its timer, in local time) or a session entry was written about."""
    days = {
        started.astimezone().date()
        for started in session.scalars(select(TreatmentSession.started_at))
    }
    entry_day = func.date(JournalEntry.entry_at)
    days.update(
        date.fromisoformat(text)
        for text in session.scalars(
            select(entry_day).where(JournalEntry.kind == "session").distinct()
        )
    )
    return sorted(d for d in days if _in_range(d, start, end))


def trend_series(
    session: Session, start: date | None = None, end: date | None = None
) -> TrendSeries:
    """Daily mood and anxiety, session days and check-in totals, optionally cut to a range."""
    mood, anxiety = _daily_means(session, start, end)
    measures: dict[str, list[Point]] = {PHQ9: [], GAD7: []}
    baselines: dict[str, Point] = {}
    latest: dict[str, Point] = {}
    response: Point | None = None
    rows = session.execute(
        select(MeasureResponse.instrument, MeasureResponse.taken_at, MeasureResponse.total)
        .where(MeasureResponse.instrument.in_(measures))
        .order_by(MeasureResponse.instrument, MeasureResponse.taken_at, MeasureResponse.id)
    )
    for instrument, taken_at, total in rows:
        point = Point(taken_at.date(), total)
        baseline = baselines.setdefault(instrument, point)
        latest[instrument] = point
        if (
            instrument == PHQ9
            and response is None
            and point is not baseline
            and is_response(int(baseline.value), total)
        ):
            response = point
        if _in_range(point.day, start, end):
            measures[instrument].append(point)
    return TrendSeries(
        mood=mood,
        anxiety=anxiety,
        session_days=_session_days(session, start, end),
        measures=measures,
        baselines=baselines,
        latest=latest,
        response=response,
    )


__all__ = [
    "HistoryFilter",
    "HistoryPage",
    "HistoryRow",
    "Point",
    "SideEffectOption",
    "TrendSeries",
    "count_entries",
    "entry_page",
    "entry_span",
    "side_effect_options",
    "trend_series",
]
