"""The session: a drift-free timer, route presets, cues, phases, the breathing pacer and colours.

Everything here is a pure function of time read from a clock or passed in. Nothing counts
ticks: a counter bumped on every repaint drifts (a Qt timer may fire late, or not at all while
the machine sleeps), so the UI asks "what is true at this moment?" on every repaint instead.
"""

import math
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import NamedTuple

from companion.domain.routes import Route

Clock = Callable[[], float]

MIN_MINUTES = 1
MAX_MINUTES = 600


class SessionTimer:
    """A countdown for one session, read from an injectable monotonic clock.

    Life cycle: new -> start() -> running <-> paused (pause()/resume()) -> end() -> ended.
    Misuse raises RuntimeError naming the problem (starting twice, pausing before the start or
    while paused, resuming while running, anything after the end): a wrong call means the UI is
    out of step with the timer, and hiding that would show the patient a wrong time. The one
    exception is end(), which is idempotent once started, because the end can arrive from two
    places at once (the finish cue and the patient's "End" button).

    `elapsed` keeps counting past the planned duration until end() is called, so the UI can
    tell an overrun honestly; `remaining` stops at 0 and `finished` turns true.
    """

    def __init__(self, duration_s: float, clock: Clock = time.monotonic) -> None:
        if not (isinstance(duration_s, int | float) and math.isfinite(duration_s)) or (
            duration_s <= 0
        ):
            raise ValueError(f"duration_s must be a positive number of seconds, not {duration_s!r}")
        self._duration = float(duration_s)
        self._clock = clock
        # elapsed = (reading - origin), where reading is the clock now while running and the
        # frozen reading while paused or ended; resume() moves the origin on by the pause.
        self._origin: float | None = None
        self._frozen_at: float | None = None
        self._ended = False

    @classmethod
    def restore(
        cls, duration_s: float, elapsed_s: float, paused: bool, clock: Clock = time.monotonic
    ) -> "SessionTimer":
        """Rebuild a started timer after a crash; elapsed continues from `elapsed_s`."""
        if not math.isfinite(elapsed_s) or elapsed_s < 0:
            raise ValueError(f"elapsed_s must be a finite number >= 0, not {elapsed_s!r}")
        timer = cls(duration_s, clock)
        now = clock()
        timer._origin = now - elapsed_s
        if paused:
            timer._frozen_at = now
        return timer

    @property
    def duration(self) -> float:
        """The planned length in seconds."""
        return self._duration

    @property
    def started(self) -> bool:
        return self._origin is not None

    @property
    def paused(self) -> bool:
        return self._frozen_at is not None and not self._ended

    @property
    def ended(self) -> bool:
        return self._ended

    @property
    def elapsed(self) -> float:
        """Seconds of session so far, paused time excluded; 0 before the start."""
        if self._origin is None:
            return 0.0
        reading = self._frozen_at if self._frozen_at is not None else self._clock()
        return max(0.0, reading - self._origin)

    @property
    def remaining(self) -> float:
        return max(0.0, self._duration - self.elapsed)

    @property
    def finished(self) -> bool:
        return self.elapsed >= self._duration

    def start(self) -> None:
        if self._origin is not None:
            raise RuntimeError("the session timer has already been started")
        self._origin = self._clock()

    def pause(self) -> None:
        self._require_running("pause")
        if self._frozen_at is not None:
            raise RuntimeError("cannot pause: the session timer is already paused")
        self._frozen_at = self._clock()

    def resume(self) -> None:
        origin = self._require_running("resume")
        if self._frozen_at is None:
            raise RuntimeError("cannot resume: the session timer is not paused")
        self._origin = origin + (self._clock() - self._frozen_at)
        self._frozen_at = None

    def end(self) -> None:
        """Stop the clock at its current elapsed, whether the session ended early or finished."""
        if self._origin is None:
            raise RuntimeError("cannot end: the session timer has not been started")
        if self._ended:
            return
        if self._frozen_at is None:
            self._frozen_at = self._clock()
        self._ended = True

    def _require_running(self, action: str) -> float:
        """The origin of a started, not ended timer; RuntimeError otherwise."""
        if self._origin is None:
            raise RuntimeError(f"cannot {action}: the session timer has not been started")
        if self._ended:
            raise RuntimeError(f"cannot {action}: the session has ended")
        return self._origin


def elapsed_from_record(
    started_at: datetime, pauses: Sequence[tuple[datetime, datetime | None]], now: datetime
) -> float:
    """Seconds of session between `started_at` and `now`, stored pauses excluded.

    For crash recovery from wall-clock records (aware datetimes). An open pause (end None)
    lasts until `now`. The wall clock can jump, so the records are taken as they come: each
    pause is clipped to [started_at, now], a reversed pause counts as empty, overlapping pauses
    are merged so no time is taken off twice, and the result is never below 0.
    """
    for value in (started_at, now, *(moment for pause in pauses for moment in pause)):
        if value is not None and value.utcoffset() is None:
            raise ValueError("elapsed_from_record needs timezone-aware datetimes")
    if now <= started_at:
        return 0.0
    clipped = sorted(
        (max(begin, started_at), min(end if end is not None else now, now)) for begin, end in pauses
    )
    paused = timedelta()
    covered_until = started_at
    for begin, end in clipped:
        begin = max(begin, covered_until)
        if end > begin:
            paused += end - begin
            covered_until = end
    return (now - started_at - paused).total_seconds()


