"""The calming display: a slow colour field, a breathing pacer and a soft progress arc.

Nothing here counts frames. Every repaint asks the SessionTimer for the session's time and the
display clock for the pacer and colours, so a late or skipped frame never shifts anything.

Painting is kept light (the budget is 5% of one core, see benchmarks/calm_display_cpu.py):
- frames come from a timer of modest rate, and only while the display is visible;
- a frame repaints only the pacer: the disc inside the progress ring and the breath label
  under it (the ring's long antialiased stroke is the costliest thing to draw, and it moves
  by a hair a second); the whole field is repainted when something in it changed (the colour
  moves by a step at most once a second, a message, the phase);
- with reduce motion, breathing off or eyes-closed mode there is no animation, only a
  once-a-second look at whether the time shown changed.

Everything is laid out from the text size and the room left above the controls: the room for
the words under the ring comes first (a cue's words, above all the end, must always show in
full), the ring takes what is left, and the time inside it is set as large as the ring allows,
never smaller than the patient's text. Where that leaves the ring too small to hold the time
(a short window at large text), the words get only the room they need while they show, and if
the ring still cannot hold the time, the time is shown without it.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, replace
from typing import NamedTuple

from PySide6.QtCore import QEvent, QPointF, QRect, QRectF, Qt, QTimer
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QFont,
    QFontMetricsF,
    QHideEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
    QRadialGradient,
    QRegion,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import QWidget

from companion.domain.session import (
    BREATH_PATTERNS,
    COLOUR_PERIOD_S,
    PALETTES,
    Clock,
    SessionTimer,
    breath_at,
    format_remaining,
    format_remaining_words,
    palette_colour,
    phase_at,
)
from companion.ui.theme import BASE_POINT_SIZE

MOVING_FPS = 10
# At this many device pixels or fewer the display moves at MOVING_FPS; on larger screens the
# frame rate falls in proportion (to MIN_FPS), so the pixels painted per second stay in budget.
FULL_RATE_PIXELS = 1920 * 1080
MIN_FPS = 5
PACER_MIN, PACER_MAX = 0.45, 0.9  # the breathing disc's radius, as a share of the ring's
STILL_INTERVAL_MS = 1000
MIN_RADIUS = 24.0
MESSAGE_LINES = 2  # room kept for a cue's words; longer words are set smaller to fit
TIME_SCALE, SUB_SCALE = 3.2, 1.0  # the time and the word under it, as shares of the text size
TEXT = (250, 246, 240)
# Night: a dark room after a session. The field turns dark and warm, the words amber.
NIGHT_TEXT = (232, 196, 160)
NIGHT_KEEP, NIGHT_WARMTH = 0.45, 0.7  # how much of a colour's light stays; how much turns amber


@dataclass(frozen=True)
class DisplayLook:
    """How the display looks; the patient's choices plus the app's reduce-motion preference."""

    palette: str = "dusk"
    breathing: str = "resonance"
    numbers: bool = True
    phases: bool = False
    still: bool = False  # reduce motion: nothing moves
    audio_only: bool = False  # eyes closed: a dark, quiet screen
    dim: int = 0  # percent darker, 0 to 85
    night: bool = False  # the Night theme: dark and warm, whatever the palette

    @property
    def ink(self) -> tuple[int, int, int]:
        """The colour of the words and the ring."""
        return NIGHT_TEXT if self.night else TEXT

    @property
    def moving(self) -> bool:
        return not (self.still or self.audio_only) and bool(BREATH_PATTERNS[self.breathing].steps)


class _Layout(NamedTuple):
    centre: QPointF
    radius: float
    ring: bool  # False: no room for a ring that holds the time; the time shows without one
    text: QRectF  # the time (or "Paused") is fitted to this, inside the ring or in its place
    time_area: QRegion  # all the time may cover: never below the text size, it may pass `text`
    arc_free: QRegion  # a repaint inside this leaves the ring and its arc untouched
    phase: QRectF
    breath: QRectF
    message: QRectF


class _Line(NamedTuple):
    """One line of the time, as it is drawn."""

    text: str
    font: QFont
    box: QRectF
    alpha: int


class _Pacer(NamedTuple):
    """What a frame shows inside the ring; a frame that would show the same is skipped."""

    radius: float  # of the breathing disc, in half pixels
    label: str  # "Breathe in", ...
    main: str  # the time left, or "Paused"
    sub: str
    line: str  # main and sub as one line, for a room too short for two


def _arc_width(radius: float) -> float:
    return max(3.0, radius * 0.035)


def _ring_extent(radius: float) -> float:
    """How far the ring and its stroke reach from the centre."""
    return radius + max(4.0, radius * 0.04)


def _inside(radius: float) -> float:
    """The radius of the room for the time: a little inside the ring's stroke."""
    return (radius - _arc_width(radius)) * 0.92


