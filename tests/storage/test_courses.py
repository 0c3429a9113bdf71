import time as clock
from collections.abc import Iterator
from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, event, select, text

from companion.domain.course import CoursePlan, SlotStatus
from companion.domain.routes import Route
from companion.storage import courses, demo
from companion.storage import database as database_module
from companion.storage.appointments import session_numbers
from companion.storage.database import Database
from companion.storage.models import Base, Course, Goal, GoalRating, JournalEntry, TreatmentSession
from tests.course_data import START, book, check_in, day, new_course, run


def ratings_of(s: object, goal_id: int) -> list[tuple[date, int, int | None]]:
    rows = s.scalars(select(GoalRating).where(GoalRating.goal_id == goal_id))  # type: ignore[attr-defined]
    return sorted((r.rated_at.date(), r.value, r.session_id) for r in rows)


# --- migration ----------------------------------------------------------------------------
def test_migration_0002_keeps_courses_goals_and_links(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", database_module._set_pragmas)
    config = database_module._alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO courses VALUES (1, 'First series', 'iv', 6, 3, "
                "'2026-03-02 00:00:00', NULL, 'hope', 'worry')"
            )
        )
        conn.execute(text("INSERT INTO goals VALUES (1, 1, 1, 'Sleep through the night')"))
        conn.execute(
            text(
                "INSERT INTO appointments (id, starts_at, route, clinic, questions, notes, "
                "intention, course_id) VALUES (1, '2026-03-02 09:30:00', 'iv', '', '', '', '', 1)"
            )
        )
    engine.dispose()

    db = Database.open(path)
    try:
        with db.transaction() as s:
            (info,) = courses.all_courses(s)
            assert info.plan == CoursePlan(Route.IV, 6, 3)
            assert (info.expectations, info.worries) == ("hope", "worry")
            assert [g.text for g in s.scalars(select(Goal))] == ["Sleep through the night"]
            course_id = s.execute(text("SELECT course_id FROM appointments")).scalar()
            assert course_id == 1
            courses.update_plan(s, 1, "First series", CoursePlan(Route.NASAL, 8, 3.5, 4, 7), START)
        with db.transaction() as s:
            assert courses.course_info(s, 1).plan == CoursePlan(Route.NASAL, 8, 3.5, 4, 7)
    finally:
        db.close()


# --- courses ------------------------------------------------------------------------------
def test_a_course_starts_from_a_route_preset_with_its_second_phase(db: Database) -> None:
    with db.transaction() as s:
        course_id = new_course(s, plan=CoursePlan(Route.NASAL, 8, 3.5, 4, 7))
    with db.transaction() as s:
        info = courses.current_course(s)
        assert info is not None and info.id == course_id
        assert info.plan.describe() == "8 sessions twice a week, then 4 weekly"
        assert (info.started_on, info.ended_on, info.is_open) == (START, None, True)
        view = courses.overview(s, course_id, START)
        assert [g.text for g in view.goals] == [
            "Sleep through the night",
            "Go back to work part-time",
        ]
        assert view.progress.planned == 12


def test_a_new_course_ends_the_open_one_and_keeps_it(db: Database) -> None:
    with db.transaction() as s:
        first = new_course(s)
        second = new_course(s, start=day(30), name="Maintenance phase", goals=("Keep sleeping",))
    with db.transaction() as s:
        past, current = courses.all_courses(s)
        assert (past.id, past.ended_on) == (first, day(29))
        assert (current.id, current.ended_on, current.name) == (second, None, "Maintenance phase")
        assert courses.current_course(s) == current
        # The past course keeps its goals.
        assert len(courses.overview(s, first, day(40)).goals) == 2


def test_a_new_course_cannot_start_before_an_open_one(db: Database) -> None:
    with db.transaction() as s:
        new_course(s, start=day(10))
    with pytest.raises(ValueError, match="choose a later start date"), db.transaction() as s:
        new_course(s, start=day(10))
    with db.transaction() as s:
        assert len(courses.all_courses(s)) == 1


def test_course_input_is_checked(db: Database) -> None:
    with pytest.raises(ValueError, match="course name"), db.transaction() as s:
        new_course(s, name="   ")
    with pytest.raises(ValueError, match="goal is too long"), db.transaction() as s:
        new_course(s, goals=("x" * (courses.GOAL_MAX + 1),))
    with db.transaction() as s:
        assert courses.all_courses(s) == []
        course_id = new_course(s, goals=("  Sleep   through the night ", "   "))
        assert [g.text for g in courses.overview(s, course_id, START).goals] == [
            "Sleep through the night"
        ]


