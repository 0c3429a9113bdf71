"""Journal storage: entries with their side effects, autosaved drafts, PHQ-9/GAD-7 check-ins.

Every function takes an open SQLAlchemy session (one unit of work, owned by the caller) and
works with domain objects (`EntryDraft`), so screens, importers and exports share one
repository. Entries keep their row id through delete and undo, so links from check-ins and
from other screens survive an undone delete.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from companion.domain import measures
from companion.domain.journal import (
    ENTRY_FIELDS,
    OTHER_SIDE_EFFECT,
    SIDE_EFFECTS,
    EntryDraft,
    SideEffect,
)
from companion.domain.routes import Route
from companion.storage import models as m
from companion.storage.appointments import session_numbers
from companion.storage.errors import StorageError
from companion.storage.settings import get_setting, set_setting

DRAFT_PREFIX = "journal:"
NEW_DRAFT = "journal:new"
CHECKIN_INTERVAL_KEY = "journal.checkin_interval_days"
DEFAULT_CHECKIN_INTERVAL = 7
CHECKIN_INTERVAL_RANGE = (1, 90)



class EntryNotFound(StorageError):
    """The entry was deleted meanwhile (e.g. from another screen)."""


# --- entries ------------------------------------------------------------------------------
@dataclass(frozen=True)
class StoredEntry:
    id: int
    entry_at: datetime
    session_id: int | None
    draft: EntryDraft
    source: str = "app"


def draft_key(*, entry_id: int | None = None, session_id: int | None = None) -> str:
    """The draft key of an edit ("journal:entry:7"), a new session entry, or a new entry."""
    if entry_id is not None:
        return f"{DRAFT_PREFIX}entry:{entry_id}"
    if session_id is not None:
        return f"{DRAFT_PREFIX}session:{session_id}"
    return NEW_DRAFT


def _tags_text(tags: list[str]) -> str:
    cleaned = [tag.strip() for tag in tags]
    if any("," in tag for tag in cleaned):
        raise ValueError("A tag cannot contain a comma.")
    return ",".join(dict.fromkeys(tag for tag in cleaned if tag))


def _write_fields(row: m.JournalEntry, draft: EntryDraft) -> None:
    draft.validate()
    row.kind = draft.kind
    for name in ENTRY_FIELDS:
        setattr(row, name, getattr(draft, name))
    row.tags = _tags_text(draft.tags)
    row.side_effects = [
        m.SideEffect(name=effect.name, severity=int(effect.severity), note=effect.note)
        for effect in draft.side_effects
    ]


def create_entry(
    session: Session, draft: EntryDraft, *, entry_at: datetime, session_id: int | None = None
) -> int:
    """Validate and store a new entry (ValueError with a patient-facing message when invalid)."""
    row = m.JournalEntry(entry_at=entry_at, session_id=session_id, source="app")
    _write_fields(row, draft)
    session.add(row)
    session.flush()
    return row.id


def _entry_row(session: Session, entry_id: int) -> m.JournalEntry:
    row = session.get(m.JournalEntry, entry_id)
    if row is None:
        raise EntryNotFound("This journal entry no longer exists; it may have been deleted.")
    return row


def update_entry(session: Session, entry_id: int, draft: EntryDraft) -> None:
    """Replace an entry's content and side effects; its time and session link stay."""
    _write_fields(_entry_row(session, entry_id), draft)


def _domain_side_effect(row: m.SideEffect) -> SideEffect:
    """Stored names from imports may differ in case or be unknown: keep them as "other"."""
    name = row.name.strip().casefold()
    if name in SIDE_EFFECTS:
        return SideEffect(name, row.severity, row.note)
    note = row.name if not row.note else f"{row.name}: {row.note}"
    return SideEffect(OTHER_SIDE_EFFECT, row.severity, note)


def _stored(row: m.JournalEntry) -> StoredEntry:
    draft = EntryDraft(kind=row.kind)
    for name in ENTRY_FIELDS:
        setattr(draft, name, getattr(row, name))
    draft.tags = [tag for tag in row.tags.split(",") if tag]
    draft.side_effects = [_domain_side_effect(effect) for effect in row.side_effects]
    return StoredEntry(row.id, row.entry_at, row.session_id, draft, row.source)


def load_entry(session: Session, entry_id: int) -> StoredEntry:
    return _stored(_entry_row(session, entry_id))


