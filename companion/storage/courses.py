"""Treatment courses: the plan, the goals and their ratings, and progress against them.

Which sessions belong to a course: a session whose appointment names the course
(``Appointment.course_id``), or one with no such link that started within the course's dates
(``started_on`` to ``ended_on``, both inclusive; an open course runs on). Only sessions that
were finished or ended early count as done. Booked means an appointment of the course, today
or later, with no done session yet. A course stored with ``planned_count`` 0 has no planned
series (`CoursePlan.unplanned`, e.g. one made by an import): its sessions are only counted.

Everything returned is plain data (no ORM objects), so it can travel from the worker thread.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from sqlalchemy import Row, func, or_, select
from sqlalchemy.orm import Session

from companion.domain.course import (
    CoursePlan,
    CourseProgress,
    GoalTrend,
    SeriesSlot,
    course_progress,
    goal_trend,
    plan_dates,
    series_slots,
)
from companion.domain.measures import GAD7, PHQ9, Change, change_from_baseline, describe_progress
from companion.domain.routes import Route
from companion.storage.appointments import session_numbers
from companion.storage.models import (
    Appointment,
    Course,
    Goal,
    GoalRating,
    JournalEntry,
    MeasureResponse,
    TreatmentSession,
)

DONE_STATES = ("finished", "ended_early")
RATING_MIN, RATING_MAX = 0, 10
NAME_MAX = 200
GOAL_MAX = 300
# A PHQ-9 or GAD-7 asks about the last two weeks, so one answered in the two weeks before the
# first session is the course's baseline.
BASELINE_LOOKBACK_DAYS = 14


# --- plain data ---------------------------------------------------------------------------
@dataclass(frozen=True)
class CourseInfo:
    id: int
    name: str
    plan: CoursePlan
    started_on: date
    ended_on: date | None
    expectations: str
    worries: str

    @property
    def route(self) -> Route:
        return self.plan.route

    @property
    def is_open(self) -> bool:
        return self.ended_on is None


@dataclass(frozen=True)
class CourseDraft:
    """What the patient fills in to start a course."""

    name: str
    plan: CoursePlan
    started_on: date
    expectations: str = ""
    worries: str = ""
    goals: Sequence[str] = ()


@dataclass(frozen=True)
class GoalView:
    id: int
    number: int
    """1 for the first goal of the course."""
    text: str
    ratings: tuple[tuple[date, int], ...]
    """One per day (the last of that day), oldest first."""
    trend: GoalTrend | None


@dataclass(frozen=True)
class SessionMood:
    session_id: int
    number: int | None
    """The session's number as everywhere else in the app (`session_numbers`: its appointment's
    rank among all appointments, not within the course); None without an appointment."""
    day: date
    before: int | None
    after: int | None


@dataclass(frozen=True)
class MeasurePoint:
    day: date
    total: int
    band: str


@dataclass(frozen=True)
class MeasureProgress:
    instrument: str
    baseline: MeasurePoint
    latest: MeasurePoint | None
    """None while the baseline is the only score."""
    change: Change | None
    sentence: str


@dataclass(frozen=True)
class CourseOverview:
    course: CourseInfo
    today: date
    slots: tuple[SeriesSlot, ...]
    progress: CourseProgress
    next_booked: datetime | None
    """The next booked appointment (local wall time)."""
    sessions: tuple[SessionMood, ...]
    measures: tuple[MeasureProgress, ...]
    """PHQ-9 then GAD-7, each only when there is a score."""
    goals: tuple[GoalView, ...]


@dataclass(frozen=True)
class GoalToRate:
    id: int
    text: str
    previous: int | None
    """The latest rating before this one, if any."""
    current: int | None
    """Already rated for this session (or today, when not linked to a session)."""


@dataclass(frozen=True)
class RatingForm:
    course_id: int | None
    course_name: str
    goals: tuple[GoalToRate, ...] = ()


# --- checks -------------------------------------------------------------------------------
def _clean_text(value: str, what: str, limit: int) -> str:
    text = " ".join(value.split())
    if not text:
        raise ValueError(f"Please write the {what}; it cannot be empty.")
    if len(text) > limit:
        raise ValueError(f"The {what} is too long: {len(text)} characters, at most {limit}.")
    return text


def _check_rating(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"A goal rating must be a whole number, got {value!r}.")
    if not RATING_MIN <= value <= RATING_MAX:
        raise ValueError(f"A goal rating must be {RATING_MIN} to {RATING_MAX}, got {value}.")
    return value


def _get(session: Session, model: type[Course] | type[Goal], key: int) -> Course | Goal:
    row = session.get(model, key)
    if row is None:
        thing = "course" if model is Course else "goal"
        raise ValueError(f"That {thing} no longer exists; it may have been removed.")
    return row


def _course(session: Session, course_id: int) -> Course:
    row = _get(session, Course, course_id)
    assert isinstance(row, Course)
    return row


def _goal(session: Session, goal_id: int) -> Goal:
    row = _get(session, Goal, goal_id)
    assert isinstance(row, Goal)
    return row


# --- courses ------------------------------------------------------------------------------
def _info(course: Course) -> CourseInfo:
    spacing = course.spacing_days
    plan = CoursePlan(
        Route.parse(course.route),
        course.planned_count,
        int(spacing) if float(spacing).is_integer() else spacing,
        course.then_count,
        course.then_spacing_days,
    )
    return CourseInfo(
        id=course.id,
        name=course.name,
        plan=plan,
        started_on=course.started_on.date(),
        ended_on=course.ended_on.date() if course.ended_on else None,
        expectations=course.expectations,
        worries=course.worries,
    )


def all_courses(session: Session) -> list[CourseInfo]:
    """Every course, oldest first."""
    rows = session.scalars(select(Course).order_by(Course.started_on, Course.id))
    return [_info(row) for row in rows]


def current_course(session: Session) -> CourseInfo | None:
    """The open course that started last; None when every course has ended (or there is none)."""
    row = session.scalars(
        select(Course)
        .where(Course.ended_on.is_(None))
        .order_by(Course.started_on.desc(), Course.id.desc())
        .limit(1)
    ).first()
    return _info(row) if row else None


def course_info(session: Session, course_id: int) -> CourseInfo:
    return _info(_course(session, course_id))


def _set_plan(course: Course, name: str, plan: CoursePlan, started_on: date) -> None:
    course.name = _clean_text(name, "course name", NAME_MAX)
    course.route = plan.route.value
    course.planned_count = plan.count
    course.spacing_days = float(plan.spacing_days)
    course.then_count = plan.then_count
    course.then_spacing_days = plan.then_spacing_days
    course.started_on = datetime.combine(started_on, time())


def create_course(session: Session, draft: CourseDraft) -> int:
    """Start a course. An open course that started earlier ends the day before; it is kept.

    Refused when an open course starts on or after the new start date (end or edit it first).
    """
    open_courses = session.scalars(select(Course).where(Course.ended_on.is_(None))).all()
    if any(c.started_on.date() >= draft.started_on for c in open_courses):
        raise ValueError(
            "Another course is still open and starts on or after that date; "
            "choose a later start date."
        )
    course = Course(expectations=draft.expectations.strip(), worries=draft.worries.strip())
    _set_plan(course, draft.name, draft.plan, draft.started_on)
    goals = [_clean_text(text, "goal", GOAL_MAX) for text in draft.goals if text.strip()]
    for older in open_courses:
        end_course(
            session, older.id, max(older.started_on.date(), draft.started_on - timedelta(days=1))
        )
    session.add(course)
    session.flush()
    for text in goals:
        add_goal(session, course.id, text)
    return course.id


def update_plan(
    session: Session, course_id: int, name: str, plan: CoursePlan, started_on: date
) -> None:
    course = _course(session, course_id)
    if course.ended_on is not None and course.ended_on.date() < started_on:
        raise ValueError("A course cannot start after the day it ended.")
    _set_plan(course, name, plan, started_on)


def update_hopes(session: Session, course_id: int, expectations: str, worries: str) -> None:
    """What the patient expects from the course and any worries, written at the start."""
    course = _course(session, course_id)
    course.expectations = expectations.strip()
    course.worries = worries.strip()


def end_course(session: Session, course_id: int, ended_on: date) -> None:
    """Close a course; it stays, with its goals and ratings, to look back on and compare."""
    course = _course(session, course_id)
    if ended_on < course.started_on.date():
        raise ValueError("A course cannot end before the day it started.")
    course.ended_on = datetime.combine(ended_on, time())


# --- goals --------------------------------------------------------------------------------
def add_goal(session: Session, course_id: int, text: str) -> int:
    course = _course(session, course_id)
    last = session.scalar(select(func.max(Goal.position)).where(Goal.course_id == course.id))
    goal = Goal(
        course_id=course.id, position=(last or 0) + 1, text=_clean_text(text, "goal", GOAL_MAX)
    )
    session.add(goal)
    session.flush()
    return goal.id


def edit_goal(session: Session, goal_id: int, text: str) -> None:
    """Change a goal's words; its ratings stay with it."""
    _goal(session, goal_id).text = _clean_text(text, "goal", GOAL_MAX)


