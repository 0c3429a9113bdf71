"""The Journal screen's user actions: each is one unit of work run on the database worker.

They take an open session, call the domain and the journal repository, and return plain
results for the screen; none touches a widget.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy.orm import Session

from companion.domain.journal import EntryDraft
from companion.storage import journal as store
from companion.storage import models as m
from companion.storage.journal import EntrySnapshot, JournalDraft, SavedMeasure, SessionContext


@dataclass(frozen=True)
class Target:
    """What the form is writing: a new entry (maybe after a session) or an edit of one."""

    entry_id: int | None = None
    session_id: int | None = None
    entry_at: datetime | None = None

    @property
    def key(self) -> str:
        return store.draft_key(entry_id=self.entry_id, session_id=self.session_id)


@dataclass(frozen=True)
class Opened:
    """What the form shows: the baseline, and unsaved work to put back over it (if any)."""

    target: Target
    baseline: EntryDraft
    restored: EntryDraft | None = None
    context: SessionContext | None = None
    prompt_skip: int = 0
    notice: str = ""


def normalised(draft: EntryDraft) -> EntryDraft:
    """A prompt left unanswered was skipped: it is not kept with the entry."""
    if draft.prompt_answer.strip():
        return draft
    return replace(draft, prompt="", prompt_answer="")


def _context(session: Session, session_id: int | None) -> SessionContext | None:
    return None if session_id is None else store.session_context(session, session_id)


def _with_draft(session: Session, opened: Opened) -> Opened:
    saved = store.load_entry_draft(session, opened.target.key)
    if saved is None:
        return opened
    return replace(opened, restored=saved.draft, prompt_skip=int(saved.extra.get("skip", 0)))


def open_new(session: Session) -> Opened:
    """A new daily entry, with whatever was being written into one before."""
    return _with_draft(session, Opened(Target(), EntryDraft()))


def open_entry(session: Session, entry_id: int) -> Opened:
    stored = store.load_entry(session, entry_id)
    target = Target(stored.id, stored.session_id, stored.entry_at)
    opened = Opened(target, stored.draft, context=_context(session, stored.session_id))
    return _with_draft(session, opened)


def open_requested_entry(session: Session, entry_id: int) -> Opened:
    """An entry another screen asked for; a new one (with a notice) if it is gone."""
    try:
        return open_entry(session, entry_id)
    except store.EntryNotFound as gone:
        return replace(open_new(session), notice=f"{gone} You are writing a new entry.")


def open_for_session(session: Session, session_id: int) -> Opened:
    """After a session: the entry being written about it, the one already written, or a new one
    that starts from the mood the patient gave before the session."""
    target = Target(session_id=session_id)
    if store.load_entry_draft(session, target.key) is None:
        existing = store.entries_for_session(session, session_id)
        if existing:
            return open_entry(session, existing[-1].id)
    context = store.session_context(session, session_id)
    if context is None:
        return open_new(session)
    baseline = EntryDraft(kind="session", mood_before=context.mood_before)
    return _with_draft(session, Opened(target, baseline, context=context))


def open_latest(session: Session) -> Opened:
    """On opening the screen: the most recent unsaved draft (e.g. after a crash), else new."""
    latest = store.latest_entry_draft(session)
    if latest is None:
        return open_new(session)
    if latest.entry_id is not None:
        try:
            return open_entry(session, latest.entry_id)
        except store.EntryNotFound:
            # The entry went away meanwhile; keep the words as a new entry instead.
            moved = JournalDraft(
                store.draft_key(session_id=latest.session_id),
                latest.draft,
                session_id=latest.session_id,
                extra=latest.extra,
            )
            store.save_entry_draft(session, moved)
            store.clear_draft(session, latest.key)
    if latest.session_id is not None and store.session_context(session, latest.session_id):
        return open_for_session(session, latest.session_id)
    return open_new(session)


def discard_draft(session: Session, target: Target) -> Opened:
    """Forget unsaved changes and show the entry as it was saved (or a fresh one)."""
    store.clear_draft(session, target.key)
    if target.entry_id is not None:
        return open_entry(session, target.entry_id)
    if target.session_id is not None:
        return open_for_session(session, target.session_id)
    return open_new(session)


def keep_draft(session: Session, target: Target, draft: EntryDraft | None, skip: int) -> None:
    """Autosave: store unsaved work, or forget the draft when the form holds nothing new."""
    if draft is None:
        store.clear_draft(session, target.key)
        return
    store.save_entry_draft(
        session,
        JournalDraft(target.key, draft, target.entry_id, target.session_id, {"skip": skip}),
    )


@dataclass(frozen=True)
class Saved:
    target: Target
    draft: EntryDraft


def save_entry(session: Session, target: Target, draft: EntryDraft, now: datetime) -> Saved:
    """Store the entry and drop its draft in the same transaction (both or neither)."""
    draft = normalised(draft)
    if target.entry_id is None:
        entry_id = store.create_entry(session, draft, entry_at=now, session_id=target.session_id)
        saved = Target(entry_id, target.session_id, now)
    else:
        store.update_entry(session, target.entry_id, draft)
        saved = target
    store.clear_draft(session, target.key)
    return Saved(saved, draft)


def delete_entry(session: Session, entry_id: int) -> EntrySnapshot:
    return store.delete_entry(session, entry_id)


def undo_delete(session: Session, snapshot: EntrySnapshot) -> Opened:
    return open_entry(session, store.restore_entry(session, snapshot))


@dataclass(frozen=True)
class Answered:
    instrument: str
    answers: list[int]
    difficulty: int | None


def save_checkin(
    session: Session, answered: list[Answered], now: datetime, entry_id: int | None
) -> list[SavedMeasure]:
    """Store every completed questionnaire of one check-in, all or none."""
    if entry_id is not None and session.get(m.JournalEntry, entry_id) is None:
        entry_id = None  # the entry was deleted meanwhile; the check-in stands on its own
    return [
        store.save_measure(
            session,
            a.instrument,
            a.answers,
            taken_at=now,
            difficulty=a.difficulty,
            entry_id=entry_id,
        )
        for a in answered
    ]


@dataclass(frozen=True)
class Due:
    """The check-in reminder: what is due, how often reminders come, when it was last taken."""

    instruments: list[str]
    interval: int
    last: date | None
    """The most recent day a due questionnaire was taken; None when none ever was."""


def due_checkins(session: Session, today: date) -> Due:
    due = store.due_checkins(session, today)
    taken = store.last_measure_dates(session)
    days = [day for name, day in taken.items() if name in due and day is not None]
    return Due(due, store.checkin_interval(session), max(days, default=None))
