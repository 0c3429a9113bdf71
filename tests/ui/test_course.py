from datetime import date, datetime, time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton, QScrollArea
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from companion.domain.course import CoursePlan, SlotStatus
from companion.domain.routes import Route
from companion.export.import_store import store
from companion.export.importers import parse_own_csv
from companion.storage import courses
from companion.storage.database import Database
from companion.storage.demo import fill
from companion.storage.models import GoalRating
from companion.ui.context import AppContext
from companion.ui.course import CourseScreen
from companion.ui.course_goals import GoalsDialog
from companion.ui.course_setup import CourseSetupDialog, Mode
from companion.ui.fitting_picker import LabelledRow
from companion.ui.goal_rating import GoalRatingPanel, RateGoalsDialog
from companion.ui.theme import apply_theme
from tests.conftest import drain
from tests.course_data import START, book, check_in, day, new_course, run
from tests.export.helpers import TODAY, own_csv


def open_screen(qtbot: QtBot, ctx: AppContext, today_offset: int = 0) -> CourseScreen:
    screen = CourseScreen(ctx)
    qtbot.addWidget(screen)
    screen.today = lambda: day(today_offset)
    screen.resize(1000, 800)
    screen.show()
    screen.on_shown()
    drain(ctx)
    return screen


def rate_with_keys(qtbot: QtBot, panel: GoalRatingPanel, goal_number: int, value: int) -> None:
    """Home, then Right `value` times: the way a keyboard user sets a slider."""
    slider = list(panel.sliders.values())[goal_number - 1].slider
    slider.setFocus()
    qtbot.keyClick(slider, Qt.Key.Key_Home)
    for _ in range(value):
        qtbot.keyClick(slider, Qt.Key.Key_Right)


def stored_ratings(db: Database) -> list[tuple[int, int, int | None]]:
    with db.transaction() as s:
        rows = s.scalars(select(GoalRating).order_by(GoalRating.goal_id))
        return [(r.goal_id, r.value, r.session_id) for r in rows]


# --- first course -------------------------------------------------------------------------
def test_empty_state_guides_the_first_course_setup(qtbot: QtBot, ctx: AppContext) -> None:
    before = CourseScreen(ctx)
    qtbot.addWidget(before)
    before.show()
    assert not before.empty.isVisible()  # nothing is said before the first load

    screen = open_screen(qtbot, ctx)
    assert screen.empty.isVisible()
    assert not screen.goals_card.isVisible() and not screen.header.isVisible()

    qtbot.mouseClick(screen.setup_button, Qt.MouseButton.LeftButton)
    dialog = screen.dialog
    assert isinstance(dialog, CourseSetupDialog) and dialog.mode is Mode.FIRST
    assert dialog.name_edit.text() == "First series"
    dialog.route_combo.setCurrentIndex(list(Route).index(Route.NASAL))
    assert (dialog.count_spin.value(), dialog.spacing_spin.value()) == (8, 3.5)
    assert (dialog.then_count_spin.value(), dialog.then_spacing_spin.value()) == (4, 7)
    assert dialog.preview.text().startswith(
        "8 sessions twice a week, then 4 weekly: Mon 2 Mar, Fri 6 Mar, Mon 9 Mar"
    )
    dialog.count_spin.setValue(6)  # the clinic planned fewer: every number is editable
    qtbot.keyClicks(dialog.goal_edits[0], "Sleep through the night")
    qtbot.keyClicks(dialog.goal_edits[1], "Go back to work part-time")
    qtbot.keyClicks(dialog.expect_edit, "Feel like myself again")
    qtbot.keyClicks(dialog.worry_edit, "Losing control")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    drain(ctx)

    assert screen.dialog is None  # closed (and deleted)
    assert screen.shown is not None
    course = screen.shown.course
    assert (course.name, course.route, course.plan.count, course.plan.spacing_days) == (
        "First series",
        Route.NASAL,
        6,
        3.5,
    )
    assert screen.goals_card.lines == [
        "Sleep through the night: Not rated yet",
        "Go back to work part-time: Not rated yet",
    ]
    assert screen.hopes_card.expect_text.text() == "Feel like myself again"
    assert screen.series_card.summary.text() == "0 of 10 planned sessions done, 10 still to come."
    assert not screen.empty.isVisible() and screen.rate_button.isVisible()


