"""Tests for companion.domain.session: timer, recovery, presets, cues, pacer, colours, text."""

import colorsys
import math
import random
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from companion.domain.routes import Route
from companion.domain.session import (
    BREATH_PATTERNS,
    COLOUR_PERIOD_S,
    PALETTES,
    BreathPattern,
    BreathStep,
    Cue,
    CueKind,
    Phase,
    SessionPreset,
    SessionTimer,
    breath_at,
    cues_crossed,
    cues_for,
    elapsed_from_record,
    format_remaining,
    format_remaining_words,
    palette_colour,
    phase_at,
    preset_for,
)


class FakeClock:
    """A monotonic clock the test moves by hand. Steps are multiples of 1/64 s, so every sum
    is exact in binary floating point and "no drift" can be asserted with ==."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


# --- SessionTimer -----------------------------------------------------------------------------


def test_new_timer_is_idle() -> None:
    timer = SessionTimer(600, clock=FakeClock())
    assert not (timer.started or timer.paused or timer.ended or timer.finished)
    assert timer.elapsed == 0
    assert timer.remaining == 600


def test_elapsed_follows_the_clock_not_the_calls() -> None:
    clock = FakeClock()
    timer = SessionTimer(3600, clock=clock)
    timer.start()
    clock.advance(125.5)
    assert timer.elapsed == 125.5
    assert timer.remaining == 3600 - 125.5
    clock.advance(10)
    clock.advance(4.5)
    assert timer.elapsed == 140


def test_pause_excludes_paused_time() -> None:
    clock = FakeClock()
    timer = SessionTimer(3600, clock=clock)
    timer.start()
    clock.advance(100)
    timer.pause()
    assert timer.paused
    clock.advance(500)
    assert timer.elapsed == 100
    timer.resume()
    assert not timer.paused
    clock.advance(50)
    assert timer.elapsed == 150


tick = st.integers(min_value=0, max_value=64 * 600).map(lambda n: n / 64)


@given(steps=st.lists(st.tuples(tick, st.sampled_from(["tick", "pause", "resume"])), max_size=300))
def test_no_drift_through_hours_of_irregular_ticks(steps: list[tuple[float, str]]) -> None:
    clock = FakeClock()
    timer = SessionTimer(2 * 3600, clock=clock)
    started = clock.now
    timer.start()
    paused_total = 0.0
    paused_since: float | None = None
    for seconds, action in steps:
        clock.advance(seconds)
        if action == "pause" and paused_since is None:
            timer.pause()
            paused_since = clock.now
        elif action == "resume" and paused_since is not None:
            timer.resume()
            paused_total += clock.now - paused_since
            paused_since = None
        open_pause = clock.now - paused_since if paused_since is not None else 0.0
        assert timer.elapsed == clock.now - started - paused_total - open_pause
        assert timer.remaining == max(0.0, 2 * 3600 - timer.elapsed)
        assert timer.remaining >= 0
        assert timer.finished == (timer.elapsed >= 2 * 3600)
        assert timer.paused == (paused_since is not None)


def test_a_three_hour_session_ends_on_the_clock_not_on_the_ticks() -> None:
    """Thousands of late, early and skipped ticks, pauses and resumes: the end comes exactly
    when three hours of unpaused clock time have passed, not a tick sooner or later."""
    rng = random.Random(2026)
    clock = FakeClock()
    timer = SessionTimer(3 * 3600, clock=clock)
    timer.start()
    unpaused = 0.0
    ticks = 0
    while not timer.finished:
        step = rng.choice((1, 2, 63, 64, 65, 640, 6400)) / 64  # 1/64 s to 100 s
        if not timer.paused:
            step = min(step, 3 * 3600 - unpaused)
            unpaused += step
        clock.advance(step)
        ticks += 1
        if rng.random() < 0.01:
            timer.resume() if timer.paused else timer.pause()
        assert timer.elapsed == unpaused
        assert timer.remaining == 3 * 3600 - unpaused
    assert unpaused == 3 * 3600 and ticks > 1000


def test_finished_and_remaining_never_negative_past_the_end() -> None:
    clock = FakeClock()
    timer = SessionTimer(60, clock=clock)
    timer.start()
    clock.advance(59)
    assert not timer.finished
    clock.advance(1)
    assert timer.finished
    assert timer.remaining == 0
    clock.advance(3600)
    assert timer.remaining == 0
    assert timer.elapsed == 3660  # the overrun stays visible until end()


def test_end_freezes_elapsed_and_is_idempotent() -> None:
    clock = FakeClock()
    timer = SessionTimer(600, clock=clock)
    timer.start()
    clock.advance(200)
    timer.end()
    clock.advance(1000)
    assert timer.ended
    assert timer.elapsed == 200
    assert not timer.finished
    timer.end()
    assert timer.elapsed == 200


def test_end_while_paused_keeps_the_paused_elapsed() -> None:
    clock = FakeClock()
    timer = SessionTimer(600, clock=clock)
    timer.start()
    clock.advance(30)
    timer.pause()
    clock.advance(90)
    timer.end()
    clock.advance(90)
    assert timer.elapsed == 30
    assert not timer.paused
    assert timer.ended


@pytest.mark.parametrize(
    ("calls", "message"),
    [
        (["pause"], "not been started"),
        (["resume"], "not been started"),
        (["end"], "not been started"),
        (["start", "start"], "already been started"),
        (["start", "pause", "pause"], "already paused"),
        (["start", "resume"], "not paused"),
        (["start", "end", "pause"], "ended"),
        (["start", "pause", "end", "resume"], "ended"),
        (["start", "end", "start"], "already been started"),
    ],
)
def test_misuse_raises_a_clear_runtime_error(calls: list[str], message: str) -> None:
    timer = SessionTimer(600, clock=FakeClock())
    *setup, wrong = calls
    for name in setup:
        getattr(timer, name)()
    with pytest.raises(RuntimeError, match=message):
        getattr(timer, wrong)()


@pytest.mark.parametrize("duration", [0, -5, math.inf, math.nan])
def test_duration_must_be_positive_and_finite(duration: float) -> None:
    with pytest.raises(ValueError, match="duration_s"):
        SessionTimer(duration)


def test_default_clock_is_monotonic() -> None:
    timer = SessionTimer(60)
    timer.start()
    first = timer.elapsed
    assert 0 <= first <= timer.elapsed < 60


def test_restore_continues_from_the_stored_elapsed() -> None:
    clock = FakeClock(now=5.0)  # a new process: the monotonic clock restarted
    timer = SessionTimer.restore(3600, 1234.5, paused=False, clock=clock)
    assert timer.started and not timer.paused and not timer.ended
    assert timer.elapsed == 1234.5
    clock.advance(65.5)
    assert timer.elapsed == 1300
    timer.pause()
    clock.advance(100)
    assert timer.elapsed == 1300


def test_restore_paused_stays_paused_until_resumed() -> None:
    clock = FakeClock()
    timer = SessionTimer.restore(3600, 600, paused=True, clock=clock)
    clock.advance(300)
    assert timer.paused
    assert timer.elapsed == 600
    timer.resume()
    clock.advance(60)
    assert timer.elapsed == 660


def test_restore_refuses_a_negative_elapsed() -> None:
    with pytest.raises(ValueError, match="elapsed_s"):
        SessionTimer.restore(3600, -1, paused=False, clock=FakeClock())


# --- elapsed_from_record ----------------------------------------------------------------------

T0 = datetime(2026, 3, 8, 14, 0, tzinfo=UTC)


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def test_record_without_pauses() -> None:
    assert elapsed_from_record(T0, [], at(45)) == 45 * 60


def test_record_closed_and_open_pauses() -> None:
    pauses: list[tuple[datetime, datetime | None]] = [(at(10), at(15)), (at(40), None)]
    assert elapsed_from_record(T0, pauses, at(50)) == (50 - 5 - 10) * 60


def test_record_overlapping_pauses_count_once() -> None:
    pauses: list[tuple[datetime, datetime | None]] = [(at(10), at(20)), (at(15), at(25))]
    assert elapsed_from_record(T0, pauses, at(30)) == 15 * 60


def test_record_clips_pauses_outside_the_session_and_ignores_reversed_ones() -> None:
    pauses: list[tuple[datetime, datetime | None]] = [
        (at(-10), at(5)),  # began before the start: only 5 minutes count
        (at(25), at(40)),  # runs past now: clipped to now
        (at(12), at(11)),  # reversed by a clock change: empty
    ]
    assert elapsed_from_record(T0, pauses, at(30)) == (30 - 5 - 5) * 60


def test_record_now_before_start_is_zero() -> None:
    assert elapsed_from_record(T0, [], at(-3)) == 0


def test_record_refuses_naive_datetimes() -> None:
    with pytest.raises(ValueError, match="aware"):
        elapsed_from_record(datetime(2026, 1, 1), [], T0)


minute_offsets = st.integers(min_value=-120, max_value=600)


@given(
    pauses=st.lists(st.tuples(minute_offsets, st.one_of(st.none(), minute_offsets)), max_size=8),
    now=minute_offsets,
)
def test_record_is_between_zero_and_wall_time(
    pauses: list[tuple[int, int | None]], now: int
) -> None:
    records = [(at(b), None if e is None else at(e)) for b, e in pauses]
    result = elapsed_from_record(T0, records, at(now))
    assert 0 <= result <= max(0, now * 60)


# --- presets and cues -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("route", "minutes"),
    [(Route.IV, 60), (Route.IM, 60), (Route.NASAL, 120), (Route.LOZENGE, 120), (Route.OTHER, 60)],
)
def test_presets_follow_the_clinical_table(route: Route, minutes: int) -> None:
    preset = preset_for(route)
    assert preset.route is route
    assert preset.minutes == minutes
    assert preset.duration_s == minutes * 60


def test_only_the_lozenge_has_a_spit_cue_at_15_minutes() -> None:
    assert preset_for(Route.LOZENGE).cues == (Cue(900, CueKind.SPIT, "Spit now"),)
    assert all(not preset_for(r).cues for r in Route if r is not Route.LOZENGE)


def test_preset_minutes_are_editable_and_validated() -> None:
    preset = preset_for(Route.NASAL).with_minutes(150)
    assert preset.minutes == 150
    assert preset_for(Route.NASAL).minutes == 120
    assert preset_for(Route.IV).with_minutes(1).minutes == 1
    assert preset_for(Route.IV).with_minutes(600).minutes == 600
    for bad in (0, 601, -10, 1.5, True):
        with pytest.raises(ValueError, match="between 1 and 600"):
            preset_for(Route.IV).with_minutes(bad)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        SessionPreset(Route.IV, 0)


def test_cues_for_a_lozenge_session() -> None:
    cues = cues_for(7200, Route.LOZENGE)
    assert [(c.at_s, c.kind) for c in cues] == [
        (0, CueKind.START),
        (900, CueKind.SPIT),
        (3600, CueKind.HALFWAY),
        (7200, CueKind.END),
    ]
    assert all(c.text for c in cues)


def test_without_chimes_the_end_and_route_cues_remain() -> None:
    assert [c.kind for c in cues_for(7200, Route.LOZENGE, chimes=False)] == [
        CueKind.SPIT,
        CueKind.END,
    ]
    assert [c.kind for c in cues_for(3600, Route.IV, chimes=False)] == [CueKind.END]


def test_route_cue_after_the_end_is_left_out() -> None:
    assert CueKind.SPIT not in [c.kind for c in cues_for(600, Route.LOZENGE)]


def test_start_cue_fires_once_on_start() -> None:
    cues = cues_for(3600, Route.IV)
    assert [c.kind for c in cues_crossed(cues, -math.inf, 0.0)] == [CueKind.START]
    assert cues_crossed(cues, 0.0, 0.5) == []


def test_cues_crossed_uses_a_half_open_interval() -> None:
    cues = cues_for(3600, Route.IV)
    assert [c.kind for c in cues_crossed(cues, 1799, 1800)] == [CueKind.HALFWAY]
    assert cues_crossed(cues, 1800, 1801) == []
    assert cues_crossed(cues, 10, 5) == []


def test_a_long_gap_fires_every_crossed_cue_in_order() -> None:
    cues = cues_for(7200, Route.LOZENGE)
    assert [c.kind for c in cues_crossed(cues, 1, 99999)] == [
        CueKind.SPIT,
        CueKind.HALFWAY,
        CueKind.END,
    ]


@given(st.lists(st.integers(min_value=0, max_value=64 * 400), min_size=1, max_size=200))
def test_every_cue_fires_exactly_once_driven_by_a_timer(steps: list[int]) -> None:
    clock = FakeClock()
    timer = SessionTimer(7200, clock=clock)
    cues = cues_for(7200, Route.LOZENGE)
    timer.start()
    fired = cues_crossed(cues, -math.inf, timer.elapsed)
    previous = timer.elapsed
    for step in [*steps, 64 * 7200]:
        clock.advance(step / 64)
        fired += cues_crossed(cues, previous, timer.elapsed)
        previous = timer.elapsed
    assert fired == cues


# --- phases -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("elapsed", "phase"),
    [
        (0, Phase.SETTLING),
        (8.9, Phase.SETTLING),
        (9, Phase.ACTIVE),
        (35.9, Phase.ACTIVE),
        (36, Phase.RETURNING),
        (50.9, Phase.RETURNING),
        (51, Phase.REST),
        (60, Phase.REST),
        (90, Phase.REST),
    ],
)
def test_phase_at(elapsed: float, phase: Phase) -> None:
    assert phase_at(elapsed, 60) is phase


def test_phase_needs_a_positive_duration() -> None:
    with pytest.raises(ValueError):
        phase_at(1, 0)


# --- breathing --------------------------------------------------------------------------------


def test_patterns_have_the_documented_timings() -> None:
    def timings(name: str) -> list[tuple[str, float]]:
        return [(s.label, s.seconds) for s in BREATH_PATTERNS[name].steps]

    assert timings("resonance") == [("Breathe in", 5.45), ("Breathe out", 5.45)]
    assert 60 / BREATH_PATTERNS["resonance"].cycle_s == pytest.approx(5.5, abs=0.01)
    assert timings("box") == [("Breathe in", 4), ("Hold", 4), ("Breathe out", 4), ("Hold", 4)]
    assert timings("4-7-8") == [("Breathe in", 4), ("Hold", 7), ("Breathe out", 8)]
    assert BREATH_PATTERNS["off"].steps == ()


def test_breath_at_walks_through_the_box() -> None:
    box = BREATH_PATTERNS["box"]
    assert breath_at(box, 0) == ("Breathe in", 0.0, 4)
    label, level, left = breath_at(box, 2)
    assert (label, left) == ("Breathe in", 2)
    assert level == pytest.approx(0.5)
    assert breath_at(box, 5) == ("Hold", 1.0, 3)
    assert breath_at(box, 12) == ("Hold", 0.0, 4)
    assert breath_at(box, 16) == breath_at(box, 0)
    assert breath_at(box, 16 * 1000 + 5) == breath_at(box, 5)


def test_breath_level_eases_in_and_out() -> None:
    resonance = BREATH_PATTERNS["resonance"]
    early = breath_at(resonance, 0.545).level  # a tenth of the inhale
    assert 0 < early < 0.1  # slower than linear at the start
    assert breath_at(resonance, 5.45 * 0.9).level > 0.9  # and at the end


@given(st.sampled_from(["resonance", "box", "4-7-8"]), st.floats(0, 36000))
def test_breath_state_stays_in_range(name: str, t: float) -> None:
    pattern = BREATH_PATTERNS[name]
    label, level, left = breath_at(pattern, t)
    assert label in {"Breathe in", "Hold", "Breathe out"}
    assert 0 <= level <= 1
    assert 0 <= left <= max(step.seconds for step in pattern.steps)


def test_breath_off() -> None:
    assert breath_at(BREATH_PATTERNS["off"], 12.3) == ("", 0.0, 0.0)


def test_breath_step_validation() -> None:
    with pytest.raises(ValueError):
        BreathStep("Breathe in", 0, 0, 1)
    with pytest.raises(ValueError):
        BreathStep("Breathe in", 4, 0, 1.5)
    assert BreathPattern("x", (BreathStep("Hold", 2, 0.5, 0.5),)).cycle_s == 2


# --- colours ----------------------------------------------------------------------------------


def test_palettes_exist() -> None:
    assert set(PALETTES) == {"dusk", "ocean", "forest", "ember"}
    assert 60 <= COLOUR_PERIOD_S <= 90


@pytest.mark.parametrize("name", sorted(PALETTES))
def test_palette_colours_are_soft(name: str) -> None:
    for colour in PALETTES[name]:
        _, saturation, value = colorsys.rgb_to_hsv(*(c / 255 for c in colour))
        assert saturation <= 0.45
        assert 0.25 <= value <= 0.75


@pytest.mark.parametrize("name", sorted(PALETTES))
def test_palette_cycle_is_periodic_and_smooth(name: str) -> None:
    assert palette_colour(name, 0) == PALETTES[name][0]
    assert palette_colour(name, 12.5) == palette_colour(name, 12.5 + COLOUR_PERIOD_S)
    seen = {palette_colour(name, t / 4) for t in range(int(COLOUR_PERIOD_S * 4))}
    assert set(PALETTES[name]) <= seen
    previous = palette_colour(name, 0)
    for step in range(1, int(COLOUR_PERIOD_S * 10) + 1):
        colour = palette_colour(name, step / 10)
        assert max(abs(a - b) for a, b in zip(colour, previous, strict=True)) <= 3
        previous = colour


def test_unknown_palette() -> None:
    with pytest.raises(ValueError, match="unknown palette"):
        palette_colour("neon", 0)


# --- text -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (3903, "1:05:03"),
        (299, "4:59"),
        (298.2, "4:59"),
        (3600, "1:00:00"),
        (59.5, "1:00"),
        (0.2, "0:01"),
        (0, "0:00"),
        (-12, "0:00"),
    ],
)
def test_format_remaining(seconds: float, text: str) -> None:
    assert format_remaining(seconds) == text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "the time is complete"),
        (-3, "the time is complete"),
        (30, "less than a minute left"),
        (65, "about 1 minute left"),
        (4 * 60 + 20, "about 4 minutes left"),
        (19 * 60 + 10, "about 20 minutes left"),
        (58 * 60, "about 1 hour left"),
        (95 * 60, "about 1 hour 30 minutes left"),
        (120 * 60, "about 2 hours left"),
    ],
)
def test_format_remaining_words(seconds: float, text: str) -> None:
    assert format_remaining_words(seconds) == text