def _time_box(centre: QPointF, radius: float) -> QRectF:
    """The time's box in the ring: a rectangle whose corners touch the room's circle."""
    inside = _inside(radius)
    return QRectF(centre.x() - inside * 0.8, centre.y() - inside * 0.6, inside * 1.6, inside * 1.2)


def _ellipse(centre: QPointF, radius: float) -> QRegion:
    box = QRectF(centre.x() - radius, centre.y() - radius, 2 * radius, 2 * radius)
    return QRegion(box.toAlignedRect(), QRegion.RegionType.Ellipse)


def _mix(colour: tuple[int, int, int], factor: float, light: tuple[int, int, int] = TEXT) -> QColor:
    """The colour scaled towards black (factor < 1) or towards ``light`` (factor > 1)."""
    if factor <= 1:
        return QColor(*(round(c * factor) for c in colour))
    lift = factor - 1
    return QColor(*(round(c + (top - c) * lift) for c, top in zip(colour, light, strict=True)))


def _night(colour: tuple[int, int, int]) -> tuple[int, int, int]:
    """A palette colour for the night: much darker, and mostly amber (no blue light)."""
    light = 0.3 * colour[0] + 0.59 * colour[1] + 0.11 * colour[2]
    amber = (light * 0.66, light * 0.44, light * 0.3)
    red, green, blue = (
        round(c * NIGHT_KEEP * (1 - NIGHT_WARMTH) + a * NIGHT_WARMTH)
        for c, a in zip(colour, amber, strict=True)
    )
    return red, green, blue


def _alpha(colour: QColor, alpha: int) -> QColor:
    result = QColor(colour)
    result.setAlpha(alpha)
    return result