# --- cues -------------------------------------------------------------------------------------


class CueKind(StrEnum):
    START = "start"
    HALFWAY = "halfway"
    END = "end"
    SPIT = "spit"


@dataclass(frozen=True)
class Cue:
    """Something to announce (chime and screen) when the session's elapsed time reaches at_s."""

    at_s: float
    kind: CueKind
    text: str


@dataclass(frozen=True)
class SessionPreset:
    """The default length for a route and the route's own cues; the minutes are editable."""

    route: Route
    minutes: int
    cues: tuple[Cue, ...] = ()

    def __post_init__(self) -> None:
        if (
            isinstance(self.minutes, bool)
            or not isinstance(self.minutes, int)
            or not MIN_MINUTES <= self.minutes <= MAX_MINUTES
        ):
            raise ValueError(
                f"a session lasts a whole number of minutes between {MIN_MINUTES} and "
                f"{MAX_MINUTES}, not {self.minutes!r}"
            )

    @property
    def duration_s(self) -> int:
        return self.minutes * 60

    def with_minutes(self, minutes: int) -> "SessionPreset":
        """The same preset with the length the patient or clinic chose (validated)."""
        return replace(self, minutes=minutes)


_SPIT_CUE = Cue(15 * 60, CueKind.SPIT, "Spit now")

_PRESETS = {
    Route.IV: SessionPreset(Route.IV, 60),
    Route.IM: SessionPreset(Route.IM, 60),
    Route.NASAL: SessionPreset(Route.NASAL, 120),
    Route.LOZENGE: SessionPreset(Route.LOZENGE, 120, (_SPIT_CUE,)),
    Route.OTHER: SessionPreset(Route.OTHER, 60),
}


def preset_for(route: Route) -> SessionPreset:
    return _PRESETS[route]


def cues_for(duration_s: float, route: Route, chimes: bool = True) -> list[Cue]:
    """The cues of a session in time order.

    With chimes off only the cues that must never be missed remain: the end (the end cue
    always fires) and the route's own instructions (a lozenge's "Spit now"). Route cues that
    would fall at or after the end are left out.
    """
    cues = [Cue(duration_s, CueKind.END, "Your session time is complete")]
    if chimes:
        cues += [
            Cue(0.0, CueKind.START, "Your session has begun"),
            Cue(duration_s / 2, CueKind.HALFWAY, "Halfway"),
        ]
    cues += [cue for cue in preset_for(route).cues if cue.at_s < duration_s]
    return sorted(cues, key=lambda cue: cue.at_s)


def cues_crossed(cues: Iterable[Cue], before_s: float, after_s: float) -> list[Cue]:
    """The cues whose time lies in (before_s, after_s], in time order.

    Call it on every repaint with the elapsed time of the previous repaint and the current
    one: each cue fires exactly once however late or irregular the repaints are, even after
    the machine slept. On the first call after start() pass `before_s=-math.inf`, so the start
    cue at 0 fires once; after a restore pass the restored elapsed, so nothing fires twice.
    """
    return sorted((cue for cue in cues if before_s < cue.at_s <= after_s), key=lambda c: c.at_s)


# --- phases -----------------------------------------------------------------------------------


class Phase(StrEnum):
    SETTLING = "settling"
    ACTIVE = "active"
    RETURNING = "returning"
    REST = "rest"


# Each phase lasts until this fraction of the session; rest covers the end and any overrun.
_PHASE_ENDS = ((0.15, Phase.SETTLING), (0.60, Phase.ACTIVE), (0.85, Phase.RETURNING))


def phase_at(elapsed: float, duration: float) -> Phase:
    """A gentle name for where the session is: settling, active, returning, rest."""
    if duration <= 0:
        raise ValueError(f"duration must be positive, not {duration!r}")
    fraction = elapsed / duration
    for end, phase in _PHASE_ENDS:
        if fraction < end:
            return phase
    return Phase.REST


# --- breathing pacer --------------------------------------------------------------------------


@dataclass(frozen=True)
class BreathStep:
    """One step of a breath: the guide's size moves from from_level to to_level (0..1)."""

    label: str
    seconds: float
    from_level: float
    to_level: float

    def __post_init__(self) -> None:
        if self.seconds <= 0:
            raise ValueError(f"a breath step lasts a positive time, not {self.seconds!r}")
        if not (0 <= self.from_level <= 1 and 0 <= self.to_level <= 1):
            raise ValueError("breath levels lie between 0 and 1")


