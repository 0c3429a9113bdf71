import json
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from companion.domain.journal import EntryDraft, Severity, SideEffect
from companion.storage import journal as store
from companion.storage import models as m
from companion.storage.database import Database
from companion.storage.errors import StorageError

WHEN = datetime(2026, 3, 3, 20, 15)


def _draft(**changes: object) -> EntryDraft:
    draft = EntryDraft(
        kind="session",
        mood=6,
        anxiety=3,
        mood_before=4,
        tags=["calm", "tender"],
        side_effects=[
            SideEffect("nausea", Severity.MILD),
            SideEffect("other", Severity.MODERATE, "ringing ears"),
        ],
        systolic=128,
        diastolic=82,
        pulse=71,
        reflections="A wide, quiet space.",
        therapist_notes="Talk about my father.",
        prompt="What stood out?",
        prompt_answer="The music.",
    )
    for key, value in changes.items():
        setattr(draft, key, value)
    return draft


def _add_session(db: Database, *, appointment_at: datetime | None = None) -> int:
    with db.transaction() as s:
        appointment = None
        if appointment_at is not None:
            appointment = m.Appointment(starts_at=appointment_at, route="iv")
            s.add(appointment)
        started = datetime(2026, 3, 3, 8, 30, tzinfo=UTC)
        run = m.TreatmentSession(
            appointment=appointment,
            route="iv",
            duration_s=3600,
            started_at=started,
            last_seen_at=started,
            ended_at=started + timedelta(minutes=58),
            elapsed_s=58 * 60.0,
            state="finished",
            mood_before=3,
            intention="Meet whatever comes with curiosity.",
        )
        run.markers = [
            m.SessionMarker(elapsed_s=1500.0, at=started, label=""),
            m.SessionMarker(elapsed_s=720.0, at=started, label="warmth"),
        ]
        s.add(run)
        s.flush()
        return run.id


def test_create_and_load_round_trip(db: Database) -> None:
    with db.transaction() as s:
        entry_id = store.create_entry(s, _draft(), entry_at=WHEN)
    with db.transaction() as s:
        stored = store.load_entry(s, entry_id)
        row = s.get(m.JournalEntry, entry_id)
        assert row is not None and row.tags == "calm,tender" and row.source == "app"
    assert stored.entry_at == WHEN
    assert stored.session_id is None
    assert stored.draft == _draft()


def test_create_refuses_invalid_draft_and_writes_nothing(db: Database) -> None:
    with pytest.raises(ValueError, match="both blood pressure"), db.transaction() as s:
        store.create_entry(s, _draft(diastolic=None), entry_at=WHEN)
    with pytest.raises(ValueError, match="comma"), db.transaction() as s:
        store.create_entry(s, _draft(tags=["calm, sad"]), entry_at=WHEN)
    with db.transaction() as s:
        assert s.scalar(select(func.count()).select_from(m.JournalEntry)) == 0


def test_update_replaces_content_and_side_effects(db: Database) -> None:
    with db.transaction() as s:
        entry_id = store.create_entry(s, _draft(), entry_at=WHEN)
    changed = _draft(
        mood=8, side_effects=[SideEffect("headache", Severity.SEVERE)], reflections="Later."
    )
    with db.transaction() as s:
        store.update_entry(s, entry_id, changed)
    with db.transaction() as s:
        stored = store.load_entry(s, entry_id)
        assert s.scalar(select(func.count()).select_from(m.SideEffect)) == 1
    assert stored.draft == changed
    assert stored.entry_at == WHEN


def test_update_or_load_of_missing_entry_is_a_clear_error(db: Database) -> None:
    with pytest.raises(store.EntryNotFound, match="no longer exists"), db.transaction() as s:
        store.update_entry(s, 99, _draft())
    with pytest.raises(StorageError), db.transaction() as s:
        store.load_entry(s, 99)


def test_stored_side_effect_names_from_imports_are_normalised(db: Database) -> None:
    with db.transaction() as s:
        entry = m.JournalEntry(entry_at=WHEN, kind="daily", tags="")
        entry.side_effects = [
            m.SideEffect(name="Dissociation", severity=2, note=""),
            m.SideEffect(name="Hiccups", severity=1, note="all evening"),
        ]
        s.add(entry)
        s.flush()
        entry_id = entry.id
    with db.transaction() as s:
        effects = store.load_entry(s, entry_id).draft.side_effects
    assert effects == [
        SideEffect("dissociation", Severity.MODERATE),
        SideEffect("other", Severity.MILD, "Hiccups: all evening"),
    ]


