"""Daylio and Afterflow files, as those apps write them, in our terms."""

from __future__ import annotations

import codecs
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from companion.domain.course import SlotStatus
from companion.domain.routes import Route
from companion.errors import UserError
from companion.export.course_summary import course_summary
from companion.export.import_store import IMPORTED_COURSE, store
from companion.export.importers import (
    DAYLIO_MOODS,
    afterflow_route,
    parse_afterflow,
    parse_daylio,
    parse_mood_map,
    parse_own_csv,
)
from companion.export.reading import UnknownMoods
from companion.storage import courses
from companion.storage import models as m
from companion.storage.appointments import session_numbers
from companion.storage.database import Database
from tests.export.helpers import (
    AFTERFLOW,
    DAYLIO_7,
    DAYLIO_7_YEAR,
    DAYLIO_8,
    TODAY,
    export_text,
    write,
)


def test_default_daylio_moods_are_spread_symmetrically_over_0_to_10() -> None:
    assert list(DAYLIO_MOODS.items()) == [
        ("rad", 10),
        ("good", 8),
        ("meh", 5),
        ("bad", 2),
        ("awful", 0),
    ]


def test_daylio_eight_columns_twelve_hour_times_trailing_spaces(tmp_path: Path) -> None:
    entries = parse_daylio(write(tmp_path, "daylio.csv", DAYLIO_8))
    by_time = {entry.at: entry for entry in entries}
    evening = by_time[datetime(2026, 3, 3, 18, 50)]
    assert evening.mood == 8
    assert evening.tags == ("family", "walk", "music")
    assert evening.reflections == "Evening\n\nFelt lighter\nafter the walk"
    assert evening.notes == ""
    assert by_time[datetime(2026, 3, 2, 0, 5)].mood == 5  # 12:05 am is just after midnight
    assert by_time[datetime(2026, 3, 1, 12, 30)].mood == 0  # 12:30 PM is just after noon
    assert by_time[datetime(2026, 3, 1, 12, 30)].tags == ("work",)


def test_daylio_seven_columns_twenty_four_hour_times(tmp_path: Path) -> None:
    entries = parse_daylio(write(tmp_path, "daylio.csv", DAYLIO_7))
    assert [(e.at, e.mood, e.tags, e.reflections) for e in entries] == [
        (datetime(2026, 2, 3, 14, 58), 10, ("friends", "cook"), "Great dinner"),
        (datetime(2026, 2, 2, 8, 5), 2, (), ""),
    ]


def test_daylio_older_year_column_needs_a_mood_map_for_custom_labels(tmp_path: Path) -> None:
    path = write(tmp_path, "daylio.csv", DAYLIO_7_YEAR)
    with pytest.raises(UnknownMoods) as refused:
        parse_daylio(path)
    assert refused.value.labels == ("happy",)
    assert refused.value.line == 2
    entries = parse_daylio(path, parse_mood_map("Happy=9"))
    assert [(e.at, e.mood) for e in entries] == [
        (datetime(2018, 5, 18, 23, 54), 9),
        (datetime(2018, 5, 17, 22, 21), 8),
    ]


def test_mood_map_can_override_a_default_label(tmp_path: Path) -> None:
    entries = parse_daylio(write(tmp_path, "daylio.csv", DAYLIO_7), {"bad": 3})
    assert [e.mood for e in entries] == [10, 3]


@pytest.mark.parametrize("text", ["okay", "okay=", "=5", "okay=11", "okay=five", "okay=-1"])
def test_bad_mood_maps_are_refused(text: str) -> None:
    with pytest.raises(UserError, match="--mood-map"):
        parse_mood_map(text)


def test_mood_map_reads_several_labels() -> None:
    assert parse_mood_map(" Okay=5, great = 9 ,") == {"okay": 5, "great": 9}


def test_afterflow_rows_become_sessions(tmp_path: Path, db: Database) -> None:
    entries = parse_afterflow(write(tmp_path, "afterflow.csv", AFTERFLOW))
    first = entries[0]
    assert first.at == datetime(2026, 3, 3, 18, 15)
    assert (first.mood_before, first.mood, first.route) == (3, 7, Route.IM)
    assert first.intention == "Be open to what comes"
    assert first.reflections == (
        "Felt held, then lighter.\n\nTreatment: Ketamine, Intramuscular\n\n"
        "Music: https://example.org/playlist"
    )
    assert entries[1].at == datetime(2026, 2, 24, 10, 0)
    assert entries[1].route == Route.LOZENGE
    with db.transaction() as session:
        result = store(session, entries, "afterflow")
    assert (result.entries, result.sessions) == (2, 2)
    with db.transaction() as session:
        rows = session.scalars(select(m.JournalEntry).order_by(m.JournalEntry.entry_at)).all()
        numbers = session_numbers(session)
        ordered = [numbers[row.session.appointment_id] for row in rows if row.session]
        assert ordered == [1, 2]  # the earlier session is number 1
        assert [row.kind for row in rows] == ["session", "session"]
        assert rows[1].session.intention == "Be open to what comes"
        assert rows[1].session.mood_before == 3
        assert rows[1].therapist_notes == ""
        assert {row.source for row in rows} == {"afterflow"}