def remove_goal(session: Session, goal_id: int) -> None:
    """Remove a goal and its ratings."""
    session.delete(_goal(session, goal_id))
    session.flush()


def reorder_goals(session: Session, course_id: int, goal_ids: Sequence[int]) -> None:
    """Put the course's goals in the given order (every goal of the course, once)."""
    goals = {g.id: g for g in session.scalars(select(Goal).where(Goal.course_id == course_id))}
    if sorted(goal_ids) != sorted(goals):
        raise ValueError("The new order must list every goal of the course once.")
    for position, goal_id in enumerate(goal_ids, start=1):
        goals[goal_id].position = position


def save_goals(session: Session, course_id: int, goals: Sequence[tuple[int | None, str]]) -> None:
    """Make the course's goals this list, in this order: (id or None for a new goal, text).

    Goals left out are removed with their ratings; kept goals keep their ratings.
    """
    _course(session, course_id)
    existing = set(session.scalars(select(Goal.id).where(Goal.course_id == course_id)))
    unknown = {goal_id for goal_id, _text in goals if goal_id is not None} - existing
    if unknown:
        raise ValueError("A goal in the list belongs to another course or no longer exists.")
    texts = [_clean_text(text, "goal", GOAL_MAX) for _id, text in goals]
    for goal_id in existing - {goal_id for goal_id, _text in goals}:
        remove_goal(session, goal_id)
    order = []
    for (goal_id, _raw), text in zip(goals, texts, strict=True):
        if goal_id is None:
            goal_id = add_goal(session, course_id, text)
        else:
            edit_goal(session, goal_id, text)
        order.append(goal_id)
    reorder_goals(session, course_id, order)