def test_delete_and_restore_brings_back_everything_with_its_id(db: Database) -> None:
    with db.transaction() as s:
        entry_id = store.create_entry(s, _draft(), entry_at=WHEN)
        measure = store.save_measure(s, "PHQ-9", [1] * 9, taken_at=WHEN, entry_id=entry_id)
        store.save_entry_draft(
            s, store.JournalDraft(store.draft_key(entry_id=entry_id), _draft(mood=1), entry_id)
        )
    with db.transaction() as s:
        snapshot = store.delete_entry(s, entry_id)
    with db.transaction() as s:
        assert s.get(m.JournalEntry, entry_id) is None
        assert s.scalar(select(func.count()).select_from(m.SideEffect)) == 0
        assert s.get(m.MeasureResponse, measure.id).entry_id is None
        assert store.load_entry_draft(s, store.draft_key(entry_id=entry_id)) is None
    with db.transaction() as s:
        restored_id = store.restore_entry(s, snapshot)
    assert restored_id == entry_id
    with db.transaction() as s:
        assert store.load_entry(s, entry_id).draft == _draft()
        assert s.get(m.MeasureResponse, measure.id).entry_id == entry_id


def test_restore_takes_a_new_id_when_the_old_one_was_reused(db: Database) -> None:
    with db.transaction() as s:
        entry_id = store.create_entry(s, _draft(), entry_at=WHEN)
    with db.transaction() as s:
        snapshot = store.delete_entry(s, entry_id)
    with db.transaction() as s:
        reused = store.create_entry(s, _draft(mood=2), entry_at=WHEN)
    assert reused == entry_id
    with db.transaction() as s:
        restored_id = store.restore_entry(s, snapshot)
    assert restored_id != entry_id
    with db.transaction() as s:
        assert store.load_entry(s, restored_id).draft == _draft()
        assert store.load_entry(s, reused).draft.mood == 2


def test_entries_for_session_and_session_context(db: Database) -> None:
    first = _add_session(db, appointment_at=datetime(2026, 2, 1, 9, 0))
    second = _add_session(db, appointment_at=datetime(2026, 3, 3, 9, 0))
    with db.transaction() as s:
        later = store.create_entry(s, _draft(), entry_at=WHEN, session_id=second)
        earlier = store.create_entry(
            s, _draft(), entry_at=WHEN - timedelta(hours=2), session_id=second
        )
        store.create_entry(s, _draft(), entry_at=WHEN, session_id=first)
    with db.transaction() as s:
        assert [e.id for e in store.entries_for_session(s, second)] == [earlier, later]
        context = store.session_context(s, second)
        assert store.session_context(s, 999) is None
    assert context is not None
    assert context.number == 2
    assert context.route_label == "IV infusion"
    assert context.length_s == 58 * 60
    assert [(mk.elapsed_s, mk.label) for mk in context.markers] == [(720.0, "warmth"), (1500, "")]
    assert context.mood_before == 3
    assert context.intention == "Meet whatever comes with curiosity."


def test_session_without_appointment_has_no_number(db: Database) -> None:
    run = _add_session(db)
    with db.transaction() as s:
        context = store.session_context(s, run)
    assert context is not None and context.number is None


def test_drafts_save_load_replace_and_clear(db: Database) -> None:
    key = store.draft_key(session_id=5)
    assert key == "journal:session:5"
    assert store.draft_key() == store.NEW_DRAFT == "journal:new"
    assert store.draft_key(entry_id=7) == "journal:entry:7"
    with db.transaction() as s:
        assert store.latest_entry_draft(s) is None
        store.save_entry_draft(s, store.JournalDraft(key, _draft(), session_id=5))
        store.save_entry_draft(s, store.JournalDraft(key, _draft(mood=9), session_id=5))
    with db.transaction() as s:
        loaded = store.load_entry_draft(s, key)
        assert s.scalar(select(func.count()).select_from(m.Draft)) == 1
    assert loaded is not None and loaded.draft == _draft(mood=9) and loaded.session_id == 5
    with db.transaction() as s:
        store.clear_draft(s, key)
    with db.transaction() as s:
        assert store.load_entry_draft(s, key) is None


