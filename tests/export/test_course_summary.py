from datetime import datetime, time

import pytest
from fhir.resources.R4B.goal import Goal as FhirGoal

from companion.domain.routes import Route
from companion.export.course_summary import (
    course_summary,
    fhir_goals,
    goal_ratings,
)
from companion.storage import courses
from companion.storage.database import Database
from tests.course_data import START, check_in, day, new_course, run


def rate(s: object, ratings: dict[int, int], offset: int, hour: int = 12) -> None:
    courses.rate_goals(s, ratings, datetime.combine(day(offset), time(hour)))  # type: ignore[arg-type]


def goal_ids(s: object, course_id: int) -> list[int]:
    return [g.id for g in courses.overview(s, course_id, START).goals]  # type: ignore[arg-type]


@pytest.fixture
def two_courses(db: Database) -> tuple[int, int]:
    """A first series (days 0-29) with ratings and check-ins, then a maintenance phase."""
    with db.transaction() as s:
        first = new_course(s)
        sleep, work = goal_ids(s, first)
        for offset in (0, 3, 6):
            run(s, day(offset))
        rate(s, {sleep: 2, work: 1}, 0)
        rate(s, {sleep: 5}, 6)
        rate(s, {sleep: 6}, 6, hour=20)  # the same day again: the later counts
        check_in(s, "PHQ-9", day(0), 18)
        check_in(s, "PHQ-9", day(20), 8)
        check_in(s, "GAD-7", day(0), 12)
        second = new_course(s, start=day(30), name="Maintenance phase", goals=("Keep sleeping",))
        (keep,) = goal_ids(s, second)
        rate(s, {keep: 7}, 31)
    return first, second


def test_summary_of_the_course_in_the_range(db: Database, two_courses: tuple[int, int]) -> None:
    first, _second = two_courses
    with db.transaction() as s:
        summary = course_summary(s, day(0), day(25), today=day(40))
    assert summary is not None
    assert (summary.course_id, summary.name, summary.route) == (first, "First series", Route.IV)
    assert (summary.started_on, summary.ended_on) == (START, day(29))
    assert summary.plan == "6 sessions every 3 days"
    assert (summary.done, summary.planned) == (3, 6)
    assert summary.series == "3 of 6 planned sessions done, 3 planned dates without a session."
    sleep, work = summary.goals
    assert (sleep.number, sleep.text, sleep.first, sleep.latest) == (
        1,
        "Sleep through the night",
        2,
        6,
    )
    assert (sleep.first_date, sleep.latest_date) == (day(0), day(6))
    assert (work.first, work.latest, work.latest_date) == (1, 1, day(0))
    phq9, gad7 = summary.progress
    assert phq9 == (
        "PHQ-9 went from 18 to 8, a drop of 56% — clinicians call a drop of at least 50% a "
        "response. Baseline 18 (moderately severe) on 2 Mar 2026; latest 8 (mild) on 22 Mar 2026."
    )
    assert gad7 == "One GAD-7 in this course: 12 (moderate) on 2 Mar 2026."
    assert (summary.expectations, summary.worries) == ("Feel like myself again.", "Losing control.")


def test_summary_stands_at_the_end_of_the_range(db: Database, two_courses: tuple[int, int]) -> None:
    with db.transaction() as s:
        summary = course_summary(s, day(0), day(4), today=day(40))
    assert summary is not None
    assert (summary.done, summary.goals[0].latest, len(summary.progress)) == (2, 2, 2)
    assert summary.progress[0] == "One PHQ-9 in this course: 18 (moderately severe) on 2 Mar 2026."


def test_summary_picks_the_latest_course_overlapping(
    db: Database, two_courses: tuple[int, int]
) -> None:
    _first, second = two_courses
    with db.transaction() as s:
        latest = course_summary(s, None, None, today=day(40))
        spanning = course_summary(s, day(10), day(35), today=day(40))
        before = course_summary(s, day(-30), day(-1), today=day(40))
    assert latest is not None and spanning is not None
    assert latest.course_id == spanning.course_id == second
    assert latest.ended_on is None
    assert before is None


def test_no_course_no_summary(db: Database) -> None:
    with db.transaction() as s:
        assert course_summary(s, None, None) is None
        assert goal_ratings(s, {day(0)}).texts == ()


def test_fhir_goals_are_valid_r4_goals(db: Database, two_courses: tuple[int, int]) -> None:
    with db.transaction() as s:
        ended = course_summary(s, day(0), day(25), today=day(40))
        current = course_summary(s, None, None, today=day(40))
    assert ended is not None and current is not None
    resources = fhir_goals(ended, "Patient/p1")
    for resource in resources:
        FhirGoal.model_validate(resource)
    sleep, work = resources
    assert sleep["lifecycleStatus"] == "completed"
    assert sleep["statusDate"] == "2026-03-31"
    assert sleep["description"] == {"text": "Sleep through the night"}
    assert sleep["subject"] == sleep["expressedBy"] == {"reference": "Patient/p1"}
    assert sleep["startDate"] == "2026-03-02"
    assert sleep["note"] == [
        {
            "text": "Self-rated 6 of 10 on 2026-03-08 (0 = not there yet, 10 = fully there); "
            "first rating 2 of 10 on 2026-03-02."
        }
    ]
    assert work["note"][0]["text"].startswith("Self-rated 1 of 10 on 2026-03-02 (0 = ")
    assert "first rating" not in work["note"][0]["text"]
    assert len({r["id"] for r in resources}) == 2

    (keep,) = fhir_goals(current, "Patient/p1")
    FhirGoal.model_validate(keep)
    assert keep["lifecycleStatus"] == "active"
    assert "statusDate" not in keep


def test_an_unrated_goal_says_so(db: Database) -> None:
    with db.transaction() as s:
        new_course(s, goals=("Walk every day",))
        summary = course_summary(s, None, None, today=day(1))
    assert summary is not None
    (goal,) = fhir_goals(summary, "Patient/p1")
    FhirGoal.model_validate(goal)
    assert goal["note"] == [{"text": "Not rated yet by the patient."}]


def test_goal_ratings_by_day_one_column_per_text(
    db: Database, two_courses: tuple[int, int]
) -> None:
    """The maintenance goal "Keep sleeping" is a column of its own; ratings on days without a
    row are left out, and the later of two ratings on one day counts."""
    with db.transaction() as s:
        found = goal_ratings(s, {day(0), day(6), day(31)})
        without_day_0 = goal_ratings(s, {day(6), day(31)})
    assert found.texts == ("Sleep through the night", "Go back to work part-time", "Keep sleeping")
    assert found.on(day(0)) == [2, 1, None]
    assert found.on(day(6)) == [6, None, None]
    assert found.on(day(31)) == [None, None, 7]
    assert found.on(day(3)) == [None, None, None]
    assert without_day_0.texts == ("Sleep through the night", "Keep sleeping")


def test_goals_with_the_same_words_share_a_column(db: Database) -> None:
    """Across courses, the last rating of the day wins, whichever course it belongs to."""
    with db.transaction() as s:
        first = new_course(s, goals=("Sleep through the night", "Walk"))
        sleep, _walk = goal_ids(s, first)
        second = new_course(
            s, start=day(1), name="Maintenance phase", goals=("Sleep through the night",)
        )
        (again,) = goal_ids(s, second)
        rate(s, {again: 8}, 1, hour=9)
        rate(s, {sleep: 3}, 1, hour=21)
        rate(s, {again: 5}, 2)
        found = goal_ratings(s, {day(1), day(2)})
    assert found.texts == ("Sleep through the night",)
    assert (found.on(day(1)), found.on(day(2))) == ([3], [5])