def rate_goals(
    session: Session,
    ratings: Mapping[int, int],
    rated_at: datetime,
    session_id: int | None = None,
) -> None:
    """Save 0-10 ratings by goal id, at local wall time ``rated_at``.

    Rating again for the same treatment session (or, unlinked, on the same day) replaces the
    earlier rating instead of adding a second one.
    """
    checked = {goal_id: _check_rating(value) for goal_id, value in ratings.items()}
    if session_id is not None and session.get(TreatmentSession, session_id) is None:
        raise ValueError("That session no longer exists.")
    for goal_id, value in checked.items():
        goal = _goal(session, goal_id)
        same = [r for r in goal.ratings if _same_occasion(r, rated_at, session_id)]
        if same:
            same[-1].value, same[-1].rated_at = value, rated_at
        else:
            goal.ratings.append(GoalRating(rated_at=rated_at, value=value, session_id=session_id))


def _same_occasion(rating: GoalRating, rated_at: datetime, session_id: int | None) -> bool:
    if session_id is not None:
        return rating.session_id == session_id
    return rating.session_id is None and rating.rated_at.date() == rated_at.date()


# --- which course a session or a date belongs to --------------------------------------------
def _in_range(course: CourseInfo, day: date) -> bool:
    return course.started_on <= day and (course.ended_on is None or day <= course.ended_on)


