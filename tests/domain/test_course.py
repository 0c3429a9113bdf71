from collections import Counter
from datetime import date, timedelta
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from companion.domain.course import (
    GOAL_SCALE,
    PRESETS,
    CoursePlan,
    CourseProgress,
    SlotStatus,
    course_progress,
    describe_series,
    goal_trend,
    plan_dates,
    preset_for,
    series_slots,
)
from companion.domain.journal import anchor_text
from companion.domain.routes import Route

START = date(2026, 3, 2)  # a Monday


def day(offset: int) -> date:
    return START + timedelta(days=offset)


def test_every_route_has_a_preset() -> None:
    assert set(PRESETS) == set(Route)
    assert all(preset_for(route).route is route for route in Route)


def test_iv_preset_is_six_over_two_to_three_weeks() -> None:
    dates = plan_dates(START, preset_for(Route.IV))
    assert len(dates) == 6
    assert dates[0] == START
    assert 14 <= (dates[-1] - START).days <= 21
    assert preset_for(Route.IV).describe() == "6 sessions every 3 days"


def test_nasal_preset_is_twice_weekly_for_four_weeks_then_weekly() -> None:
    plan = preset_for(Route.NASAL)
    dates = plan_dates(START, plan)
    offsets = [(d - START).days for d in dates]
    assert offsets == [0, 4, 7, 11, 14, 18, 21, 25, 28, 35, 42, 49]
    for week in range(4):
        assert sum(week * 7 <= o < week * 7 + 7 for o in offsets) == 2
    assert plan.total == 12
    assert plan.describe() == "8 sessions twice a week, then 4 weekly"


def test_lozenge_preset_is_weekly_for_six() -> None:
    dates = plan_dates(START, preset_for(Route.LOZENGE))
    assert [(d - START).days for d in dates] == [0, 7, 14, 21, 28, 35]


def test_plans_are_editable() -> None:
    plan = CoursePlan(Route.IM, 3, 2)
    assert plan_dates(START, plan) == [day(0), day(2), day(4)]
    assert CoursePlan(Route.IV, 1, 1).describe() == "1 session daily"


@pytest.mark.parametrize(
    "args",
    [
        ("iv", 6, 3),
        (Route.IV, -1, 3),
        (Route.IV, 0, 3, 2),
        (Route.IV, 6, 0),
        (Route.IV, 6, 1.25),
        (Route.IV, 6, 0.5),
        (Route.IV, 6, True),
        (Route.IV, True, 3),
        (Route.IV, 6, 3, -1),
        (Route.IV, 6, 3, 2, 0),
    ],
)
def test_bad_plans_are_refused(args: tuple[object, ...]) -> None:
    with pytest.raises(ValueError):
        CoursePlan(*args)  # type: ignore[arg-type]


@given(
    st.integers(1, 20),
    st.integers(2, 28).map(lambda halves: halves / 2),
    st.integers(0, 10),
    st.integers(1, 14),
)
def test_plan_dates_are_increasing_and_counted(
    count: int, spacing: float, then_count: int, then_spacing: int
) -> None:
    plan = CoursePlan(Route.OTHER, count, spacing, then_count, then_spacing)
    dates = plan_dates(START, plan)
    assert len(dates) == plan.total
    assert dates[0] == START
    assert all(a < b for a, b in pairwise(dates))


def test_progress_with_missed_and_extra_sessions() -> None:
    planned = plan_dates(START, CoursePlan(Route.IV, 6, 3))  # days 0 3 6 9 12 15, windows +-1
    done = [day(0), day(1), day(9), day(10)]
    booked = [day(12)]
    result = course_progress(planned, done, booked, today=day(11))
    # 0 and 9 served by done sessions; 3 and 6 missed; 12 booked and 15 open remain;
    # days 1 and 10 fall in windows already served, so they are extra.
    assert result == CourseProgress(
        planned=6, done=4, booked=1, remaining=2, missed=2, extra=2, next_date=day(12)
    )


def test_a_session_a_day_off_still_serves_its_planned_date() -> None:
    planned = plan_dates(START, CoursePlan(Route.IV, 6, 3))
    result = course_progress(planned, [day(0), day(4), day(5)], [], today=day(7))
    # day 4 serves day 3 (window 2-4), day 5 serves day 6 (window 5-7)
    assert (result.missed, result.extra, result.remaining) == (0, 0, 3)
    assert result.next_date == day(9)


def test_a_planned_date_is_not_missed_while_its_window_is_open() -> None:
    planned = [day(0), day(7)]  # windows +-3
    assert course_progress(planned, [day(0)], [], today=day(10)).missed == 0
    open_now = course_progress(planned, [day(0)], [], today=day(9))
    assert (open_now.missed, open_now.remaining) == (0, 1)
    assert open_now.next_date == day(9)  # overdue but still in its window: due today
    closed = course_progress(planned, [day(0)], [], today=day(11))
    assert (closed.missed, closed.remaining, closed.next_date) == (1, 0, None)


def test_a_past_booking_not_done_is_not_a_session() -> None:
    planned = [day(0), day(7)]
    result = course_progress(planned, [day(0)], [day(7)], today=day(12))
    assert (result.booked, result.missed, result.extra) == (0, 1, 0)


def test_a_booked_session_inside_a_window_keeps_the_date_remaining() -> None:
    planned = [day(0), day(7), day(14)]
    result = course_progress(planned, [day(0)], [day(8)], today=day(5))
    assert (result.remaining, result.booked, result.extra, result.next_date) == (2, 1, 0, day(8))


def test_sessions_beyond_the_plan_are_extra() -> None:
    planned = [day(0), day(7)]
    result = course_progress(planned, [day(0), day(7), day(21)], [day(28)], today=day(22))
    assert (result.remaining, result.extra, result.next_date) == (0, 2, day(28))


