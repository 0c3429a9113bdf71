"""Our own CSV: export, import into an empty folder, export again gives the same file."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from companion.domain.journal import EntryDraft, SideEffect
from companion.export.import_store import store
from companion.export.importers import parse_own_csv
from companion.storage import models as m
from companion.storage import paths
from companion.storage.database import Database
from companion.storage.journal import create_entry, save_measure
from tests.export.helpers import demo_folder, export_text, run_cli


def _count(folder: Path, model: type[m.Base]) -> int:
    db = Database.open(paths.database_path(folder))
    try:
        with db.transaction() as session:
            return int(session.scalar(select(func.count()).select_from(model)) or 0)
    finally:
        db.close()


@pytest.mark.parametrize("private", [True, False])
def test_round_trip_gives_the_same_file(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], private: bool
) -> None:
    demo_folder(data_dir, days=200)
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    empty = tmp_path / "empty"
    flag = ["--include-private"] if private else []
    assert (
        run_cli(
            capsys, "export", "--data-dir", data_dir, "--format", "csv", "--output", first, *flag
        )[0]
        == 0
    )
    code, out, _err = run_cli(capsys, "import", "--data-dir", empty, "--format", "csv", first)
    assert code == 0
    assert "Imported" in out
    assert (
        run_cli(
            capsys, "export", "--data-dir", empty, "--format", "csv", "--output", second, *flag
        )[0]
        == 0
    )
    assert (
        hashlib.sha256(first.read_bytes()).digest() == hashlib.sha256(second.read_bytes()).digest()
    )
    # The imported history has real sessions: numbers, routes and lengths came back.
    assert _count(empty, m.TreatmentSession) == _count(data_dir, m.TreatmentSession)


def test_second_import_of_the_same_file_adds_nothing(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    demo_folder(data_dir, days=60)
    exported = tmp_path / "all.csv"
    run_cli(
        capsys,
        "export",
        "--data-dir",
        data_dir,
        "--format",
        "csv",
        "--output",
        exported,
        "--include-private",
    )
    target = tmp_path / "target"
    run_cli(capsys, "import", "--data-dir", target, "--format", "csv", exported)
    counts = {
        model: _count(target, model)
        for model in (m.JournalEntry, m.MeasureResponse, m.TreatmentSession, m.Appointment)
    }
    code, out, _err = run_cli(capsys, "import", "--data-dir", target, "--format", "csv", exported)
    assert code == 0
    assert out.startswith("Imported 0 journal entries, 0 sessions and 0 check-in scores.")
    assert "already in Companion" in out
    assert counts == {model: _count(target, model) for model in counts}


def test_imported_totals_have_no_answers_and_notes_stay_shared(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    demo_folder(data_dir, days=30)
    exported = tmp_path / "all.csv"
    run_cli(
        capsys,
        "export",
        "--data-dir",
        data_dir,
        "--format",
        "csv",
        "--output",
        exported,
        "--include-private",
    )
    target = tmp_path / "target"
    run_cli(capsys, "import", "--data-dir", target, "--format", "csv", exported)
    db = Database.open(paths.database_path(target))
    try:
        with db.transaction() as session:
            measures = session.scalars(select(m.MeasureResponse)).all()
            entries = session.scalars(select(m.JournalEntry)).all()
    finally:
        db.close()
    assert measures and all(x.answers is None for x in measures)
    assert {e.source for e in entries} == {"csv"}
    assert all(e.import_key and len(e.import_key) == 64 for e in entries)
    assert any(e.therapist_notes for e in entries) and any(e.reflections for e in entries)


def test_loose_check_ins_side_effects_and_home_sessions_come_back(
    db: Database, tmp_path: Path
) -> None:
    """The rarer rows: totals without an entry, custom side effects, formula-like notes,
    a session without an appointment."""
    with db.transaction() as session:
        run = m.TreatmentSession(
            route="lozenge",
            duration_s=7200,
            started_at=datetime(2026, 3, 2, 9, tzinfo=UTC),
            last_seen_at=datetime(2026, 3, 2, 11, tzinfo=UTC),
            elapsed_s=6600.0,
            state="ended_early",
        )
        session.add(run)
        session.flush()
        create_entry(
            session,
            EntryDraft(
                kind="session",
                mood=7,
                mood_before=4,
                therapist_notes="=1+1 and -2",
                side_effects=[
                    SideEffect("other", 2, "Ringing ears"),
                    SideEffect("nausea", 1, "on the way home"),
                ],
            ),
            entry_at=datetime(2026, 3, 2, 14, 0),
            session_id=run.id,
        )
        save_measure(session, "PHQ-9", [1] * 9, taken_at=datetime(2026, 3, 3, 9, 0))
        save_measure(session, "GAD-7", [2] * 7, taken_at=datetime(2026, 3, 3, 9, 0))
    exported = export_text(db)
    path = tmp_path / "rare.csv"
    path.write_text(exported, encoding="utf-8", newline="")
    other = Database.open(tmp_path / "other.sqlite3")
    try:
        with other.transaction() as session:
            result = store(session, parse_own_csv(path), "csv")
        assert (result.entries, result.sessions, result.measures) == (1, 1, 2)
        assert export_text(other) == exported
        with other.transaction() as session:
            assert store(session, parse_own_csv(path), "csv").skipped == 2
        assert export_text(other) == exported
    finally:
        other.close()


def test_a_spreadsheet_resave_with_semicolons_imports(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "resaved.csv"
    path.write_text(
        "date;mood;anxiety;notes\r\n2026-03-01T09:00;5;3;fine, thanks\r\n", encoding="utf-8"
    )
    entries = parse_own_csv(path)
    assert [(e.mood, e.anxiety, e.notes) for e in entries] == [(5, 3, "fine, thanks")]
