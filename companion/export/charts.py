"""Trend charts drawn with QPainter alone, so the Trends view and the PDF report share them.

Every function takes a ``QPainter`` already begun on some device (a widget, a ``QImage``, a
``QPdfWriter``), the ``QRectF`` to fill, the data and a colour dict (see ``chart_colours``).
Sizes follow the painter's font: text, line widths and gaps all scale from its line height,
so 200% text, a 96 dpi screen and a 1200 dpi PDF all come out in proportion.

Colour is never the only signal: mood is a solid line with round dots, anxiety a dashed line
with square dots, bands carry their names, and the response marker is labelled in words.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import MAXYEAR, date, timedelta
from functools import cache
from itertools import pairwise

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen, QPolygonF

from companion.domain.measures import (
    GAD7,
    PHQ9,
    band_for,
    band_ranges,
    describe_progress,
    get_instrument,
)
from companion.storage.history import Point, TrendSeries

Colours = Mapping[str, QColor]
"""Keys: background, text, muted, grid, mood, anxiety, session, measure, band, response."""

DAILY, WEEKLY, MONTHLY = "daily", "weekly", "monthly"
#: Windows longer than this are drawn as weekly means, or monthly ones where weeks would crowd
#: the width, so a ten-year line is a hundred or so points and paints at once.
DAILY_MAX_DAYS = 366
#: A line breaks where nothing was written for longer than this many days.
GAPS = {DAILY: 7, WEEKLY: 21, MONTHLY: 62}
#: A PHQ-9 or GAD-7 line breaks after this many of the patient's usual check-in intervals.
MEASURE_GAP_INTERVALS = 3
#: Windows with fewer month starts than this are labelled with days ("10 Nov", "17 Nov").
MONTH_TICKS_MIN = 2
#: The least room one averaged point gets, in line widths (see ``_Style.unit``).
POINT_ROOM = 4.0

RANGES: dict[str, str] = {"3m": "3 months", "1y": "1 year", "all": "All"}


@dataclass(frozen=True)
class ChartWindow:
    """The inclusive range of days a chart shows."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return max(1, (self.end - self.start).days + 1)

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


def add_months(day: date, months: int) -> date:
    """The same day of the month ``months`` later (or earlier), clamped to the month's end.

    Past year 1 or 9999 (an absurd date in an old database) it stays in the first or last month.
    """
    index = min(max(day.year * 12 + day.month - 1 + months, 12), MAXYEAR * 12 + 11)
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def window_for(data: TrendSeries, span: str, today: date) -> ChartWindow:
    """The window for a range key of ``RANGES``, ending today (or at later data)."""
    if span not in RANGES:
        raise ValueError(f"unknown range {span!r}: expected one of {', '.join(RANGES)}")
    end = max(today, data.last_day() or today)
    if span == "3m":
        return ChartWindow(add_months(end, -3) + timedelta(days=1), end)
    if span == "1y":
        return ChartWindow(add_months(end, -12) + timedelta(days=1), end)
    first = data.first_day() or end
    return ChartWindow(min(first, end - timedelta(days=29)), end)


def cadence(window: ChartWindow, max_points: float | None = None) -> str:
    """DAILY up to a year; then WEEKLY, or MONTHLY when there is no room for ``max_points``
    weekly points."""
    if window.days <= DAILY_MAX_DAYS:
        return DAILY
    if max_points is None or window.days / 7 <= max_points:
        return WEEKLY
    return MONTHLY


def _middle_of_bucket(day: date, every: str) -> date:
    """Where a mean belongs: mid-week (Thursday) or mid-month (the 15th)."""
    if every == WEEKLY:
        return day - timedelta(days=day.weekday()) + timedelta(days=3)
    return day.replace(day=15)