def entries_for_session(session: Session, session_id: int) -> list[StoredEntry]:
    """Entries linked to one session run, oldest first."""
    rows = session.scalars(
        select(m.JournalEntry)
        .where(m.JournalEntry.session_id == session_id)
        .order_by(m.JournalEntry.entry_at, m.JournalEntry.id)
    )
    return [_stored(row) for row in rows]


@dataclass(frozen=True)
class EntrySnapshot:
    """Everything a deleted entry was, to put it back exactly (same id when still free)."""

    columns: dict[str, Any]
    side_effects: tuple[dict[str, Any], ...]
    measure_ids: tuple[int, ...]

    @property
    def entry_id(self) -> int:
        return int(self.columns["id"])


def delete_entry(session: Session, entry_id: int) -> EntrySnapshot:
    """Delete an entry (its side effects go with it; check-ins stay, unlinked) and its draft."""
    row = _entry_row(session, entry_id)
    columns = {col.key: getattr(row, col.key) for col in m.JournalEntry.__table__.columns}
    effects = tuple(
        {"name": e.name, "severity": e.severity, "note": e.note} for e in row.side_effects
    )
    measure_ids = tuple(
        session.scalars(select(m.MeasureResponse.id).where(m.MeasureResponse.entry_id == entry_id))
    )
    session.delete(row)
    clear_draft(session, draft_key(entry_id=entry_id))
    return EntrySnapshot(columns, effects, measure_ids)


def restore_entry(session: Session, snapshot: EntrySnapshot) -> int:
    """Undo a delete. Returns the entry's id (a new one only if the old id was reused)."""
    columns = dict(snapshot.columns)
    if session.get(m.JournalEntry, columns["id"]) is not None:
        del columns["id"]
    if columns.get("import_key") and session.scalar(
        select(m.JournalEntry.id).where(m.JournalEntry.import_key == columns["import_key"])
    ):
        columns["import_key"] = None
    if (
        columns.get("session_id") is not None
        and session.get(m.TreatmentSession, columns["session_id"]) is None
    ):
        columns["session_id"] = None
    row = m.JournalEntry(**columns)
    row.side_effects = [m.SideEffect(**effect) for effect in snapshot.side_effects]
    session.add(row)
    session.flush()
    if snapshot.measure_ids:
        session.execute(
            update(m.MeasureResponse)
            .where(m.MeasureResponse.id.in_(snapshot.measure_ids))
            .where(m.MeasureResponse.entry_id.is_(None))
            .values(entry_id=row.id)
        )
    return row.id


# --- the session an entry is about --------------------------------------------------------
@dataclass(frozen=True)
class Marker:
    elapsed_s: float
    label: str


@dataclass(frozen=True)
class SessionContext:
    """What the journal shows about the session an entry follows."""

    session_id: int
    number: int | None
    route: str
    route_label: str
    started_at: datetime
    length_s: float
    state: str
    markers: tuple[Marker, ...] = ()
    mood_before: int | None = None
    intention: str = ""


def session_context(session: Session, session_id: int) -> SessionContext | None:
    row = session.get(m.TreatmentSession, session_id)
    if row is None:
        return None
    number = (
        session_numbers(session).get(row.appointment_id) if row.appointment_id is not None else None
    )
    try:
        route_label = Route(row.route).label
    except ValueError:
        route_label = row.route
    length = row.elapsed_s if row.elapsed_s > 0 or row.ended_at else float(row.duration_s)
    return SessionContext(
        session_id=row.id,
        number=number,
        route=row.route,
        route_label=route_label,
        started_at=row.started_at,
        length_s=length,
        state=row.state,
        markers=tuple(Marker(marker.elapsed_s, marker.label) for marker in row.markers),
        mood_before=row.mood_before,
        intention=row.intention,
    )


# --- drafts -------------------------------------------------------------------------------
@dataclass(frozen=True)
class JournalDraft:
    """An autosaved, unfinished entry and what it belongs to."""

    key: str
    draft: EntryDraft
    entry_id: int | None = None
    session_id: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def save_draft(session: Session, key: str, payload: dict[str, Any]) -> None:
    text = json.dumps(payload, ensure_ascii=False)
    row = session.get(m.Draft, key)
    if row is None:
        session.add(m.Draft(key=key, payload=text))
    else:
        row.payload = text


def load_draft(session: Session, key: str) -> dict[str, Any] | None:
    row = session.get(m.Draft, key)
    if row is None:
        return None
    try:
        payload = json.loads(row.payload)
    except ValueError as exc:
        raise StorageError(f"The saved draft {key!r} is damaged and cannot be read.") from exc
    return payload if isinstance(payload, dict) else None