class CalmDisplay(QWidget):
    def __init__(self, parent: QWidget | None = None, clock: Clock = time.monotonic) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Session display")
        self.setMinimumSize(320, 260)
        self._clock = clock
        self._epoch = clock()
        self._timer: SessionTimer | None = None
        self._look = DisplayLook()
        self._message = ""
        self._message_until: float | None = None
        self._reserved_top = self._reserved_bottom = 0
        self._outline = False
        self._layout: _Layout | None = None
        self._layout_for: tuple[object, ...] = ()  # what the layout was made for
        self._field: tuple[object, QPixmap] | None = None  # (key, the painted colour field)
        self._shown_state: tuple[object, ...] = ()
        self._shown_pacer: _Pacer | None = None
        self._frame = QTimer(self)
        self._frame.timeout.connect(self._advance)

    # --- what to show ----------------------------------------------------------------------------
    @property
    def look(self) -> DisplayLook:
        return self._look

    def set_look(self, look: DisplayLook) -> None:
        self._look = look
        self._layout = None  # the phase name needs room only when it shows
        self._restart_frames()
        self.update()

    def set_dim(self, percent: int) -> None:
        self.set_look(replace(self._look, dim=percent))

    def set_timer(self, timer: SessionTimer | None) -> None:
        """Show this timer's session (again: after its end, so the display comes to rest)."""
        self._timer = timer
        self._layout = None  # the room the time needs depends on the session's length
        self._restart_frames()
        self.update()

    def show_message(self, text: str, seconds: float | None = None) -> None:
        """A cue's words on the display, for ``seconds`` or (None) until replaced."""
        self._message = text
        self._message_until = None if seconds is None else self._now() + seconds
        self._describe()
        self.update()

    @property
    def message(self) -> str:
        if self._message_until is not None and self._now() >= self._message_until:
            return ""
        return self._message

    def set_reserved(self, top: int, bottom: int) -> None:
        """Keep the ring and the words clear of controls laid over the display."""
        if (top, bottom) != (self._reserved_top, self._reserved_bottom):
            self._reserved_top, self._reserved_bottom = top, bottom
            self._layout = None
            self.update()

    def frame_interval(self) -> int | None:
        """Milliseconds between frames now; None when the display does not repaint itself."""
        return self._frame.interval() if self._frame.isActive() else None

    def state_text(self) -> str:
        """The state in words, for screen readers (also the accessible description)."""
        parts = []
        timer = self._timer
        if timer is not None and timer.started:
            if timer.paused:
                parts.append("Paused.")
            if self._look.numbers and not timer.ended:
                # Rounded words: a description that changed every second would chatter.
                parts.append(f"{format_remaining_words(timer.remaining).capitalize()}.")
        if self.message:
            parts.append(f"{self.message}.")
        return " ".join(parts) or "A calm colour field."

    # --- frames ----------------------------------------------------------------------------------
    def _now(self) -> float:
        return self._clock() - self._epoch

    def _restart_frames(self) -> None:
        if self._timer is None or not self.isVisible():
            self._frame.stop()
            return
        interval = round(1000 / self._moving_fps()) if self._animated() else STILL_INTERVAL_MS
        if not self._frame.isActive() or self._frame.interval() != interval:
            self._frame.start(interval)

    def _animated(self) -> bool:
        """The pacer breathes while a session runs; after its end the display rests."""
        return self._look.moving and self._timer is not None and not self._timer.ended

    def _moving_fps(self) -> float:
        pixels = self.width() * self.height() * self.devicePixelRatioF() ** 2
        return max(MIN_FPS, min(MOVING_FPS, MOVING_FPS * FULL_RATE_PIXELS / max(1.0, pixels)))

    def _shows_phases(self) -> bool:
        return self._look.phases and not self._look.audio_only

    def _state(self) -> tuple[object, ...]:
        """What, when it changes, needs the whole field repainted."""
        timer = self._timer
        phase = (
            phase_at(timer.elapsed, timer.duration)
            if timer is not None and self._shows_phases()
            else None
        )
        return (self._colours(), phase, self.message, timer is not None and timer.ended)

    def _advance(self) -> None:
        if self._state() != self._shown_state:
            self.update()
            return
        layout = self._geometry()
        new, old = self._pacer(layout), self._shown_pacer
        if old is None:
            self.update()
        elif new != old:
            self.update(self._frame_region(layout, old, new))

    @staticmethod
    def _frame_region(layout: _Layout, old: _Pacer, new: _Pacer) -> QRegion:
        """Only what changed: the disc at its larger size, the time and label if they did."""
        region = _ellipse(layout.centre, max(old.radius, new.radius) + 2)
        if (old.main, old.sub) != (new.main, new.sub):
            region = region.united(layout.time_area)
        if old.label != new.label:
            region = region.united(layout.breath.toAlignedRect())
        return region

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._restart_frames()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self._frame.stop()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._layout = None
        self._restart_frames()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # the text size changed: so does the room
            self._layout = None

    def focusInEvent(self, event: QFocusEvent) -> None:
        # The outline is for whoever moves through the controls by keyboard; the focus the
        # session gives the display at its start would only be a frame around the calm.
        self._outline = event.reason() in (
            Qt.FocusReason.TabFocusReason,
            Qt.FocusReason.BacktabFocusReason,
        )
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self._outline = False
        super().focusOutEvent(event)
        self.update()

    def _describe(self) -> None:
        text = self.state_text()
        if text != self.accessibleDescription():
            self.setAccessibleDescription(text)

    # --- geometry --------------------------------------------------------------------------------
    def _font(self, scale: float, weight: QFont.Weight = QFont.Weight.Normal) -> QFont:
        """The text size times ``scale``; as with the theme's headings, large words grow less
        than the text (at 200% text, words that doubled too would leave the ring no room)."""
        font = QFont(self.font())
        size = font.pointSizeF()
        if scale > 1:
            larger = min(1.0, max(0.0, size / BASE_POINT_SIZE - 1))
            scale = 1 + (scale - 1) * (1 - 0.5 * larger)
        font.setPointSizeF(max(6.0, size * scale))
        font.setWeight(weight)
        return font

    def _message_font(self, scale: float = 1.7) -> QFont:
        return self._font(scale, QFont.Weight.DemiBold)

    def _geometry(self) -> _Layout:
        """The layout: room for a cue's words is kept even while none shows, so the ring does
        not jump when one comes; where that leaves the ring too small to hold the time at the
        patient's text size, the words get only the lines they need, while they show."""
        key = (self.message, self._timer is not None and self._timer.ended)
        if self._layout is None or key != self._layout_for:
            self._layout_for = key
            self._layout = self._stack(MESSAGE_LINES)
            if not self._layout.ring:
                self._layout = self._stack(self._message_lines())
        return self._layout

    def _message_lines(self) -> int:
        """How many lines the words showing now take (none: 0), up to MESSAGE_LINES."""
        if not self.message:
            return 0
        metrics = QFontMetricsF(self._message_font())
        bounds = metrics.boundingRect(
            QRectF(0, 0, self.width() * 0.84, 1e6),
            int(Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap),
            self.message,
        )
        return min(MESSAGE_LINES, math.ceil(bounds.height() / metrics.height() - 0.01))

    def _stack(self, message_lines: int) -> _Layout:
        """The stack, top to bottom: phase name, ring, breath label, a cue's words (room is
        kept for ``message_lines`` lines of them).

        The words get their room first and the ring takes what is left, so the end cue shows
        in full however large the text and however little room the controls leave. A ring too
        small to hold the time at the text size is left out: the time shows in its place, and
        where even one line of it has no room, the breath label gives way. When nothing more
        can give way, the stack keeps to the bottom: its top is cut, never the words (they are
        set smaller to fit what room there is, and left out only where there is not even a
        line of it: under a panel that fills the view).
        """
        width = self.width()
        height = max(1, self.height() - self._reserved_top - self._reserved_bottom)
        line = QFontMetricsF(self._font(1.3)).height()
        message_height = QFontMetricsF(self._message_font()).height() * message_lines
        pad = line * 0.5
        above = line * 2.2 if self._shows_phases() else 0.0
        breath_height = line * 1.9  # the breath label and the gaps around it
        room = height - 3 * pad - above - breath_height - message_height  # more margin above
        radius = min(width * 0.3, room / 2.08)
        ring = radius >= MIN_RADIUS and self._holds(radius)
        if ring:
            band = 2 * _ring_extent(radius)
        else:
            needed = QFontMetricsF(self._font(1.0)).height() if self._time_pairs() else 0.0
            if room < needed:
                room += breath_height
                breath_height = 0.0
            band = max(room, needed)
            radius = width * 0.25  # the breathing glow behind the time: no ring bounds it
        stack = above + band + breath_height + message_height
        top = self._reserved_top + min((height - stack) / 2 + pad / 2, height - pad - stack)
        centre = QPointF(width / 2, top + above + band / 2)
        breath = QRectF(
            0, centre.y() + band / 2 + line * 0.4, width, line * 1.2 if breath_height else 0.0
        )
        words_top = breath.bottom() + line * 0.3 if breath_height else centre.y() + band / 2
        if ring:
            text = _time_box(centre, radius)
            time_area = _ellipse(centre, _inside(radius))
            inside = radius - _arc_width(radius)
            arc_free = _ellipse(centre, inside).united(breath.toAlignedRect())
        else:
            text = QRectF(width * 0.08, centre.y() - band / 2, width * 0.84, band)
            time_area = QRegion(QRectF(0, text.top(), width, band).toAlignedRect())
            arc_free = QRegion()
        message = QRectF(width * 0.08, words_top, width * 0.84, message_height)
        if words_top < self._reserved_top:  # not even the words fit: they are set smaller,
            message.setTop(self._reserved_top)
            if message.height() < QFontMetricsF(self.font()).height():
                message.setHeight(0)  # or, with not one line of room, the panel over us says it
        return _Layout(
            centre=centre,
            radius=radius,
            ring=ring,
            text=text,
            time_area=time_area,
            arc_free=arc_free,
            phase=QRectF(0, centre.y() - band / 2 - above, width, line * 1.6),
            breath=breath,
            message=message,
        )

    def _time_pairs(self) -> list[tuple[str, str]]:
        """The time's lines at their widest this session, running and paused (the same with
        the numbers hidden, so hiding them never moves the ring); none with the eyes closed."""
        timer = self._timer
        if timer is None or timer.ended or self._look.audio_only:
            return []
        longest = format_remaining(timer.duration)
        return [(longest, "remaining"), ("Paused", f"{longest} left")]

    def _holds(self, radius: float) -> bool:
        """A ring of ``radius`` holds the time with its lines at the text size or larger."""
        circle = _inside(radius)
        box = _time_box(QPointF(0, 0), radius)
        for main, sub in self._time_pairs():
            main_font, sub_font = self._time_fonts(main, sub, box)
            lines = [(QFontMetricsF(main_font), main), (QFontMetricsF(sub_font), sub)]
            half = sum(metrics.height() for metrics, _text in lines) / 2
            if half >= circle:
                return False
            # Each line's far edge lies half the pair's height from the middle.
            chord = 2 * math.sqrt(circle**2 - half**2)
            if any(metrics.horizontalAdvance(text) > chord for metrics, text in lines):
                return False
        return True

    # --- painting --------------------------------------------------------------------------------
    def _colours(self) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
        """The field's two colours; they move in whole-second steps (each step is tiny)."""
        look = self._look
        if look.still or look.audio_only:
            first = PALETTES[look.palette]
            inner, outer = first[0], first[-1]
        else:
            t = math.floor(self._now())
            inner = palette_colour(look.palette, t)
            outer = palette_colour(look.palette, t + COLOUR_PERIOD_S / 2)
        return (_night(inner), _night(outer)) if look.night else (inner, outer)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            self._paint(painter, event)
        finally:
            painter.end()  # even after a fault, or Qt's backing store is left locked

    def _paint(self, painter: QPainter, event: QPaintEvent) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        area = event.rect()
        layout = self._geometry()
        state = self._state()
        inner, outer = state[0]  # type: ignore[misc]
        if area.contains(self.rect()):
            self._shown_state = state
            self._describe()
        self._paint_field(painter, area, layout, inner, outer)
        timer = self._timer
        if not self._look.audio_only:
            if (
                timer is not None
                and layout.ring
                and not event.region().subtracted(layout.arc_free).isEmpty()
            ):
                self._paint_arc(painter, layout, timer)
            pacer = self._shown_pacer = self._pacer(layout)
            self._paint_pacer(painter, layout, pacer, inner)
            self._paint_centre(painter, layout, pacer)
        elif timer is not None and not timer.ended:
            self._text(painter, layout.breath, "Eyes closed: the chimes will guide you", 0.95, 120)
        if state[1] is not None:
            self._text(painter, layout.phase, str(state[1]).capitalize(), 1.15, 170)
        if self.message and layout.message.height() > 0:
            painter.setFont(self._fitted_message_font(self.message, layout.message))
            painter.setPen(self._ink(240))
            painter.drawText(
                layout.message,
                Qt.AlignmentFlag.AlignHCenter
                | Qt.AlignmentFlag.AlignTop
                | Qt.TextFlag.TextWordWrap,
                self.message,
            )
        if self._look.dim:
            painter.fillRect(area, QColor(0, 0, 0, round(255 * self._look.dim / 100)))
        if self._outline and self.hasFocus():
            painter.setPen(QPen(self._ink(150), 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(QRectF(self.rect()).adjusted(3, 3, -3, -3), 10, 10)

    def _paint_field(
        self,
        painter: QPainter,
        area: QRect,
        layout: _Layout,
        inner: tuple[int, int, int],
        outer: tuple[int, int, int],
    ) -> None:
        """The colour field, painted once per colour step into a pixmap, then only copied."""
        if self._look.audio_only:
            painter.fillRect(area, _mix(outer, 0.14))
            return
        ratio = self.devicePixelRatioF()
        key = (self.size(), ratio, layout.centre, inner, outer, self._look.ink)
        if self._field is None or self._field[0] != key:
            pixmap = QPixmap(self.size() * ratio)
            pixmap.setDevicePixelRatio(ratio)
            gradient = QRadialGradient(layout.centre, math.hypot(self.width(), self.height()) * 0.6)
            gradient.setColorAt(0.0, _mix(inner, 1.08, self._look.ink))
            gradient.setColorAt(0.45, _mix(inner, 0.92))
            gradient.setColorAt(1.0, _mix(outer, 0.5))
            field = QPainter(pixmap)
            field.fillRect(QRectF(0, 0, self.width(), self.height()), gradient)
            field.end()
            self._field = (key, pixmap)
        source = QRectF(
            area.x() * ratio, area.y() * ratio, area.width() * ratio, area.height() * ratio
        )
        painter.drawPixmap(QRectF(area), self._field[1], source)

    def _paint_arc(self, painter: QPainter, layout: _Layout, timer: SessionTimer) -> None:
        radius = layout.radius
        box = QRectF(layout.centre.x() - radius, layout.centre.y() - radius, 2 * radius, 2 * radius)
        width = _arc_width(radius)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(self._ink(45), width))
        painter.drawEllipse(box)
        fraction = min(1.0, timer.elapsed / timer.duration)
        if fraction > 0:
            pen = QPen(self._ink(175), width)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            painter.setPen(pen)
            painter.drawArc(box, 90 * 16, -round(fraction * 360 * 16))

    def _pacer(self, layout: _Layout) -> _Pacer:
        if self._animated():
            label, level, _left = breath_at(BREATH_PATTERNS[self._look.breathing], self._now())
        else:
            level, label = 0.55, ""
        radius = layout.radius * (PACER_MIN + (PACER_MAX - PACER_MIN) * level)
        timer = self._timer
        main = sub = line = ""
        if timer is not None and not timer.ended:
            left = format_remaining(timer.remaining)
            if timer.paused:
                main = line = "Paused"
                if self._look.numbers:
                    sub, line = f"{left} left", f"Paused · {left} left"
            elif self._look.numbers:
                main, sub, line = left, "remaining", f"{left} remaining"
        return _Pacer(round(radius * 2) / 2, label, main, sub, line)

    def _paint_pacer(
        self, painter: QPainter, layout: _Layout, pacer: _Pacer, inner: tuple[int, int, int]
    ) -> None:
        ink = self._look.ink
        glow = QRadialGradient(layout.centre, pacer.radius)
        glow.setColorAt(0.0, _alpha(_mix(inner, 1.45, ink), 150))
        glow.setColorAt(0.7, _alpha(_mix(inner, 1.3, ink), 95))
        glow.setColorAt(1.0, _alpha(_mix(inner, 1.2, ink), 0))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(glow)
        painter.drawEllipse(layout.centre, pacer.radius, pacer.radius)
        if pacer.label:
            self._text(painter, layout.breath, pacer.label, 1.3, 200)

    def _paint_centre(self, painter: QPainter, layout: _Layout, pacer: _Pacer) -> None:
        for line in self._time_lines(layout, pacer):
            painter.setFont(line.font)
            painter.setPen(self._ink(line.alpha))
            painter.drawText(line.box, Qt.AlignmentFlag.AlignCenter, line.text)

    def _time_fonts(self, main: str, sub: str, box: QRectF) -> tuple[QFont, QFont]:
        """The time as large as ``box`` allows (up to its full size), over the word under it
        at the text size; neither is ever smaller than the patient's text."""
        main_font = self._font(TIME_SCALE, QFont.Weight.Light)
        sub_font = self._font(SUB_SCALE)
        main_metrics = QFontMetricsF(main_font)
        sub_height = QFontMetricsF(sub_font).height() if sub else 0.0
        fit = min(
            1.0,
            box.width() / max(1.0, main_metrics.horizontalAdvance(main)),
            (box.height() - sub_height) / main_metrics.height(),
        )
        text_size = self.font().pointSizeF()
        main_font.setPointSizeF(max(text_size, main_font.pointSizeF() * fit))
        return main_font, sub_font

    def _time_lines(self, layout: _Layout, pacer: _Pacer) -> list[_Line]:
        """The time's lines, centred where the ring's middle is: the time over the word under
        it, or (without a ring, in a room too short for two lines) one line at the text size."""
        if not pacer.main:
            return []
        width, middle = float(self.width()), layout.centre.y()
        main_font, sub_font = self._time_fonts(pacer.main, pacer.sub, layout.text)
        main_height = QFontMetricsF(main_font).height()
        sub_height = QFontMetricsF(sub_font).height() if pacer.sub else 0.0
        if not layout.ring and main_height + sub_height > layout.text.height():
            font = self._font(1.0)
            height = QFontMetricsF(font).height()
            return [_Line(pacer.line, font, QRectF(0, middle - height / 2, width, height), 235)]
        top = middle - (main_height + sub_height) / 2
        lines = [_Line(pacer.main, main_font, QRectF(0, top, width, main_height), 235)]
        if pacer.sub:
            box = QRectF(0, top + main_height, width, sub_height)
            lines.append(_Line(pacer.sub, sub_font, box, 190))
        return lines

    def _fitted_message_font(self, text: str, box: QRectF) -> QFont:
        """The words' font, made smaller until they fit their room (the end must show)."""
        font = self._message_font()
        flags = Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap
        for _attempt in range(12):
            bounds = QFontMetricsF(font).boundingRect(
                QRectF(0, 0, box.width(), 1e6), int(flags), text
            )
            if bounds.height() <= box.height() and bounds.width() <= box.width():
                break
            font.setPointSizeF(font.pointSizeF() * 0.9)
        return font

    def _ink(self, alpha: int) -> QColor:
        return _alpha(QColor(*self._look.ink), alpha)

    def _text(self, painter: QPainter, box: QRectF, text: str, scale: float, alpha: int) -> None:
        painter.setFont(self._font(scale))
        painter.setPen(self._ink(alpha))
        painter.drawText(box, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, text)


__all__ = ["CalmDisplay", "DisplayLook"]