def test_a_course_needs_a_name(qtbot: QtBot, ctx: AppContext, db: Database) -> None:
    screen = open_screen(qtbot, ctx)
    screen.new_course()
    dialog = screen.dialog
    assert isinstance(dialog, CourseSetupDialog)
    dialog.name_edit.clear()
    qtbot.keyClicks(dialog.goal_edits[0], "Sleep")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    drain(ctx)
    assert dialog.isVisible() and dialog.message.isVisible()
    assert "name" in dialog.message.text()
    assert dialog.goal_edits[0].text() == "Sleep"
    with db.transaction() as s:
        assert courses.all_courses(s) == []


# --- goals and ratings --------------------------------------------------------------------
def test_rate_goals_after_a_session_and_see_the_progress(
    qtbot: QtBot, ctx: AppContext, db: Database
) -> None:
    with db.transaction() as s:
        new_course(s)
        session_id = run(s, day(3), mood_before=3, mood_after=6)
    screen = open_screen(qtbot, ctx, today_offset=3)
    assert screen.goals_card.lines[0] == "Sleep through the night: Not rated yet"

    # The panel the journal embeds after a session, linked to that session.
    panel = GoalRatingPanel(ctx, session_id=session_id)
    panel.now = lambda: datetime.combine(day(3), time(12))
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.loaded) as loaded:
        panel.load()
        drain(ctx)
    assert loaded.args == [True]
    assert [title.text() for title in panel.titles.values()] == [
        "Sleep through the night",
        "Go back to work part-time",
    ]
    rate_with_keys(qtbot, panel, 1, 7)
    first_slider = next(iter(panel.sliders.values()))
    assert first_slider.value_label.text() == "7 of 10, between halfway and fully there"
    with qtbot.waitSignal(panel.saved) as saved:
        panel.save()
        drain(ctx)
    assert saved.args == [1]  # the untouched goal is not rated
    goal_id = next(iter(panel.sliders))
    assert stored_ratings(db) == [(goal_id, 7, session_id)]

    screen.reload()
    drain(ctx)
    assert screen.goals_card.lines[0] == "Sleep through the night: 7 of 10"
    mood = screen.shown.sessions[0] if screen.shown else None
    assert mood is not None and (mood.before, mood.after) == (3, 6)


def test_dates_from_another_year_say_the_year(qtbot: QtBot, ctx: AppContext, db: Database) -> None:
    with db.transaction() as s:
        course_id = new_course(s, start=date(2025, 11, 17), goals=("Sleep",))
        (goal,) = courses.overview(s, course_id, START).goals
        courses.rate_goals(s, {goal.id: 2}, datetime(2025, 11, 17, 12))
        courses.rate_goals(s, {goal.id: 6}, datetime(2026, 3, 1, 12))
        run(s, date(2025, 11, 17), mood_before=3, mood_after=6)
        run(s, date(2026, 3, 1), mood_before=4, mood_after=7)
    screen = open_screen(qtbot, ctx)  # today is 2 Mar 2026
    assert screen.goals_card.lines == ["Sleep: 6 of 10, first rated 2 on Mon 17 Nov 2025"]
    qtbot.mouseClick(screen.series_card.dates.button, Qt.MouseButton.LeftButton)
    table = screen.series_card.dates.table
    assert table is not None
    planned = [table.item(r, 1).text() for r in range(table.rowCount())]
    assert planned[0] == "Mon 17 Nov 2025"
    # The dots' and the mood chart's words (their tooltips and screen-reader text) too.
    assert screen.series_card.dots.describe(0) == "Planned session 1, Mon 17 Nov 2025: done"
    assert screen.series_card.extra_dots.describe(0) == "Extra session 1, Sun 1 Mar: done"
    assert screen.mood_card.chart.accessibleDescription() == (
        "Session, Mon 17 Nov 2025: before 3, after 6; Session, Sun 1 Mar: before 4, after 7"
    )


