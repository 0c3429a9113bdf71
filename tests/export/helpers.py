"""Shared by the export and import tests: a demo history, sample files, the CLI, a fingerprint."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from companion.cli import main
from companion.export.csv_export import csv_text
from companion.export.dataset import build_dataset
from companion.storage import paths
from companion.storage.database import Database
from companion.storage.demo import fill

TODAY = date(2026, 3, 31)

DAYLIO_8 = (
    "full_date,date,weekday,time,mood,activities,note_title,note\n"
    '2026-03-03,March 3,Tuesday,6:50 pm,good ,"family | walk | music ",Evening,'
    '"Felt lighter<br>after the walk"\n'
    '2026-03-02,March 2,Monday,12:05 am,meh,"","",""\n'
    '2026-03-01,March 1,Sunday,12:30 PM,awful,"work ",,"Hard day."\n'
)
DAYLIO_7 = (
    "full_date,date,weekday,time,mood,activities,note\n"
    '2026-02-03,3 February,Tuesday,14:58,rad,"friends | cook",Great dinner\n'
    "2026-02-02,2 February,Monday,08:05,bad ,,\n"
)
DAYLIO_7_YEAR = (
    "year,date,weekday,time,mood,activities,note\n"
    '2018,18 May,Friday,11:54 pm,happy ,"clean | cook | music","Went to a party"\n'
    '2018,17 May,Thursday,10:21 pm,good,"cook | stressed ",""\n'
)
AFTERFLOW = (
    "Date,Treatment Type,Administration,Intention,Mood Before,Mood After,Reflections,"
    "Music Link URL\n"
    '"Mar 3, 2026 at 6:15 PM",Ketamine,Intramuscular,Be open to what comes,3,7,'
    '"Felt held, then lighter.",https://example.org/playlist\n'
    '"Feb 24, 2026 at 10:00 AM",Ketamine,Sublingual lozenge,,4,6,,\n'
)


def write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def demo_folder(data: Path, days: int = 120) -> Path:
    """A data folder with a closed demo database of ``days`` days ending on TODAY."""
    db = Database.open(paths.database_path(data))
    try:
        fill(db, days, seed=3, today=TODAY)
    finally:
        db.close()
    return data


def export_text(db: Database, include_private: bool = True) -> str:
    """Everything in the database as our CSV: equal texts mean equal journal data."""
    with db.transaction() as session:
        dataset = build_dataset(session, include_private=include_private)
    return csv_text(dataset)


def own_csv(folder: Path, days: int = 60) -> Path:
    """Our own CSV of a ``days``-day demo history, written to ``folder`` (for import tests)."""
    source = Database.open(folder / "source.sqlite3")
    try:
        fill(source, days, seed=3, today=TODAY)
        return write(folder, "own.csv", export_text(source))
    finally:
        source.close()


def run_cli(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main([str(arg) for arg in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err
