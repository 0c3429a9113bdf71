"""The CSV export: the documented columns, oldest first, private only when asked, safe cells."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path

import pytest

from companion.domain.journal import EntryDraft, SideEffect
from companion.export.csv_export import COLUMNS, cells, neutralise, restore, write_csv
from companion.export.dataset import ExportCancelled, Row, build_dataset
from companion.storage.database import Database
from companion.storage.journal import create_entry, save_measure
from tests.export.helpers import export_text

DOCUMENTED = (
    "date",
    "mood",
    "anxiety",
    "session_number",
    "route",
    "phq9_total",
    "phq9_band",
    "gad7_total",
    "gad7_band",
    "side_effects",
    "notes",
)


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_documented_columns_and_private_reflections_only_when_asked(demo_db: Database) -> None:
    shared = export_text(demo_db, include_private=False)
    private = export_text(demo_db, include_private=True)
    shared_header = next(csv.reader(io.StringIO(shared)))
    assert set(DOCUMENTED) <= set(shared_header)
    assert shared_header[0] == "date"
    assert "reflections" not in shared_header
    assert next(csv.reader(io.StringIO(private)))[-1] == "reflections"
    reflections = [row["reflections"] for row in _rows(private) if row["reflections"]]
    assert reflections
    assert not any(text in shared for text in set(reflections))


def test_rows_oldest_first_with_iso_dates_and_linked_measures(demo_db: Database) -> None:
    rows = _rows(export_text(demo_db))
    days = [row["date"] for row in rows]
    assert days == sorted(days)
    for row in rows:
        date.fromisoformat(row["date"][:10])
    weekly = [row for row in rows if row["phq9_total"]]
    assert weekly and all(row["phq9_band"] and row["gad7_total"] for row in weekly)
    sessions = [row for row in rows if row["session_number"]]
    assert [int(r["session_number"]) for r in sessions] == list(range(1, len(sessions) + 1))
    assert {row["route"] for row in sessions} == {"IV infusion"}
    assert any(" (mild)" in row["side_effects"] for row in sessions)


def test_utf8_crlf_and_no_byte_order_mark(demo_db: Database, tmp_path: Path) -> None:
    with demo_db.transaction() as session:
        create_entry(
            session,
            EntryDraft(mood=6, therapist_notes="Café, ça va — 😊"),
            entry_at=datetime(2026, 4, 1, 9, 0),
        )
        dataset = build_dataset(session, date(2026, 4, 1), date(2026, 4, 1))
    target = tmp_path / "out.csv"
    write_csv(dataset, target)
    data = target.read_bytes()
    assert data.startswith(b"date,")
    assert data.count(b"\r\n") == 2
    assert "Café, ça va — 😊" in data.decode("utf-8")


@pytest.mark.parametrize("text", ["=SUM(A1:A9)", "+1", "-2", "@cmd", "\tx", "'=x", "''+y"])
def test_formula_cells_are_neutralised_and_restored(text: str) -> None:
    safe = neutralise(text)
    assert safe.startswith("'")
    assert restore(safe) == text


@pytest.mark.parametrize("text", ["plain", "'quoted", "", "3"])
def test_ordinary_cells_stay_as_they_are(text: str) -> None:
    assert neutralise(text) == text == restore(text)


def test_a_formula_note_is_written_neutralised() -> None:
    row = Row(
        at=datetime(2026, 3, 1, 8, 0),
        is_entry=True,
        mood=5,
        notes='=HYPERLINK("http://x")',
        side_effects=(),
    )
    values = dict(zip(COLUMNS, cells(row, include_private=False), strict=True))
    assert values["notes"] == '\'=HYPERLINK("http://x")'
    assert values["date"] == "2026-03-01T08:00"


def test_side_effects_tags_and_loose_check_ins(db: Database) -> None:
    with db.transaction() as session:
        create_entry(
            session,
            EntryDraft(
                mood=4,
                tags=["calm", "tired"],
                side_effects=[
                    SideEffect("nausea", 1),
                    SideEffect("headache", 0),
                    SideEffect("other", 2, "Ringing ears"),
                ],
            ),
            entry_at=datetime(2026, 3, 2, 20, 0),
        )
        save_measure(session, "PHQ-9", [1] * 9, taken_at=datetime(2026, 3, 3, 9, 0))
        save_measure(session, "GAD-7", [2] * 7, taken_at=datetime(2026, 3, 3, 9, 0))
    rows = _rows(export_text(db))
    assert rows[0]["side_effects"] == "Nausea (mild); Ringing ears (moderate)"
    assert rows[0]["tags"] == "calm, tired"
    loose = rows[1]
    assert (loose["phq9_total"], loose["phq9_band"], loose["gad7_total"]) == ("9", "mild", "14")
    assert loose["mood"] == loose["notes"] == ""


def test_date_range_is_inclusive(demo_db: Database) -> None:
    with demo_db.transaction() as session:
        dataset = build_dataset(session, date(2026, 3, 1), date(2026, 3, 7))
    days = {row.at.date() for row in dataset.rows}
    assert min(days) >= date(2026, 3, 1) and max(days) <= date(2026, 3, 7)
    assert date(2026, 3, 7) in days or date(2026, 3, 1) in days


def test_cancel_leaves_no_file_and_keeps_an_old_one(demo_db: Database, tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    target = folder / "out.csv"
    target.write_text("the old file")
    with demo_db.transaction() as session:
        dataset = build_dataset(session)
    with pytest.raises(ExportCancelled):
        write_csv(dataset, target, cancelled=lambda: True)
    assert target.read_text() == "the old file"
    assert [p.name for p in folder.iterdir()] == ["out.csv"]