def test_rating_again_after_the_same_session_shows_and_replaces(
    qtbot: QtBot, ctx: AppContext, db: Database
) -> None:
    with db.transaction() as s:
        course_id = new_course(s, goals=("Sleep",))
        session_id = run(s, day(3))
        (goal,) = courses.overview(s, course_id, day(3)).goals
        courses.rate_goals(s, {goal.id: 4}, datetime.combine(day(3), time(12)), session_id)
    panel = GoalRatingPanel(ctx, session_id=session_id, show_save=False)
    panel.now = lambda: datetime.combine(day(3), time(18))
    qtbot.addWidget(panel)
    panel.load()
    drain(ctx)
    slider = panel.sliders[goal.id]
    assert slider.value() == 4
    assert not panel.save_button.isVisible()
    rate_with_keys(qtbot, panel, 1, 9)
    panel.save()
    drain(ctx)
    assert stored_ratings(db) == [(goal.id, 9, session_id)]


def test_saving_with_nothing_rated_writes_nothing(
    qtbot: QtBot, ctx: AppContext, db: Database
) -> None:
    with db.transaction() as s:
        new_course(s)
    panel = GoalRatingPanel(ctx)
    panel.now = lambda: datetime.combine(START, time(12))
    qtbot.addWidget(panel)
    panel.show()
    panel.load()
    drain(ctx)
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    drain(ctx)
    assert panel.message.text() == "Move a slider to rate a goal; nothing was saved."
    assert stored_ratings(db) == []


def test_the_panel_hides_without_goals(qtbot: QtBot, ctx: AppContext) -> None:
    panel = GoalRatingPanel(ctx)
    qtbot.addWidget(panel)
    panel.show()
    with qtbot.waitSignal(panel.loaded) as loaded:
        panel.load()
        drain(ctx)
    assert loaded.args == [False]
    assert not panel.isVisible() and not panel.has_goals()


