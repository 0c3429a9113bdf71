"""Our own CSV imported into a journal that already holds its entries (review 2, item 3).

Entries written in Companion have no import key: a row is matched to them by what the export
shows of them, so the file exported from this very journal adds nothing.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from companion.domain.journal import EntryDraft
from companion.export.import_store import ImportResult, store
from companion.export.importers import parse_own_csv
from companion.storage import models as m
from companion.storage import paths
from companion.storage.database import Database
from companion.storage.journal import create_entry, delete_entry, save_measure
from tests.export.helpers import demo_folder, export_text, run_cli, write

MODELS = (
    m.JournalEntry,
    m.MeasureResponse,
    m.TreatmentSession,
    m.Appointment,
    m.SideEffect,
    m.Course,
    m.GoalRating,
)


def _counts(session: Session) -> dict[str, int]:
    return {
        model.__name__: int(session.scalar(select(func.count()).select_from(model)) or 0)
        for model in MODELS
    }


@pytest.mark.parametrize("private", [True, False])
def test_the_export_imported_into_its_own_journal_adds_nothing(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], private: bool
) -> None:
    demo_folder(data_dir, days=90)
    exported = tmp_path / "mine.csv"
    flag = ["--include-private"] if private else []
    args = ("export", "--data-dir", data_dir, "--format", "csv", "--output", exported, *flag)
    assert run_cli(capsys, *args)[0] == 0
    db = Database.open(paths.database_path(data_dir))
    try:
        with db.transaction() as session:
            before = _counts(session)
        text = export_text(db, include_private=private)
    finally:
        db.close()

    code, out, err = run_cli(capsys, "import", "--data-dir", data_dir, "--format", "csv", exported)

    assert (code, err) == (0, "")
    rows = len(parse_own_csv(exported))
    assert out == f"{rows:,} rows were already in Companion; nothing new was added.\n"
    db = Database.open(paths.database_path(data_dir))
    try:
        with db.transaction() as session:
            assert _counts(session) == before
        assert export_text(db, include_private=private) == text
    finally:
        db.close()


def _session_run(session: Session, at: datetime) -> m.TreatmentSession:
    appointment = m.Appointment(starts_at=at, route="iv", clinic="")
    started = at.replace(tzinfo=UTC)
    run = m.TreatmentSession(
        appointment=appointment,
        route="iv",
        duration_s=2400,
        started_at=started,
        last_seen_at=started,
        ended_at=started,
        elapsed_s=2400.0,
        state="finished",
    )
    session.add_all([appointment, run])
    session.flush()
    return run


def test_entries_deleted_since_the_export_come_back_once_into_their_own_session(
    db: Database, tmp_path: Path
) -> None:
    """Times with seconds (the CSV shows minutes), a session with two entries, a check-in on
    an entry and one without, and a forgotten appointment added later that renumbers them."""
    with db.transaction() as session:
        run = _session_run(session, datetime(2026, 3, 2, 9, 0))
        create_entry(
            session,
            EntryDraft(kind="session", mood=6, mood_before=3, reflections="Felt held."),
            entry_at=datetime(2026, 3, 2, 14, 0, 25),
            session_id=run.id,
        )
        morning = create_entry(
            session,
            EntryDraft(kind="session", mood=7, therapist_notes="Slept well."),
            entry_at=datetime(2026, 3, 3, 8, 10, 5),
            session_id=run.id,
        )
        daily = create_entry(
            session, EntryDraft(mood=5, anxiety=3, tags=["calm"]), entry_at=datetime(2026, 3, 4, 20)
        )
        save_measure(
            session, "PHQ-9", [1] * 9, taken_at=datetime(2026, 3, 4, 20, 0, 41), entry_id=daily
        )
        save_measure(session, "GAD-7", [2] * 7, taken_at=datetime(2026, 3, 5, 9, 0, 12))
        run_id = run.id
    path = write(tmp_path, "before.csv", export_text(db))
    with db.transaction() as session:
        delete_entry(session, morning)
        delete_entry(session, daily)  # its PHQ-9 stays, without an entry
        session.add(m.Appointment(starts_at=datetime(2026, 2, 20, 9), route="iv", clinic=""))

    with db.transaction() as session:
        result = store(session, parse_own_csv(path), "csv")
    with db.transaction() as session:
        counts = _counts(session)
        back = session.scalars(
            select(m.JournalEntry).where(m.JournalEntry.therapist_notes == "Slept well.")
        ).one()
        assert back.session_id == run_id
    # The two deleted entries are back; the session, both check-ins and the first entry are
    # not doubled.
    assert (result.entries, result.sessions, result.measures, result.skipped) == (2, 0, 0, 2)
    assert counts["JournalEntry"] == 3
    assert (counts["TreatmentSession"], counts["Appointment"], counts["MeasureResponse"]) == (
        1,
        2,
        2,
    )
    with db.transaction() as session:
        again = store(session, parse_own_csv(path), "csv")
        assert _counts(session) == counts
    assert again == ImportResult(0, 0, 0, 4)


def test_a_row_is_skipped_only_when_companion_holds_all_it_says(
    db: Database, tmp_path: Path
) -> None:
    """Private reflections count when the row has some; a row edited since is added, so
    nothing the file holds is lost."""
    with db.transaction() as session:
        entry = create_entry(
            session,
            EntryDraft(mood=5, reflections="Mine.", therapist_notes="For the therapist."),
            entry_at=datetime(2026, 3, 1, 9),
        )
    shared = write(tmp_path, "shared.csv", export_text(db, include_private=False))
    private = write(tmp_path, "private.csv", export_text(db, include_private=True))
    with db.transaction() as session:
        assert store(session, parse_own_csv(shared), "csv") == ImportResult(0, 0, 0, 1)
        session.get_one(m.JournalEntry, entry).reflections = "Changed since."
    with db.transaction() as session:
        assert store(session, parse_own_csv(shared), "csv").skipped == 1
        assert store(session, parse_own_csv(private), "csv").entries == 1
        texts = sorted(session.scalars(select(m.JournalEntry.reflections)))
    assert texts == ["Changed since.", "Mine."]


def test_the_result_says_when_nothing_was_new() -> None:
    assert (
        ImportResult(0, 0, 0, 351).describe()
        == "351 rows were already in Companion; nothing new was added."
    )
    assert ImportResult(0, 0, 0, 1).describe() == (
        "1 row was already in Companion; nothing new was added."
    )
    assert ImportResult(2, 0, 1, 3).describe() == (
        "Imported 2 journal entries, 0 sessions and 1 check-in score. "
        "3 rows were already in Companion and left as they were."
    )
    assert ImportResult(1, 0, 0, 1).describe().endswith(
        "1 row was already in Companion and left as it was."
    )


def test_a_row_edited_since_the_export_joins_the_session_held_that_day(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Not a second session on that day, which would renumber every later one."""
    demo_folder(data_dir, days=60)
    exported = tmp_path / "mine.csv"
    assert run_cli(capsys, "export", "--data-dir", data_dir, "--format", "csv",
                   "--output", exported)[0] == 0
    with exported.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        names, rows = list(reader.fieldnames or []), list(reader)
    row = next(row for row in rows if row["session_number"])
    row["mood"] = "0" if row["mood"] != "0" else "1"  # the patient changed it since
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=names, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    edited = write(tmp_path, "edited.csv", out.getvalue())
    db = Database.open(paths.database_path(data_dir))
    try:
        with db.transaction() as session:
            before = _counts(session)
    finally:
        db.close()

    assert run_cli(capsys, "import", "--data-dir", data_dir, "--format", "csv", edited)[0] == 0

    db = Database.open(paths.database_path(data_dir))
    try:
        with db.transaction() as session:
            after = _counts(session)
            added = session.scalars(
                select(m.JournalEntry).order_by(m.JournalEntry.id.desc()).limit(1)
            ).one()
            assert added.session_id is not None
    finally:
        db.close()
    assert after["TreatmentSession"] == before["TreatmentSession"]
    assert after["Appointment"] == before["Appointment"]
    assert after["JournalEntry"] == before["JournalEntry"] + 1  # nothing in the file is lost