def _local_day(instant: datetime) -> date:
    return instant.astimezone().date()


def course_for_session(session: Session, session_id: int) -> int | None:
    """The course a treatment session belongs to (see the module docstring), if any."""
    run = session.get(TreatmentSession, session_id)
    if run is None:
        return None
    if run.appointment is not None and run.appointment.course_id is not None:
        return run.appointment.course_id
    day = _local_day(run.started_at)
    matching = [c for c in all_courses(session) if _in_range(c, day)]
    return matching[-1].id if matching else None


def rating_form(session: Session, session_id: int | None, today: date) -> RatingForm:
    """The goals to rate after a session (its course) or from the Course screen (the current)."""
    course_id = course_for_session(session, session_id) if session_id is not None else None
    if course_id is None:
        current = current_course(session)
        course_id = current.id if current else None
    if course_id is None:
        return RatingForm(None, "")
    course = _course(session, course_id)
    goals = []
    for goal in course.goals:
        occasion = [
            r
            for r in goal.ratings
            if _same_occasion(r, datetime.combine(today, time()), session_id)
        ]
        earlier = [r for r in goal.ratings if r not in occasion]
        goals.append(
            GoalToRate(
                goal.id,
                goal.text,
                earlier[-1].value if earlier else None,
                occasion[-1].value if occasion else None,
            )
        )
    return RatingForm(course.id, course.name, tuple(goals))


# --- the overview -------------------------------------------------------------------------
# The overview reads plain column rows, not ORM objects: ten years of sessions, entries and
# ratings are thousands of rows, and only a few columns of each are needed. Every course of a
# call shares one query per table; only the scores are read per course (see `_scores`).
class _Run(NamedTuple):
    """A done session that may belong to the courses shown."""

    id: int
    day: date
    """The patient's local day of its start."""
    mood_before: int | None
    appointment_id: int | None
    course_id: int | None
    """The course its appointment names; None without an appointment or a course."""


def _done_runs(session: Session, course_ids: Sequence[int]) -> list[_Run]:
    """Done sessions, oldest first, unless their appointment names another course."""
    rows = session.execute(
        select(
            TreatmentSession.id,
            TreatmentSession.started_at,
            TreatmentSession.mood_before,
            TreatmentSession.appointment_id,
            Appointment.course_id,
        )
        .outerjoin(Appointment, TreatmentSession.appointment_id == Appointment.id)
        .where(TreatmentSession.state.in_(DONE_STATES))
        .where(or_(Appointment.course_id.is_(None), Appointment.course_id.in_(course_ids)))
        .order_by(TreatmentSession.started_at, TreatmentSession.id)
    )
    return [
        _Run(key, _local_day(started), mood, appointment, link)
        for key, started, mood, appointment, link in rows
    ]


def _course_runs(runs: Iterable[_Run], course: CourseInfo, until: date) -> list[_Run]:
    # The local day of an instant depends on the time zone, so the course's dates are
    # matched here rather than in SQL.
    return [
        run
        for run in runs
        if run.day <= until
        and (run.course_id == course.id or (run.course_id is None and _in_range(course, run.day)))
    ]


def _bookings(
    session: Session, course_ids: Sequence[int], today: date
) -> Sequence[Row[datetime, int | None]]:
    """Appointments today or later, without a done session, of these courses or of none."""
    done = select(TreatmentSession.appointment_id).where(
        TreatmentSession.state.in_(DONE_STATES), TreatmentSession.appointment_id.is_not(None)
    )
    return session.execute(
        select(Appointment.starts_at, Appointment.course_id)
        .where(Appointment.starts_at >= datetime.combine(today, time()))
        .where(or_(Appointment.course_id.in_(course_ids), Appointment.course_id.is_(None)))
        .where(Appointment.id.not_in(done))
        .order_by(Appointment.starts_at)
    ).all()


