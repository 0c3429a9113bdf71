"""A treatment course: planned session dates per route, progress against them, goal trends.

Presets are common patterns only; clinics differ and every number is editable.
"""

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from itertools import pairwise
from typing import Self

from companion.domain.journal import Scale
from companion.domain.routes import Route

# How close the patient feels to one of their goals, 0-10, with words at 0, 5 and 10.
GOAL_SCALE = Scale(
    "goal", ("Not there yet", "Halfway", "Fully there"), ("not there yet", "halfway", "fully there")
)

# A planned date with no neighbour to measure spacing from gets this much leeway either side.
LONE_DATE_TOLERANCE_DAYS = 3

NO_PLAN_WORDS = "no planned series recorded"
NO_SESSIONS = "No sessions recorded."
# What an unplanned course stores as its spacing: any valid value would do, it is never used.
UNPLANNED_SPACING_DAYS = 7


@dataclass(frozen=True)
class CoursePlan:
    """`count` sessions `spacing_days` apart, then `then_count` more `then_spacing_days` apart.

    spacing_days may be a half day (3.5 = twice a week): offsets are rounded half up, so the
    gaps alternate 4, 3, 4, 3... The second phase starts `count * spacing_days` after the start
    (rounded the same way), i.e. where the next session of the first phase would have fallen.

    A count of 0 is no planned series (see `unplanned`): nothing is planned, so no session can
    be missed, booked against the plan or still to come; the sessions done are just counted.
    A course imported from a file has no plan, and neither has one whose clinic set none.
    """

    route: Route
    count: int
    spacing_days: float
    then_count: int = 0
    then_spacing_days: int = 7

    def __post_init__(self) -> None:
        if not isinstance(self.route, Route):
            raise ValueError(f"route must be a Route, got {self.route!r}")
        if not _is_int(self.count) or self.count < 0:
            raise ValueError(f"the number of sessions must be 0 or more, got {self.count!r}")
        if (
            isinstance(self.spacing_days, bool)
            or not isinstance(self.spacing_days, int | float)
            or self.spacing_days < 1
            or not float(self.spacing_days * 2).is_integer()
        ):
            raise ValueError(
                "spacing must be a whole or half number of days, 1 or more, "
                f"got {self.spacing_days!r}"
            )
        if not _is_int(self.then_count) or self.then_count < 0:
            raise ValueError(f"then_count must be 0 or more, got {self.then_count!r}")
        if not _is_int(self.then_spacing_days) or self.then_spacing_days < 1:
            raise ValueError(
                f"then_spacing_days must be a whole number of 1 or more, "
                f"got {self.then_spacing_days!r}"
            )
        if self.count == 0 and self.then_count:
            raise ValueError("sessions after the series need a planned series first")

    @classmethod
    def unplanned(cls, route: Route) -> Self:
        """No planned series (the spacing is never used)."""
        return cls(route, 0, UNPLANNED_SPACING_DAYS)

    @property
    def has_series(self) -> bool:
        return self.count > 0

    @property
    def total(self) -> int:
        return self.count + self.then_count

    def describe(self) -> str:
        """E.g. "8 sessions twice a week, then 4 weekly", or "no planned series recorded"."""
        if not self.has_series:
            return NO_PLAN_WORDS
        text = f"{_sessions(self.count)} {_every(self.spacing_days)}"
        if self.then_count:
            text += f", then {self.then_count} {_every(self.then_spacing_days)}"
        return text


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _sessions(count: int) -> str:
    return "1 session" if count == 1 else f"{count} sessions"


def _every(spacing: float) -> str:
    if spacing == 7:
        return "weekly"
    if spacing == 3.5:
        return "twice a week"
    if spacing == 1:
        return "daily"
    return f"every {spacing:g} days"


def _half_up(value: float) -> int:
    # spacing is a multiple of 0.5, so value is exact in binary floating point.
    return int(value + 0.5)


PRESETS: dict[Route, CoursePlan] = {
    # Often six infusions over two to three weeks.
    Route.IV: CoursePlan(Route.IV, 6, 3),
    Route.IM: CoursePlan(Route.IM, 6, 3),
    # Esketamine: twice a week for four weeks, then weekly (weeks 5-8).
    Route.NASAL: CoursePlan(Route.NASAL, 8, 3.5, then_count=4, then_spacing_days=7),
    Route.LOZENGE: CoursePlan(Route.LOZENGE, 6, 7),
    Route.OTHER: CoursePlan(Route.OTHER, 6, 7),
}


def preset_for(route: Route) -> CoursePlan:
    return PRESETS[route]


def plan_dates(start: date, plan: CoursePlan) -> list[date]:
    """The planned session dates, first on `start`; none without a planned series."""
    offsets = [_half_up(i * plan.spacing_days) for i in range(plan.count)]
    second_start = _half_up(plan.count * plan.spacing_days)
    offsets += [second_start + i * plan.then_spacing_days for i in range(plan.then_count)]
    return [start + timedelta(days=offset) for offset in offsets]


