"""The shared trend charts: drawn into a QImage (and a PDF) from real demo data."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPdfWriter

from companion.domain.journal import EntryDraft
from companion.domain.measures import GAD7, PHQ9, describe_progress
from companion.export import charts
from companion.export.charts import (
    DAILY,
    MONTHLY,
    RANGES,
    WEEKLY,
    ChartWindow,
    add_months,
    cadence,
    chart_colours,
    decimate,
    draw_measure_chart,
    draw_mood_chart,
    draw_trends,
    format_day,
    measure_gap,
    split_at_gaps,
    trend_summary,
    window_for,
)
from companion.storage.database import Database
from companion.storage.demo import fill
from companion.storage.history import Point, TrendSeries, trend_series
from companion.storage.journal import create_entry

TODAY = date(2026, 3, 15)
TOKENS = {
    "text": "#1f2328",
    "muted": "#4c535d",
    "surface": "#ffffff",
    "border": "#d6cfc4",
    "accent": "#2f6468",
}


@pytest.fixture
def trends(db: Database) -> TrendSeries:
    fill(db, 400, today=TODAY)
    with db.transaction() as s:
        return trend_series(s)


def _paint(draw: object, width: int = 900, height: int = 1100) -> QImage:
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(QColor(TOKENS["surface"]))
    painter = QPainter(image)
    font = QFont()
    font.setPointSizeF(11)
    painter.setFont(font)
    try:
        draw(painter, QRectF(10, 10, width - 20, height - 20))  # type: ignore[operator]
    finally:
        painter.end()
    return image


def _share_of(image: QImage, colour: QColor, tolerance: int = 24) -> float:
    """The share of sampled pixels close to ``colour``."""
    hits = total = 0
    for y in range(0, image.height(), 3):
        for x in range(0, image.width(), 3):
            pixel = image.pixelColor(x, y)
            total += 1
            if (
                abs(pixel.red() - colour.red())
                + abs(pixel.green() - colour.green())
                + abs(pixel.blue() - colour.blue())
                <= tolerance
            ):
                hits += 1
    return hits / total


def test_draw_trends_paints_both_lines_bands_and_text(qapp: object, trends: TrendSeries) -> None:
    colours = chart_colours(TOKENS)
    window = window_for(trends, "1y", TODAY)
    image = _paint(lambda p, r: draw_trends(p, r, trends, colours, window))
    assert _share_of(image, colours["mood"]) > 0.003
    assert _share_of(image, colours["anxiety"]) > 0.002
    assert _share_of(image, colours["text"], tolerance=60) > 0.001  # titles and labels
    assert _share_of(image, QColor(TOKENS["surface"]), tolerance=0) < 0.9


def test_an_empty_history_draws_its_message_not_a_blank(qapp: object) -> None:
    colours = chart_colours(TOKENS)
    window = ChartWindow(TODAY - timedelta(days=90), TODAY)
    image = _paint(lambda p, r: draw_trends(p, r, TrendSeries(), colours, window))
    assert _share_of(image, colours["mood"]) < 0.0005  # the legend's samples only
    assert _share_of(image, colours["muted"], tolerance=60) > 0


def test_the_response_marker_is_drawn_only_when_in_the_window(
    qapp: object, trends: TrendSeries
) -> None:
    assert trends.response is not None
    colours = chart_colours(TOKENS)
    around = ChartWindow(trends.response.day - timedelta(days=60), trends.response.day)
    without = TrendSeries(
        mood=trends.mood,
        anxiety=trends.anxiety,
        session_days=trends.session_days,
        measures=trends.measures,
        baselines=trends.baselines,
        latest=trends.latest,
    )

    def phq9(data: TrendSeries, window: ChartWindow) -> QImage:
        return _paint(lambda p, r: draw_measure_chart(p, r, data, PHQ9, colours, window), 700, 300)

    assert phq9(trends, around) != phq9(without, around)
    later = ChartWindow(TODAY - timedelta(days=30), TODAY)
    if not later.contains(trends.response.day):
        assert phq9(trends, later) == phq9(without, later)


def test_the_same_call_draws_into_a_pdf(qapp: object, trends: TrendSeries) -> None:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(1200)
    painter = QPainter(writer)
    window = window_for(trends, "all", TODAY)
    colours = chart_colours(TOKENS)
    page = QRectF(0, 0, writer.width(), writer.height() / 2)
    draw_mood_chart(painter, page, trends, colours, window)
    draw_measure_chart(painter, page.translated(0, page.height()), trends, GAD7, colours, window)
    painter.end()
    buffer.close()
    assert bytes(data).startswith(b"%PDF") and len(data) > 5000


def test_windows_for_each_range(trends: TrendSeries) -> None:
    assert set(RANGES) == {"3m", "1y", "all"}
    assert window_for(trends, "3m", TODAY) == ChartWindow(date(2025, 12, 16), TODAY)
    assert window_for(trends, "1y", TODAY) == ChartWindow(date(2025, 3, 16), TODAY)
    assert window_for(trends, "all", TODAY) == ChartWindow(trends.first_day(), TODAY)
    assert window_for(TrendSeries(), "all", TODAY).days == 30
    with pytest.raises(ValueError, match="range"):
        window_for(trends, "5y", TODAY)


def test_add_months_keeps_the_day_or_the_months_end() -> None:
    assert add_months(date(2026, 3, 31), -1) == date(2026, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2026, 1, 15), -13) == date(2024, 12, 15)


def test_cadence_follows_the_window_and_the_room() -> None:
    year = ChartWindow(date(2025, 3, 16), TODAY)
    decade = ChartWindow(date(2016, 3, 16), TODAY)
    assert cadence(year) == DAILY
    assert cadence(decade) == WEEKLY
    assert cadence(decade, max_points=600) == WEEKLY
    assert cadence(decade, max_points=200) == MONTHLY


def test_decimate_averages_weeks_and_months_inside_the_window() -> None:
    monday = date(2026, 3, 2)
    points = [Point(monday + timedelta(days=n), float(n)) for n in range(14)]
    window = ChartWindow(monday + timedelta(days=1), monday + timedelta(days=12))
    assert decimate(points, window, DAILY) == points[1:13]
    assert decimate(points, window, WEEKLY) == [
        Point(date(2026, 3, 5), 3.5),  # Tue..Sun of the first week: 1..6
        Point(date(2026, 3, 12), 9.5),  # Mon..Fri of the second: 7..12
    ]
    assert decimate(points, window, MONTHLY) == [Point(date(2026, 3, 15), 6.5)]


def test_the_summary_says_it_in_words(trends: TrendSeries) -> None:
    lines = trend_summary(trends)
    baseline, latest = trends.baselines[PHQ9], trends.latest[PHQ9]
    assert any(
        line.startswith(describe_progress(PHQ9, int(baseline.value), int(latest.value)))
        for line in lines
    )
    assert any(line.startswith("GAD-7 went from") or "GAD-7 stayed" in line for line in lines)
    assert trends.response is not None
    assert (
        f"PHQ-9 first reached half of the baseline or less on {format_day(trends.response.day)}"
        in "\n".join(lines)
    )
    recent = [p.value for p in trends.mood if (trends.mood[-1].day - p.day).days < 7]
    mean = sum(recent) / len(recent)
    assert lines[0] == (
        f"Mood averaged {mean:.1f} out of 10 in the week to {format_day(trends.mood[-1].day)}."
    )
    assert lines[-1].startswith(f"{len(trends.session_days)} session days recorded")


def test_an_empty_summary_says_what_to_do() -> None:
    assert trend_summary(TrendSeries()) == [
        "Nothing to show yet. Trends appear once you have written a few journal entries."
    ]


def test_format_day() -> None:
    assert format_day(date(2026, 3, 5)) == "5 Mar 2026"


def _weekly(start: date, count: int, value: float = 10.0) -> list[Point]:
    return [Point(start + timedelta(days=7 * n), value) for n in range(count)]


def _drawn_lines(
    monkeypatch: pytest.MonkeyPatch, data: TrendSeries, instrument: str, window: ChartWindow
) -> list[list[Point]]:
    """The pieces the check-in line of ``instrument`` is drawn in."""
    drawn: list[charts._Series] = []
    monkeypatch.setattr(charts, "_draw_series", lambda _style, _plot, s: drawn.append(s))
    _paint(lambda p, r: draw_measure_chart(p, r, data, instrument, chart_colours(TOKENS), window))
    (series,) = drawn
    return split_at_gaps(series.points, series.max_gap)


@pytest.mark.parametrize("days", [120, 420])  # daily points, then weekly averages
def test_check_in_lines_break_where_check_ins_stop_for_months(
    qapp: object, monkeypatch: pytest.MonkeyPatch, days: int
) -> None:
    """Review item 3: the PHQ-9 and GAD-7 lines ran straight across months without check-ins."""
    end = date(2026, 7, 31)
    start = end - timedelta(days=days - 1)
    before = _weekly(start, 6)
    after = _weekly(end - timedelta(days=7 * 5), 6, value=5.0)
    data = TrendSeries(measures={PHQ9: before + after, GAD7: before + after})
    window = ChartWindow(start, end)
    for instrument in (PHQ9, GAD7):
        parts = _drawn_lines(monkeypatch, data, instrument, window)
        assert [len(part) for part in parts] == [len(before), len(after)]
        monkeypatch.undo()


@pytest.mark.parametrize("spacing", [7, 14, 30])
def test_check_ins_at_their_usual_spacing_are_one_line(
    qapp: object, monkeypatch: pytest.MonkeyPatch, spacing: int
) -> None:
    """Weekly, fortnightly or monthly check-ins, one or two missed: the line goes on."""
    start = date(2026, 1, 5)
    points = [Point(start + timedelta(days=spacing * n), 8.0) for n in range(10) if n != 4]
    data = TrendSeries(measures={PHQ9: points})
    window = ChartWindow(start, points[-1].day)
    assert len(_drawn_lines(monkeypatch, data, PHQ9, window)) == 1
    assert measure_gap(points, DAILY) >= 2 * spacing


def _tick_labels(qapp: object, window: ChartWindow, width: float = 500) -> list[str]:
    image = QImage(10, 10, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        style = charts._Style(painter, chart_colours(TOKENS))
        return [text for _offset, text in charts._x_ticks(window, style, width)]
    finally:
        painter.end()


def test_a_short_window_has_dates_on_its_axis(qapp: object) -> None:
    """Review item 11: a "since my last session" report had no dates under its charts."""
    assert _tick_labels(qapp, ChartWindow(date(2026, 11, 10), date(2026, 11, 26))) == [
        "10 Nov 2026",
        "17 Nov",
        "24 Nov",
    ]
    assert _tick_labels(qapp, ChartWindow(date(2026, 11, 20), date(2026, 11, 20))) == [
        "20 Nov 2026"
    ]
    # A window over the new year names the year again; a wider chart has room for more days.
    new_year = ChartWindow(date(2026, 12, 20), date(2027, 1, 10))
    assert _tick_labels(qapp, new_year) == ["20 Dec 2026", "27 Dec", "3 Jan 2027", "10 Jan"]
    assert _tick_labels(qapp, new_year, 1500)[:4] == ["20 Dec 2026", "22 Dec", "24 Dec", "26 Dec"]
    # Windows with months in them keep month ticks.
    assert _tick_labels(qapp, ChartWindow(date(2026, 1, 15), date(2026, 4, 20))) == [
        "Feb 2026",
        "Mar",
        "Apr",
    ]


def test_one_check_in_is_not_said_to_have_stayed() -> None:
    point = Point(date(2026, 11, 20), 9)
    data = TrendSeries(measures={PHQ9: [point]}, baselines={PHQ9: point}, latest={PHQ9: point})
    lines = trend_summary(data)
    assert "One PHQ-9 so far: 9 (mild) on 20 Nov 2026." in lines
    assert not any("stayed" in line for line in lines)


def test_dates_in_year_1_and_9999_still_draw(qapp: object, db: Database) -> None:
    """Review 2 item 4: such dates, imported before imports refused them, made every repaint
    of the Trends tab and every PDF export raise."""
    with db.transaction() as session:
        for at in (datetime(1, 1, 1, 10), datetime(2026, 3, 1, 9), datetime(9999, 12, 31, 23)):
            create_entry(session, EntryDraft(mood=6, anxiety=3), entry_at=at)
        data = trend_series(session)
    colours = chart_colours(TOKENS)
    for span in RANGES:
        window = window_for(data, span, TODAY)
        image = _paint(lambda p, r, w=window: draw_trends(p, r, data, colours, w))
        assert _share_of(image, colours["text"], tolerance=60) > 0.001
    assert add_months(date(9999, 12, 15), 1) == date(9999, 12, 15)
    assert add_months(date(1, 1, 31), -1) == date(1, 1, 31)
    every_year = _tick_labels(qapp, ChartWindow(date(1, 1, 1), date(9999, 12, 31)))
    assert (every_year[0], every_year[-1]) == ("5", "9995")