def test_rate_my_goals_from_the_screen_with_the_keyboard(
    qtbot: QtBot, ctx: AppContext, db: Database
) -> None:
    with db.transaction() as s:
        new_course(s)
    screen = open_screen(qtbot, ctx, today_offset=5)
    screen.activateWindow()
    qtbot.keyClick(screen, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    dialog = screen.dialog
    assert isinstance(dialog, RateGoalsDialog)
    drain(ctx)
    rate_with_keys(qtbot, dialog.panel, 1, 3)
    rate_with_keys(qtbot, dialog.panel, 2, 10)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    drain(ctx)
    assert screen.dialog is None  # closed (and deleted)
    assert screen.goals_card.lines == [
        "Sleep through the night: 3 of 10",
        "Go back to work part-time: 10 of 10",
    ]
    assert [g.ratings for g in screen.shown.goals] == [  # type: ignore[union-attr]
        ((day(5), 3),),
        ((day(5), 10),),
    ]


def test_edit_goals_reorder_remove_undo_and_add(
    qtbot: QtBot, ctx: AppContext, db: Database
) -> None:
    with db.transaction() as s:
        course_id = new_course(s, goals=("A", "B", "C"))
        a = courses.overview(s, course_id, START).goals[0].id
        courses.rate_goals(s, {a: 6}, datetime.combine(START, time(12)))
    screen = open_screen(qtbot, ctx)
    screen.activateWindow()
    qtbot.keyClick(screen, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    dialog = screen.dialog
    assert isinstance(dialog, GoalsDialog)
    row_a, row_b, row_c = dialog.rows
    qtbot.mouseClick(row_b.remove, Qt.MouseButton.LeftButton)
    assert "Removed “B”." in dialog.message.text()
    qtbot.mouseClick(dialog.undo_button, Qt.MouseButton.LeftButton)
    assert dialog.rows == [row_a, row_b, row_c]
    qtbot.mouseClick(row_c.remove, Qt.MouseButton.LeftButton)
    qtbot.keyClick(row_a.edit, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert dialog.rows == [row_b, row_a]
    row_a.edit.setText("A, in better words")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.rows[-1].edit, "D")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    drain(ctx)
    assert screen.dialog is None  # closed (and deleted)
    assert screen.goals_card.lines == [
        "B: Not rated yet",
        "A, in better words: 6 of 10",
        "D: Not rated yet",
    ]


# --- hopes, series, progress --------------------------------------------------------------
def test_expectations_and_worries_are_edited_in_place(
    qtbot: QtBot, ctx: AppContext, db: Database
) -> None:
    with db.transaction() as s:
        course_id = new_course(s)
    screen = open_screen(qtbot, ctx)
    card = screen.hopes_card
    assert card.worry_text.text() == "Losing control."
    qtbot.mouseClick(card.edit_button, Qt.MouseButton.LeftButton)
    assert card.expect_edit.isVisible() and not card.edit_button.isVisible()
    card.worry_edit.clear()
    qtbot.keyClicks(card.worry_edit, "Nausea on the way home")
    screen.reload()  # a reload while typing keeps what is typed
    drain(ctx)
    assert card.worry_edit.toPlainText() == "Nausea on the way home"
    qtbot.mouseClick(card.save_button, Qt.MouseButton.LeftButton)
    drain(ctx)
    assert card.worry_text.text() == "Nausea on the way home" and card.worry_text.isVisible()
    with db.transaction() as s:
        assert courses.course_info(s, course_id).worries == "Nausea on the way home"


def test_series_progress_and_moods_read_in_words(
    qtbot: QtBot, ctx: AppContext, db: Database
) -> None:
    with db.transaction() as s:
        course_id = new_course(s)  # days 0 3 6 9 12 15
        for offset in (0, 1, 9):
            run(s, day(offset), mood_before=3, mood_after=6)
        run(s, day(10))  # the day after day 9's session: an extra one
        book(s, day(12), course_id)
        check_in(s, "PHQ-9", day(0), 18)
        check_in(s, "PHQ-9", day(10), 4)
        check_in(s, "GAD-7", day(0), 10)
    screen = open_screen(qtbot, ctx, today_offset=10)
    series = screen.series_card
    # Day 1 stands in for day 3 (held early); day 10 is the extra one.
    assert series.summary.text() == (
        "3 of 6 planned sessions done, 1 booked, 1 still to come, "
        "1 planned date without a session, 1 extra session done."
    )
    assert series.next_label.text() == (
        "Next session: Sat 14 Mar 2026 at 09:30 (booked, planned session 5 of 6)."
    )
    legend = [w.text() for w in series.legend_holder.findChildren(type(series.summary))]
    assert legend == ["Done", "Booked", "Still to come", "No session"]
    assert "Planned session 3, Sun 8 Mar: no session" in series.dots.accessibleDescription()
    # Extra sessions count apart (+1), never on from the plan's numbers.
    assert series.extra_title.text() == "Extra sessions, on days the plan did not have: 1 done"
    assert series.extra_dots.accessibleDescription() == "Extra session 1, Thu 12 Mar: done"
    qtbot.mouseClick(series.dates.button, Qt.MouseButton.LeftButton)
    table = series.dates.table
    assert table is not None and table.isVisible()
    statuses = [table.item(r, 3).text() for r in range(table.rowCount())]
    assert statuses == ["done", "done", "no session", "done", "booked", "still to come", "done"]
    assert [table.item(r, 0).text() for r in (0, 5, 6)] == ["1", "6", "extra +1"]
    assert series.dates.button.text() == "Hide the dates"
    assert [s.status for s in screen.shown.slots][-1] is SlotStatus.EXTRA_DONE  # type: ignore[union-attr]

    sentences = [label.text() for label in screen.progress_card.sentences]
    assert sentences == [
        "PHQ-9 went from 18 to 4, a drop of 78% — clinicians call a drop of at least 50% "
        "a response, and a PHQ-9 under 5 remission.",
        "One GAD-7 so far: 10 (moderate). The next one will show the change.",
    ]
    assert "not a diagnosis" in screen.progress_card.words.text()

    qtbot.mouseClick(screen.mood_card.table.button, Qt.MouseButton.LeftButton)
    moods = screen.mood_card.table.table
    assert moods is not None and moods.rowCount() == 3
    assert [moods.item(0, c).text() for c in range(4)] == [
        "–",  # no appointment, so no session number (as in History and the exports)
        "Mon 2 Mar 2026",
        "3 of 10",
        "6 of 10",
    ]


def test_a_later_course_shows_the_session_numbers_prepare_and_history_use(
    qtbot: QtBot, ctx: AppContext, db: Database
) -> None:
    with db.transaction() as s:
        first = new_course(s)
        for offset in (0, 3, 6):
            run(s, day(offset), appointment_id=book(s, day(offset), first), mood_after=5)
        second = new_course(
            s, start=day(30), name="Maintenance phase", plan=CoursePlan(Route.IV, 4, 14)
        )
        held = book(s, day(30), second)
        run(s, day(30), appointment_id=held, mood_before=4, mood_after=7)
        book(s, day(44), second)
    screen = open_screen(qtbot, ctx, today_offset=40)
    assert screen.shown is not None and screen.shown.course.id == second
    # The fourth appointment ever is "Session 4" here too, not the course's first.
    qtbot.mouseClick(screen.mood_card.table.button, Qt.MouseButton.LeftButton)
    moods = screen.mood_card.table.table
    assert moods is not None and moods.rowCount() == 1
    assert moods.item(0, 0).text() == "4"
    assert screen.mood_card.chart.accessibleDescription() == (
        "Session 4, Wed 1 Apr: before 4, after 7"
    )
    # The planned series keeps counting its own sessions.
    assert screen.series_card.next_label.text() == (
        "Next session: Wed 15 Apr 2026 at 09:30 (booked, planned session 2 of 4)."
    )
    assert screen.series_card.dots.describe(0) == "Planned session 1, Wed 1 Apr: done"


# --- a new course -------------------------------------------------------------------------
def test_a_maintenance_phase_keeps_the_past_course_to_compare(
    qtbot: QtBot, ctx: AppContext, db: Database
) -> None:
    with db.transaction() as s:
        first = new_course(s)
        run(s, day(0))
    screen = open_screen(qtbot, ctx, today_offset=30)
    assert not screen.switcher.isVisible() and not screen.compare_card.isVisible()
    screen.activateWindow()
    qtbot.keyClick(
        screen,
        Qt.Key.Key_N,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    dialog = screen.dialog
    assert isinstance(dialog, CourseSetupDialog) and dialog.mode is Mode.NEXT
    assert dialog.name_edit.text() == "Maintenance phase"
    assert dialog.keep_goals is not None and dialog.keep_goals.isChecked()
    assert [e.text() for e in dialog.goal_edits] == [
        "Sleep through the night",
        "Go back to work part-time",
        "",
    ]
    dialog.count_spin.setValue(4)
    dialog.spacing_spin.setValue(14)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    drain(ctx)

    assert screen.shown is not None and screen.shown.course.name == "Maintenance phase"
    assert screen.switcher.isVisible() and screen.switcher.count() == 2
    assert screen.compare_card.isVisible()
    with db.transaction() as s:
        past = courses.course_info(s, first)
    assert past.ended_on == day(29)

    show_first = [
        b
        for b in screen.compare_card.findChildren(type(screen.new_button))
        if b.accessibleName() == "Show the course First series"
    ]
    qtbot.mouseClick(show_first[0], Qt.MouseButton.LeftButton)
    assert screen.shown.course.id == first
    assert screen.past_note.isVisible() and "earlier course" in screen.past_note.text()
    assert not screen.rate_button.isVisible()
    assert screen.series_card.next_label.text() == "This course ended on Tue 31 Mar 2026."


@pytest.mark.allow_warning_logs
def test_a_refused_new_course_keeps_the_dialog_and_what_was_typed(
    qtbot: QtBot, ctx: AppContext, db: Database
) -> None:
    with db.transaction() as s:
        new_course(s, start=day(10))
    screen = open_screen(qtbot, ctx, today_offset=5)  # the new course would start earlier
    screen.new_course()
    dialog = screen.dialog
    assert isinstance(dialog, CourseSetupDialog)
    qtbot.keyClicks(dialog.goal_edits[2], "Walk every day")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    drain(ctx)
    assert dialog.isVisible() and dialog.ok_button.isEnabled()
    assert "choose a later start date" in dialog.message.text()
    assert dialog.goal_edits[2].text() == "Walk every day"
    with db.transaction() as s:
        assert len(courses.all_courses(s)) == 1


def test_change_the_plan(qtbot: QtBot, ctx: AppContext, db: Database) -> None:
    with db.transaction() as s:
        course_id = new_course(s)
    screen = open_screen(qtbot, ctx)
    qtbot.mouseClick(screen.series_card.change_button, Qt.MouseButton.LeftButton)
    dialog = screen.dialog
    assert isinstance(dialog, CourseSetupDialog) and dialog.mode is Mode.EDIT
    assert dialog.name_edit.text() == "First series" and dialog.count_spin.value() == 6
    dialog.count_spin.setValue(8)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    drain(ctx)
    assert screen.dialog is None  # closed (and deleted)
    assert screen.series_card.summary.text() == "0 of 8 planned sessions done, 8 still to come."
    with db.transaction() as s:
        assert courses.course_info(s, course_id).plan.count == 8


# --- a course without a planned series ----------------------------------------------------
def test_an_imported_course_shows_no_invented_plan(
    qtbot: QtBot, ctx: AppContext, db: Database, tmp_path: Path
) -> None:
    """Our own CSV brings goal ratings and sessions back, never a plan: nothing is "missed"."""
    exported = own_csv(tmp_path)
    with db.transaction() as s:
        assert store(s, parse_own_csv(exported), "csv").goal_ratings > 0
    screen = open_screen(qtbot, ctx, today_offset=(TODAY - START).days)
    assert screen.shown is not None and screen.shown.course.name == "Imported goals"
    series = screen.series_card
    done = screen.shown.progress.done
    assert done > 0
    assert series.no_plan.isVisible()
    assert series.no_plan.text() == "No planned series recorded for this course."
    assert series.intro.text() == "IV infusion · from Sat 31 Jan 2026 to Thu 19 Mar 2026"
    assert series.summary.text() == f"{done} sessions done."
    assert not series.dots.isVisible() and not series.extra_title.isVisible()
    assert series.extra_dots.isVisible()
    assert "missed" not in series.extra_dots.accessibleDescription()
    legend = [w.text() for w in series.legend_holder.findChildren(type(series.summary))]
    assert legend == ["Done"]
    qtbot.mouseClick(series.dates.button, Qt.MouseButton.LeftButton)
    table = series.dates.table
    assert table is not None and table.columnCount() == 3
    headers = [table.horizontalHeaderItem(c).text() for c in range(3)]
    assert headers == ["Session", "Date", "Where it stands"]
    assert {table.item(r, 2).text() for r in range(table.rowCount())} == {"done"}

    # Renaming it keeps it without a plan: the dialog says so and adds none.
    qtbot.mouseClick(series.change_button, Qt.MouseButton.LeftButton)
    dialog = screen.dialog
    assert isinstance(dialog, CourseSetupDialog) and dialog.mode is Mode.EDIT
    assert dialog.count_spin.text() == "No planned series"
    assert not dialog.spacing_spin.isEnabled() and not dialog.then_count_spin.isEnabled()
    assert dialog.preview.text().startswith("No planned series:")
    dialog.route_combo.setCurrentIndex(list(Route).index(Route.NASAL))
    assert dialog.count_spin.value() == 0  # a new route brings no plan of its own
    dialog.name_edit.setText("My first year")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    drain(ctx)
    assert screen.dialog is None
    course = screen.shown.course
    assert (course.name, course.route, course.plan.has_series) == (
        "My first year",
        Route.NASAL,
        False,
    )
    assert screen.shown.progress.missed == 0


def test_no_planned_series_is_a_choice_in_the_setup_and_the_comparison(
    qtbot: QtBot, ctx: AppContext, db: Database
) -> None:
    with db.transaction() as s:
        new_course(s)
        run(s, day(0))
    screen = open_screen(qtbot, ctx, today_offset=30)
    screen.new_course()
    dialog = screen.dialog
    assert isinstance(dialog, CourseSetupDialog)
    dialog.count_spin.setValue(0)
    assert dialog.draft().plan == CoursePlan.unplanned(Route.IV)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    drain(ctx)
    assert screen.shown is not None and not screen.shown.course.plan.has_series
    assert screen.series_card.summary.text() == "No sessions recorded."
    assert screen.series_card.next_label.text() == "Nothing planned or booked ahead."
    facts = [w.text() for w in screen.compare_card.findChildren(type(screen.past_note))]
    assert any("0 sessions done, no planned series" in text for text in facts)
    assert any("1 session done, 6 planned" in text for text in facts)


# --- large text in a narrow window --------------------------------------------------------
@pytest.mark.parametrize("text_scale", [100, 200])
def test_nothing_is_cut_at_large_text_in_a_narrow_window(
    qtbot: QtBot, ctx: AppContext, db: Database, app_look: QApplication, text_scale: int
) -> None:
    """As narrow as the window's smallest size leaves the screen, every button is whole and
    inside the page: the actions wrap, the picker goes under its label, and a goal's first
    rating goes under its sparkline; in a wide window they stand side by side."""
    ctx.prefs.text_scale = text_scale
    apply_theme(app_look, ctx.prefs)
    fill(db, 400, today=TODAY)
    screen = open_screen(qtbot, ctx, today_offset=(TODAY - START).days)
    page = screen.findChild(QScrollArea)
    assert page is not None and screen.shown is not None and len(screen.views) == 2
    # Every part is placed before it is shown: none opens as a window of its own (and takes
    # the keyboard from the screen).
    assert QApplication.activeWindow() is screen
    goal_rows = [
        row for row in screen.goals_card.findChildren(LabelledRow) if row.isVisibleTo(screen)
    ]
    assert goal_rows
    for width, narrow in ((1100, False), (520, True)):
        screen.resize(width, 800)
        qtbot.waitUntil(lambda w=width: screen.width() == w)
        for _ in range(3):
            QApplication.processEvents()
        view = page.viewport()
        assert page.widget().width() <= view.width()  # nothing reaches past the side
        buttons = [b for b in page.widget().findChildren(QPushButton) if b.isVisibleTo(screen)]
        assert screen.rate_button in buttons and screen.new_button in buttons
        for button in buttons:
            assert button.width() >= button.sizeHint().width(), button.text()
            assert button.mapTo(view, button.rect().topRight()).x() < view.width()
        wraps = narrow and text_scale == 200
        assert (screen.rate_button.y() > screen.new_button.y()) == wraps
        assert screen.switch_row.stacked() == wraps
        stacked = [row.stacked() for row in goal_rows]
        if not narrow:
            assert not any(stacked)  # a goal's first rating beside its sparkline
        elif text_scale == 200:
            assert all(stacked)  # under it