def test_end_course_and_edit_dates_are_checked(db: Database) -> None:
    with db.transaction() as s:
        course_id = new_course(s, start=day(5))
    with pytest.raises(ValueError, match="before the day it started"), db.transaction() as s:
        courses.end_course(s, course_id, day(4))
    with db.transaction() as s:
        courses.end_course(s, course_id, day(20))
    with pytest.raises(ValueError, match="after the day it ended"), db.transaction() as s:
        courses.update_plan(s, course_id, "First series", CoursePlan(Route.IV, 6, 3), day(21))
    with db.transaction() as s:
        assert courses.current_course(s) is None
        assert courses.course_info(s, course_id).ended_on == day(20)


def test_expectations_and_worries_are_editable(db: Database) -> None:
    with db.transaction() as s:
        course_id = new_course(s)
        courses.update_hopes(s, course_id, "  To sleep again. ", "")
    with db.transaction() as s:
        info = courses.course_info(s, course_id)
        assert (info.expectations, info.worries) == ("To sleep again.", "")


# --- goals --------------------------------------------------------------------------------
def test_goals_add_edit_reorder_remove(db: Database) -> None:
    with db.transaction() as s:
        course_id = new_course(s, goals=("A", "B"))
        a, b = (g.id for g in courses.overview(s, course_id, START).goals)
        c = courses.add_goal(s, course_id, "C")
        courses.edit_goal(s, a, "A, in better words")
        courses.rate_goals(s, {a: 4, b: 6}, datetime.combine(START, time(12)))
        courses.reorder_goals(s, course_id, [c, a, b])
        courses.remove_goal(s, b)
    with db.transaction() as s:
        goals = courses.overview(s, course_id, START).goals
        assert [(g.number, g.text) for g in goals] == [(1, "C"), (2, "A, in better words")]
        assert goals[1].ratings == ((START, 4),)
        assert s.scalars(select(GoalRating).where(GoalRating.goal_id == b)).all() == []
    with pytest.raises(ValueError, match="every goal"), db.transaction() as s:
        courses.reorder_goals(s, course_id, [c])
    with pytest.raises(ValueError, match="no longer exists"), db.transaction() as s:
        courses.edit_goal(s, b, "gone")


def test_save_goals_applies_a_whole_list(db: Database) -> None:
    with db.transaction() as s:
        course_id = new_course(s, goals=("A", "B", "C"))
        other = new_course(s, start=day(30), goals=("Z",))
        a, b, c = (g.id for g in courses.overview(s, course_id, START).goals)
        courses.rate_goals(s, {a: 3, c: 7}, datetime.combine(START, time(12)))
        courses.save_goals(s, course_id, [(c, "C"), (None, "New"), (a, "A again")])
    with db.transaction() as s:
        goals = courses.overview(s, course_id, START).goals
        assert [g.text for g in goals] == ["C", "New", "A again"]
        assert [g.ratings for g in goals] == [((START, 7),), (), ((START, 3),)]
        assert b not in [g.id for g in goals]
        (z,) = courses.overview(s, other, day(30)).goals
    with pytest.raises(ValueError, match="another course"), db.transaction() as s:
        courses.save_goals(s, course_id, [(z.id, "Z")])
    with pytest.raises(ValueError, match="cannot be empty"), db.transaction() as s:
        courses.save_goals(s, course_id, [(c, " ")])
    with db.transaction() as s:  # nothing of a refused save was written
        assert [g.text for g in courses.overview(s, course_id, START).goals] == [
            "C",
            "New",
            "A again",
        ]


# --- ratings ------------------------------------------------------------------------------
@pytest.mark.parametrize("value", [-1, 11, True, 5.0, "5", None])
def test_ratings_outside_0_to_10_are_refused(db: Database, value: object) -> None:
    with db.transaction() as s:
        course_id = new_course(s, goals=("A",))
        (goal,) = courses.overview(s, course_id, START).goals
    with pytest.raises(ValueError, match="goal rating"), db.transaction() as s:
        courses.rate_goals(s, {goal.id: value}, datetime.combine(START, time(12)))  # type: ignore[dict-item]
    with db.transaction() as s:
        assert ratings_of(s, goal.id) == []


@pytest.mark.parametrize("value", [0, 10])
def test_ratings_at_the_ends_are_kept(db: Database, value: int) -> None:
    with db.transaction() as s:
        course_id = new_course(s, goals=("A",))
        (goal,) = courses.overview(s, course_id, START).goals
        courses.rate_goals(s, {goal.id: value}, datetime.combine(START, time(12)))
        assert ratings_of(s, goal.id) == [(START, value, None)]