@dataclass(frozen=True)
class BreathPattern:
    """A repeating breath; no steps means the pacer is off."""

    name: str
    steps: tuple[BreathStep, ...]

    @property
    def cycle_s(self) -> float:
        return sum(step.seconds for step in self.steps)


class BreathState(NamedTuple):
    label: str
    level: float
    seconds_left: float


IN, HOLD, OUT = "Breathe in", "Hold", "Breathe out"

BREATH_PATTERNS: dict[str, BreathPattern] = {
    pattern.name: pattern
    for pattern in (
        # ~5.5 breaths a minute, the rate usually called resonance breathing.
        BreathPattern(
            "resonance", (BreathStep(IN, 5.45, 0.0, 1.0), BreathStep(OUT, 5.45, 1.0, 0.0))
        ),
        BreathPattern(
            "box",
            (
                BreathStep(IN, 4, 0.0, 1.0),
                BreathStep(HOLD, 4, 1.0, 1.0),
                BreathStep(OUT, 4, 1.0, 0.0),
                BreathStep(HOLD, 4, 0.0, 0.0),
            ),
        ),
        BreathPattern(
            "4-7-8",
            (
                BreathStep(IN, 4, 0.0, 1.0),
                BreathStep(HOLD, 7, 1.0, 1.0),
                BreathStep(OUT, 8, 1.0, 0.0),
            ),
        ),
        BreathPattern("off", ()),
    )
}


def _ease(fraction: float) -> float:
    """Cosine easing: starts and ends at rest, like a breath."""
    return (1 - math.cos(math.pi * fraction)) / 2


def breath_at(pattern: BreathPattern, t: float) -> BreathState:
    """The pacer's label, level (0..1) and seconds left in the step, t seconds into the pattern.

    Computed from t alone, so the pacer stays in step however the repaints fall. With the
    pacer off the answer is ("", 0.0, 0.0).
    """
    if not pattern.steps:
        return BreathState("", 0.0, 0.0)
    position = t % pattern.cycle_s
    for step in pattern.steps:
        if position < step.seconds:
            level = step.from_level + (step.to_level - step.from_level) * _ease(
                position / step.seconds
            )
            return BreathState(step.label, level, step.seconds - position)
        position -= step.seconds
    # Rounding can leave position a hair past the last step: that is the cycle's very end.
    last = pattern.steps[-1]
    return BreathState(last.label, last.to_level, 0.0)


# --- colour field -----------------------------------------------------------------------------

RGB = tuple[int, int, int]

COLOUR_PERIOD_S = 75.0

PALETTES: dict[str, tuple[RGB, ...]] = {
    "dusk": ((92, 84, 120), (128, 104, 130), (150, 120, 124), (104, 96, 132)),
    "ocean": ((70, 104, 124), (84, 124, 136), (96, 132, 150), (78, 112, 140)),
    "forest": ((76, 104, 84), (96, 120, 92), (110, 124, 100), (84, 112, 104)),
    "ember": ((140, 100, 84), (156, 116, 92), (132, 96, 96), (150, 110, 104)),
}


def palette_colour(palette_name: str, t: float) -> RGB:
    """The colour of the calming field t seconds in: a slow, eased loop through the palette.

    One loop takes COLOUR_PERIOD_S seconds; the colours are soft and low in saturation.
    """
    try:
        colours = PALETTES[palette_name]
    except KeyError:
        raise ValueError(f"unknown palette {palette_name!r}") from None
    position = (t % COLOUR_PERIOD_S) / COLOUR_PERIOD_S * len(colours)
    index = int(position) % len(colours)
    mix = _ease(position - int(position))
    start, end = colours[index], colours[(index + 1) % len(colours)]
    red, green, blue = (round(a + (b - a) * mix) for a, b in zip(start, end, strict=True))
    return red, green, blue


# --- words and numbers ------------------------------------------------------------------------


def format_remaining(seconds: float) -> str:
    """Clock-style remaining time: "1:05:03", "4:59", "0:00" (never negative).

    Rounds up, so "0:00" appears only when the time is really over.
    """
    whole = math.ceil(max(0.0, seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def format_remaining_words(seconds: float) -> str:
    """Remaining time in gentle, rounded words, for a display that hides exact numbers.

    Under 10 minutes to the minute, then to 5 minutes, from an hour to the half hour:
    "about 4 minutes left", "about 20 minutes left", "about 1 hour 30 minutes left".
    """
    if seconds <= 0:
        return "the time is complete"
    if seconds < 60:
        return "less than a minute left"
    minutes = math.floor(seconds / 60 + 0.5)
    if minutes >= 10:
        minutes = 5 * math.floor(minutes / 5 + 0.5)
    if minutes < 60:
        return f"about {_plural(minutes, 'minute')} left"
    half_hours = math.floor(minutes / 30 + 0.5)
    hours, half = divmod(half_hours, 2)
    return f"about {_plural(hours, 'hour')}{' 30 minutes' if half else ''} left"