def decimate(points: Sequence[Point], window: ChartWindow, every: str | None = None) -> list[Point]:
    """The points inside the window, as they are (DAILY) or one mean per week or month.

    ``every`` defaults to ``cadence(window)``.
    """
    every = every or cadence(window)
    inside = [p for p in points if window.contains(p.day)]
    if every == DAILY:
        return inside
    buckets: dict[date, list[float]] = defaultdict(list)
    for point in inside:
        buckets[_middle_of_bucket(point.day, every)].append(point.value)
    return [Point(day, sum(values) / len(values)) for day, values in buckets.items()]


def _lightness_between(a: QColor, b: QColor, share_of_a: float) -> float:
    return a.lightnessF() * share_of_a + b.lightnessF() * (1 - share_of_a)


def chart_colours(tokens: Mapping[str, str]) -> dict[str, QColor]:
    """Chart colours from theme tokens (``Theme.colours``: text, muted, surface, border, accent).

    Anxiety takes a muted violet whose lightness sits between text and background, so it reads
    on light, dark and night themes alike and never looks like an alarm.
    """
    text, surface = QColor(tokens["text"]), QColor(tokens["surface"])
    accent = QColor(tokens["accent"])
    violet = QColor.fromHslF(0.78, 0.4, _lightness_between(text, surface, 0.7))
    return {
        "background": surface,
        "text": text,
        "muted": QColor(tokens["muted"]),
        "grid": QColor(tokens["border"]),
        "mood": accent,
        "anxiety": violet,
        "session": QColor(tokens["muted"]),
        "measure": accent,
        "band": accent,
        "response": text,
    }


# --- drawing helpers --------------------------------------------------------------------------


@contextmanager
def _saved(painter: QPainter) -> Iterator[None]:
    painter.save()
    try:
        yield
    finally:
        painter.restore()


def _scaled(font: QFont, factor: float, bold: bool = False) -> QFont:
    scaled = QFont(font)
    if font.pointSizeF() > 0:
        scaled.setPointSizeF(font.pointSizeF() * factor)
    else:
        scaled.setPixelSize(max(1, round(font.pixelSize() * factor)))
    scaled.setBold(bold)
    return scaled