def test_latest_draft_is_the_most_recently_written(db: Database) -> None:
    with db.transaction() as s:
        store.save_entry_draft(s, store.JournalDraft(store.NEW_DRAFT, _draft(mood=1)))
        store.save_draft(s, "prepare:other", {"not": "journal"})
    with db.transaction() as s:
        store.save_entry_draft(s, store.JournalDraft("journal:entry:3", _draft(mood=2), entry_id=3))
    with db.transaction() as s:
        latest = store.latest_entry_draft(s)
    assert latest is not None and latest.key == "journal:entry:3" and latest.entry_id == 3


def test_damaged_draft_is_a_storage_error(db: Database) -> None:
    with db.transaction() as s:
        s.add(m.Draft(key=store.NEW_DRAFT, payload="{not json"))
    with pytest.raises(StorageError, match="damaged"), db.transaction() as s:
        store.load_entry_draft(s, store.NEW_DRAFT)


def test_save_measure_scores_through_the_domain(db: Database) -> None:
    answers = [2, 2, 1, 2, 1, 1, 1, 1, 1]
    with db.transaction() as s:
        saved = store.save_measure(s, "PHQ-9", answers, taken_at=WHEN, difficulty=2)
    assert (saved.total, saved.band, saved.needs_crisis_resources) == (12, "moderate", True)
    with db.transaction() as s:
        row = s.get(m.MeasureResponse, saved.id)
        assert row is not None
        assert json.loads(row.answers) == answers
        assert (row.total, row.band, row.difficulty, row.entry_id) == (12, "moderate", 2, None)


@pytest.mark.parametrize(
    ("instrument", "answers", "difficulty"),
    [
        ("PHQ-9", [0] * 8, None),
        ("GAD-7", [4] * 7, None),
        ("BDI", [0] * 9, None),
        ("GAD-7", [0] * 7, 4),
    ],
)
def test_save_measure_refuses_bad_input(
    db: Database, instrument: str, answers: list[int], difficulty: int | None
) -> None:
    with pytest.raises(ValueError), db.transaction() as s:
        store.save_measure(s, instrument, answers, taken_at=WHEN, difficulty=difficulty)
    with db.transaction() as s:
        assert s.scalar(select(func.count()).select_from(m.MeasureResponse)) == 0


def test_last_measure_dates_and_due_checkins(db: Database) -> None:
    today = date(2026, 3, 10)
    with db.transaction() as s:
        assert store.due_checkins(s, today) == ["PHQ-9", "GAD-7"]
        store.save_measure(s, "PHQ-9", [0] * 9, taken_at=datetime(2026, 3, 1, 9))
        store.save_measure(s, "PHQ-9", [0] * 9, taken_at=datetime(2026, 3, 5, 9))
        store.save_measure(s, "GAD-7", [0] * 7, taken_at=datetime(2026, 3, 3, 9))
    with db.transaction() as s:
        assert store.last_measure_dates(s) == {
            "PHQ-9": date(2026, 3, 5),
            "GAD-7": date(2026, 3, 3),
        }
        assert store.due_checkins(s, today) == ["GAD-7"]
        store.set_checkin_interval(s, 5)
    with db.transaction() as s:
        assert store.due_checkins(s, today) == ["PHQ-9", "GAD-7"]


def test_checkin_interval_defaults_to_weekly_and_refuses_nonsense(db: Database) -> None:
    with db.transaction() as s:
        assert store.checkin_interval(s) == 7
        store.set_checkin_interval(s, 14)
    with db.transaction() as s:
        assert store.checkin_interval(s) == 14
    for bad in (0, 91, True, "7"):
        with pytest.raises(ValueError, match="interval"), db.transaction() as s:
            store.set_checkin_interval(s, bad)  # type: ignore[arg-type]
    with db.transaction() as s:
        s.get(m.Setting, store.CHECKIN_INTERVAL_KEY).value = '"weekly"'
    with db.transaction() as s:
        assert store.checkin_interval(s) == 7
