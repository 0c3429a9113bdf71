"""The Trends tab: data loads off the GUI thread, the chart paints, the words match the data."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from html import escape

import pytest
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from companion.domain.measures import GAD7, PHQ9, describe_progress
from companion.export import charts
from companion.export.charts import ChartWindow, chart_colours, format_day
from companion.storage import models as m
from companion.storage.database import Database
from companion.storage.demo import fill
from companion.storage.history import Point
from companion.ui.context import AppContext
from companion.ui.history import HistoryScreen
from companion.ui.theme import load_theme
from tests.conftest import drain

TODAY = date(2026, 3, 15)


def _open_trends(qtbot: QtBot, ctx: AppContext) -> HistoryScreen:
    screen = HistoryScreen(ctx, today=lambda: TODAY)
    qtbot.addWidget(screen)
    screen.resize(1100, 900)
    screen.show()
    screen.on_shown()
    drain(ctx)
    assert screen.trends.chart.data is None  # not loaded until the tab is shown
    screen.tabs.setCurrentIndex(1)
    assert screen.trends.chart.data is None  # asked for, not waited for
    drain(ctx)
    return screen


def _totals(db: Database, instrument: str) -> list[int]:
    with db.transaction() as s:
        rows = s.execute(
            select(m.MeasureResponse.total)
            .where(m.MeasureResponse.instrument == instrument)
            .order_by(m.MeasureResponse.taken_at, m.MeasureResponse.id)
        )
        return [total for (total,) in rows]


def test_trends_load_when_the_tab_opens_and_say_it_in_words(
    qtbot: QtBot, ctx: AppContext, db: Database
) -> None:
    fill(db, 400, today=TODAY)
    screen = _open_trends(qtbot, ctx)
    chart, summary = screen.trends.chart, "\n".join(screen.trends.summary_lines)
    assert chart.data is not None and not chart.data.empty
    for instrument in (PHQ9, GAD7):
        totals = _totals(db, instrument)
        assert describe_progress(instrument, totals[0], totals[-1]) in summary
    assert chart.data.response is not None
    assert f"half of the baseline or less on {format_day(chart.data.response.day)}" in summary
    assert summary.startswith("Mood averaged ")
    assert chart.accessibleName() == "Trends chart"
    assert chart.accessibleDescription() == " ".join(screen.trends.summary_lines)
    shown = screen.trends.summary.text()
    assert all(escape(line) in shown for line in screen.trends.summary_lines)
    assert not chart.grab().isNull()


def test_the_range_buttons_change_what_the_chart_shows(
    qtbot: QtBot, ctx: AppContext, db: Database
) -> None:
    fill(db, 400, today=TODAY)
    screen = _open_trends(qtbot, ctx)
    chart = screen.trends.chart
    assert chart.span == "3m"
    before = chart.grab().toImage()
    screen.trends.range_buttons["all"].click()
    assert chart.span == "all"
    assert chart.grab().toImage() != before


def test_an_empty_history_has_a_kind_word_instead_of_charts(qtbot: QtBot, ctx: AppContext) -> None:
    screen = _open_trends(qtbot, ctx)
    assert screen.trends.summary_lines[0].startswith("Nothing to show yet.")
    assert not screen.trends.chart.grab().isNull()


def test_coming_back_reloads_the_trends(qtbot: QtBot, ctx: AppContext, db: Database) -> None:
    screen = _open_trends(qtbot, ctx)
    assert screen.trends.chart.data is not None and screen.trends.chart.data.empty
    fill(db, 30, today=TODAY)
    screen.on_shown()
    drain(ctx)
    assert not screen.trends.chart.data.empty


def test_ten_years_are_averaged_before_drawing(
    qtbot: QtBot, ctx: AppContext, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ten years of days are drawn as at most one point every couple of pixels (the speed of
    the drawing itself is measured in benchmarks/, not here)."""
    fill(db, 3650, today=TODAY)
    screen = _open_trends(qtbot, ctx)
    screen.trends.range_buttons["all"].click()
    drawn: list[tuple[int, int]] = []
    original = charts.decimate

    def counted(
        points: Sequence[Point], window: ChartWindow, every: str | None = None
    ) -> list[Point]:
        result = original(points, window, every)
        drawn.append((len(points), len(result)))
        return result

    monkeypatch.setattr(charts, "decimate", counted)
    screen.trends.chart.grab()
    assert max(given for given, _kept in drawn) > 3000  # the mood series: one point a day
    assert all(kept <= screen.trends.chart.width() / 2 for _given, kept in drawn)


def _contrast(a: QColor, b: QColor) -> float:
    def luminance(colour: QColor) -> float:
        channels = []
        for value in (colour.redF(), colour.greenF(), colour.blueF()):
            channels.append(value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4)
        red, green, blue = channels
        return 0.2126 * red + 0.7152 * green + 0.0722 * blue

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("name", ["light", "dark", "night"])
@pytest.mark.parametrize("high_contrast", [False, True])
def test_chart_lines_stand_out_in_every_theme(name: str, high_contrast: bool) -> None:
    """WCAG's 3:1 for graphics, for the lines against the chart and against each other's hue."""
    colours = chart_colours(load_theme(name, high_contrast).colours)
    for key in ("mood", "anxiety", "measure", "text", "response"):
        assert _contrast(colours[key], colours["background"]) >= 3, key
    assert colours["mood"].hslHue() != colours["anxiety"].hslHue()


@pytest.mark.allow_warning_logs
def test_a_failed_load_says_so_and_tries_again_next_time(
    qtbot: QtBot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(_session: object) -> None:
        raise OSError("disk unplugged")

    monkeypatch.setattr("companion.ui.trends.trend_series", broken)
    failures: list[BaseException] = []
    ctx.worker.failed.connect(failures.append)
    screen = _open_trends(qtbot, ctx)
    assert screen.trends.summary_lines == ["The trends could not be loaded just now."]
    assert [str(error) for error in failures] == ["disk unplugged"]
    assert screen.trends.stale