class _Style:
    """Fonts and sizes for one drawing, derived from the painter's font and device."""

    def __init__(self, painter: QPainter, colours: Colours) -> None:
        self.painter = painter
        self.colours = colours
        base = painter.font()
        self.title = _scaled(base, 1.0, bold=True)
        self.small = _scaled(base, 0.9)
        device = painter.device()
        self.title_fm = QFontMetricsF(self.title, device)
        self.small_fm = QFontMetricsF(self.small, device)
        self.line = self.small_fm.height()
        self.unit = self.line / 16  # about one pixel at 100% text on a screen

    def cadence(self, rect: QRectF, window: ChartWindow) -> str:
        """The same for every panel of one width, so stacked charts average alike."""
        return cadence(window, rect.width() * 0.75 / (POINT_ROOM * self.unit))

    def pen(self, key: str, width: float, style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> QPen:
        pen = QPen(self.colours[key], width * self.unit, style)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        return pen

    def text(
        self, rect: QRectF, flags: Qt.AlignmentFlag | int, text: str, key: str = "muted"
    ) -> None:
        self.painter.setPen(self.colours[key])
        self.painter.drawText(rect, int(flags), text)


@dataclass(frozen=True)
class _Series:
    """One line: its points, its look and when to break it."""

    points: list[Point]
    colour: str
    dashed: bool
    marker: str  # "circle" or "square"
    max_gap: int
    """Days without a point after which the line breaks."""


@dataclass(frozen=True)
class _LegendItem:
    kind: str  # "line", "dash", "tick", "response", "band"
    colour: str
    label: str


class _Plot:
    """Maps days and values onto a plot rectangle."""

    def __init__(self, rect: QRectF, window: ChartWindow, low: float, high: float) -> None:
        self.rect, self.window, self.low, self.high = rect, window, low, high

    def x(self, day: date) -> float:
        offset = (day - self.window.start).days + 0.5
        return self.rect.left() + offset / self.window.days * self.rect.width()

    def y(self, value: float) -> float:
        share = (value - self.low) / (self.high - self.low)
        return self.rect.bottom() - share * self.rect.height()


def _draw_legend(style: _Style, rect: QRectF, items: Sequence[_LegendItem]) -> float:
    """Legend items flowing over as many lines as the width needs; returns the height used."""
    painter, fm, line = style.painter, style.small_fm, style.line
    sample = line * 1.6
    x, y = rect.left(), rect.top()
    painter.setFont(style.small)
    for item in items:
        width = sample + line * 0.4 + fm.horizontalAdvance(item.label)
        if x > rect.left() and x + width > rect.right():
            x, y = rect.left(), y + line * 1.2
        # A label longer than the whole line (a narrow window at large text) is shortened.
        room = rect.right() - x - sample - line * 0.4
        label = fm.elidedText(item.label, Qt.TextElideMode.ElideRight, room)
        middle = y + line / 2
        if item.kind in ("line", "dash"):
            dash = Qt.PenStyle.DashLine if item.kind == "dash" else Qt.PenStyle.SolidLine
            painter.setPen(style.pen(item.colour, 2.5, dash))
            painter.drawLine(QLineF(x, middle, x + sample, middle))
        elif item.kind == "tick":
            painter.setPen(style.pen(item.colour, 2))
            painter.drawLine(QLineF(x + sample / 2, y + line * 0.2, x + sample / 2, y + line * 0.8))
        elif item.kind == "response":
            painter.setPen(style.pen(item.colour, 2, Qt.PenStyle.DashLine))
            painter.drawLine(QLineF(x + sample / 2, y, x + sample / 2, y + line))
        style.text(
            QRectF(x + sample + line * 0.4, y, width, line),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            label,
            "text",
        )
        x += width + line
    return y + line * 1.2 - rect.top()


def _month_starts(window: ChartWindow) -> int:
    """How many first days of a month fall in the window."""
    first = add_months(date(window.start.year, window.start.month, 1), 1)
    if window.start.day == 1:
        first = window.start
    months = (window.end.year - first.year) * 12 + window.end.month - first.month + 1
    return max(0, months)


def _day_ticks(window: ChartWindow, style: _Style, width: float) -> list[tuple[float, str]]:
    """Every day, every other day or every week or fortnight from the window's first day,
    at the middle of each day (where its points are); the year on the first and in January."""
    widest = style.small_fm.horizontalAdvance("28 Sep 2029") + style.line
    step = next((n for n in (1, 2, 7) if width * n / window.days >= widest), 14)
    ticks: list[tuple[float, str]] = []
    year = None
    for offset in range(0, window.days, step):
        day = window.start + timedelta(days=offset)
        ticks.append((offset + 0.5, format_day(day) if day.year != year else f"{day.day} {day:%b}"))
        year = day.year
    return ticks


def _x_ticks(window: ChartWindow, style: _Style, width: float) -> list[tuple[float, str]]:
    """Month or year ticks, as dense as the labels allow without touching; day ticks when
    fewer than two months start in the window (a report since the last session).

    Each is (days from the window's start, label).
    """
    if _month_starts(window) < MONTH_TICKS_MIN:
        return _day_ticks(window, style, width)
    widest = style.small_fm.horizontalAdvance("Sep 2029") + style.line
    # Months counted as year * 12 + month - 1: the first month start in the window, the last.
    first = window.start.year * 12 + window.start.month - 1 + (window.start.day > 1)
    last = window.end.year * 12 + window.end.month - 1
    for step in (1, 2, 3, 6, 12, 24, 60):
        starts = range(-(-first // step) * step, last + 1, step)
        ticks = [date(index // 12, index % 12 + 1, 1) for index in starts]
        room = width * step * 28 / window.days
        if room >= widest or len(ticks) <= 1:
            break
    labels = []
    for n, day in enumerate(ticks):
        offset = float((day - window.start).days)  # the month's first day starts here
        if step >= 12:
            labels.append((offset, str(day.year)))
        else:
            labels.append((offset, f"{day:%b %Y}" if n == 0 or day.month == 1 else f"{day:%b}"))
    return labels


def _draw_frame(
    style: _Style,
    plot: _Plot,
    y_labels: Sequence[float],
    label: Callable[[float], str],
    *,
    grid: bool = True,
) -> None:
    """Values on the left (with grid lines across), and the day, month or year ticks below."""
    painter, rect, line = style.painter, plot.rect, style.line
    painter.setFont(style.small)
    painter.setPen(style.pen("grid", 1))
    painter.drawLine(QLineF(rect.left(), rect.bottom(), rect.right(), rect.bottom()))
    for value in y_labels:
        y = plot.y(value)
        painter.setPen(style.pen("grid", 1))
        if grid:
            painter.drawLine(QLineF(rect.left(), y, rect.right(), y))
        else:
            painter.drawLine(QLineF(rect.left() - line * 0.3, y, rect.left(), y))
        style.text(
            QRectF(rect.left() - line * 3, y - line / 2, line * 2.6, line),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            label(value),
        )
    for offset, text in _x_ticks(plot.window, style, rect.width()):
        x = rect.left() + offset / plot.window.days * rect.width()
        painter.setPen(style.pen("grid", 1))
        painter.drawLine(QLineF(x, rect.bottom(), x, rect.bottom() + line * 0.35))
        width = style.small_fm.horizontalAdvance(text) + line
        left = min(max(x - width / 2, rect.left() - line), rect.right() - width + line)
        style.text(
            QRectF(left, rect.bottom() + line * 0.35, width, line * 1.1),
            Qt.AlignmentFlag.AlignCenter,
            text,
        )


def split_at_gaps(points: Sequence[Point], max_gap: int) -> list[list[Point]]:
    """The pieces a line is drawn in, broken where points stop for longer than ``max_gap``
    days: a straight line across the gap would look like values that were never recorded."""
    parts: list[list[Point]] = []
    previous: date | None = None
    for point in points:
        if previous is None or (point.day - previous).days > max_gap:
            parts.append([])
        parts[-1].append(point)
        previous = point.day
    return parts


def measure_gap(points: Sequence[Point], every: str) -> int:
    """Days without a check-in after which a PHQ-9 or GAD-7 line breaks: three of the patient's
    usual intervals (the median), and never less than twice the mood line's gap, as check-ins
    come weekly or fortnightly, not daily."""
    intervals = sorted((b.day - a.day).days for a, b in pairwise(points))
    usual = intervals[len(intervals) // 2] if intervals else 0
    return max(2 * GAPS[every], MEASURE_GAP_INTERVALS * usual)


def _segments(series: _Series, plot: _Plot) -> list[list[QPointF]]:
    return [
        [QPointF(plot.x(point.day), plot.y(point.value)) for point in part]
        for part in split_at_gaps(series.points, series.max_gap)
    ]


def _draw_series(style: _Style, plot: _Plot, series: _Series) -> None:
    painter = style.painter
    dash = Qt.PenStyle.DashLine if series.dashed else Qt.PenStyle.SolidLine
    with _saved(painter):
        painter.setClipRect(plot.rect.adjusted(-style.line, -style.line, style.line, style.line))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(style.pen(series.colour, 2.5, dash))
        parts = _segments(series, plot)
        for part in parts:
            if len(part) > 1:
                painter.drawPolyline(QPolygonF(part))
        size = 7.0
        if not series.points or plot.rect.width() / len(series.points) < style.unit * size * 2:
            return  # too dense for dots: the line alone reads better
        # Dots are wide pen points (one call for all): a ring of background, then the colour.
        cap = Qt.PenCapStyle.RoundCap if series.marker == "circle" else Qt.PenCapStyle.SquareCap
        dots = QPolygonF([p for part in parts for p in part])
        for key, width in (("background", size + 3), (series.colour, size)):
            pen = style.pen(key, width)
            pen.setCapStyle(cap)
            painter.setPen(pen)
            painter.drawPoints(dots)


def _draw_empty(style: _Style, plot: _Plot, text: str) -> None:
    style.painter.setFont(style.small)
    style.text(plot.rect, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, text)


def _gutter_width(style: _Style, rect: QRectF) -> float:
    """The right margin for band names and line ends: the same in every panel of one width,
    so the time axes of stacked charts line up."""
    names = [name for instrument in (PHQ9, GAD7) for *_range, name in band_ranges(instrument)]
    widest = max(style.small_fm.horizontalAdvance(name) for name in names)
    return min(widest + style.line * 0.8, rect.width() * 0.3)


class _Panel:
    """Title, legend, then the plot area of one chart inside ``rect``; the gutter on its right."""

    def __init__(
        self, style: _Style, rect: QRectF, title: str, legend: Sequence[_LegendItem]
    ) -> None:
        line = style.line
        gutter = _gutter_width(style, rect)
        # The title wraps where the chart is narrow (a small window at large text).
        flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop) | int(
            Qt.TextFlag.TextWordWrap
        )
        title_rect = style.title_fm.boundingRect(
            QRectF(rect.left(), rect.top(), rect.width(), rect.height()), flags, title
        )
        title_rect.setWidth(rect.width())
        with _saved(style.painter):
            style.painter.setFont(style.title)
            style.text(title_rect, flags, title, "text")
        top = rect.top() + title_rect.height() + line * 0.3
        top += _draw_legend(style, QRectF(rect.left(), top, rect.width(), line), legend)
        left = rect.left() + line * 3
        self.plot_rect = QRectF(
            QPointF(left, top + line * 0.6),
            QPointF(rect.right() - gutter, rect.bottom() - line * 1.6),
        )
        self.gutter = QRectF(
            QPointF(self.plot_rect.right() + line * 0.4, self.plot_rect.top()),
            QPointF(rect.right(), self.plot_rect.bottom()),
        )


def _axis_number(value: float) -> str:
    return str(round(value))


def draw_mood_chart(
    painter: QPainter, rect: QRectF, data: TrendSeries, colours: Colours, window: ChartWindow
) -> None:
    """Mood and anxiety (daily, or weekly or monthly means for long windows) with session days
    as ticks along the bottom."""
    style = _Style(painter, colours)
    with _saved(painter):
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        every = style.cadence(rect, window)
        legend = [
            _LegendItem("line", "mood", "Mood (0 very low, 10 very good)"),
            _LegendItem("dash", "anxiety", "Anxiety (0 calm, 10 very anxious)"),
            _LegendItem("tick", "session", "Session day"),
        ]
        title = "Mood and anxiety, " + ("daily" if every == DAILY else f"{every} averages")
        panel = _Panel(style, rect, title, legend)
        # A little room above 10 and below 0, so a line at the edge is not hidden by the frame.
        plot = _Plot(panel.plot_rect, window, -0.4, 10.4)
        _draw_frame(style, plot, (0, 5, 10), _axis_number)
        lines = (
            _Series(decimate(data.mood, window, every), "mood", False, "circle", GAPS[every]),
            _Series(decimate(data.anxiety, window, every), "anxiety", True, "square", GAPS[every]),
        )
        if not any(series.points for series in lines):
            _draw_empty(style, plot, "No mood or anxiety entries in this period.")
        _draw_session_ticks(style, plot, data.session_days)
        for series in lines:
            _draw_series(style, plot, series)
        _draw_line_ends(style, plot, panel.gutter, {"Mood": lines[0], "Anxiety": lines[1]})


def _draw_session_ticks(style: _Style, plot: _Plot, days: Sequence[date]) -> None:
    """Short ticks up from the bottom edge; thinner when years of sessions crowd together, so
    they stay separate marks instead of merging into a bar."""
    ticks = [plot.x(day) for day in days if plot.window.contains(day)]
    if not ticks:
        return
    room = plot.rect.width() / len(ticks)
    style.painter.setPen(style.pen("session", max(0.75, min(2.0, room / style.unit / 3))))
    bottom, top = plot.rect.bottom(), plot.rect.bottom() - style.line * 0.6
    style.painter.drawLines([QLineF(x, bottom, x, top) for x in ticks])


def _value_text(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:.1f}"


def _draw_line_ends(
    style: _Style, plot: _Plot, gutter: QRectF, named: Mapping[str, _Series]
) -> None:
    """Each line's name and last value beside its end, nudged apart so they never overlap."""
    line = style.line
    ends = sorted(
        (plot.y(series.points[-1].value), f"{name} {_value_text(series.points[-1].value)}")
        for name, series in named.items()
        if series.points
    )
    style.painter.setFont(style.small)
    previous = -float("inf")
    for y, text in ends:
        y = max(y, previous + line)
        previous = y
        label = style.small_fm.elidedText(text, Qt.TextElideMode.ElideRight, gutter.width())
        style.text(
            QRectF(gutter.left(), y - line / 2, gutter.width(), line),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            label,
            "text",
        )


def _draw_bands(style: _Style, plot: _Plot, instrument: str, gutter: QRectF) -> None:
    """Soft shading per band, stronger as the band is higher, its name in the right gutter."""
    painter = style.painter
    bands = band_ranges(instrument)
    for n, (low, high, name) in enumerate(bands):
        top = plot.y(min(high + 0.5, plot.high))
        bottom = plot.y(max(low - 0.5, plot.low))
        shade = QColor(style.colours["band"])
        shade.setAlphaF(0.04 + 0.16 * n / max(1, len(bands) - 1))
        painter.fillRect(QRectF(plot.rect.left(), top, plot.rect.width(), bottom - top), shade)
        if bottom - top >= style.line * 0.9:
            painter.setFont(style.small)
            text = style.small_fm.elidedText(name, Qt.TextElideMode.ElideRight, gutter.width())
            style.text(
                QRectF(gutter.left(), top, gutter.width(), bottom - top),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                text,
            )


def _draw_response(style: _Style, plot: _Plot, response: Point, baseline: Point) -> None:
    """A dashed vertical line where PHQ-9 first reached half of the baseline, said in words."""
    painter, line = style.painter, style.line
    x = plot.x(response.day)
    with _saved(painter):
        painter.setPen(style.pen("response", 2, Qt.PenStyle.DashLine))
        painter.drawLine(QLineF(x, plot.rect.top(), x, plot.rect.bottom()))
        painter.setFont(style.small)
        for text in (
            f"Response: {int(response.value)}, half of {int(baseline.value)} or less",
            "Response",
        ):
            width = style.small_fm.horizontalAdvance(text) + line * 0.6
            if width <= max(plot.rect.right() - x, x - plot.rect.left()) - line * 0.3:
                break
        fits_right = plot.rect.right() - x >= width + line * 0.3
        left = x + line * 0.3 if fits_right else x - width - line * 0.3
        box = QRectF(left, plot.rect.top() + line * 0.2, width, line * 1.2)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(style.colours["background"])
        painter.drawRoundedRect(box, line * 0.25, line * 0.25)
        style.text(box, Qt.AlignmentFlag.AlignCenter, text, "text")


def draw_measure_chart(
    painter: QPainter,
    rect: QRectF,
    data: TrendSeries,
    instrument: str,
    colours: Colours,
    window: ChartWindow,
) -> None:
    """PHQ-9 or GAD-7 totals over their bands; for PHQ-9 also the response marker."""
    definition = get_instrument(instrument)
    style = _Style(painter, colours)
    with _saved(painter):
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        response = data.response if instrument == PHQ9 else None
        legend = [_LegendItem("line", "measure", f"{instrument} total")]
        if response is not None and window.contains(response.day):
            legend.append(_LegendItem("response", "response", "Response: half of baseline or less"))
        every = style.cadence(rect, window)
        averaged = "" if every == DAILY else f", {every} averages"
        title = f"{instrument} total (0 to {definition.max_total}){averaged}, shaded by band"
        panel = _Panel(style, rect, title, legend)
        plot = _Plot(panel.plot_rect, window, 0, definition.max_total)
        _draw_bands(style, plot, instrument, panel.gutter)
        # No grid here: the band edges already divide the plot.
        lows = [low for low, _high, _name in definition.bands]
        _draw_frame(style, plot, lows, _axis_number, grid=False)
        points = decimate(data.measures.get(instrument, []), window, every)
        if not points:
            _draw_empty(style, plot, f"No {instrument} check-ins in this period.")
        gap = measure_gap(points, every)
        _draw_series(style, plot, _Series(points, "measure", False, "circle", gap))
        baseline = data.baselines.get(instrument)
        if response is not None and baseline is not None and window.contains(response.day):
            _draw_response(style, plot, response, baseline)


def trends_height(line_height: float) -> float:
    """A comfortable height for ``draw_trends``, given the line height of the painter's font."""
    return line_height * 44


def draw_trends(
    painter: QPainter, rect: QRectF, data: TrendSeries, colours: Colours, window: ChartWindow
) -> None:
    """Mood and anxiety, then PHQ-9, then GAD-7, stacked in ``rect``."""
    gap = QFontMetricsF(painter.font(), painter.device()).height() * 1.2
    usable = rect.height() - 2 * gap
    heights = (usable * 0.36, usable * 0.32, usable * 0.32)
    top = rect.top()
    for n, height in enumerate(heights):
        part = QRectF(rect.left(), top, rect.width(), height)
        if n == 0:
            draw_mood_chart(painter, part, data, colours, window)
        else:
            draw_measure_chart(painter, part, data, (PHQ9, GAD7)[n - 1], colours, window)
        top += height + gap


# --- the words under the chart ----------------------------------------------------------------


@cache
def format_day(day: date) -> str:
    """ "26 Nov 2026": day, abbreviated month, year; no zero padding.

    Remembered: a report's tables and notes name the same days thousands of times, and every
    ``strftime`` looks up the time module through ``__import__``, which PySide6 hooks in Python.
    """
    return f"{day.day} {day:%b %Y}"


def _week_mean(points: Sequence[Point]) -> tuple[float, date] | None:
    if not points:
        return None
    last = points[-1].day
    recent = [p.value for p in points if (last - p.day).days < 7]
    return sum(recent) / len(recent), last


def trend_summary(data: TrendSeries) -> list[str]:
    """Plain sentences for what the charts show (under the chart, and as its description)."""
    if data.empty:
        return ["Nothing to show yet. Trends appear once you have written a few journal entries."]
    lines = []
    for name, points in (("Mood", data.mood), ("Anxiety", data.anxiety)):
        found = _week_mean(points)
        if found is not None:
            mean, last = found
            lines.append(f"{name} averaged {mean:.1f} out of 10 in the week to {format_day(last)}.")
    for instrument in (PHQ9, GAD7):
        baseline, latest = data.baselines.get(instrument), data.latest.get(instrument)
        if baseline is None or latest is None:
            continue
        if baseline.day == latest.day and len(data.measures.get(instrument, [])) <= 1:
            total = int(latest.value)
            lines.append(
                f"One {instrument} so far: {total} ({band_for(instrument, total)}) on "
                f"{format_day(latest.day)}."
            )
            continue
        words = describe_progress(instrument, int(baseline.value), int(latest.value))
        lines.append(
            f"{words} First check-in {format_day(baseline.day)}, latest {format_day(latest.day)}."
        )
        if instrument == PHQ9 and data.response is not None:
            lines.append(
                f"PHQ-9 first reached half of the baseline or less on "
                f"{format_day(data.response.day)}, with a total of {int(data.response.value)}."
            )
    if data.session_days:
        count = len(data.session_days)
        lines.append(
            f"{count} session {'day' if count == 1 else 'days'} recorded, the latest on "
            f"{format_day(data.session_days[-1])}."
        )
    return lines