def _booked(bookings: Iterable[Row[datetime, int | None]], course: CourseInfo) -> list[datetime]:
    return [
        starts_at
        for starts_at, course_id in bookings
        if course_id == course.id or (course_id is None and _in_range(course, starts_at.date()))
    ]


def _after_entries(
    session: Session, run_ids: Iterable[int]
) -> dict[int, Row[int | None, int | None, int | None]]:
    """By session id, the last journal entry about the session: (session id, mood, before)."""
    rows = session.execute(
        select(JournalEntry.session_id, JournalEntry.mood, JournalEntry.mood_before)
        .where(JournalEntry.session_id.in_(sorted(set(run_ids))), JournalEntry.kind == "session")
        .order_by(JournalEntry.entry_at, JournalEntry.id)
    )
    after: dict[int, Row[int | None, int | None, int | None]] = {}
    for row in rows:
        assert row.session_id is not None
        after[row.session_id] = row  # the last entry about the session wins
    return after


def _moods(
    runs: Sequence[_Run],
    after: Mapping[int, Row[int | None, int | None, int | None]],
    numbers: Mapping[int, int],
) -> list[SessionMood]:
    """Mood before and after each run; ``numbers`` are `session_numbers` by appointment id."""
    moods = []
    for run in runs:
        number = numbers.get(run.appointment_id) if run.appointment_id is not None else None
        entry = after.get(run.id)
        before = (
            run.mood_before
            if run.mood_before is not None
            else (entry.mood_before if entry else None)
        )
        moods.append(SessionMood(run.id, number, run.day, before, entry.mood if entry else None))
    return moods


def _scores(
    session: Session, course: CourseInfo, until: date
) -> dict[str, list[Row[str, datetime, int, str]]]:
    """PHQ-9 and GAD-7 scores from the baseline lookback to ``until``, oldest first.

    One query per course: its window is compared in SQL exactly as it always was.
    """
    first_day = course.started_on - timedelta(days=BASELINE_LOOKBACK_DAYS)
    rows = session.execute(
        select(
            MeasureResponse.instrument,
            MeasureResponse.taken_at,
            MeasureResponse.total,
            MeasureResponse.band,
        )
        .where(
            MeasureResponse.instrument.in_((PHQ9, GAD7)),
            MeasureResponse.taken_at >= datetime.combine(first_day, time()),
            MeasureResponse.taken_at < datetime.combine(until + timedelta(days=1), time()),
        )
        .order_by(MeasureResponse.taken_at, MeasureResponse.id)
    )
    scores: dict[str, list[Row[str, datetime, int, str]]] = {PHQ9: [], GAD7: []}
    for row in rows:
        scores[row.instrument].append(row)
    return scores


def _measure_progress(
    instrument: str, course: CourseInfo, rows: Sequence[Row[str, datetime, int, str]]
) -> MeasureProgress | None:
    if not rows:
        return None
    before = [r for r in rows if r.taken_at.date() <= course.started_on]
    baseline = before[-1] if before else rows[0]
    later = [r for r in rows if r.taken_at > baseline.taken_at]
    base = MeasurePoint(baseline.taken_at.date(), baseline.total, baseline.band)
    if not later:
        sentence = (
            f"One {instrument} so far: {baseline.total} ({baseline.band}). "
            "The next one will show the change."
        )
        return MeasureProgress(instrument, base, None, None, sentence)
    last = later[-1]
    return MeasureProgress(
        instrument,
        base,
        MeasurePoint(last.taken_at.date(), last.total, last.band),
        change_from_baseline(baseline.total, last.total),
        describe_progress(instrument, baseline.total, last.total),
    )


class _Goal(NamedTuple):
    id: int
    text: str
    ratings: list[tuple[datetime, int, int]]
    """(rated_at, rating id, value), in no particular order."""


