"""Daylio, Afterflow and our own CSV, parsed fully into ``ImportedEntry`` values.

Parsing checks every row before anything is stored (``import_store`` writes them in one
transaction). Quirks handled, as seen in real exports:

- Daylio: headers of 7 columns (``full_date`` or the older ``year`` + "18 May") and of 8
  (with ``note_title``); times "6:50 pm" and "14:58"; labels and activities with trailing
  spaces; activities joined by " | "; newest entry first. Default moods rad, good, meh, bad,
  awful become 10, 8, 5, 2, 0: evenly spaced (10, 7.5, 5, 2.5, 0) and rounded away from the
  middle, so "good" and "bad" sit symmetrically around "meh". Other labels need a number.
- Afterflow: the header ``Date,Treatment Type,Administration,Intention,Mood Before,Mood After,
  Reflections,Music Link URL``, dates like "Mar 3, 2026 at 6:15 PM", moods 1-10. Each row is
  a session; its treatment, administration and music link join the reflections.
- Our own CSV (``csv_export``): read back exactly, so export, import and export again give the
  same file. Its goal columns (``goal: <the goal's words>``) carry a day's goal ratings on every
  row of that day; ``import_store`` recreates them as a course of their own.

Imported notes are private reflections, except the ``notes`` column of our own CSV, which was
shared with the therapist when it was written. Month names and am/pm are parsed by hand: the
C library's ``strptime`` follows the desktop's language.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

from companion.domain.journal import (
    OTHER_SIDE_EFFECT,
    SCALE_MAX,
    SCALE_MIN,
    SIDE_EFFECTS,
    EntryDraft,
    Severity,
    SideEffect,
)
from companion.domain.measures import GAD7, PHQ9, band_for
from companion.domain.routes import Route
from companion.errors import UserError
from companion.export import csv_export
from companion.export.course_summary import goal_words
from companion.export.csv_export import GOAL_PREFIX
from companion.export.reading import Record, Table, UnknownMoods, read_table
from companion.storage.courses import GOAL_MAX, RATING_MAX, RATING_MIN

FORMATS = ("daylio", "afterflow", "csv")

DAYLIO_MOODS: dict[str, int] = {"rad": 10, "good": 8, "meh": 5, "bad": 2, "awful": 0}
DAYLIO_HEADERS: tuple[tuple[str, ...], ...] = (
    ("full_date", "date", "weekday", "time", "mood", "activities", "note_title", "note"),
    ("full_date", "date", "weekday", "time", "mood", "activities", "note"),
    ("year", "date", "weekday", "time", "mood", "activities", "note"),
)
AFTERFLOW_HEADER: tuple[str, ...] = (
    "Date",
    "Treatment Type",
    "Administration",
    "Intention",
    "Mood Before",
    "Mood After",
    "Reflections",
    "Music Link URL",
)
AFTERFLOW_MOODS = (1, 10)
EARLIEST = date(1900, 1, 1)
"""No journal row is older; year 1 or 9999 is a typo or a broken export (see ``_plausible``)."""

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}

# Administration words in Afterflow (free text there) -> our routes.
_ROUTE_WORDS: tuple[tuple[tuple[str, ...], Route], ...] = (
    (("intravenous", "infusion", "iv"), Route.IV),
    (("intramuscular", "injection", "im", "shot"), Route.IM),
    (("nasal", "intranasal", "spray", "esketamine", "spravato"), Route.NASAL),
    (("sublingual", "lozenge", "troche", "oral", "rdt", "tablet", "buccal"), Route.LOZENGE),
)

_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap])?\.?\s*(?:m\.?)?$", re.IGNORECASE)
_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_AFTERFLOW_DATE = re.compile(
    r"^([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})(?:,?\s+(?:at\s+)?(.+))?$", re.IGNORECASE
)
_HTML_BREAK = re.compile(r"<\s*(?:br\s*/?|/p|/li|/div)\s*>", re.IGNORECASE)
_HTML_TAG = re.compile(r"<\s*/?\s*(?:b|i|u|s|p|li|ul|ol|div|span|strong|em)\b[^>]*>", re.IGNORECASE)
_GOAL_MARK = GOAL_PREFIX.strip()  # "goal:"; a hand-made "Goal:Walk" column is read too
_EFFECT = re.compile(r"(.+?) \((none|mild|moderate|severe)\)(?:; |$)", re.IGNORECASE)


@dataclass(frozen=True)
class ImportedEntry:
    """One row of a file, in our terms. ``line`` says where it came from (not part of its key)."""

    line: int = field(compare=False)
    at: datetime
    mood: int | None = None
    anxiety: int | None = None
    mood_before: int | None = None
    tags: tuple[str, ...] = ()
    session_number: int | None = None
    """Rows with one number share one session; numbers keep the sessions' order."""
    route: Route | None = None
    session_minutes: int | None = None
    own_appointment: bool = False
    """A session (without a number) that gets an appointment of its own (Afterflow)."""
    intention: str = ""
    phq9_total: int | None = None
    gad7_total: int | None = None
    side_effects: tuple[SideEffect, ...] = ()
    notes: str = ""
    """Shared with the therapist."""
    reflections: str = ""
    """Private."""
    goals: tuple[tuple[str, int | None], ...] = field(default=(), compare=False)
    """Our own CSV: (goal words, that day's rating) per goal column, in column order. A rating
    belongs to the day, not to the row, so it is not part of the row's key."""

    @property
    def is_session(self) -> bool:
        return self.session_number is not None or self.route is not None

    @property
    def measures_only(self) -> bool:
        """Check-in totals taken without a journal entry."""
        has_totals = self.phq9_total is not None or self.gad7_total is not None
        return has_totals and self.draft() == EntryDraft()

    def draft(self) -> EntryDraft:
        return EntryDraft(
            kind="session" if self.is_session else "daily",
            mood=self.mood,
            anxiety=self.anxiety,
            mood_before=self.mood_before,
            tags=list(self.tags),
            side_effects=list(self.side_effects),
            reflections=self.reflections,
            therapist_notes=self.notes,
        )

    def key(self, source: str) -> str:
        """sha256 of the normalised row, so importing the same file twice adds nothing."""
        data = asdict(self)
        del data["line"], data["goals"]
        data["side_effects"] = [(e.name, int(e.severity), e.note) for e in self.side_effects]
        text = json.dumps([source, data], sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --- shared helpers -------------------------------------------------------------------------
def _whole(table: Table, record: Record, column: str, low: int, high: int) -> int | None:
    text = csv_export.restore(record.values.get(column, "")).strip()
    if not text:
        return None
    try:
        value = int(text)
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        raise table.refuse(
            record, f"{column} must be a whole number from {low} to {high}, got {text!r}"
        )
    return value


def _clock(table: Table, record: Record, text: str) -> time:
    """ "14:58", "6:50 pm", "6:50 PM", "6:50\u202fp.m."."""
    found = _TIME.match(" ".join(text.split()))
    if found is None:
        raise table.refuse(record, f"{text.strip()!r} is not a time like 14:58 or 6:50 pm")
    hour, minute, second = int(found[1]), int(found[2]), int(found[3] or 0)
    half = (found[4] or "").casefold()
    if half:
        if not 1 <= hour <= 12:
            raise table.refuse(record, f"{text.strip()!r} is not a real time")
        hour = hour % 12 + (12 if half == "p" else 0)
    if hour > 23 or minute > 59 or second > 59:
        raise table.refuse(record, f"{text.strip()!r} is not a real time")
    return time(hour, minute, second)


def _day(table: Table, record: Record, year: int, month: int, day: int, shown: str) -> date:
    try:
        found = date(year, month, day)
    except ValueError:
        raise table.refuse(record, f"{shown.strip()!r} is not a real date") from None
    return _plausible(table, record, found, shown)


def _plausible(table: Table, record: Record, day: date, shown: str) -> date:
    """``day`` if it lies from 1900 to tomorrow (a row written in a time zone ahead of ours).

    A date in year 1 or 9999 would reach the charts and reports, which cannot place it.
    """
    if not EARLIEST <= day <= date.today() + timedelta(days=1):
        raise table.refuse(
            record,
            f"{shown.strip()!r} is not a plausible date (from {EARLIEST.year} to tomorrow)",
        )
    return day


def _checked(table: Table, record: Record, entry: ImportedEntry) -> ImportedEntry:
    """Every rule a journal entry must meet, named with the row's line."""
    try:
        entry.draft().validate()
        for instrument, total in ((PHQ9, entry.phq9_total), (GAD7, entry.gad7_total)):
            if total is not None:
                band_for(instrument, total)
    except ValueError as exc:
        raise table.refuse(record, str(exc).rstrip(".")) from None
    return entry


def _refuse_header(table: Table, what: str, expected: str) -> UserError:
    found = ",".join(table.columns)
    return table.refuse(
        Record(1, {}), f"this is not {what}: the header is {found!r}, expected {expected!r}"
    )


def _clean_note(text: str) -> str:
    """Daylio's notes may carry simple formatting tags; keep the words and line breaks."""
    return _HTML_TAG.sub("", _HTML_BREAK.sub("\n", text)).strip()


def _join(*parts: str) -> str:
    return "\n\n".join(part.strip() for part in parts if part.strip())


# --- Daylio -----------------------------------------------------------------------------------
def parse_mood_map(text: str | None) -> dict[str, int]:
    """``"okay=5,great=9"`` -> {"okay": 5, "great": 9}; UserError naming the bad part."""
    found: dict[str, int] = {}
    if not text:
        return found
    for part in text.split(","):
        if not part.strip():
            continue
        label, sep, number = part.rpartition("=")
        label = label.strip().casefold()
        if not sep or not label:
            raise UserError(f"companion: --mood-map: {part.strip()!r} should look like okay=5")
        try:
            value = int(number.strip())
        except ValueError:
            value = -1
        if not SCALE_MIN <= value <= SCALE_MAX:
            raise UserError(
                f"companion: --mood-map: the mood for {label!r} must be a whole number "
                f"from {SCALE_MIN} to {SCALE_MAX}, got {number.strip()!r}"
            )
        found[label] = value
    return found


def daylio_label(text: str) -> str:
    """A mood label as compared: Daylio leaves trailing spaces, and case does not matter."""
    return " ".join(text.split()).casefold()


def _daylio_date(table: Table, record: Record) -> date:
    values = record.values
    if "full_date" in values:
        text = values["full_date"].strip()
        found = _ISO_DAY.match(text)
        if found is None or len(text) != 10:
            raise table.refuse(record, f"{text!r} is not a date like 2026-03-03")
        return _day(table, record, int(found[1]), int(found[2]), int(found[3]), text)
    year_text, day_text = values["year"].strip(), values["date"].strip()
    words = day_text.replace(",", " ").split()
    numbers = [w for w in words if w.isdigit()]
    names = [w.casefold().rstrip(".") for w in words if not w.isdigit()]
    if not year_text.isdigit() or len(numbers) != 1 or len(names) != 1 or names[0] not in MONTHS:
        raise table.refuse(record, f"{day_text!r} {year_text!r} is not a date like 18 May 2018")
    return _day(
        table, record, int(year_text), MONTHS[names[0]], int(numbers[0]), f"{day_text} {year_text}"
    )


def parse_daylio(
    path: Path | str, mood_map: Mapping[str, int] | None = None
) -> list[ImportedEntry]:
    table = read_table(path, DAYLIO_HEADERS[0])
    if tuple(c.casefold() for c in table.columns) not in DAYLIO_HEADERS:
        raise _refuse_header(
            table, "a Daylio export", ",".join(DAYLIO_HEADERS[0]) + " (or without note_title)"
        )
    table = Table(
        table.path,
        tuple(c.casefold() for c in table.columns),
        tuple(
            Record(r.line, {k.casefold(): v for k, v in r.values.items()}) for r in table.records
        ),
    )
    moods = dict(DAYLIO_MOODS)
    moods.update({daylio_label(label): value for label, value in (mood_map or {}).items()})
    unknown = list(
        dict.fromkeys(
            daylio_label(r.values["mood"])
            for r in table.records
            if daylio_label(r.values["mood"]) not in moods
        )
    )
    if unknown:
        first = next(r for r in table.records if daylio_label(r.values["mood"]) == unknown[0])
        raise UnknownMoods(table.path, unknown, first.line)

    entries = []
    for record in table.records:
        values = record.values
        at = datetime.combine(_daylio_date(table, record), _clock(table, record, values["time"]))
        activities = (a.strip().replace(",", " ") for a in values["activities"].split("|"))
        entry = ImportedEntry(
            line=record.line,
            at=at,
            mood=moods[daylio_label(values["mood"])],
            tags=tuple(dict.fromkeys(a for a in activities if a)),
            reflections=_join(
                _clean_note(values.get("note_title", "")), _clean_note(values["note"])
            ),
        )
        entries.append(_checked(table, record, entry))
    return entries


# --- Afterflow -----------------------------------------------------------------------------
def _afterflow_date(table: Table, record: Record) -> datetime:
    text = " ".join(record.values["Date"].split())
    found = _AFTERFLOW_DATE.match(text)
    month = MONTHS.get(found[1].casefold()) if found else None
    if found is None or month is None:
        raise table.refuse(record, f"{text!r} is not a date like 'Mar 3, 2026 at 6:15 PM'")
    day = _day(table, record, int(found[3]), month, int(found[2]), text)
    clock = _clock(table, record, found[4]) if found[4] else time()
    return datetime.combine(day, clock)


def afterflow_route(text: str) -> Route:
    words = set(re.split(r"[^a-z]+", text.casefold()))
    for names, route in _ROUTE_WORDS:
        if words & set(names):
            return route
    return Route.OTHER


def parse_afterflow(path: Path | str) -> list[ImportedEntry]:
    table = read_table(path, AFTERFLOW_HEADER)
    if tuple(c.casefold() for c in table.columns) != tuple(c.casefold() for c in AFTERFLOW_HEADER):
        raise _refuse_header(table, "an Afterflow export", ",".join(AFTERFLOW_HEADER))
    names = {c.casefold(): c for c in table.columns}
    low, high = AFTERFLOW_MOODS
    entries = []
    for raw in table.records:
        record = Record(raw.line, {c: raw.values[names[c.casefold()]] for c in AFTERFLOW_HEADER})
        values = record.values
        treatment = " ".join(values["Treatment Type"].split())
        administration = " ".join(values["Administration"].split())
        about = ", ".join(part for part in (treatment, administration) if part)
        music = values["Music Link URL"].strip()
        entry = ImportedEntry(
            line=record.line,
            at=_afterflow_date(table, record),
            mood=_whole(table, record, "Mood After", low, high),
            mood_before=_whole(table, record, "Mood Before", low, high),
            route=afterflow_route(administration),
            own_appointment=True,
            intention=values["Intention"].strip(),
            reflections=_join(
                values["Reflections"],
                f"Treatment: {about}" if about else "",
                f"Music: {music}" if music else "",
            ),
        )
        entries.append(_checked(table, record, entry))
    return entries


# --- our own CSV ----------------------------------------------------------------------------
def _own_datetime(table: Table, record: Record) -> datetime:
    text = csv_export.restore(record.values["date"]).strip()
    day = _ISO_DAY.match(text)
    if day is not None:
        _day(table, record, int(day[1]), int(day[2]), int(day[3]), text[:10])
    try:
        at = datetime.fromisoformat(text)
    except ValueError:
        raise table.refuse(
            record, f"{text!r} is not a date like 2026-03-03 or 2026-03-03T18:15"
        ) from None
    if day is None:  # a form like 20260303, which ``_day`` did not check
        _plausible(table, record, at.date(), text)
    if at.tzinfo is not None:
        at = at.astimezone().replace(tzinfo=None)
    return at


def side_effect_from_label(text: str, severity: Severity) -> SideEffect:
    """The inverse of ``dataset.Effect.label`` (without the severity)."""
    head, sep, rest = text.partition(": ")
    if sep and head.strip().casefold() in SIDE_EFFECTS:
        return SideEffect(head.strip().casefold(), severity, rest.strip())
    if text.strip().casefold() in SIDE_EFFECTS:
        return SideEffect(text.strip().casefold(), severity)
    return SideEffect(OTHER_SIDE_EFFECT, severity, text.strip())


def _side_effects(table: Table, record: Record) -> tuple[SideEffect, ...]:
    text = csv_export.restore(record.values.get("side_effects", "")).strip()
    found: list[SideEffect] = []
    position = 0
    for match in _EFFECT.finditer(text):
        if match.start() != position:
            break
        found.append(side_effect_from_label(match[1], Severity.parse(match[2])))
        position = match.end()
    if position != len(text):
        raise table.refuse(
            record,
            f"side effects should look like 'Nausea (mild); Headache (moderate)', got {text!r}",
        )
    return tuple(found)


def _route_cell(table: Table, record: Record) -> Route | None:
    text = csv_export.restore(record.values.get("route", "")).strip()
    if not text:
        return None
    try:
        return Route.parse(text)
    except ValueError:
        known = ", ".join(route.label for route in Route)
        raise table.refuse(record, f"unknown route {text!r} (expected one of {known})") from None


def _band(table: Table, record: Record, instrument: str, total: int | None) -> None:
    column = "phq9_band" if instrument == PHQ9 else "gad7_band"
    text = csv_export.restore(record.values.get(column, "")).strip()
    if total is None and text:
        raise table.refuse(record, f"{column} is {text!r} but there is no total")
    if total is not None and text and text.casefold() != band_for(instrument, total):
        raise table.refuse(
            record,
            f"{column} {text!r} does not match the total {total} ({band_for(instrument, total)})",
        )


def _goal_columns(table: Table, fixed: Sequence[str]) -> dict[str, str]:
    """Column name -> the goal's words, for the ``goal: ...`` columns; the header refused
    (naming the first problem) when a column is unknown, repeated, or there is no date."""
    goals: dict[str, str] = {}
    unknown: list[str] = []
    for column in table.columns:
        name = csv_export.restore(column)
        if name[: len(_GOAL_MARK)].casefold() == _GOAL_MARK:
            goals[column] = goal_words(name[len(_GOAL_MARK) :])
        elif column not in fixed:
            unknown.append(column)
    repeated = [c for c in table.columns if table.columns.count(c) > 1]
    words = list(goals.values())
    twice = [text for text in words if words.count(text) > 1]
    problem = (
        f"unknown column {unknown[0]!r}"
        if unknown
        else f"the column {repeated[0]!r} appears twice"
        if repeated
        else "there is no 'date' column"
        if "date" not in table.columns
        else "a goal column has no words after 'goal:'"
        if "" in words
        else f"a goal column is longer than {GOAL_MAX} characters"
        if any(len(text) > GOAL_MAX for text in words)
        else f"two columns name the goal {twice[0]!r}"
        if twice
        else ""
    )
    if problem:
        raise table.refuse(
            Record(1, {}),
            f"this is not a Companion CSV export: {problem} (columns: {', '.join(fixed)}, "
            "and 'goal: ' columns)",
        )
    return goals


def _goal_cells(
    table: Table,
    record: Record,
    at: datetime,
    goals: Mapping[str, str],
    seen: dict[tuple[date, str], tuple[int, int]],
) -> tuple[tuple[str, int | None], ...]:
    """The row's goal ratings; every row of a day must agree (a goal has one rating a day)."""
    found = []
    for column, words in goals.items():
        value = _whole(table, record, column, RATING_MIN, RATING_MAX)
        if value is not None:
            earlier = seen.setdefault((at.date(), words), (value, record.line))
            if earlier[0] != value:
                raise table.refuse(
                    record,
                    f"{column!r} is {value} here but {earlier[0]} on line {earlier[1]}, the "
                    "same day; a goal has one rating a day",
                )
        found.append((words, value))
    return tuple(found)


def parse_own_csv(path: Path | str) -> list[ImportedEntry]:
    fixed = (*csv_export.COLUMNS, csv_export.PRIVATE_COLUMN)
    table = read_table(path, fixed)
    goals = _goal_columns(table, fixed)
    seen: dict[tuple[date, str], tuple[int, int]] = {}
    entries = []
    for record in table.records:
        values = record.values
        text = {name: csv_export.restore(values.get(name, "")) for name in ("tags", "notes")}
        number = _whole(table, record, "session_number", 1, 100_000)
        route = _route_cell(table, record)
        minutes = _whole(table, record, "session_minutes", 0, 24 * 60)
        if minutes is not None and number is None and route is None:
            raise table.refuse(record, "session_minutes needs a session_number or a route")
        phq9 = _whole(table, record, "phq9_total", 0, 27)
        gad7 = _whole(table, record, "gad7_total", 0, 21)
        _band(table, record, PHQ9, phq9)
        _band(table, record, GAD7, gad7)
        at = _own_datetime(table, record)
        entry = ImportedEntry(
            line=record.line,
            at=at,
            mood=_whole(table, record, "mood", SCALE_MIN, SCALE_MAX),
            anxiety=_whole(table, record, "anxiety", SCALE_MIN, SCALE_MAX),
            mood_before=_whole(table, record, "mood_before", SCALE_MIN, SCALE_MAX),
            tags=tuple(t.strip() for t in text["tags"].split(",") if t.strip()),
            session_number=number,
            route=route if route is not None or number is None else Route.OTHER,
            session_minutes=minutes,
            phq9_total=phq9,
            gad7_total=gad7,
            side_effects=_side_effects(table, record),
            notes=text["notes"],
            reflections=csv_export.restore(values.get(csv_export.PRIVATE_COLUMN, "")),
            goals=_goal_cells(table, record, at, goals, seen),
        )
        entries.append(_checked(table, record, entry))
    return entries


def parse(
    fmt: str, path: Path | str, mood_map: Mapping[str, int] | None = None
) -> list[ImportedEntry]:
    """Parse a whole file of one of ``FORMATS``; ImportRefused names the first bad row."""
    if fmt == "daylio":
        return parse_daylio(path, mood_map)
    if mood_map:
        raise UserError("companion: --mood-map is only for Daylio files")
    if fmt == "afterflow":
        return parse_afterflow(path)
    if fmt == "csv":
        return parse_own_csv(path)
    raise UserError(f"companion: unknown import format {fmt!r} (expected {', '.join(FORMATS)})")