@pytest.mark.parametrize(
    ("text", "route"),
    [
        ("IV", Route.IV),
        ("Intravenous infusion", Route.IV),
        ("IM injection", Route.IM),
        ("Esketamine nasal spray", Route.NASAL),
        ("Oral (RDT)", Route.LOZENGE),
        ("At home, with a sitter", Route.OTHER),
    ],
)
def test_afterflow_administration_words(text: str, route: Route) -> None:
    assert afterflow_route(text) == route


@pytest.mark.parametrize(
    ("bom", "codec"), [(codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")]
)
def test_excel_unicode_text_is_read(tmp_path: Path, db: Database, bom: bytes, codec: str) -> None:
    """Review 2 item 9: Excel's "Unicode Text" save is UTF-16 with a byte-order mark, tabs
    between the cells and CRLF line ends; it was called binary data."""
    text = DAYLIO_8.replace(",", "\t").replace("\n", "\r\n")
    unicode_text = write(tmp_path, "unicode.txt", bom + text.encode(codec))
    entries = parse_daylio(unicode_text)
    assert entries == parse_daylio(write(tmp_path, "utf8.csv", DAYLIO_8))
    assert entries[0].reflections == "Evening\n\nFelt lighter\nafter the walk"
    with db.transaction() as session:
        assert store(session, entries, "daylio").entries == 3


def test_dates_from_1900_to_tomorrow_are_plausible(tmp_path: Path) -> None:
    """Review 2 item 4 refuses year 1 and 9999; the ends of the range stay in (tomorrow: a row
    written in a time zone ahead of this computer's)."""
    tomorrow = date.today() + timedelta(days=1)
    path = write(
        tmp_path,
        "ends.csv",
        f"date,mood\n1900-01-01T00:00,5\n{tomorrow.isoformat()}T23:59,6\n",
    )
    assert [e.at for e in parse_own_csv(path)] == [
        datetime(1900, 1, 1),
        datetime.combine(tomorrow, time(23, 59)),
    ]


def test_daylio_import_is_private_and_repeatable(tmp_path: Path, db: Database) -> None:
    entries = parse_daylio(write(tmp_path, "daylio.csv", DAYLIO_8))
    with db.transaction() as session:
        assert store(session, entries, "daylio").entries == 3
    with db.transaction() as session:
        again = store(session, entries, "daylio")
        rows = session.scalars(select(m.JournalEntry)).all()
    assert (again.entries, again.skipped) == (0, 3)
    assert len(rows) == 3
    assert all(row.therapist_notes == "" for row in rows)
    assert {row.kind for row in rows} == {"daily"}
    assert sorted(row.tags for row in rows) == ["", "family,walk,music", "work"]


def test_own_csv_goal_ratings_come_back_in_a_course_without_an_invented_plan(
    demo_db: Database, tmp_path: Path
) -> None:
    """The file holds ratings and sessions, not what the clinic planned: nothing is "missed"."""
    path = write(tmp_path, "own.csv", export_text(demo_db))
    empty = Database.open(tmp_path / "empty.sqlite3")
    try:
        with empty.transaction() as session:
            first = store(session, parse_own_csv(path), "csv")
        with empty.transaction() as session:
            again = store(session, parse_own_csv(path), "csv")
            (course,) = courses.all_courses(session)
            view = courses.overview(session, course.id, TODAY)
            summary = course_summary(session, None, None, today=TODAY)
    finally:
        empty.close()
    assert first.goal_ratings > 0
    assert (again.entries, again.sessions, again.measures, again.goal_ratings) == (0, 0, 0, 0)
    assert (course.name, course.plan.has_series, course.ended_on is None) == (
        IMPORTED_COURSE,
        False,
        False,
    )
    progress = view.progress
    assert (progress.planned, progress.missed, progress.remaining, progress.booked) == (0, 0, 0, 0)
    assert progress.done == len(view.sessions) > 0
    assert {slot.status for slot in view.slots} == {SlotStatus.EXTRA_DONE}
    assert summary is not None and summary.course_id == course.id
    assert (summary.plan, summary.planned) == ("no planned series recorded", 0)
    assert summary.series == f"{progress.done} sessions done."
