"""Our own CSV: export, import into an empty folder, export again gives the same file."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from companion.domain.course import CoursePlan
from companion.domain.journal import EntryDraft, SideEffect
from companion.domain.routes import Route
from companion.export.import_store import store
from companion.export.importers import parse_afterflow, parse_daylio, parse_own_csv
from companion.storage import courses, paths
from companion.storage import models as m
from companion.storage.database import Database
from companion.storage.journal import create_entry, save_measure
from tests.export.helpers import AFTERFLOW, DAYLIO_8, demo_folder, export_text, run_cli, write

GOALS = ("Sleep through the night", "Go back to work part-time", "Enjoy time with friends")


def _courses(folder: Path) -> list[m.Course]:
    db = Database.open(paths.database_path(folder))
    try:
        with db.transaction() as session:
            found = session.scalars(select(m.Course).options(selectinload(m.Course.goals))).all()
            session.expunge_all()
            return list(found)
    finally:
        db.close()


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
    # The demo's two courses share three goals: one column each, recreated as one course.
    head = first.read_bytes().decode("utf-8").split("\r\n", 1)[0].split(",")
    assert [name for name in head if name.startswith("goal: ")] == [f"goal: {g}" for g in GOALS]
    assert 'goal ratings went into the course "Imported goals"' in out
    assert [(c.name, [g.text for g in c.goals]) for c in _courses(empty)] == [
        ("Imported goals", list(GOALS))
    ]


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
        for model in (
            m.JournalEntry,
            m.MeasureResponse,
            m.TreatmentSession,
            m.Appointment,
            m.Course,
            m.GoalRating,
        )
    }
    code, out, _err = run_cli(capsys, "import", "--data-dir", target, "--format", "csv", exported)
    assert code == 0
    rows = len(parse_own_csv(exported))
    assert out == f"{rows} rows were already in Companion; nothing new was added.\n"
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


def _rating(session: Session, goal: m.Goal, at: datetime, value: int) -> None:
    session.add(m.GoalRating(goal=goal, rated_at=at, value=value))


def test_goal_columns_by_words_and_day(db: Database, tmp_path: Path) -> None:
    """Two courses sharing a goal, a formula-like goal, two ratings on one day, a rating on a
    day without a row: export, import into a folder with an open course, export again."""
    with db.transaction() as session:
        first = courses.create_course(
            session,
            courses.CourseDraft(
                "First series",
                CoursePlan(Route.IV, 6, 3),
                date(2026, 3, 1),
                goals=('=HYPERLINK("http://x")', "Walk"),
            ),
        )
        later = courses.create_course(
            session,
            courses.CourseDraft(
                "Maintenance", CoursePlan(Route.IV, 4, 7), date(2026, 3, 5), goals=("Walk",)
            ),
        )
        formula, walk = session.get_one(m.Course, first).goals
        (walk_again,) = session.get_one(m.Course, later).goals
        _rating(session, formula, datetime(2026, 3, 1, 9), 3)
        _rating(session, formula, datetime(2026, 3, 1, 21), 6)  # the later one counts
        _rating(session, walk, datetime(2026, 3, 3, 9), 2)  # no row that day: not in the CSV
        _rating(session, walk, datetime(2026, 3, 6, 9), 4)
        _rating(session, walk_again, datetime(2026, 3, 6, 20), 5)
        for at in (datetime(2026, 3, 1, 8), datetime(2026, 3, 1, 22), datetime(2026, 3, 6, 21)):
            create_entry(session, EntryDraft(mood=5), entry_at=at)
    exported = export_text(db)
    lines = exported.split("\r\n")
    assert lines[0].endswith(',"goal: =HYPERLINK(""http://x"")",goal: Walk,reflections')
    assert [line.split(",")[-3:-1] for line in lines[1:4]] == [["6", ""], ["6", ""], ["", "5"]]

    path = tmp_path / "goals.csv"
    path.write_text(exported, encoding="utf-8", newline="")
    other = Database.open(tmp_path / "other.sqlite3")
    try:
        with other.transaction() as session:
            current = courses.create_course(
                session,
                courses.CourseDraft("Now", CoursePlan(Route.NASAL, 8, 3.5), date(2026, 1, 1)),
            )
            result = store(session, parse_own_csv(path), "csv")
        assert result.goal_ratings == 2
        assert export_text(other) == exported
        with other.transaction() as session:
            imported = session.scalars(
                select(m.Course).where(m.Course.name == "Imported goals")
            ).one()
            assert [g.text for g in imported.goals] == ['=HYPERLINK("http://x")', "Walk"]
            assert (imported.started_on.date(), imported.ended_on) == (
                date(2026, 3, 1),
                datetime(2026, 3, 6),
            )
            still = courses.current_course(session)
            assert still is not None and still.id == current
    finally:
        other.close()


def test_daylio_and_afterflow_imports_make_no_course(db: Database, tmp_path: Path) -> None:
    daylio = parse_daylio(write(tmp_path, "d.csv", DAYLIO_8))
    afterflow = parse_afterflow(write(tmp_path, "a.csv", AFTERFLOW))
    with db.transaction() as session:
        assert store(session, daylio, "daylio").goal_ratings == 0
        assert store(session, afterflow, "afterflow").goal_ratings == 0
        assert session.scalar(select(func.count()).select_from(m.Course)) == 0