def test_rating_again_replaces_for_the_same_session_or_day(db: Database) -> None:
    with db.transaction() as s:
        course_id = new_course(s, goals=("A",))
        (goal,) = courses.overview(s, course_id, START).goals
        session_id = run(s, START)
        courses.rate_goals(s, {goal.id: 3}, datetime.combine(START, time(12)), session_id)
        courses.rate_goals(s, {goal.id: 5}, datetime.combine(START, time(13)), session_id)
        courses.rate_goals(s, {goal.id: 6}, datetime.combine(START, time(14)))
        courses.rate_goals(s, {goal.id: 7}, datetime.combine(START, time(20)))
        courses.rate_goals(s, {goal.id: 8}, datetime.combine(day(1), time(9)))
        assert ratings_of(s, goal.id) == [
            (START, 5, session_id),
            (START, 7, None),
            (day(1), 8, None),
        ]
    with pytest.raises(ValueError, match="session no longer exists"), db.transaction() as s:
        courses.rate_goals(s, {goal.id: 1}, datetime.combine(START, time(12)), 999)


def test_rating_form_follows_the_session_to_its_course(db: Database) -> None:
    with db.transaction() as s:
        first = new_course(s, goals=("Old goal",))
        early = run(s, day(3))
        new_course(s, start=day(30), goals=("New goal",))
        (old_goal,) = courses.overview(s, first, day(3)).goals
        courses.rate_goals(s, {old_goal.id: 2}, datetime.combine(day(1), time(12)))
        courses.rate_goals(s, {old_goal.id: 4}, datetime.combine(day(3), time(12)), early)
    with db.transaction() as s:
        after_early = courses.rating_form(s, early, day(40))
        assert after_early.course_id == first
        assert [(g.text, g.previous, g.current) for g in after_early.goals] == [("Old goal", 2, 4)]
        now = courses.rating_form(s, None, day(40))
        assert [(g.text, g.previous, g.current) for g in now.goals] == [("New goal", None, None)]


def test_rating_form_without_a_course_is_empty(db: Database) -> None:
    with db.transaction() as s:
        assert courses.rating_form(s, None, START) == courses.RatingForm(None, "")


# --- the overview -------------------------------------------------------------------------
def test_sessions_belong_by_link_or_by_date(db: Database) -> None:
    with db.transaction() as s:
        first = new_course(s)
        second = new_course(s, start=day(20), name="Maintenance phase")
        linked_to_first = book(s, day(22), course_id=first)  # after its end, but linked
        run(s, day(0))  # no appointment: by date, first course
        run(s, day(3), appointment_id=book(s, day(3)))  # appointment without a course: by date
        run(s, day(22), appointment_id=linked_to_first)
        run(s, day(21))  # by date: second course
        run(s, day(6), state="running")  # not done
        run(s, day(9), state="ended_early")
        assert courses.course_for_session(s, run(s, day(25))) == second
    with db.transaction() as s:
        first_days = [m.day for m in courses.overview(s, first, day(30)).sessions]
        second_days = [m.day for m in courses.overview(s, second, day(30)).sessions]
    # The first course is shown as it stood on its last day: day 22 is linked to it, but
    # after its end, so it is not in that picture; it is not the second course's either.
    assert first_days == [day(0), day(3), day(9)]
    assert second_days == [day(21), day(25)]


def test_series_with_missed_extra_and_booked_sessions(db: Database) -> None:
    with db.transaction() as s:
        course_id = new_course(s)  # days 0 3 6 9 12 15, windows +-1
        for offset in (0, 1, 9, 10):
            run(s, day(offset), appointment_id=book(s, day(offset), course_id))
        book(s, day(12), course_id, at=time(14))
        book(s, day(30))  # unlinked and in range: booked too, an extra session
        book(s, day(7))  # passed without a session: not booked
    with db.transaction() as s:
        view = courses.overview(s, course_id, day(11))
    p = view.progress
    # Day 1 stands in for day 3 (held early, nothing between them); day 10 is extra.
    assert (p.planned, p.done, p.booked, p.missed, p.remaining, p.extra) == (6, 4, 2, 1, 2, 2)
    assert [slot.status for slot in view.slots] == [
        SlotStatus.DONE,
        SlotStatus.DONE,
        SlotStatus.MISSED,
        SlotStatus.DONE,
        SlotStatus.BOOKED,
        SlotStatus.OPEN,
        SlotStatus.EXTRA_DONE,
        SlotStatus.EXTRA_BOOKED,
    ]
    assert view.next_booked == datetime.combine(day(12), time(14))


