"""History queries on a real SQLite file filled with demo data, checked against plain Python."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import event, select

from companion.domain.measures import GAD7, PHQ9, is_response
from companion.storage import models as m
from companion.storage.database import Database
from companion.storage.demo import fill
from companion.storage.history import (
    HistoryFilter,
    HistoryRow,
    count_entries,
    entry_page,
    entry_span,
    side_effect_options,
    trend_series,
)

TODAY = date(2026, 3, 15)


@pytest.fixture
def filled(db: Database) -> Database:
    fill(db, 400, today=TODAY)
    return db


def _entries(db: Database) -> list[m.JournalEntry]:
    """Every entry, newest first: the order the History list promises."""
    with db.transaction() as s:
        entries = s.scalars(select(m.JournalEntry)).all()
        for entry in entries:
            _ = entry.side_effects  # loaded while the session is open
    return sorted(entries, key=lambda e: (e.entry_at, e.id), reverse=True)


def _walk(db: Database, flt: HistoryFilter, limit: int = 37) -> list[HistoryRow]:
    rows: list[HistoryRow] = []
    with db.transaction() as s:
        while True:
            page = entry_page(s, flt, len(rows), limit)
            rows += page.rows
            if len(page.rows) < limit:
                return rows


def _add_entry(db: Database, when: datetime, **fields: object) -> int:
    effects = fields.pop("effects", ())
    with db.transaction() as s:
        entry = m.JournalEntry(entry_at=when, kind="daily", **fields)
        entry.side_effects = [
            m.SideEffect(name=name, severity=severity, note=note)
            for name, severity, note in effects  # type: ignore[attr-defined]
        ]
        s.add(entry)
        s.flush()
        return entry.id


@contextmanager
def _statements(db: Database) -> Iterator[list[str]]:
    """The SELECT statements run inside the block."""
    seen: list[str] = []

    def count(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


# --- the list -------------------------------------------------------------------------------


def test_pages_walk_every_entry_once_newest_first(filled: Database) -> None:
    expected = [e.id for e in _entries(filled)]
    assert [row.id for row in _walk(filled, HistoryFilter())] == expected
    with filled.transaction() as s:
        first = entry_page(s, HistoryFilter(), 0, 50, with_counts=True)
    assert (first.matching, first.total) == (len(expected), len(expected))
    assert len(first.rows) == 50


@pytest.mark.parametrize("kind", ["session", "daily"])
def test_kind_filter(filled: Database, kind: str) -> None:
    expected = [e.id for e in _entries(filled) if e.kind == kind]
    rows = _walk(filled, HistoryFilter(kind=kind))
    assert [row.id for row in rows] == expected
    assert {row.kind for row in rows} == {kind}
    with filled.transaction() as s:
        page = entry_page(s, HistoryFilter(kind=kind), 0, 10, with_counts=True)
    assert page.matching == len(expected)
    assert page.total == len(_entries(filled))


def test_session_entries_carry_the_session_number(filled: Database) -> None:
    with filled.transaction() as s:
        starts = {a.id: a.starts_at for a in s.scalars(select(m.Appointment))}
        appointment_of = {t.id: t.appointment_id for t in s.scalars(select(m.TreatmentSession))}
    rows = _walk(filled, HistoryFilter(kind="session"))
    for row, entry in zip(rows, [e for e in _entries(filled) if e.kind == "session"], strict=True):
        own = starts[appointment_of[entry.session_id]]
        assert row.session_number == sum(1 for at in starts.values() if at <= own)
    assert all(row.session_number is None for row in _walk(filled, HistoryFilter(kind="daily")))


def test_side_effect_filter_takes_every_spelling_and_skips_none(filled: Database) -> None:
    lower = _add_entry(filled, datetime(2026, 3, 14, 21, 0), effects=[("nausea", 2, "")])
    upper = _add_entry(filled, datetime(2026, 3, 14, 22, 0), effects=[("Nausea", 1, "")])
    rated_none = _add_entry(filled, datetime(2026, 3, 14, 23, 0), effects=[("NAUSEA", 0, "")])
    with filled.transaction() as s:
        options = {option.label: option for option in side_effect_options(s)}
    nausea = options["Nausea"]
    assert set(nausea.names) == {"Nausea", "nausea"}
    expected = [
        e.id
        for e in _entries(filled)
        if any(se.name.casefold() == "nausea" and se.severity > 0 for se in e.side_effects)
    ]
    assert nausea.entries == len(expected)
    rows = _walk(filled, HistoryFilter(side_effects=nausea.names))
    assert [row.id for row in rows] == expected
    assert lower in expected and upper in expected and rated_none not in expected
    assert all(any(name.casefold() == "nausea" for name, _sev in row.side_effects) for row in rows)


def test_rows_show_side_effects_with_severity_and_custom_words(db: Database) -> None:
    entry = _add_entry(
        db,
        datetime(2026, 3, 1, 20, 0),
        effects=[("headache", 1, ""), ("other", 3, "ringing ears"), ("nausea", 0, "")],
    )
    with db.transaction() as s:
        (row,) = entry_page(s, HistoryFilter(), 0, 10).rows
    assert row.id == entry
    assert row.side_effects == (("headache", 1), ("ringing ears", 3))


def test_search_matches_every_word_in_any_text_ignoring_case(filled: Database) -> None:
    when = datetime(2026, 3, 14, 21, 0)
    both = _add_entry(filled, when, reflections="Swam in the LAKE at dawn.")
    tagged = _add_entry(filled, when + timedelta(minutes=1), tags="lake,calm")
    shared = _add_entry(filled, when + timedelta(minutes=2), therapist_notes="The lake again")
    answered = _add_entry(filled, when + timedelta(minutes=3), prompt_answer="a lake")
    found = {row.id for row in _walk(filled, HistoryFilter(text="lake"))}
    assert found == {both, tagged, shared, answered}
    assert {row.id for row in _walk(filled, HistoryFilter(text="  lake   SWAM "))} == {both}


def test_search_treats_percent_and_underscore_as_plain_characters(filled: Database) -> None:
    percent = _add_entry(filled, datetime(2026, 3, 14, 21, 0), reflections="100% better today")
    assert [row.id for row in _walk(filled, HistoryFilter(text="100%"))] == [percent]
    assert _walk(filled, HistoryFilter(text="_")) == []


def test_date_range_is_inclusive_and_combines_with_other_filters(filled: Database) -> None:
    start, end = date(2026, 1, 5), date(2026, 1, 18)
    entries = _entries(filled)
    inside = [e for e in entries if start <= e.entry_at.date() <= end]
    assert inside and len(inside) < len(entries)
    rows = _walk(filled, HistoryFilter(start=start, end=end))
    assert [row.id for row in rows] == [e.id for e in inside]
    sessions = _walk(filled, HistoryFilter(start=start, end=end, kind="session"))
    assert [row.id for row in sessions] == [e.id for e in inside if e.kind == "session"]
    one_day = inside[0].entry_at.date()
    with filled.transaction() as s:
        assert count_entries(s, HistoryFilter(start=one_day, end=one_day)) == sum(
            1 for e in entries if e.entry_at.date() == one_day
        )


def test_an_empty_database_has_nothing_to_show(db: Database) -> None:
    with db.transaction() as s:
        page = entry_page(s, HistoryFilter(text="anything"), 0, 20, with_counts=True)
        assert (page.rows, page.matching, page.total) == ([], 0, 0)
        assert entry_span(s) is None
        assert side_effect_options(s) == []
        trends = trend_series(s)
    assert trends.empty
    assert trends.response is None and trends.baselines == {}


def test_entry_span_is_the_first_and_last_day(filled: Database) -> None:
    entries = _entries(filled)
    with filled.transaction() as s:
        assert entry_span(s) == (entries[-1].entry_at.date(), entries[0].entry_at.date())


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValueError, match="kind"):
        HistoryFilter(kind="weekly")


def test_bad_pages_are_refused(db: Database) -> None:
    with db.transaction() as s, pytest.raises(ValueError, match="page"):
        entry_page(s, HistoryFilter(), -1, 10)


def test_a_page_costs_a_few_statements_however_long(filled: Database) -> None:
    with filled.transaction() as s, _statements(filled) as seen:
        entry_page(s, HistoryFilter(kind="session", text="a"), 0, 300, with_counts=True)
    assert len(seen) <= 5  # rows, session numbers, side effects, two counts


# --- trends -------------------------------------------------------------------------------


def test_daily_mood_and_anxiety_are_means_per_day(filled: Database) -> None:
    _add_entry(filled, datetime(2026, 3, 15, 23, 0), mood=0, anxiety=None)
    per_day: dict[date, list[m.JournalEntry]] = defaultdict(list)
    for entry in _entries(filled):
        per_day[entry.entry_at.date()].append(entry)
    with filled.transaction() as s:
        trends = trend_series(s)

    def means(field: str) -> list[tuple[date, float]]:
        found = []
        for day in sorted(per_day):
            values = [getattr(e, field) for e in per_day[day] if getattr(e, field) is not None]
            if values:
                found.append((day, sum(values) / len(values)))
        return found

    for series, field in ((trends.mood, "mood"), (trends.anxiety, "anxiety")):
        expected = means(field)
        assert [p.day for p in series] == [day for day, _mean in expected]
        assert [p.value for p in series] == pytest.approx([mean for _day, mean in expected])


def test_session_days_are_runs_and_session_entries(filled: Database) -> None:
    with filled.transaction() as s:
        runs = {t.started_at.astimezone().date() for t in s.scalars(select(m.TreatmentSession))}
        trends = trend_series(s)
    written = {e.entry_at.date() for e in _entries(filled) if e.kind == "session"}
    assert trends.session_days == sorted(runs | written)


def test_totals_baseline_and_response(filled: Database) -> None:
    with filled.transaction() as s:
        measures = sorted(
            s.scalars(select(m.MeasureResponse)).all(), key=lambda r: (r.taken_at, r.id)
        )
        trends = trend_series(s)
    for instrument in (PHQ9, GAD7):
        mine = [(r.taken_at.date(), r.total) for r in measures if r.instrument == instrument]
        assert [(p.day, p.value) for p in trends.measures[instrument]] == mine
        assert (trends.baselines[instrument].day, trends.baselines[instrument].value) == mine[0]
        assert (trends.latest[instrument].day, trends.latest[instrument].value) == mine[-1]
    phq9 = [(r.taken_at.date(), r.total) for r in measures if r.instrument == PHQ9]
    baseline = phq9[0][1]
    first_response = next((p for p in phq9[1:] if p[1] * 2 <= baseline), None)
    assert first_response is not None, "the demo history improves by half"
    assert trends.response is not None
    assert (trends.response.day, trends.response.value) == first_response
    assert is_response(baseline, int(trends.response.value))


def test_a_phq9_that_never_halves_has_no_response(db: Database) -> None:
    with db.transaction() as s:
        for n, total in enumerate((20, 15, 11, 12)):
            s.add(
                m.MeasureResponse(
                    instrument=PHQ9,
                    taken_at=datetime(2026, 1, 1 + 7 * n, 9),
                    total=total,
                    band="",
                )
            )
    with db.transaction() as s:
        trends = trend_series(s)
    assert trends.response is None
    assert trends.baselines[PHQ9].value == 20


def test_a_range_cuts_the_series_but_not_the_baseline(filled: Database) -> None:
    start, end = date(2025, 12, 1), date(2026, 1, 31)
    with filled.transaction() as s:
        everything = trend_series(s)
        cut = trend_series(s, start, end)
    assert cut.mood == [p for p in everything.mood if start <= p.day <= end]
    assert cut.session_days == [d for d in everything.session_days if start <= d <= end]
    assert cut.measures[PHQ9] == [p for p in everything.measures[PHQ9] if start <= p.day <= end]
    assert cut.baselines == everything.baselines
    assert cut.response == everything.response


def test_trends_cost_a_few_statements(filled: Database) -> None:
    with filled.transaction() as s, _statements(filled) as seen:
        trend_series(s)
    assert len(seen) <= 4


def test_ten_years_take_a_few_statements(db: Database) -> None:
    """A regression to a query per row (the slow way with years of entries) shows here; the
    time itself is measured in benchmarks/."""
    fill(db, 3650, today=TODAY)
    with db.transaction() as s, _statements(db) as seen:
        page = entry_page(s, HistoryFilter(), 0, 200, with_counts=True)
        last = entry_page(s, HistoryFilter(text="sister"), 3000, 200)
    assert page.total is not None and page.total > 2900
    assert len(page.rows) == 200
    assert last.rows == [] or last.offset == 3000
    assert len(seen) <= 8
    with db.transaction() as s, _statements(db) as seen:
        trends = trend_series(s)
    assert len(trends.mood) > 2900
    assert len(seen) <= 4


@pytest.fixture
def new_york(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_session_runs_count_on_the_patients_calendar_day(db: Database, new_york: None) -> None:
    """A run stored as 02:30 UTC on 2 March began on the evening of 1 March in New York."""
    started = datetime(2026, 3, 2, 2, 30, tzinfo=UTC)
    with db.transaction() as s:
        s.add(
            m.TreatmentSession(
                route="iv",
                duration_s=3600,
                started_at=started,
                last_seen_at=started,
                elapsed_s=0.0,
                state="finished",
            )
        )
    with db.transaction() as s:
        assert trend_series(s).session_days == [date(2026, 3, 1)]