@dataclass(frozen=True)
class CourseProgress:
    planned: int
    done: int
    booked: int
    remaining: int
    missed: int
    extra: int
    next_date: date | None


def _tolerances(planned: list[date]) -> list[int]:
    """Half the gap to the nearest neighbouring planned date, in whole days (rounded down)."""
    if len(planned) == 1:
        return [LONE_DATE_TOLERANCE_DAYS]
    gaps = [(b - a).days for a, b in pairwise(planned)]
    nearest = [gaps[0], *(min(a, b) for a, b in pairwise(gaps)), gaps[-1]]
    return [gap // 2 for gap in nearest]


class SlotStatus(StrEnum):
    """Where one planned date (or one session beyond the plan) stands."""

    DONE = "done"
    BOOKED = "booked"
    MISSED = "missed"
    OPEN = "open"
    """Planned, not booked, and its window has not closed yet."""
    EXTRA_DONE = "extra done"
    EXTRA_BOOKED = "extra booked"


@dataclass(frozen=True)
class SeriesSlot:
    planned: date | None
    """The planned date; None for a session beyond the plan."""
    status: SlotStatus
    session: date | None
    """The done or booked session serving this slot; None when missed or open."""


def _window_matches(
    plan: Sequence[date], tolerances: Sequence[int], sessions: Sequence[tuple[date, int]]
) -> list[int | None]:
    """By planned date, the index of the session serving it inside its window, or None.

    Windows touch at most at one day (each is at most half the gap to a neighbour), so one
    sorted pass finds every candidate: n log n, not planned x sessions.
    """
    days = [when for when, _kind in sessions]
    taken = [False] * len(sessions)
    served: list[int | None] = []
    for day, tolerance in zip(plan, tolerances, strict=True):
        low = bisect_left(days, day - timedelta(days=tolerance))
        high = bisect_right(days, day + timedelta(days=tolerance))
        candidates = [i for i in range(low, high) if not taken[i]]
        if not candidates:
            served.append(None)
            continue
        best = min(candidates, key=lambda i: (abs((days[i] - day).days), sessions[i], i))
        taken[best] = True
        served.append(best)
    return served


def _moved_matches(
    plan: Sequence[date], sessions: Sequence[tuple[date, int]], served: list[int | None]
) -> None:
    """Let a session held early or late serve the unserved planned date next to it (in place).

    A session qualifies when no other session and no planned date lies between it and that
    date, and it is nearer to the date than the date's planned neighbour on its side (for the
    first or last date, its one gap; a lone date keeps its window). Sessions go in date order;
    between two qualifying dates the nearer wins, then the earlier.
    """
    if len(plan) < 2:
        return
    used = {i for i in served if i is not None}
    days = [when for when, _kind in sessions]
    for i, when in enumerate(days):
        if i in used:
            continue
        after = bisect_right(plan, when)  # plan[after - 1] <= when < plan[after]
        options = []
        for k in (after - 1, after):
            if 0 <= k < len(plan) and served[k] is None and _free_between(days, i, plan[k]):
                distance = abs((plan[k] - when).days)
                if distance < _reach(plan, k, early=plan[k] > when):
                    options.append((distance, k))
        if options:
            served[min(options)[1]] = i
            used.add(i)


def _free_between(days: Sequence[date], i: int, target: date) -> bool:
    """Whether no other session lies between session ``i`` and ``target`` (days sorted)."""
    when = days[i]
    if target > when:  # the first later session, past any on the same day
        later = bisect_right(days, when)
        return later == len(days) or days[later] > target
    earlier = bisect_left(days, when) - 1  # the last earlier session
    return earlier < 0 or days[earlier] < target


def _reach(plan: Sequence[date], k: int, *, early: bool) -> int:
    """Days from planned date ``k`` to its neighbour on the side of a session held
    ``early`` (before it) or late; the first and last dates use their one gap."""
    neighbour = k - 1 if early else k + 1
    if not 0 <= neighbour < len(plan):
        neighbour = k + 1 if early else k - 1
    return abs((plan[k] - plan[neighbour]).days)


def series_slots(
    planned: Sequence[date], done: Sequence[date], booked: Sequence[date], today: date
) -> list[SeriesSlot]:
    """One slot per planned date (in order), then one per session serving none (by date).

    The matching rule is the one of `course_progress`.
    """
    plan = sorted(set(planned))
    upcoming = sorted(d for d in booked if d >= today)
    # (date, 0 for done / 1 for booked) so that sorting prefers done sessions on ties.
    sessions = sorted([(d, 0) for d in done] + [(d, 1) for d in upcoming])
    tolerances = _tolerances(plan) if plan else []
    served = _window_matches(plan, tolerances, sessions)
    _moved_matches(plan, sessions, served)
    slots: list[SeriesSlot] = []
    for day, tolerance, index in zip(plan, tolerances, served, strict=True):
        if index is not None:
            when, kind = sessions[index]
            slots.append(SeriesSlot(day, SlotStatus.BOOKED if kind else SlotStatus.DONE, when))
        elif day + timedelta(days=tolerance) < today:
            slots.append(SeriesSlot(day, SlotStatus.MISSED, None))
        else:
            slots.append(SeriesSlot(day, SlotStatus.OPEN, None))
    used = {i for i in served if i is not None}
    for i, (when, kind) in enumerate(sessions):
        if i not in used:
            status = SlotStatus.EXTRA_BOOKED if kind else SlotStatus.EXTRA_DONE
            slots.append(SeriesSlot(None, status, when))
    return slots


def course_progress(
    planned: Sequence[date],
    done: Sequence[date],
    booked: Sequence[date],
    today: date,
    slots: Sequence[SeriesSlot] | None = None,
) -> CourseProgress:
    """Compare the plan with sessions done and booked.

    The rule:
    - Sessions are the done dates plus the booked dates from today on (a booking that has
      passed without being done is not a session).
    - Each planned date has a window of +- half the gap to its nearest planned neighbour
      (whole days, rounded down; 3 days for a lone date). Going through planned dates in
      order, each takes the unmatched session in its window closest to it (ties: done before
      booked, then the earlier). A session serves at most one planned date.
    - A session held early or late is not both "missed" and "extra": a session left over
      serves the planned date next to it that no session serves, when no other session lies
      between them and it is nearer to that date than the date's planned neighbour on its
      side (sessions in date order; the nearer date, then the earlier, wins). So a plan of
      10-day gaps with sessions on days 0, 4 and 20 has all three dates done, not day 10
      missed and day 4 extra.
    - missed: planned dates without a session whose window ended before today.
    - remaining: planned dates not served by a done session and not missed, so
      done-in-plan + missed + remaining == planned.
    - extra: sessions (done or booked) that serve no planned date: more sessions than the
      plan had around that time (or after it), never one standing in for a missed date.
    - next_date: the earliest of the booked dates from today on and of the planned dates still
      open and not booked (shown as today when their day has passed but the window has not);
      None when there is nothing ahead.

    ``slots`` may pass `series_slots` of the same arguments when the caller already has them.
    """
    if slots is None:
        slots = series_slots(planned, done, booked, today)
    counts = Counter(slot.status for slot in slots)
    upcoming = [d for d in booked if d >= today]
    open_dates = [max(s.planned, today) for s in slots if s.status is SlotStatus.OPEN and s.planned]
    ahead = upcoming + open_dates
    return CourseProgress(
        planned=len(set(planned)),
        done=len(done),
        booked=len(upcoming),
        remaining=counts[SlotStatus.BOOKED] + counts[SlotStatus.OPEN],
        missed=counts[SlotStatus.MISSED],
        extra=counts[SlotStatus.EXTRA_DONE] + counts[SlotStatus.EXTRA_BOOKED],
        next_date=min(ahead) if ahead else None,
    )


def describe_series(progress: CourseProgress) -> str:
    """Plain words for the counts, e.g. "3 of 6 planned sessions done, 1 booked, 1 still to come,
    1 planned date without a session, 1 extra session done.".

    The planned dates add up: done, booked, still to come (open) and without a session make
    the planned count. A planned date without a session is not said to be "missed": the
    patient may have been seen on other days (spacing differs from the plan), and "missed"
    reads as a no-show. Sessions serving no planned date are "extra" (see `course_progress`).

    Without a planned series only what happened is counted: "3 sessions done, 1 booked.".
    """
    if not progress.planned:
        if not progress.done:
            return f"{_sessions(progress.booked)} booked." if progress.booked else NO_SESSIONS
        booked = f", {progress.booked} booked" if progress.booked else ""
        return f"{_sessions(progress.done)} done{booked}."
    in_plan = progress.planned - progress.remaining - progress.missed
    extra_done = progress.done - in_plan
    extra_booked = progress.extra - extra_done
    booked = progress.booked - extra_booked  # booked for a planned date
    still_open = progress.remaining - booked
    parts = [f"{in_plan} of {progress.planned} planned sessions done"]
    if booked:
        parts.append(f"{booked} booked")
    if still_open:
        parts.append(f"{still_open} still to come")
    if progress.missed:
        dates = "date" if progress.missed == 1 else "dates"
        parts.append(f"{progress.missed} planned {dates} without a session")
    # "Extra", not "beyond the plan": an extra session may fall between planned dates.
    for count, state in ((extra_done, "done"), (extra_booked, "booked")):
        if count:
            parts.append(f"{count} extra {'session' if count == 1 else 'sessions'} {state}")
    return ", ".join(parts) + "."


@dataclass(frozen=True)
class GoalTrend:
    first_date: date
    first: int
    latest_date: date
    latest: int
    change: int
    """latest minus first."""


def goal_trend(ratings: Sequence[tuple[date, int]]) -> GoalTrend | None:
    """First and latest rating by date (same day: the later in the list wins); None if empty."""
    if not ratings:
        return None
    ordered = sorted(ratings, key=lambda rating: rating[0])
    (first_date, first), (latest_date, latest) = ordered[0], ordered[-1]
    return GoalTrend(first_date, first, latest_date, latest, latest - first)