def test_an_ended_course_shows_dates_after_its_end_as_not_held(db: Database) -> None:
    with db.transaction() as s:
        course_id = new_course(s)
        run(s, day(0))
        run(s, day(3))
        courses.end_course(s, course_id, day(4))
        book(s, day(40), course_id)
    with db.transaction() as s:
        view = courses.overview(s, course_id, day(60))
    assert (view.progress.missed, view.progress.remaining, view.progress.booked) == (0, 4, 0)
    assert view.next_booked is None


def test_a_course_without_a_planned_series_only_counts_what_happened(db: Database) -> None:
    with db.transaction() as s:
        course_id = new_course(s, plan=CoursePlan.unplanned(Route.IM))
        run(s, day(2))
        run(s, day(30), appointment_id=book(s, day(30), course_id))
        book(s, day(50), course_id)
    with db.transaction() as s:
        info = courses.course_info(s, course_id)
        assert (info.route, info.plan.has_series) == (Route.IM, False)
        view = courses.overview(s, course_id, day(40))
        p = view.progress
        assert (p.planned, p.done, p.booked, p.missed, p.remaining) == (0, 2, 1, 0, 0)
        assert [slot.status for slot in view.slots] == [
            SlotStatus.EXTRA_DONE,
            SlotStatus.EXTRA_DONE,
            SlotStatus.EXTRA_BOOKED,
        ]
        # A plan can be added later, and taken away again.
        courses.update_plan(s, course_id, "First series", CoursePlan(Route.IM, 2, 7), START)
        assert courses.overview(s, course_id, day(40)).progress.missed == 1
        courses.update_plan(s, course_id, "First series", CoursePlan.unplanned(Route.IM), START)
        assert courses.overview(s, course_id, day(40)).progress.missed == 0


def test_baseline_and_latest_within_the_course(db: Database) -> None:
    with db.transaction() as s:
        course_id = new_course(s, start=day(20))
        check_in(s, "PHQ-9", day(2), 22)  # more than two weeks before: not the baseline
        check_in(s, "PHQ-9", day(10), 18)  # the baseline
        check_in(s, "PHQ-9", day(27), 12)
        check_in(s, "PHQ-9", day(34), 8)
        check_in(s, "PHQ-9", day(50), 2)  # after "today"
        check_in(s, "GAD-7", day(25), 12)  # no score before the start: the first counts
    with db.transaction() as s:
        phq9, gad7 = courses.overview(s, course_id, day(40)).measures
    assert (phq9.baseline.day, phq9.baseline.total, phq9.baseline.band) == (
        day(10),
        18,
        "moderately severe",
    )
    assert phq9.latest is not None and (phq9.latest.day, phq9.latest.total) == (day(34), 8)
    assert phq9.change is not None and phq9.change.absolute == -10
    assert phq9.sentence == (
        "PHQ-9 went from 18 to 8, a drop of 56% — "
        "clinicians call a drop of at least 50% a response."
    )
    assert (gad7.baseline.total, gad7.latest) == (12, None)
    assert gad7.sentence.startswith("One GAD-7 so far: 12 (moderate).")


def test_no_scores_means_no_progress_rows(db: Database) -> None:
    with db.transaction() as s:
        course_id = new_course(s)
        assert courses.overview(s, course_id, START).measures == ()


def test_mood_before_and_after_each_session(db: Database) -> None:
    with db.transaction() as s:
        course_id = new_course(s)
        first = run(s, day(0), appointment_id=book(s, day(0)), mood_before=3, mood_after=6)
        second = run(s, day(3), appointment_id=book(s, day(3)), mood_after=5)
        # A later entry about the same session wins; its mood_before fills a gap.
        s.add(
            JournalEntry(
                entry_at=datetime.combine(day(3), time(21)),
                kind="session",
                session_id=second,
                mood=7,
                mood_before=4,
            )
        )
        run(s, day(6))  # without an appointment: no session number, as everywhere else
    with db.transaction() as s:
        moods = courses.overview(s, course_id, day(7)).sessions
    assert [(m.session_id, m.number, m.day, m.before, m.after) for m in moods] == [
        (first, 1, day(0), 3, 6),
        (second, 2, day(3), 4, 7),
        (moods[2].session_id, None, day(6), None, None),
    ]