def test_empty_plan_counts_everything_as_extra() -> None:
    result = course_progress([], [day(0)], [day(3)], today=day(1))
    assert result == CourseProgress(0, 1, 1, 0, 0, 2, day(3))


def test_no_planned_series_plans_nothing_so_nothing_is_missed() -> None:
    plan = CoursePlan.unplanned(Route.IM)
    assert (plan.route, plan.has_series, plan.total) == (Route.IM, False, 0)
    assert plan.describe() == "no planned series recorded"
    assert plan_dates(START, plan) == []
    assert preset_for(Route.IM).has_series
    done = [day(0), day(9), day(30)]
    slots = series_slots(plan_dates(START, plan), done, [day(45)], today=day(40))
    assert [(s.status, s.session) for s in slots] == [
        (SlotStatus.EXTRA_DONE, day(0)),
        (SlotStatus.EXTRA_DONE, day(9)),
        (SlotStatus.EXTRA_DONE, day(30)),
        (SlotStatus.EXTRA_BOOKED, day(45)),
    ]
    progress = course_progress(plan_dates(START, plan), done, [day(45)], today=day(40))
    assert (progress.planned, progress.missed, progress.remaining, progress.done) == (0, 0, 0, 3)
    assert describe_series(progress) == "3 sessions done, 1 booked."


def test_lone_planned_date_gets_three_days_either_side() -> None:
    assert course_progress([day(5)], [day(8)], [], today=day(20)).missed == 0
    assert course_progress([day(5)], [day(9)], [], today=day(20)).missed == 1


def test_goal_trend() -> None:
    assert goal_trend([]) is None
    trend = goal_trend([(day(7), 6), (day(0), 3), (day(14), 5), (day(14), 8)])
    assert trend is not None
    assert (trend.first_date, trend.first) == (day(0), 3)
    assert (trend.latest_date, trend.latest) == (day(14), 8)
    assert trend.change == 5
    single = goal_trend([(day(1), 4)])
    assert single is not None and single.change == 0


def test_series_slots_say_where_each_planned_date_stands() -> None:
    planned = plan_dates(START, CoursePlan(Route.IV, 6, 3))  # days 0 3 6 9 12 15, windows +-1
    slots = series_slots(planned, [day(0), day(1), day(9), day(10)], [day(12), day(20)], day(11))
    assert [(s.planned, s.status, s.session) for s in slots] == [
        (day(0), SlotStatus.DONE, day(0)),
        (day(3), SlotStatus.MISSED, None),
        (day(6), SlotStatus.MISSED, None),
        (day(9), SlotStatus.DONE, day(9)),
        (day(12), SlotStatus.BOOKED, day(12)),
        (day(15), SlotStatus.OPEN, None),
        (None, SlotStatus.EXTRA_DONE, day(1)),
        (None, SlotStatus.EXTRA_DONE, day(10)),
        (None, SlotStatus.EXTRA_BOOKED, day(20)),
    ]


@given(
    st.lists(st.integers(0, 40), max_size=12),
    st.lists(st.integers(0, 40), max_size=12),
    st.lists(st.integers(0, 40), max_size=6),
    st.integers(0, 45),
)
def test_slots_and_progress_agree(
    planned: list[int], done: list[int], booked: list[int], today: int
) -> None:
    args = ([day(d) for d in planned], [day(d) for d in done], [day(d) for d in booked], day(today))
    slots = series_slots(*args)
    progress = course_progress(*args)
    count = Counter(slot.status for slot in slots)
    assert sum(slot.planned is not None for slot in slots) == progress.planned
    assert count[SlotStatus.MISSED] == progress.missed
    assert count[SlotStatus.BOOKED] + count[SlotStatus.OPEN] == progress.remaining
    assert count[SlotStatus.EXTRA_DONE] + count[SlotStatus.EXTRA_BOOKED] == progress.extra
    assert count[SlotStatus.DONE] + count[SlotStatus.EXTRA_DONE] == progress.done
    assert count[SlotStatus.BOOKED] + count[SlotStatus.EXTRA_BOOKED] == progress.booked


@pytest.mark.parametrize(
    ("progress", "text"),
    [
        (CourseProgress(6, 0, 0, 6, 0, 0, day(0)), "0 of 6 planned sessions done."),
        (
            CourseProgress(6, 4, 1, 2, 2, 2, day(12)),
            "2 of 6 planned sessions done, 1 booked, 2 missed, "
            "2 more sessions done beyond the plan.",
        ),
        (
            CourseProgress(2, 3, 0, 0, 0, 1, None),
            "2 of 2 planned sessions done, 1 more session done beyond the plan.",
        ),
        # No planned series: only what happened, never "planned", "missed" or "beyond".
        (CourseProgress(0, 0, 0, 0, 0, 0, None), "No sessions recorded."),
        (CourseProgress(0, 1, 0, 0, 0, 1, None), "1 session done."),
        (CourseProgress(0, 0, 1, 0, 0, 1, day(3)), "1 session booked."),
        (CourseProgress(0, 5, 2, 0, 0, 7, day(3)), "5 sessions done, 2 booked."),
    ],
)
def test_describe_series(progress: CourseProgress, text: str) -> None:
    assert describe_series(progress) == text


def test_goal_scale_has_words_at_the_ends_and_the_middle() -> None:
    assert GOAL_SCALE.labels == ("Not there yet", "Halfway", "Fully there")
    assert anchor_text(GOAL_SCALE, 10) == "10 of 10, fully there"
    assert anchor_text(GOAL_SCALE, 4) == "4 of 10, a little below halfway"