def clear_draft(session: Session, key: str) -> None:
    session.execute(delete(m.Draft).where(m.Draft.key == key))


def save_entry_draft(session: Session, draft: JournalDraft) -> None:
    save_draft(
        session,
        draft.key,
        {
            "draft": draft.draft.to_dict(),
            "entry_id": draft.entry_id,
            "session_id": draft.session_id,
            "extra": draft.extra,
        },
    )


def _journal_draft(key: str, payload: dict[str, Any]) -> JournalDraft:
    return JournalDraft(
        key=key,
        draft=EntryDraft.from_dict(payload.get("draft", {})),
        entry_id=payload.get("entry_id"),
        session_id=payload.get("session_id"),
        extra=dict(payload.get("extra") or {}),
    )


def load_entry_draft(session: Session, key: str) -> JournalDraft | None:
    payload = load_draft(session, key)
    return None if payload is None else _journal_draft(key, payload)


def latest_entry_draft(session: Session) -> JournalDraft | None:
    """The most recently autosaved journal draft (what was being written at a crash)."""
    key = session.scalar(
        select(m.Draft.key)
        .where(m.Draft.key.startswith(DRAFT_PREFIX))
        .order_by(m.Draft.updated_at.desc())
        .limit(1)
    )
    return None if key is None else load_entry_draft(session, key)


# --- PHQ-9 and GAD-7 ----------------------------------------------------------------------
@dataclass(frozen=True)
class SavedMeasure:
    id: int
    instrument: str
    total: int
    band: str
    needs_crisis_resources: bool


def save_measure(
    session: Session,
    instrument: str,
    answers: list[int],
    *,
    taken_at: datetime,
    difficulty: int | None = None,
    entry_id: int | None = None,
) -> SavedMeasure:
    """Score through the domain (ValueError for bad answers) and store the check-in."""
    result = measures.score(instrument, answers)
    options = measures.get_instrument(instrument).difficulty_options
    if difficulty is not None and (
        isinstance(difficulty, bool)
        or not isinstance(difficulty, int)
        or not 0 <= difficulty < len(options)
    ):
        raise ValueError(f"difficulty must be 0 to {len(options) - 1}, got {difficulty!r}")
    if entry_id is not None:
        _entry_row(session, entry_id)
    row = m.MeasureResponse(
        instrument=result.instrument,
        taken_at=taken_at,
        answers=json.dumps(list(result.answers)),
        total=result.total,
        band=result.band,
        difficulty=difficulty,
        entry_id=entry_id,
    )
    session.add(row)
    session.flush()
    return SavedMeasure(
        row.id,
        result.instrument,
        result.total,
        result.band,
        measures.needs_crisis_resources(instrument, list(result.answers)),
    )


def last_measure_dates(session: Session) -> dict[str, date | None]:
    """Instrument -> the day of its most recent check-in (None when never taken)."""
    rows = session.execute(
        select(m.MeasureResponse.instrument, func.max(m.MeasureResponse.taken_at)).group_by(
            m.MeasureResponse.instrument
        )
    )
    found = {instrument: taken for instrument, taken in rows}
    return {
        name: (found[name].date() if found.get(name) is not None else None)
        for name in measures.INSTRUMENTS
    }


def checkin_interval(session: Session) -> int:
    """Days between check-in reminders (weekly unless the patient chose otherwise)."""
    value = get_setting(session, CHECKIN_INTERVAL_KEY, DEFAULT_CHECKIN_INTERVAL)
    low, high = CHECKIN_INTERVAL_RANGE
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        return DEFAULT_CHECKIN_INTERVAL
    return value


def set_checkin_interval(session: Session, days: int) -> None:
    low, high = CHECKIN_INTERVAL_RANGE
    if isinstance(days, bool) or not isinstance(days, int) or not low <= days <= high:
        raise ValueError(f"Choose a check-in interval from {low} to {high} days.")
    set_setting(session, CHECKIN_INTERVAL_KEY, days)


def due_checkins(session: Session, today: date) -> list[str]:
    """Instruments whose check-in is due today, in the order of `measures.INSTRUMENTS`."""
    interval = checkin_interval(session)
    return [
        name
        for name, last in last_measure_dates(session).items()
        if measures.checkin_due(last, today, interval)
    ]