def test_a_later_course_numbers_its_sessions_as_the_rest_of_the_app(db: Database) -> None:
    """Session numbers count every appointment ever (as Prepare, History and the exports do),
    not the sessions of the course; the planned series still counts from 1."""
    with db.transaction() as s:
        first = new_course(s)
        for offset in (0, 3, 6):
            run(s, day(offset), appointment_id=book(s, day(offset), first))
        book(s, day(20))  # booked and never held: it still has its number, as on Prepare
        second = new_course(s, start=day(30), name="Maintenance phase")
        held = [run(s, day(o), appointment_id=book(s, day(o), second)) for o in (30, 33)]
        numbers = session_numbers(s)
    with db.transaction() as s:
        view = courses.overview(s, second, day(34))
    assert [(m.session_id, m.number) for m in view.sessions] == [(held[0], 5), (held[1], 6)]
    with db.transaction() as s:
        linked = {r.id: r.appointment_id for r in s.scalars(select(TreatmentSession))}
    assert [m.number for m in view.sessions] == [numbers[linked[key]] for key in held]
    assert view.slots[0].status is SlotStatus.DONE and view.progress.done == 2


def test_goal_ratings_over_time_one_per_day(db: Database) -> None:
    with db.transaction() as s:
        course_id = new_course(s, goals=("A",))
        (goal,) = courses.overview(s, course_id, START).goals
        session_id = run(s, day(2))
        courses.rate_goals(s, {goal.id: 2}, datetime.combine(day(0), time(9)))
        courses.rate_goals(s, {goal.id: 4}, datetime.combine(day(2), time(9)))
        courses.rate_goals(s, {goal.id: 5}, datetime.combine(day(2), time(15)), session_id)
        courses.rate_goals(s, {goal.id: 9}, datetime.combine(day(9), time(9)))
    with db.transaction() as s:
        (view,) = courses.overview(s, course_id, day(5)).goals
    assert view.ratings == ((day(0), 2), (day(2), 5))
    assert view.trend is not None and (view.trend.first, view.trend.latest) == (2, 5)


def test_all_overviews_oldest_first(db: Database) -> None:
    with db.transaction() as s:
        new_course(s)
        new_course(s, start=day(30), name="Maintenance phase")
    with db.transaction() as s:
        names = [v.course.name for v in courses.all_overviews(s, day(31))]
    assert names == ["First series", "Maintenance phase"]


def test_demo_data_has_a_first_series_and_a_maintenance_phase(db: Database) -> None:
    demo.fill(db, 120, today=day(119))
    with db.transaction() as s:
        first, maintenance = courses.all_overviews(s, day(119))
    assert (first.course.name, first.course.is_open) == ("First series", False)
    assert (first.progress.planned, first.progress.done, first.progress.missed) == (6, 6, 0)
    assert (maintenance.course.name, maintenance.course.is_open) == ("Maintenance phase", True)
    assert maintenance.progress.booked == 1 and maintenance.next_booked is not None
    assert [m.instrument for m in maintenance.measures] == ["PHQ-9", "GAD-7"]
    assert all(goal.trend is not None for goal in maintenance.goals)
    assert len(maintenance.sessions) == maintenance.progress.done
    assert all(m.before is not None and m.after is not None for m in maintenance.sessions)


