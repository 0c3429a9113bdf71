"""Writing parsed import rows into the database: all of them in the caller's one transaction.

Rows already in Companion are skipped, so importing a file twice adds nothing the second time:

- a row imported before (the same ``import_key``, every format);
- a row of our own CSV that shows an entry already in the journal, such as the file exported
  from this very journal: the same cells as an export of that entry would have, leaving out the
  session number and length (derived, and they change when a forgotten past appointment is
  added) and the private reflections unless the row has some;
- a check-in total already stored: the same instrument and total in the same minute (the CSV
  shows minutes). A new entry's total that is already stored is not stored twice either.

Sessions are recreated from the rows: rows with one session number share an appointment and a
session run, created in number order so the session numbers Companion derives keep the file's
order. A number whose other rows showed entries already in the journal is that entry's session:
its new rows join it instead of making a second one.

Goal ratings (our own CSV) go into a new, already ended course named "Imported goals", its
goals in the file's column order, one rating per goal and day at the time of the first row of
that day. A rating is skipped when a goal with the same words already has one that day, and
no course is made when nothing is new. Ending the course on its last rated day keeps the
patient's current course (if any) the current one. The course has no planned series: the file
does not say what the clinic planned, and a guessed plan would show sessions as "missed" that
were never planned. Its route is the one most rows of those dates name (Other when none do).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from companion.domain.course import CoursePlan
from companion.domain.measures import GAD7, PHQ9, band_for
from companion.domain.routes import Route
from companion.export.course_summary import goal_words
from companion.export.csv_export import cells
from companion.export.dataset import Effect, Measure, Part, Row, build_dataset
from companion.export.importers import ImportedEntry
from companion.storage import models as m
from companion.storage.appointments import session_numbers
from companion.storage.models import utcnow

_IN_CHUNK = 500


IMPORTED_COURSE = "Imported goals"
OWN_CSV = "csv"
"""The source name of our own CSV, the one format whose rows can show entries written here."""


@dataclass(frozen=True)
class ImportResult:
    entries: int
    sessions: int
    measures: int
    skipped: int
    goal_ratings: int = 0

    def describe(self) -> str:
        def count(n: int, one: str, many: str) -> str:
            return f"{n:,} {one if n == 1 else many}"

        already = "was" if self.skipped == 1 else "were"
        if self.skipped and not (
            self.entries or self.sessions or self.measures or self.goal_ratings
        ):
            return (
                f"{count(self.skipped, 'row', 'rows')} {already} already in Companion; "
                "nothing new was added."
            )
        text = (
            f"Imported {count(self.entries, 'journal entry', 'journal entries')}, "
            f"{count(self.sessions, 'session', 'sessions')} and "
            f"{count(self.measures, 'check-in score', 'check-in scores')}."
        )
        if self.goal_ratings:
            text += (
                f" {count(self.goal_ratings, 'goal rating', 'goal ratings')} went into the "
                f'course "{IMPORTED_COURSE}".'
            )
        if self.skipped:
            text += (
                f" {count(self.skipped, 'row', 'rows')} {already} already in Companion "
                f"and left as {'it was' if self.skipped == 1 else 'they were'}."
            )
        return text


def _existing_keys(session: Session, keys: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(keys), _IN_CHUNK):
        chunk = keys[start : start + _IN_CHUNK]
        found.update(
            key
            for key in session.scalars(
                select(m.JournalEntry.import_key).where(m.JournalEntry.import_key.in_(chunk))
            )
            if key
        )
    return found


def _minute(at: datetime) -> datetime:
    return at.replace(second=0, microsecond=0)


def _shown(row: Row) -> tuple[str, ...]:
    """The row's shared cells as the CSV shows them, without the session's number and length."""
    return tuple(cells(replace(row, session_number=None, session_minutes=None), False))


def _as_row(entry: ImportedEntry) -> Row:
    """The export row the parsed ``entry`` came from (without what ``_shown`` leaves out)."""

    def measure(instrument: str, total: int | None) -> Measure | None:
        if total is None:
            return None
        return Measure(instrument, entry.at, total, band_for(instrument, total), None)

    return Row(
        at=entry.at,
        is_entry=True,
        mood=entry.mood,
        anxiety=entry.anxiety,
        mood_before=entry.mood_before,
        tags=entry.tags,
        route=entry.route,
        phq9=measure(PHQ9, entry.phq9_total),
        gad7=measure(GAD7, entry.gad7_total),
        side_effects=tuple(Effect(e.name, int(e.severity), e.note) for e in entry.side_effects),
        notes=entry.notes,
    )


class _Journal:
    """The journal entries of the file's days, each shown as our CSV would show it.

    ``take`` finds the entry a row of our own CSV shows; each entry answers for one row only,
    so a file holding two equal rows needs two equal entries to skip both.
    """

    def __init__(self, session: Session, entries: Sequence[ImportedEntry]) -> None:
        self.session = session
        self.rows: dict[tuple[str, ...], list[Row]] = defaultdict(list)
        self.numbers: dict[int, int] = {}
        """The file's session number -> the journal's, learnt from the rows taken."""
        days = [entry.at.date() for entry in entries if not entry.measures_only]
        if not days:
            return
        dataset = build_dataset(
            session, min(days), max(days), include_private=True, patient="", parts=Part(0)
        )
        for row in dataset.rows:
            if row.is_entry:
                self.rows[_shown(row)].append(row)

    def take(self, entry: ImportedEntry) -> bool:
        """Whether the journal holds the entry ``entry`` shows (no longer offered to others)."""
        if not self.rows:
            return False
        found = self.rows.get(_shown(_as_row(entry)), [])
        for index, row in enumerate(found):
            if not entry.reflections or row.reflections == entry.reflections:
                del found[index]
                if entry.session_number is not None and row.session_number is not None:
                    self.numbers.setdefault(entry.session_number, row.session_number)
                return True
        return False

    def sessions(self) -> dict[int, int]:
        """The file's session number -> the id of the journal's session run it is."""
        if not self.numbers:
            return {}
        appointments = {n: a for a, n in session_numbers(self.session).items()}
        run = m.TreatmentSession
        found: dict[int, int] = {}
        for number, ours in self.numbers.items():
            run_id = self.session.scalar(
                select(run.id)
                .where(run.appointment_id == appointments[ours])
                .order_by(run.started_at, run.id)
                .limit(1)
            )
            if run_id is not None:
                found[number] = run_id
        return found


def _totals(entry: ImportedEntry) -> list[tuple[str, int]]:
    return [
        (instrument, total)
        for instrument, total in ((PHQ9, entry.phq9_total), (GAD7, entry.gad7_total))
        if total is not None
    ]


def _measure(instrument: str, total: int, at: datetime, entry_id: int | None) -> dict[str, object]:
    # Only totals travel in a CSV: ``answers`` stays empty (see MeasureResponse).
    return dict(
        instrument=instrument,
        taken_at=at,
        answers=None,
        total=total,
        band=band_for(instrument, total),
        difficulty=None,
        entry_id=entry_id,
    )


def _session_starts(entries: Iterable[ImportedEntry]) -> dict[int, datetime]:
    """Session number -> appointment time: its first row, never after a later number's.

    A journal entry about session 3 may be written after session 4 took place; moving the
    appointment earlier keeps session 3 before session 4.
    """
    first: dict[int, datetime] = {}
    for entry in entries:
        if entry.session_number is not None:
            known = first.get(entry.session_number)
            first[entry.session_number] = entry.at if known is None else min(known, entry.at)
    starts: dict[int, datetime] = {}
    running: datetime | None = None
    for number in sorted(first, reverse=True):
        running = first[number] if running is None else min(running, first[number])
        starts[number] = running
    return starts


def _new_run(
    session: Session, entry: ImportedEntry, starts_at: datetime, with_appointment: bool
) -> m.TreatmentSession:
    route = (entry.route or Route.OTHER).value
    appointment = None
    if with_appointment:
        appointment = m.Appointment(
            starts_at=starts_at, route=route, intention=entry.intention, clinic=""
        )
        session.add(appointment)
    length = timedelta(minutes=entry.session_minutes or 0)
    started = starts_at.astimezone(UTC)
    run = m.TreatmentSession(
        appointment=appointment,
        route=route,
        duration_s=int(length.total_seconds()),
        started_at=started,
        last_seen_at=started + length,
        ended_at=started + length,
        elapsed_s=length.total_seconds(),
        state="finished",
        mood_before=entry.mood_before,
        intention=entry.intention,
    )
    session.add(run)
    return run


def _entry_columns(
    entry: ImportedEntry, key: str, source: str, session_id: int | None, now: datetime
) -> dict[str, object]:
    """The row ``journal.create_entry`` would write for this (already validated) draft."""
    draft = entry.draft()
    return dict(
        entry_at=entry.at,
        kind=draft.kind,
        session_id=session_id,
        mood=draft.mood,
        anxiety=draft.anxiety,
        mood_before=draft.mood_before,
        tags=",".join(dict.fromkeys(tag.strip() for tag in draft.tags if tag.strip())),
        systolic=None,
        diastolic=None,
        pulse=None,
        reflections=draft.reflections,
        therapist_notes=draft.therapist_notes,
        prompt="",
        prompt_answer="",
        source=source,
        import_key=key,
        updated_at=now,
    )


def store(session: Session, entries: Sequence[ImportedEntry], source: str) -> ImportResult:
    """Add the rows that are new; the caller's transaction makes it all or nothing.

    Rows go in with bulk INSERTs: up to 200,000 rows in one transaction take seconds this way,
    where one flush per entry (``journal.create_entry``) would take minutes. Every row was
    checked with ``EntryDraft.validate`` while the file was parsed.
    """
    keyed = [(entry.key(source), entry) for entry in entries]
    seen = _existing_keys(session, [key for key, entry in keyed if not entry.measures_only])
    journal = _Journal(session, entries if source == OWN_CSV else ())
    measure = m.MeasureResponse
    known_totals: frozenset[tuple[str, datetime, int]] = frozenset(
        (instrument, _minute(taken_at), total)
        for instrument, taken_at, total in session.execute(
            select(measure.instrument, measure.taken_at, measure.total)
        )
    )
    stored_totals = set(known_totals)
    fresh: list[tuple[str, ImportedEntry]] = []
    skipped = 0
    for key, entry in sorted(keyed, key=lambda pair: (pair[1].at, pair[1].line)):
        if entry.measures_only:
            totals = {(i, _minute(entry.at), t) for i, t in _totals(entry)}
            if totals <= stored_totals:
                skipped += 1
                continue
            stored_totals |= totals
        elif key in seen or journal.take(entry):
            skipped += 1
            continue
        seen.add(key)
        fresh.append((key, entry))

    joined = journal.sessions()
    if source == OWN_CSV:  # a row edited since the export still belongs to the session held
        joined |= _held_that_day(
            session, [e for _k, e in fresh if e.session_number not in (None, *joined)]
        )
    runs = _runs(session, [entry for _key, entry in fresh if entry.session_number not in joined])
    run_ids = {**{number: run.id for number, run in runs.items()}, **joined}
    now = utcnow()
    written = [(key, entry) for key, entry in fresh if not entry.measures_only]
    ids: list[int] = []
    if written:
        ids = list(
            session.scalars(
                insert(m.JournalEntry).returning(m.JournalEntry.id, sort_by_parameter_order=True),
                [
                    _entry_columns(entry, key, source, _run_id(run_ids, entry), now)
                    for key, entry in written
                ],
            )
        )
    effects = [
        dict(entry_id=entry_id, name=e.name, severity=int(e.severity), note=e.note)
        for entry_id, (_key, entry) in zip(ids, written, strict=True)
        for e in entry.side_effects
    ]
    totals = [
        _measure(instrument, total, entry.at, entry_id)
        for entry_id, entry in [
            *zip(ids, (entry for _key, entry in written), strict=True),
            *((None, entry) for _key, entry in fresh if entry.measures_only),
        ]
        for instrument, total in _totals(entry)
        if (instrument, _minute(entry.at), total) not in known_totals
    ]
    if effects:
        session.execute(insert(m.SideEffect), effects)
    if totals:
        session.execute(insert(m.MeasureResponse), totals)
    goals = _store_goal_ratings(session, entries)
    return ImportResult(len(ids), len(runs), len(totals), skipped, goals)


def _new_goal_ratings(
    session: Session, entries: Sequence[ImportedEntry]
) -> tuple[list[str], dict[tuple[str, date], tuple[datetime, int]]]:
    """The goal columns in file order, and the ratings not yet in Companion by (words, day)."""
    known = {
        (goal_words(text), rated_at.date())
        for text, rated_at in session.execute(
            select(m.Goal.text, m.GoalRating.rated_at).join(m.GoalRating.goal)
        )
    }
    columns: dict[str, None] = {}
    found: dict[tuple[str, date], tuple[datetime, int]] = {}
    for entry in sorted(entries, key=lambda e: (e.at, e.line)):
        for words, value in entry.goals:
            columns.setdefault(words)
            key = (words, entry.at.date())
            if value is not None and key not in known:
                found.setdefault(key, (entry.at, value))
    return list(columns), found


def _imported_route(entries: Sequence[ImportedEntry], first: date, last: date) -> Route:
    """The route most rows from ``first`` to ``last`` name; Other when none names one."""
    routes = Counter(
        e.route for e in entries if e.route is not None and first <= e.at.date() <= last
    )
    return routes.most_common(1)[0][0] if routes else Route.OTHER


def _store_goal_ratings(session: Session, entries: Sequence[ImportedEntry]) -> int:
    columns, found = _new_goal_ratings(session, entries)
    if not found:
        return 0
    days = sorted({day for _words, day in found})
    plan = CoursePlan.unplanned(_imported_route(entries, days[0], days[-1]))
    course = m.Course(
        name=IMPORTED_COURSE,
        route=plan.route.value,
        planned_count=plan.count,
        spacing_days=float(plan.spacing_days),
        then_count=plan.then_count,
        then_spacing_days=plan.then_spacing_days,
        started_on=datetime.combine(days[0], time()),
        ended_on=datetime.combine(days[-1], time()),
    )
    rated = {words for words, _day in found}
    for position, words in enumerate((w for w in columns if w in rated), start=1):
        goal = m.Goal(position=position, text=words)
        goal.ratings = [
            m.GoalRating(rated_at=at, value=value)
            for (text, _day), (at, value) in sorted(found.items(), key=lambda item: item[1])
            if text == words
        ]
        course.goals.append(goal)
    session.add(course)
    return len(found)


def _held_that_day(session: Session, entries: Sequence[ImportedEntry]) -> dict[int, int]:
    """File session number -> the journal's run of the same route on that row's day.

    Our own file, imported back after an entry was edited or deleted in the app: the row no
    longer matches one of the journal's, but its session is there already, and a second one
    would renumber every later session.
    """
    run = m.TreatmentSession
    held: dict[tuple[date, str], int] = {}
    for run_id, started, route in session.execute(
        select(run.id, run.started_at, run.route).order_by(run.started_at, run.id)
    ):
        held.setdefault((started.astimezone().date(), route), run_id)
    found: dict[int, int] = {}
    for entry in entries:
        if entry.session_number is None or entry.route is None:
            continue
        run_id = held.get((entry.at.date(), entry.route.value))
        if run_id is not None:
            found.setdefault(entry.session_number, run_id)
    return found


def _runs(session: Session, entries: Sequence[ImportedEntry]) -> dict[object, m.TreatmentSession]:
    """The session runs the new rows need: one per session number, one per unnumbered row."""
    starts = _session_starts(entries)
    runs: dict[object, m.TreatmentSession] = {}
    for number in sorted(starts):
        first = next(e for e in entries if e.session_number == number)
        runs[number] = _new_run(session, first, starts[number], with_appointment=True)
    for entry in entries:
        if entry.session_number is None and entry.route is not None:
            runs[("line", entry.line)] = _new_run(
                session, entry, entry.at, with_appointment=entry.own_appointment
            )
    session.flush()
    return runs


def _run_id(runs: dict[object, int], entry: ImportedEntry) -> int | None:
    if entry.session_number is not None:
        return runs[entry.session_number]
    if entry.route is not None:
        return runs[("line", entry.line)]
    return None