def _goals(session: Session, course_ids: Sequence[int]) -> dict[int, list[_Goal]]:
    """By course id, the course's goals in order, each with all its ratings."""
    goals: dict[int, list[_Goal]] = {key: [] for key in course_ids}
    by_id: dict[int, _Goal] = {}
    rows = session.execute(
        select(Goal.id, Goal.course_id, Goal.text)
        .where(Goal.course_id.in_(course_ids))
        .order_by(Goal.position, Goal.id)
    )
    for goal_id, course_id, text in rows:
        by_id[goal_id] = _Goal(goal_id, text, [])
        goals[course_id].append(by_id[goal_id])
    ratings = session.execute(
        select(GoalRating.goal_id, GoalRating.rated_at, GoalRating.id, GoalRating.value)
        .join(Goal, GoalRating.goal_id == Goal.id)
        .where(Goal.course_id.in_(course_ids))
    )
    for goal_id, rated_at, rating_id, value in ratings:
        by_id[goal_id].ratings.append((rated_at, rating_id, value))
    return goals


def _goal_views(goals: Iterable[_Goal], until: date) -> list[GoalView]:
    views = []
    for number, goal in enumerate(goals, start=1):
        by_day: dict[date, int] = {}
        for rated_at, _id, value in sorted(goal.ratings):
            if rated_at.date() <= until:
                by_day[rated_at.date()] = value
        ratings = tuple(sorted(by_day.items()))
        views.append(GoalView(goal.id, number, goal.text, ratings, goal_trend(ratings)))
    return views


def _overviews(session: Session, found: Sequence[CourseInfo], today: date) -> list[CourseOverview]:
    """The overviews of ``found``, in the same number of queries however long the history."""
    if not found:
        return []
    ids = [course.id for course in found]
    runs = _done_runs(session, ids)
    open_ids = [course.id for course in found if course.is_open]
    bookings = _bookings(session, open_ids, today) if open_ids else []
    goals = _goals(session, ids)
    # A course that has ended is shown as it stood on its last day.
    until = {c.id: min(today, c.ended_on) if c.ended_on else today for c in found}
    course_runs = {c.id: _course_runs(runs, c, until[c.id]) for c in found}
    after = _after_entries(session, (run.id for shown in course_runs.values() for run in shown))
    numbers = session_numbers(session)
    views = []
    for course in found:
        shown = course_runs[course.id]
        booked = _booked(bookings, course) if course.is_open else []
        planned = plan_dates(course.started_on, course.plan)
        done_days = [run.day for run in shown]
        booked_days = [when.date() for when in booked]
        # Judged on the day after the end, planned dates after an early end are not "missed":
        # they stay "remaining", which an ended course shows as not held.
        as_of = min(today, course.ended_on + timedelta(days=1)) if course.ended_on else today
        slots = series_slots(planned, done_days, booked_days, as_of)
        scores = _scores(session, course, until[course.id])
        measures = [_measure_progress(name, course, scores[name]) for name in (PHQ9, GAD7)]
        views.append(
            CourseOverview(
                course=course,
                today=today,
                slots=tuple(slots),
                progress=course_progress(planned, done_days, booked_days, as_of, slots),
                next_booked=booked[0] if booked else None,
                sessions=tuple(_moods(shown, after, numbers)),
                measures=tuple(m for m in measures if m is not None),
                goals=tuple(_goal_views(goals[course.id], until[course.id])),
            )
        )
    return views


def overview(session: Session, course_id: int, today: date) -> CourseOverview:
    """Everything the Course screen shows for one course, as it stands on ``today``.

    A course that has ended is shown as it stood on its last day.
    """
    (view,) = _overviews(session, [course_info(session, course_id)], today)
    return view


def all_overviews(session: Session, today: date) -> list[CourseOverview]:
    """Every course's overview, oldest course first (there are only ever a few)."""
    return _overviews(session, all_courses(session), today)