def _overviews_read(
    db: Database, today: date
) -> tuple[list[courses.CourseOverview], int, set[type]]:
    """``all_overviews`` with the SELECT statements it ran and the ORM classes it loaded."""
    selects: list[str] = []
    loaded: set[type] = set()

    def count(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            selects.append(statement)

    def load(target: object, _context: object) -> None:
        loaded.add(type(target))

    event.listen(db.engine, "before_cursor_execute", count)
    event.listen(Base, "load", load, propagate=True)
    try:
        with db.transaction() as s:
            views = courses.all_overviews(s, today)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
        event.remove(Base, "load", load)
    return views, len(selects), loaded


def test_all_overviews_reads_a_few_plain_queries_however_long_the_history(
    db: Database, tmp_path: Path
) -> None:
    demo.fill(db, 90, today=day(89))
    long = Database.open(tmp_path / "ten-years.sqlite3")
    try:
        demo.fill(long, 1200, today=day(1199))
        short_views, short_selects, short_loaded = _overviews_read(db, day(89))
        long_views, long_selects, long_loaded = _overviews_read(long, day(1199))
    finally:
        long.close()
    assert len(short_views) == len(long_views) == 2
    assert len(long_views[1].sessions) > 100
    # A few queries per call (one for the session numbers) and one per course, never one per
    # session, entry or rating.
    assert long_selects == short_selects <= 7 + len(long_views)
    # Sessions, entries, scores, goals and ratings are read as plain rows, not ORM objects.
    assert short_loaded == long_loaded == {Course}


def test_all_overviews_match_each_course_overview(db: Database) -> None:
    with db.transaction() as s:
        first = new_course(s, goals=("A",))
        second = new_course(s, start=day(20), name="Maintenance phase", goals=("B",))
        (goal_a,) = courses.overview(s, first, START).goals
        (goal_b,) = courses.overview(s, second, day(20)).goals
        run(s, day(0), mood_before=3, mood_after=6)
        run(s, day(5), appointment_id=book(s, day(5), second), mood_after=4)  # linked, early
        run(s, day(21), mood_after=7)
        run(s, day(22), appointment_id=book(s, day(22), first))  # linked to the ended course
        book(s, day(40), first)  # the first course has ended: booked for neither
        book(s, day(41))  # unlinked, in the open course's dates
        book(s, day(42), second)
        check_in(s, "PHQ-9", day(10), 15)
        check_in(s, "PHQ-9", day(30), 9)
        check_in(s, "GAD-7", day(25), 8)
        courses.rate_goals(s, {goal_a.id: 3}, datetime.combine(day(1), time(12)))
        courses.rate_goals(s, {goal_a.id: 5, goal_b.id: 6}, datetime.combine(day(21), time(12)))
    with db.transaction() as s:
        views = courses.all_overviews(s, day(35))
        assert views == [courses.overview(s, first, day(35)), courses.overview(s, second, day(35))]
    old, current = views
    assert [(m.day, m.before, m.after) for m in old.sessions] == [(day(0), 3, 6)]
    assert [(m.day, m.after) for m in current.sessions] == [(day(5), 4), (day(21), 7)]
    assert (old.next_booked, current.progress.booked) == (None, 2)
    assert current.next_booked == datetime.combine(day(41), time(9, 30))
    assert [g.ratings for g in old.goals] == [((day(1), 3),)]  # day 21 is after its end
    assert [g.ratings for g in current.goals] == [((day(21), 6),)]
    assert [(m.instrument, m.baseline.total) for m in old.measures] == [("PHQ-9", 15)]
    phq9, gad7 = current.measures
    assert (phq9.baseline.day, phq9.latest) == (day(10), courses.MeasurePoint(day(30), 9, "mild"))
    assert (gad7.baseline.total, gad7.latest) == (8, None)


@pytest.fixture
def kiritimati(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """UTC+14: a session's local day is often not its UTC day."""
    monkeypatch.setenv("TZ", "Pacific/Kiritimati")
    clock.tzset()
    yield
    monkeypatch.undo()
    clock.tzset()


def test_sessions_count_on_the_patients_local_day(db: Database, kiritimati: None) -> None:
    def started(at: datetime) -> int:
        row = TreatmentSession(
            route="iv", duration_s=3600, started_at=at, last_seen_at=at, state="finished"
        )
        s.add(row)
        s.flush()
        return row.id

    with db.transaction() as s:
        course_id = new_course(s)  # day 0 is 2 March
        courses.end_course(s, course_id, day(8))
        # 1 March in UTC, 01:00 on 2 March here: the course's first day.
        first = started(datetime(2026, 3, 1, 11, tzinfo=UTC))
        # 10 March in UTC (the last day), 01:00 on 11 March here: after the end.
        started(datetime(2026, 3, 10, 11, tzinfo=UTC))
        # 00:30 on 2 March in UTC, 14:30 here.
        second = started(datetime(2026, 3, 2, 0, 30, tzinfo=UTC))
    with db.transaction() as s:
        (view,) = courses.all_overviews(s, day(30))
    assert [(m.session_id, m.day) for m in view.sessions] == [(first, day(0)), (second, day(0))]


def test_the_last_written_entry_wins_when_two_share_a_time(db: Database) -> None:
    with db.transaction() as s:
        course_id = new_course(s)
        session_id = run(s, day(0))
        for mood in (2, 8):
            s.add(
                JournalEntry(
                    entry_at=datetime.combine(day(0), time(15)),
                    kind="session",
                    session_id=session_id,
                    mood=mood,
                )
            )
            s.flush()
    with db.transaction() as s:
        (mood,) = courses.overview(s, course_id, day(1)).sessions
    assert mood.after == 8
