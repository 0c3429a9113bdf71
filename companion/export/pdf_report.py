"""The PDF report a clinician reads in two minutes, drawn with Qt's own PDF writer (vector).

Summary first, lists last, so the first two pages read in two minutes. Page 1: who and which
dates, the summary (sessions, mood trend, latest PHQ-9 and GAD-7 with bands and change from
baseline), a calm flag when PHQ-9 item 9 was answered above 0 (the latest answer first), the
course (series, its own progress, the goals and their ratings) and the latest shared notes (a
long one cut to its first lines). Then the trend charts (``charts``, shared with the History
screen) and the side-effect counts. Last, under "Full record": the session table, the
check-in history with bands, every shared note, and private reflections only when the patient
included them. Every page says it is self-reported, and "Page 2 of 5".

Needs a QGuiApplication (fonts); the command line starts an offscreen one.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QLocale, QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPageLayout, QPageSize, QPainter, QPdfWriter, QPen

from companion.domain.journal import Severity
from companion.domain.measures import (
    ANSWER_OPTIONS,
    GAD7,
    PERMISSION,
    PHQ9,
    band_ranges,
    describe_progress,
    get_instrument,
)
from companion.export.charts import (
    ChartWindow,
    chart_colours,
    draw_measure_chart,
    draw_mood_chart,
    format_day,
)
from companion.export.dataset import PHQ9_ITEM9, Dataset, ExportCancelled, Measure, SessionRun
from companion.export.files import (
    Cancelled,
    Progress,
    never_cancelled,
    no_progress,
    write_atomically,
)
from companion.export.pdf_layout import (
    ACCENT,
    FLAG,
    FLAG_SOFT,
    INK,
    MUTED,
    RULE,
    SOFT,
    Column,
    Draw,
    Fonts,
    Pager,
    Table,
    callout,
    clip_lines,
    font_family,
    paragraph,
    table,
    text_draw,
    wrap,
)

TITLE = "Self-report summary"
SUBTITLE = "Ketamine-assisted therapy: mood, check-ins and sessions the patient recorded"
SELF_REPORTED = "Self-reported by the patient with Companion; not a clinical record."
TREND_WEEKS = 4
MOOD_CHART, MEASURE_CHARTS = 190, 175  # heights in points
LATEST_NOTES = 5
"""Shared notes quoted in the summary part; all of them follow in the full record."""
NOTE_PREVIEW_LINES = 3
"""Lines of each note the summary quotes; the full record has every word."""
NOTE_INDENT = 78
"""Points from the margin to a dated text, room for its date."""
RECENT_FLAGS = 5
"""PHQ-9 item 9 answers above 0 named in the summary, latest first; the table has them all."""

# Where paper is US Letter; everywhere else A4.
_LETTER = {
    QLocale.Country.UnitedStates,
    QLocale.Country.Canada,
    QLocale.Country.Mexico,
    QLocale.Country.Philippines,
    QLocale.Country.Chile,
    QLocale.Country.Colombia,
    QLocale.Country.Venezuela,
    QLocale.Country.CostaRica,
    QLocale.Country.Guatemala,
    QLocale.Country.ElSalvador,
    QLocale.Country.DominicanRepublic,
    QLocale.Country.PuertoRico,
    QLocale.Country.Panama,
}


def page_size(locale: QLocale | None = None) -> QPageSize:
    territory = (locale or QLocale()).territory()
    letter = territory in _LETTER
    return QPageSize(QPageSize.PageSizeId.Letter if letter else QPageSize.PageSizeId.A4)


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _number(value: int | None) -> str:
    return "–" if value is None else str(value)


def _plural(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


def _answer_label(value: int) -> str:
    return next(o.label for o in ANSWER_OPTIONS if o.value == value)


class _Report:
    def __init__(self, data: Dataset, writer: QPdfWriter) -> None:
        self.data = data
        self.fonts = Fonts(font_family(), writer)
        pt = self.fonts.points
        self.page = QRectF(0, 0, writer.width(), writer.height())
        margin = pt(46)
        self.header_band = pt(26)
        self.footer_band = pt(30)
        self.pager = Pager(
            QRectF(
                margin,
                margin + self.header_band,
                self.page.width() - 2 * margin,
                self.page.height() - 2 * margin - self.header_band - self.footer_band,
            )
        )
        self.body = self.fonts.font(9.5)
        self.small = self.fonts.font(8)
        self.small_bold = self.fonts.font(8, bold=True)
        self.span = data.span()
        self.note_pages: list[int] = []
        """The page each shared note starts on in the full record, by ``shared_notes`` index."""
        self.empty = not (data.rows or data.sessions or data.measures)

    # --- words ------------------------------------------------------------------------------
    def period(self) -> str:
        """The dates asked for (open ends: the first or last day with data)."""
        start, end = self.data.date_from, self.data.date_to
        if self.span is not None:
            start, end = self.span
        if start is not None and end is not None:
            return f"{format_day(start)} – {format_day(end)}"
        if start is not None:
            return f"{format_day(start)} onwards"
        if end is not None:
            return f"until {format_day(end)}"
        return "all dates"

    def period_line(self) -> str:
        empty = "; nothing recorded in this period" if self.empty else ""
        return f"Period: {self.period()}{empty}"

    def mood_trend(self) -> tuple[float, float, int] | None:
        """Mean daily mood in the first and last weeks of the range, and the weeks compared."""
        points = self.data.trends.mood
        if not points:
            return None
        first, last = points[0].day, points[-1].day
        weeks = min(TREND_WEEKS, ((last - first).days + 1) // 14)
        if weeks < 1:
            return None
        days = timedelta(days=7 * weeks)
        early = _mean([p.value for p in points if p.day < first + days])
        late = _mean([p.value for p in points if p.day > last - days])
        if early is None or late is None:
            return None
        return early, late, weeks

    def progress_sentence(self, instrument: str) -> str | None:
        baseline = self.data.trends.baselines.get(instrument)
        latest = self.data.measures_of(instrument)
        if baseline is None or not latest:
            return None
        if len(latest) == 1 and baseline.day == latest[0].taken_at.date():
            # The baseline is this very check-in: there is nothing to compare it with.
            only, day = latest[0], format_day(baseline.day)
            return f"One {instrument}: {only.total} ({only.band}) on {day}."
        words = describe_progress(instrument, int(baseline.value), latest[-1].total)
        return (
            f"{words} Baseline {format_day(baseline.day)}, latest "
            f"{format_day(latest[-1].taken_at.date())} ({latest[-1].band})."
        )

    # --- blocks -------------------------------------------------------------------------------
    def heading(self, text: str, keep: float = 60) -> None:
        """A section title, kept on one page with ``keep`` points of what follows."""
        font = self.fonts.font(12.5, bold=True)
        metrics = self.fonts.metrics(font)
        pt = self.fonts.points
        self.pager.gap(pt(14))
        self.pager.ensure(metrics.height() + pt(12) + pt(keep))
        self._ruled_title(text, font, ACCENT, QPen(RULE, pt(0.8)), pt(3), metrics.height() + pt(8))
        self.pager.gap(pt(4))

    def _ruled_title(
        self, text: str, font: QFont, colour: QColor, rule: QPen, inset: float, height: float
    ) -> None:
        """``text`` over a rule across the page, ``inset`` above the bottom of ``height``."""
        ascent = self.fonts.metrics(font).ascent()

        def draw(painter: QPainter, rect: QRectF) -> None:
            painter.setFont(font)
            painter.setPen(colour)
            painter.drawText(QPointF(rect.left(), rect.top() + ascent), text)
            painter.setPen(rule)
            y = rect.bottom() - inset
            painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))

        self.pager.place(height, draw)

    def text(self, words: str, *, small: bool = False, colour: QColor = INK) -> None:
        paragraph(self.pager, self.fonts, words, self.small if small else self.body, colour)

    def bullets(self, sentences: Sequence[str]) -> None:
        pt = self.fonts.points
        for sentence in sentences:
            paragraph(
                self.pager,
                self.fonts,
                sentence,
                self.body,
                INK,
                left=pt(12),
                label=("•", self.body),
            )
            self.pager.gap(pt(2.5))

    def title(self) -> None:
        pt, fonts = self.fonts.points, self.fonts
        big = fonts.font(20, bold=True)
        name_font = fonts.font(11, bold=True)
        height = pt(70)

        def draw(painter: QPainter, rect: QRectF) -> None:
            painter.setFont(big)
            painter.setPen(INK)
            top = rect.top() + fonts.metrics(big).ascent()
            painter.drawText(QPointF(rect.left(), top), TITLE)
            if self.data.patient:
                label = f"Patient: {self.data.patient}"
                width = fonts.metrics(name_font).horizontalAdvance(label) + pt(20)
                box = QRectF(rect.right() - width, rect.top(), width, pt(24))
                painter.setPen(QPen(RULE, pt(0.8)))
                painter.setBrush(SOFT)
                painter.drawRoundedRect(box, pt(4), pt(4))
                painter.setFont(name_font)
                painter.setPen(INK)
                painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), label)
            painter.setFont(self.body)
            painter.setPen(MUTED)
            line = fonts.metrics(self.body).lineSpacing()
            painter.drawText(QPointF(rect.left(), top + pt(18)), SUBTITLE)
            prepared = format_day(self.data.created.date())
            painter.drawText(
                QPointF(rect.left(), top + pt(18) + line * 1.25),
                f"{self.period_line()}     Prepared: {prepared}",
            )
            painter.setPen(QPen(ACCENT, pt(1.6)))
            painter.drawLine(
                QPointF(rect.left(), rect.bottom() - pt(2)),
                QPointF(rect.right(), rect.bottom() - pt(2)),
            )

        self.pager.place(height, draw)
        self.pager.gap(pt(6))
        self.text(SELF_REPORTED, small=True, colour=MUTED)

    def tiles(self) -> None:
        pt = self.fonts.points
        tiles = [
            self.sessions_tile(),
            self.mood_tile(),
            self.measure_tile(PHQ9),
            self.measure_tile(GAD7),
        ]
        label_font, value_font = self.fonts.font(7.5, bold=True), self.fonts.font(17, bold=True)
        detail_font = self.small
        gap = pt(8)
        width = (self.pager.frame.width() - gap * (len(tiles) - 1)) / len(tiles)
        detail_spacing = self.fonts.metrics(detail_font).lineSpacing() * 1.1
        wrapped = [
            [
                line
                for text in details
                for line in wrap(text, detail_font, width - pt(16), self.fonts)
            ]
            for _label, _value, details in tiles
        ]
        height = pt(50) + max(len(lines) for lines in wrapped) * detail_spacing + pt(8)

        def draw(painter: QPainter, rect: QRectF) -> None:
            for n, ((label, value, _details), lines) in enumerate(zip(tiles, wrapped, strict=True)):
                box = QRectF(rect.left() + n * (width + gap), rect.top(), width, rect.height())
                painter.setPen(QPen(RULE, pt(0.8)))
                painter.setBrush(SOFT)
                painter.drawRoundedRect(box, pt(5), pt(5))
                inner = box.adjusted(pt(8), pt(8), -pt(8), -pt(6))
                painter.setFont(label_font)
                painter.setPen(MUTED)
                painter.drawText(QPointF(inner.left(), inner.top() + pt(7)), label.upper())
                painter.setFont(value_font)
                painter.setPen(INK)
                painter.drawText(QPointF(inner.left(), inner.top() + pt(30)), value)
                text_draw(
                    lines,
                    detail_font,
                    MUTED,
                    detail_spacing,
                    self.fonts.metrics(detail_font).ascent(),
                )(painter, QRectF(inner.left(), inner.top() + pt(38), inner.width(), pt(60)))

        self.pager.place(height, draw)

    def sessions_tile(self) -> tuple[str, str, list[str]]:
        runs = self.data.sessions
        if not runs:
            return "Sessions", "0", ["None in this period"]
        routes = Counter(run.route.label for run in runs)
        route_text = ", ".join(
            label if len(routes) == 1 else f"{label} ({n})" for label, n in routes.most_common()
        )
        return (
            "Sessions",
            str(len(runs)),
            [route_text, f"Latest {format_day(runs[-1].started.date())}"],
        )

    def mood_tile(self) -> tuple[str, str, list[str]]:
        trend = self.mood_trend()
        if trend is None:
            points = self.data.trends.mood
            mean = _mean([p.value for p in points])
            value = "–" if mean is None else f"{mean:.1f}"
            return "Mood, 0 to 10", value, ["Average", "0 very low, 10 very good"]
        early, late, weeks = trend
        span = f"{weeks} week{'s' if weeks > 1 else ''}"
        return (
            "Mood, 0 to 10",
            f"{early:.1f} → {late:.1f}",
            [f"Average of the first and the last {span}", "0 very low, 10 very good"],
        )

    def measure_tile(self, instrument: str) -> tuple[str, str, list[str]]:
        found = self.data.measures_of(instrument)
        if not found:
            return f"{instrument} latest", "–", ["No check-ins in this period"]
        latest = found[-1]
        details = [latest.band.capitalize() + f", {format_day(latest.taken_at.date())}"]
        baseline = self.data.trends.baselines.get(instrument)
        if baseline is not None and baseline.day < latest.taken_at.date():
            change = latest.total - int(baseline.value)
            percent = f" ({change * 100 / baseline.value:+.0f}%)" if baseline.value else ""
            details.append(
                f"Baseline {int(baseline.value)}; change {change:+d}{percent}".replace("-", "−")
            )
        value = f"{latest.total} of {get_instrument(instrument).max_total}"
        return f"{instrument} latest", value, details

    def summary(self) -> None:
        self.heading("Summary")
        if self.empty:
            self.text(
                f"Nothing was recorded in this period ({self.period()}): no journal entries, "
                "sessions or check-ins."
            )
            return
        self.tiles()
        self.pager.gap(self.fonts.points(10))
        sentences = [s for s in (self.progress_sentence(PHQ9), self.progress_sentence(GAD7)) if s]
        trend = self.mood_trend()
        if trend is not None:
            early, late, weeks = trend
            span = "week" if weeks == 1 else f"{weeks} weeks"
            sentences.append(
                f"Mood averaged {early:.1f} of 10 over the first {span} and {late:.1f} over "
                f"the last {span} of this period (0 very low, 10 very good)."
            )
        contents = self.data.contents()
        days = len({row.at.date() for row in self.data.rows if row.is_entry})
        sentences.append(
            f"{_plural(contents.entries, 'journal entry', 'journal entries')} on "
            f"{_plural(days, 'day', 'days')}; {contents.phq9} PHQ-9 and {contents.gad7} GAD-7 "
            "check-ins."
        )
        effects = self.side_effect_sentence()
        if effects:
            sentences.append(effects)
        self.bullets(sentences)
        self.item9_box()

    def side_effect_sentence(self) -> str | None:
        runs = self.data.sessions
        with_effects = sum(1 for run in runs if run.side_effects)
        names = Counter(
            effect.label.rsplit(" (", 1)[0] for row in self.data.rows for effect in row.side_effects
        )
        if not names:
            return None
        common = ", ".join(f"{name.lower()} ({n})" for name, n in names.most_common(3))
        severe = sum(
            1 for row in self.data.rows for e in row.side_effects if e.severity == Severity.SEVERE
        )
        after = (
            f"Side effects were noted after {with_effects} of {len(runs)} sessions"
            if runs
            else "Side effects were noted"
        )
        severity = (
            "none rated severe" if not severe else _plural(severe, "rated severe", "rated severe")
        )
        return f"{after}; most often {common}; {severity}."

    def item9_words(self) -> tuple[str, list[str]] | None:
        """The heading and paragraphs of the PHQ-9 item 9 box, the latest answer first; None when no
        answer in the period was above 0.

        Only a latest answer above 0 asks for follow-up: earlier ones are named with their
        dates, so a resolved answer reads as such. The box names the last few; every flagged
        check-in is in bold in the check-in table, however many years the report covers.
        """
        phq9 = self.data.measures_of(PHQ9)
        answered = [(x, x.answers[PHQ9_ITEM9]) for x in phq9 if x.answers]
        flags = [(x, value) for x, value in answered if value > 0]
        if not flags:
            return None

        def day(measure: Measure) -> str:
            return format_day(measure.taken_at.date())

        latest, value = answered[-1]
        checked = _plural(len(answered), "check-in", "check-ins")
        if len(answered) < len(phq9):
            checked += " with item answers"
        lines = [
            f"Latest item 9 answer: {value} ({_answer_label(value)}) on {day(latest)}. "
            f"Above 0 on {len(flags):,} of {checked}, most recently {day(flags[-1][0])}."
        ]
        if phq9[-1] is not latest:
            lines[0] += " Later PHQ-9s were imported as totals, without item 9."
        in_table = "in bold in the check-in table of the full record."
        if len(flags) > 1:
            recent = flags[: -RECENT_FLAGS - 1 : -1]
            named = ", ".join(f"{day(x)} ({_answer_label(v)})" for x, v in recent)
            earlier = len(flags) - len(recent)
            rest = (
                f"the {earlier:,} earlier {'one is' if earlier == 1 else 'ones are'} {in_table}"
                if earlier
                else f"all are {in_table}"
            )
            lines.append(f"Answers above 0, latest first: {named}; {rest}")
        else:
            lines.append(f"That check-in is {in_table}")
        caveat = "Item 9 cannot tell passive thoughts from intent."
        if value > 0:
            lines.append(f"The latest answer is above 0: please follow up. {caveat}")
            return "PHQ-9 item 9 (thoughts of self-harm): please follow up", lines
        lines.append(caveat)
        return "PHQ-9 item 9 (thoughts of self-harm): earlier answers above 0", lines

    def item9_box(self) -> None:
        words = self.item9_words()
        if words is None:
            return
        heading, paragraphs = words
        self.pager.gap(self.fonts.points(8))
        bold = self.fonts.font(9.5, bold=True)
        callout(self.pager, self.fonts, (heading, bold), paragraphs, self.body, FLAG, FLAG_SOFT)

    def course(self) -> None:
        course = self.data.course
        if course is None:
            return
        self.heading("Treatment course")
        start = self.data.date_from if self.span is None else self.span[0]
        if self.empty or (start is not None and course.started_on < start):
            # The series and the goals' first ratings are the whole course's, not this period's.
            as_of = self.data.created.date()
            if self.data.date_to is not None:
                as_of = min(as_of, self.data.date_to)
            self.text(
                f"The whole course, from its start on {format_day(course.started_on)} up to "
                f"{format_day(as_of)}, not only this period.",
                small=True,
                colour=MUTED,
            )
        self.text(f"{course.name}: {course.route.label}, {course.plan}. {course.series}")
        if course.progress and self.span is not None and course.started_on > self.span[0]:
            # A later phase within the period: the summary's changes run from the first
            # check-in, so say what changed since this course began.
            self.pager.gap(self.fonts.points(4))
            self.text("Since this course began:")
            self.bullets(course.progress)
        if course.goals:
            self.pager.gap(self.fonts.points(6))
            spec = Table(
                [
                    Column("The patient's goals", 5),
                    Column("First rating", 1.6),
                    Column("Latest rating", 1.6),
                ]
            )
            for goal in course.goals:
                spec.rows.append(
                    [
                        goal.text,
                        "–"
                        if goal.first is None or goal.first_date is None
                        else f"{goal.first} of 10, {format_day(goal.first_date)}",
                        "–"
                        if goal.latest is None or goal.latest_date is None
                        else f"{goal.latest} of 10, {format_day(goal.latest_date)}",
                    ]
                )
            table(self.pager, self.fonts, spec)

    def charts(self) -> None:
        if self.span is None or self.data.trends.empty:
            return
        pt = self.fonts.points
        window = ChartWindow(*self.span)
        colours = chart_colours(
            {
                "text": INK.name(),
                "muted": MUTED.name(),
                "surface": "#ffffff",
                "border": RULE.name(),
                "accent": ACCENT.name(),
            }
        )
        font = self.fonts.font(7.5)
        trends = self.data.trends
        self.heading("Trends", keep=MOOD_CHART)

        def mood(painter: QPainter, rect: QRectF) -> None:
            painter.setFont(font)
            draw_mood_chart(painter, rect, trends, colours, window)

        self.pager.place(pt(MOOD_CHART), mood)
        self.pager.gap(pt(14))
        gap = pt(18)
        half = (self.pager.frame.width() - gap) / 2

        def measures(painter: QPainter, rect: QRectF) -> None:
            painter.setFont(font)
            for n, instrument in enumerate((PHQ9, GAD7)):
                part = QRectF(rect.left() + n * (half + gap), rect.top(), half, rect.height())
                draw_measure_chart(painter, part, trends, instrument, colours, window)

        self.pager.place(pt(MEASURE_CHARTS), measures)

    def session_table(self) -> None:
        self.heading("Sessions")
        runs = self.data.sessions
        if not runs:
            self.text("No sessions in this period.", colour=MUTED)
            return
        spec = Table(
            [
                Column("No.", 0.55, align_right=True),
                Column("Date", 1.25),
                Column("Route", 1.7),
                Column("Length", 0.85, align_right=True),
                Column("Mood before", 0.95, align_right=True),
                Column("Mood after", 0.95, align_right=True),
                Column("Side effects", 3.2),
            ]
        )
        for run in runs:
            spec.rows.append(
                [
                    _number(run.number),
                    format_day(run.started.date()),
                    run.route.label,
                    f"{run.minutes} min",
                    _number(run.mood_before),
                    _number(run.mood_after),
                    ", ".join(e.label for e in run.side_effects) or "None noted",
                ]
            )
        table(self.pager, self.fonts, spec)
        self.text(
            "Moods are the patient's own 0 to 10 ratings (0 very low, 10 very good). "
            "No. counts the appointments the patient recorded in Companion, in date order; "
            "a session timed without an appointment has none (–).",
            small=True,
            colour=MUTED,
        )
        self.vitals_table(runs)

    def vitals_table(self, runs: Sequence[SessionRun]) -> None:
        """Blood pressure and pulse, where the patient noted any (clinical.md: measured before
        the dose and about 40 minutes after)."""
        noted = [run for run in runs if run.before is not None or run.after is not None]
        if not noted:
            return
        self.heading("Blood pressure and pulse", keep=min(60 + 16 * len(noted), 240))
        spec = Table(
            [
                Column("No.", 0.55, align_right=True),
                Column("Date", 1.25),
                Column("Before the dose", 2.4),
                Column("After", 2.4),
            ]
        )
        for run in noted:
            spec.rows.append(
                [
                    _number(run.number),
                    format_day(run.started.date()),
                    run.before.text() if run.before is not None else "–",
                    run.after.text() if run.after is not None else "–",
                ]
            )
        table(self.pager, self.fonts, spec)
        self.text(
            "As the patient noted them: before, on the appointment in Companion; after, in "
            "the journal entry about the session. Blood pressure in mmHg, pulse per minute.",
            small=True,
            colour=MUTED,
        )

    def side_effect_table(self) -> None:
        counts: dict[str, Counter[int]] = defaultdict(Counter)
        last: dict[str, date] = {}
        for row in self.data.rows:
            for effect in row.side_effects:
                name = effect.label.rsplit(" (", 1)[0]
                counts[name][effect.severity] += 1
                last[name] = row.at.date()
        if not counts:
            return
        self.heading("Side effects", keep=min(60 + 16 * len(counts), 240))  # a short table
        spec = Table(
            [
                Column("Side effect", 2.6),
                Column("Times noted", 1, align_right=True),
                Column("Mild", 0.8, align_right=True),
                Column("Moderate", 0.9, align_right=True),
                Column("Severe", 0.8, align_right=True),
                Column("Last noted", 1.4),
            ]
        )
        for name, by in sorted(counts.items(), key=lambda item: -sum(item[1].values())):
            spec.rows.append(
                [
                    name,
                    str(sum(by.values())),
                    str(by[Severity.MILD]),
                    str(by[Severity.MODERATE]),
                    str(by[Severity.SEVERE]),
                    format_day(last[name]),
                ]
            )
        table(self.pager, self.fonts, spec)
        self.text("Rated by the patient: mild, moderate or severe.", small=True, colour=MUTED)

    def measure_table(self) -> None:
        self.heading("PHQ-9 and GAD-7 check-ins")
        found = self.data.measures
        if not found:
            self.text("No PHQ-9 or GAD-7 check-ins in this period.", colour=MUTED)
        else:
            # A PHQ-9 and a GAD-7 of one day share a row (the first of that day still free).
            rows: list[dict[str, Measure]] = []
            by_day: dict[date, list[dict[str, Measure]]] = defaultdict(list)
            for measure in found:
                same_day = by_day[measure.taken_at.date()]
                slot = next((r for r in same_day if measure.instrument not in r), None)
                if slot is None:
                    slot = {}
                    same_day.append(slot)
                    rows.append(slot)
                slot[measure.instrument] = measure
            spec = Table(
                [
                    Column("Date", 1.3),
                    Column("PHQ-9", 0.7, align_right=True),
                    Column("PHQ-9 band", 1.5),
                    Column("Item 9", 2.2),
                    Column("GAD-7", 0.7, align_right=True),
                    Column("GAD-7 band", 1.3),
                ]
            )
            for index, row in enumerate(rows):
                phq, gad = row.get(PHQ9), row.get(GAD7)
                day = next(iter(row.values())).taken_at.date()
                spec.rows.append(
                    [
                        format_day(day),
                        _number(phq.total if phq else None),
                        phq.band if phq else "",
                        self.item9_cell(phq),
                        _number(gad.total if gad else None),
                        gad.band if gad else "",
                    ]
                )
                if phq is not None and phq.item9_flagged:
                    spec.bold_rows.add(index)
            table(self.pager, self.fonts, spec)
        bands = "; ".join(
            f"{name}: " + ", ".join(f"{low}–{high} {band}" for low, high, band in band_ranges(name))
            for name in (PHQ9, GAD7)
        )
        self.pager.gap(self.fonts.points(4))
        if any(x.instrument == PHQ9 and not x.answers for x in found):
            self.text(
                "Item 9 –: imported as a total, without the answers to each question.",
                small=True,
                colour=MUTED,
            )
        self.text(f"Bands. {bands}.", small=True, colour=MUTED)
        self.text(PERMISSION, small=True, colour=MUTED)

    @staticmethod
    def item9_cell(phq: Measure | None) -> str:
        if phq is None:
            return ""
        if not phq.answers:
            return "–"
        answer = phq.answers[PHQ9_ITEM9]
        label = _answer_label(answer)
        return f"{answer}, {label.lower()} — follow up" if answer else f"0, {label.lower()}"

    def dated_text(self, day: date, words: str) -> int:
        """``words`` beside their date; returns the page it starts on."""
        return paragraph(
            self.pager,
            self.fonts,
            words,
            self.body,
            INK,
            left=self.fonts.points(NOTE_INDENT),
            label=(format_day(day), self.small_bold),
        )

    def dated_texts(self, title: str, texts: Sequence[tuple[date, str]], empty: str) -> list[int]:
        """Every text whole, each beside its date; returns the page each starts on."""
        self.heading(title)
        if not texts:
            self.text(empty, colour=MUTED)
        pages = []
        for day, words in texts:
            pages.append(self.dated_text(day, words.strip()))
            self.pager.gap(self.fonts.points(5))
        return pages

    def shared_notes(self) -> list[tuple[date, str]]:
        return [(row.at.date(), row.notes) for row in self.data.rows if row.notes.strip()]

    def latest_notes(self) -> None:
        """The last few shared notes near the top, a long one cut to its first lines with the
        page of the whole note in the full record (known once that is laid out, and read only
        when painting)."""
        shared = self.shared_notes()
        if not shared:
            return
        self.heading("Latest notes shared with the therapist")
        pt = self.fonts.points
        width = self.pager.frame.width() - pt(NOTE_INDENT)
        for index in range(max(0, len(shared) - LATEST_NOTES), len(shared)):
            day, words = shared[index]
            lines, clipped = clip_lines(
                words.strip(), self.body, width, self.fonts, NOTE_PREVIEW_LINES
            )
            if clipped:  # the cut note and the line saying where the rest is, together
                self.pager.ensure(self.fonts.metrics(self.body).lineSpacing() * (len(lines) + 2))
            self.dated_text(day, "\n".join(lines))
            if clipped:
                self.note_pointer(index)
            self.pager.gap(pt(5))
        if len(shared) > LATEST_NOTES:
            self.text(
                f"The last {LATEST_NOTES} of {len(shared):,} shared notes; all of them are in "
                "the full record at the end.",
                small=True,
                colour=MUTED,
            )

    def note_pointer(self, index: int) -> None:
        """ "The whole note is in the full record, page N." under a cut note (``index`` in
        ``shared_notes``); N is looked up when painting, after the full record is laid out."""
        pt = self.fonts.points
        metrics = self.fonts.metrics(self.small)

        def draw(painter: QPainter, rect: QRectF) -> None:
            painter.setFont(self.small)
            painter.setPen(MUTED)
            page = self.note_pages[index]
            words = f"The whole note is in the full record, page {page}."
            painter.drawText(QPointF(rect.left(), rect.top() + metrics.ascent()), words)

        self.pager.place(metrics.lineSpacing() * 1.12, draw, left=pt(NOTE_INDENT))

    def part(self, title: str, intro: str) -> None:
        """A part title, above its sections: on a new page unless most of this one is free."""
        pt = self.fonts.points
        font = self.fonts.font(16, bold=True)
        metrics = self.fonts.metrics(font)
        if not self.empty and self.pager.room < self.pager.frame.height() * 0.6:
            self.pager.new_page()
        self.pager.gap(pt(10))
        self._ruled_title(title, font, INK, QPen(ACCENT, pt(1.6)), pt(2), metrics.height() + pt(10))
        self.pager.gap(pt(6))
        self.text(intro, small=True, colour=MUTED)

    def notes(self) -> None:
        self.note_pages = self.dated_texts(
            "Notes shared with the therapist",
            self.shared_notes(),
            "No shared notes in this period.",
        )
        if self.data.include_private:
            private = [
                (row.at.date(), row.reflections)
                for row in self.data.rows
                if row.reflections.strip()
            ]
            self.dated_texts(
                "Private reflections (included by the patient)",
                private,
                "No private reflections in this period.",
            )

    def build(self) -> list[list[tuple[QRectF, Draw]]]:
        self.title()
        self.summary()
        self.course()
        self.latest_notes()
        self.charts()
        self.side_effect_table()
        self.part(
            "Full record",
            "Every session, check-in and shared note of this period, oldest first.",
        )
        self.session_table()
        self.measure_table()
        self.notes()
        return self.pager.pages

    # --- painting ---------------------------------------------------------------------------
    def furniture(self, painter: QPainter, number: int, total: int) -> None:
        """The running header (from page 2) and the footer on every page."""
        pt, frame = self.fonts.points, self.pager.frame
        painter.setFont(self.small)
        painter.setPen(MUTED)
        if number > 1:
            who = f" · {self.data.patient}" if self.data.patient else ""
            y = frame.top() - self.header_band + pt(8)
            painter.drawText(QPointF(frame.left(), y), f"{TITLE}{who}")
            painter.drawText(
                QRectF(frame.left(), y - pt(9), frame.width(), pt(12)),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom),
                self.period(),
            )
            painter.setPen(QPen(RULE, pt(0.6)))
            painter.drawLine(QPointF(frame.left(), y + pt(5)), QPointF(frame.right(), y + pt(5)))
        bottom = frame.bottom() + self.footer_band
        painter.setPen(QPen(RULE, pt(0.6)))
        painter.drawLine(
            QPointF(frame.left(), bottom - pt(14)), QPointF(frame.right(), bottom - pt(14))
        )
        painter.setPen(MUTED)
        painter.drawText(QPointF(frame.left(), bottom), SELF_REPORTED)
        painter.drawText(
            QRectF(frame.left(), bottom - pt(10), frame.width(), pt(12)),
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom),
            f"Page {number} of {total}",
        )


def render_pdf(
    data: Dataset, progress: Progress = no_progress, cancelled: Cancelled = never_cancelled
) -> bytes:
    """The report as PDF bytes; ExportCancelled when the patient stops it."""
    content = QByteArray()
    buffer = QBuffer(content)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setPageLayout(
        QPageLayout(page_size(), QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0))
    )
    writer.setResolution(1200)
    writer.setTitle(TITLE)
    writer.setCreator("Companion")
    report = _Report(data, writer)
    pages = report.build()
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError("the PDF writer could not start")
    try:
        for number, ops in enumerate(pages, start=1):
            if cancelled():
                raise ExportCancelled()
            if number > 1:
                writer.newPage()
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            report.furniture(painter, number, len(pages))
            for rect, draw in ops:
                painter.save()
                draw(painter, rect)
                painter.restore()
            progress(number, len(pages))
    finally:
        painter.end()
        buffer.close()
    return bytes(content.data())


def write_pdf(
    data: Dataset,
    path: Path,
    progress: Progress = no_progress,
    cancelled: Cancelled = never_cancelled,
) -> None:
    pdf = render_pdf(data, progress, cancelled)
    write_atomically(path, lambda out: out.write(pdf))
