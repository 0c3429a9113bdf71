"""The treatment course for the exports: a summary for the top of the PDF, FHIR Goal
resources for the bundle, and goal-rating columns for the CSV.

The summary describes the course as it stood at the end of the export range (or today): the
first rating of a goal is its first in the course, so the change since the start shows even
when the range begins mid-course.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from companion.domain.course import GOAL_SCALE, describe_series
from companion.domain.journal import SCALE_MAX
from companion.domain.routes import Route
from companion.storage.models import Course, Goal, GoalRating

if TYPE_CHECKING:  # imported where used: the CSV's goal columns do without it
    from companion.storage import courses


@dataclass(frozen=True)
class GoalRatings:
    """Goal ratings by local day for the CSV: one column per goal text (see ``goal_ratings``)."""

    texts: tuple[str, ...] = ()
    by_day: Mapping[date, Mapping[str, int]] = field(default_factory=dict)

    def on(self, day: date) -> list[int | None]:
        """The ratings of ``day``, one per text (None where a goal was not rated that day)."""
        found = self.by_day.get(day, {})
        return [found.get(text) for text in self.texts]


@dataclass(frozen=True)
class GoalSummary:
    number: int
    text: str
    first: int | None
    first_date: date | None
    latest: int | None
    latest_date: date | None


@dataclass(frozen=True)
class CourseSummary:
    course_id: int
    name: str
    route: Route
    started_on: date
    ended_on: date | None
    plan: str
    """E.g. "6 sessions every 3 days"."""
    done: int
    planned: int
    series: str
    """E.g. "4 of 6 planned sessions done, 1 booked."."""
    goals: tuple[GoalSummary, ...]
    progress: tuple[str, ...]
    """What the PHQ-9 and GAD-7 show, one sentence each, with dates."""
    expectations: str
    worries: str


def _day(value: date) -> str:
    return f"{value.day} {value:%b %Y}"


def _measure_sentence(measure: courses.MeasureProgress) -> str:
    base, latest = measure.baseline, measure.latest
    first = f"{base.total} ({base.band}) on {_day(base.day)}"
    if latest is None:
        return f"One {measure.instrument} in this course: {first}."
    return (
        f"{measure.sentence} Baseline {first}; "
        f"latest {latest.total} ({latest.band}) on {_day(latest.day)}."
    )


def _course_in_range(
    found: list[courses.CourseInfo], date_from: date | None, date_to: date | None
) -> courses.CourseInfo | None:
    """The course that started last among those overlapping the range (``found`` oldest
    first)."""
    overlapping = [
        c
        for c in found
        if (date_to is None or c.started_on <= date_to)
        and (date_from is None or c.ended_on is None or c.ended_on >= date_from)
    ]
    return overlapping[-1] if overlapping else None


def course_summary(
    session: Session, date_from: date | None, date_to: date | None, today: date | None = None
) -> CourseSummary | None:
    """The course of the export range (see `_course_in_range`); None when there is none."""
    from companion.storage import courses

    course = _course_in_range(courses.all_courses(session), date_from, date_to)
    if course is None:
        return None
    today = today or date.today()
    view = courses.overview(session, course.id, min(date_to, today) if date_to else today)
    goals = tuple(
        GoalSummary(
            goal.number,
            goal.text,
            goal.trend.first if goal.trend else None,
            goal.trend.first_date if goal.trend else None,
            goal.trend.latest if goal.trend else None,
            goal.trend.latest_date if goal.trend else None,
        )
        for goal in view.goals
    )
    return CourseSummary(
        course_id=course.id,
        name=course.name,
        route=course.route,
        started_on=course.started_on,
        ended_on=course.ended_on,
        plan=course.plan.describe(),
        done=view.progress.done,
        planned=view.progress.planned,
        series=describe_series(view.progress),
        goals=goals,
        progress=tuple(_measure_sentence(m) for m in view.measures),
        expectations=course.expectations,
        worries=course.worries,
    )


def _rating_note(goal: GoalSummary) -> str:
    if goal.latest is None or goal.latest_date is None or goal.first_date is None:
        return "Not rated yet by the patient."
    low, _middle, high = GOAL_SCALE.spoken
    text = (
        f"Self-rated {goal.latest} of {SCALE_MAX} on {goal.latest_date.isoformat()} "
        f"(0 = {low}, {SCALE_MAX} = {high})"
    )
    if goal.first_date != goal.latest_date:
        text += f"; first rating {goal.first} of {SCALE_MAX} on {goal.first_date.isoformat()}"
    return text + "."


def fhir_goals(summary: CourseSummary, patient_ref: str) -> list[dict[str, Any]]:
    """One FHIR R4 Goal per goal, in the patient's own words, with the ratings as a note."""
    status = "active" if summary.ended_on is None else "completed"
    resources = []
    for goal in summary.goals:
        resource: dict[str, Any] = {
            "resourceType": "Goal",
            "id": f"course-{summary.course_id}-goal-{goal.number}",
            "lifecycleStatus": status,
            "description": {"text": goal.text},
            "subject": {"reference": patient_ref},
            "expressedBy": {"reference": patient_ref},
            "startDate": summary.started_on.isoformat(),
            "note": [{"text": _rating_note(goal)}],
        }
        if summary.ended_on is not None:
            resource["statusDate"] = summary.ended_on.isoformat()
        resources.append(resource)
    return resources


def goal_words(text: str) -> str:
    """A goal's words as one line, the way a course stores them."""
    return " ".join(text.split())


def goal_ratings(session: Session, days: Collection[date]) -> GoalRatings:
    """The goal ratings given on ``days`` (local dates), one column per goal text.

    A column is a goal's exact words, shared by every goal with those words in any course (so
    a goal carried on into a maintenance phase stays one column). Columns come in the order the
    goals first appear (courses oldest first, then each course's goal order), and only those
    with a rating on one of ``days`` are kept. A day's value is the last rating of that day,
    by time, among the goals with those words. Words are compared exactly, with runs of white
    space read as one space (as the importer reads a column name).
    """
    goals = session.execute(
        select(Goal.id, Goal.text)
        .join(Course, Goal.course_id == Course.id)
        .order_by(Course.started_on, Course.id, Goal.position, Goal.id)
    )
    words = {goal_id: goal_words(text) for goal_id, text in goals}
    ratings = session.execute(
        select(GoalRating.goal_id, GoalRating.rated_at, GoalRating.id, GoalRating.value)
    )
    wanted = set(days)
    latest: dict[tuple[date, str], tuple[datetime, int, int]] = {}
    for goal_id, rated_at, rating_id, value in ratings:
        day = rated_at.date()
        key = (day, words[goal_id])
        stamp = (rated_at, rating_id, value)
        if day in wanted and (key not in latest or stamp > latest[key]):
            latest[key] = stamp
    rated = {text for _day, text in latest}
    texts = [text for text in dict.fromkeys(words.values()) if text in rated]
    by_day: dict[date, dict[str, int]] = defaultdict(dict)
    for (day, text), (_at, _id, value) in latest.items():
        by_day[day][text] = value
    return GoalRatings(tuple(texts), dict(by_day))
