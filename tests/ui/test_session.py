"""The Session screen driven as a patient would: choose, begin, mark, pause, finish, journal."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QShortcut
from PySide6.QtWidgets import QMainWindow, QPushButton, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from companion.domain.journal import SCALE_MAX, SCALE_MIN
from companion.domain.routes import Route
from companion.storage import appointments
from companion.storage import session_runs as runs
from companion.storage.database import Database
from companion.storage.models import TreatmentSession
from companion.storage.session_options import SessionOptions, load_options, save_options
from companion.ui import session as session_module
from companion.ui import session_view
from companion.ui.context import AppContext
from companion.ui.session import SessionScreen
from tests.conftest import drain

T0 = datetime(2026, 5, 10, 12, 0, tzinfo=UTC)


class Clocks:
    """A monotonic clock and a wall clock that move together, by hand."""

    def __init__(self) -> None:
        self.now = 10_000.0

    def __call__(self) -> float:
        return self.now

    def wall(self) -> datetime:
        return T0 + timedelta(seconds=self.now - 10_000.0)

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class Harness:
    screen: SessionScreen
    clocks: Clocks
    ctx: AppContext
    db: Database
    navigations: list[tuple[str, object]] = field(default_factory=list)

    def rows(self) -> list[TreatmentSession]:
        with self.db.transaction() as s:
            found = list(s.scalars(select(TreatmentSession).order_by(TreatmentSession.id)))
            for row in found:
                _ = (row.markers, row.pauses)
            return found

    def show(self, payload: object = None) -> None:
        self.screen.on_shown(payload)
        drain(self.ctx)

    def tick(self, seconds: float) -> None:
        self.clocks.advance(seconds)
        runner = self.screen.runner
        assert runner is not None
        runner.check()
        drain(self.ctx)


def build(qtbot: QtBot, ctx: AppContext, db: Database, clocks: Clocks) -> Harness:
    screen = SessionScreen(ctx, clock=clocks, wall=clocks.wall)
    qtbot.addWidget(screen)
    screen.resize(1000, 760)
    harness = Harness(screen, clocks, ctx, db)
    screen.navigate.connect(lambda name, payload: harness.navigations.append((name, payload)))
    screen.show()
    drain(ctx)
    return harness


@pytest.fixture
def harness(qtbot: QtBot, ctx: AppContext, db: Database) -> Iterator[Harness]:
    h = build(qtbot, ctx, db, Clocks())
    yield h
    if h.screen.runner is not None:
        h.screen.runner.end_early()
    h.screen.leave_full_screen()
    drain(ctx)


def begin(harness: Harness, minutes: int, mood: int | None = None) -> None:
    form = harness.screen.setup_form
    if form.route_choice is None:  # nothing told the route: the patient chooses it
        form.route.setCurrentIndex(form.route.findData(Route.IV))
    form.minutes.setValue(minutes)
    if mood is not None:
        form.mood_buttons[mood - SCALE_MIN].click()
    form.begin_button.click()
    drain(harness.ctx)


def tab_order_after(widget: QWidget, count: int = 2) -> list[QWidget]:
    """The next ``count`` widgets Tab stops on after ``widget``."""
    stops: list[QWidget] = []
    while len(stops) < count:
        widget = widget.nextInFocusChain()
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isVisible():
            stops.append(widget)
    return stops


def key(qtbot: QtBot, harness: Harness, which: Qt.Key, text: str = "") -> None:
    qtbot.keyClick(harness.screen.view.display, which)
    drain(harness.ctx)


# --- before the start ---------------------------------------------------------------------------


def test_setup_shows_the_appointment_and_its_intention(harness: Harness, db: Database) -> None:
    local_now = datetime.now()
    with db.transaction() as s:
        made = appointments.create_appointment(
            s, appointments.AppointmentFields(local_now + timedelta(hours=1), Route.LOZENGE)
        )
        appointments.set_intention(s, made.id, "Meet what comes with curiosity.")
    harness.show()
    form = harness.screen.setup_form
    assert harness.screen.pages.currentWidget() is form
    assert form.intention.text() == "Meet what comes with curiosity."
    assert not form.intention.isHidden()
    assert form.route_choice is Route.LOZENGE
    assert form.minutes.value() == 120
    assert "Spit now" in form.length_hint.text()
    assert "Session 1" in form.appointment_label.text()


def test_setup_remembers_choices_per_route(harness: Harness, db: Database) -> None:
    with db.transaction() as s:
        last = runs.start_run(
            s, duration_s=3600, route=Route.NASAL, mood_before=None, now=T0, local_now=T0
        )
        runs.end_run(s, last.id, 3600, T0 + timedelta(hours=1), finished=True)
        save_options(
            s,
            SessionOptions(
                route=Route.NASAL,
                minutes={"nasal": 150},
                palette="forest",
                breathing="box",
                numbers=False,
            ),
        )
    harness.show()
    form = harness.screen.setup_form
    assert (form.route_choice, form.minutes.value()) == (Route.NASAL, 150)
    assert form.palette_choice() == "forest"
    assert form.no_numbers.isChecked()
    form.route.setCurrentIndex(form.route.findData(Route.IV))
    assert form.minutes.value() == 60  # the IV preset
    assert form.intention.isHidden()


def test_with_nothing_to_tell_the_route_the_patient_is_asked(harness: Harness) -> None:
    harness.show()
    form = harness.screen.setup_form
    assert form.route_choice is None and form.route.currentText() == ""
    assert "Choose the route" in form.length_hint.text()
    form.begin_button.click()
    drain(harness.ctx)
    assert harness.screen.runner is None and not harness.rows()  # nothing starts as "Other"
    assert form.route_message.isVisibleTo(form) and "Choose the route" in form.route_message.text()
    assert form.route.hasFocus()
    form.route.setCurrentIndex(form.route.findData(Route.IM))
    assert form.route_message.isHidden()
    form.begin_button.click()
    drain(harness.ctx)
    [row] = harness.rows()
    assert row.route == "im"


def test_mood_is_two_taps_and_a_second_tap_clears_it(harness: Harness) -> None:
    harness.show()
    form = harness.screen.setup_form
    form.mood_buttons[3 - SCALE_MIN].click()
    form.mood_buttons[7 - SCALE_MIN].click()
    assert form.mood() == 7
    assert form.mood_words.text().startswith("7 of 10")
    form.mood_buttons[7 - SCALE_MIN].click()
    assert form.mood() is None


def test_mood_numbers_say_what_they_are_and_that_one_is_chosen(harness: Harness) -> None:
    form = harness.screen.setup_form
    names = [button.accessibleName() for button in form.mood_buttons]
    assert names[5] == "Mood before the session: 5 of 10, okay"
    assert names[0] == "Mood before the session: 0 of 10, very low"
    assert len(set(names)) == SCALE_MAX - SCALE_MIN + 1
    for button in form.mood_buttons:
        assert "One choice of 0 to 10" in button.accessibleDescription()
        assert "Arrow keys move between these" in button.accessibleDescription()
    # Eleven numbers are one Tab stop (the arrow keys move between them).
    tab_stops = [b for b in form.mood_buttons if b.focusPolicy() & Qt.FocusPolicy.TabFocus]
    assert tab_stops == [form.mood_buttons[0]]


# --- a whole session ----------------------------------------------------------------------------


def test_start_mark_pause_finish_and_land_in_the_journal(qtbot: QtBot, harness: Harness) -> None:
    harness.show()
    begin(harness, minutes=30, mood=6)
    screen = harness.screen
    assert screen.pages.currentWidget() is screen.view
    [row] = harness.rows()
    assert (row.state, row.duration_s, row.mood_before) == ("running", 1800, 6)
    assert screen.view.display.hasFocus()

    harness.tick(120)
    key(qtbot, harness, Qt.Key.Key_Space)
    harness.tick(300)
    key(qtbot, harness, Qt.Key.Key_Space)
    assert "2 so far" in screen.view.status.text()
    key(qtbot, harness, Qt.Key.Key_P)
    assert screen.runner is not None and screen.runner.timer.paused
    harness.tick(600)  # paused time does not count
    key(qtbot, harness, Qt.Key.Key_P)
    assert screen.runner.timer.elapsed == 420
    harness.tick(1380)  # the rest of the 30 minutes

    assert screen.runner.timer.ended
    assert screen.view.display.message == "Your session time is complete"
    assert screen.view.end_panel.isVisible() and not screen.view.controls.isVisible()
    assert len(screen.view.word_edits) == 2
    # Back from "Continue" by Shift+Tab: the words, in order, then Continue again.
    first, second = screen.view.word_edits
    assert tab_order_after(first) == [second, screen.view.continue_button]
    qtbot.keyClicks(screen.view.word_edits[0], "warmth")
    screen.view.continue_button.click()
    drain(harness.ctx)

    [row] = harness.rows()
    assert harness.navigations[-1] == ("journal", {"session_id": row.id})
    assert (row.state, row.elapsed_s) == ("finished", 1800)
    assert [(m.elapsed_s, m.label) for m in row.markers] == [(120, "warmth"), (420, "")]
    assert [(p.paused_at, p.resumed_at) for p in row.pauses] == [
        (T0 + timedelta(seconds=420), T0 + timedelta(seconds=1020))
    ]
    assert screen.runner is None
    assert screen.pages.currentWidget() is screen.setup_form


def test_ending_early_needs_a_deliberate_confirm(qtbot: QtBot, harness: Harness) -> None:
    harness.show()
    begin(harness, minutes=20)
    view = harness.screen.view
    harness.tick(90)
    view.end_button.click()
    assert view.confirm.isVisible() and view.keep_button.hasFocus()
    qtbot.keyClick(view.keep_button, Qt.Key.Key_Escape)
    assert not view.confirm.isVisible()
    view.end_button.click()
    view.keep_button.click()
    assert harness.screen.runner is not None and not harness.screen.runner.timer.ended
    view.end_button.click()
    view.confirm_end_button.click()
    drain(harness.ctx)
    [row] = harness.rows()
    assert (row.state, row.elapsed_s, row.ended_at) == (
        "ended_early",
        90,
        T0 + timedelta(seconds=90),
    )
    assert view.display.message == "Session ended"
    assert view.end_panel.isVisible()
    view.continue_button.click()
    drain(harness.ctx)
    assert harness.navigations[-1] == ("journal", {"session_id": row.id})


def test_stray_keys_do_nothing(qtbot: QtBot, harness: Harness) -> None:
    harness.show()
    begin(harness, minutes=20)
    for stray in (
        Qt.Key.Key_X,
        Qt.Key.Key_Return,
        Qt.Key.Key_Escape,
        Qt.Key.Key_Delete,
        Qt.Key.Key_E,
        Qt.Key.Key_Q,
        Qt.Key.Key_Backspace,
    ):
        key(qtbot, harness, stray)
    runner = harness.screen.runner
    assert runner is not None
    assert not (runner.timer.ended or runner.timer.paused or runner.record.markers)
    assert not harness.screen.view.confirm.isVisible()
    [row] = harness.rows()
    assert row.state == "running" and not row.markers


def test_numbers_and_dim_change_the_display_and_are_kept(
    qtbot: QtBot, harness: Harness, db: Database
) -> None:
    harness.show()
    begin(harness, minutes=20)
    view = harness.screen.view
    key(qtbot, harness, Qt.Key.Key_N)
    assert not view.display.look.numbers and view.numbers_button.text() == "Show numbers"
    view.dim_slider.setValue(40)
    assert view.display.look.dim == 40
    harness.tick(1200)
    with db.transaction() as s:
        kept = load_options(s)
    assert (kept.numbers, kept.dim) == (False, 40)


def test_start_minutes_from_the_command_line_starts_at_once(harness: Harness) -> None:
    harness.show({"start_minutes": 20})
    runner = harness.screen.runner
    assert runner is not None and runner.timer.started
    assert harness.screen.pages.currentWidget() is harness.screen.view
    [row] = harness.rows()
    assert (row.state, row.duration_s, row.mood_before) == ("running", 1200, None)


def test_cues_chime_and_show_and_the_end_shows_without_sound(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    played: list[str] = []
    monkeypatch.setattr(
        harness.screen.chimes, "play", lambda kind: played.append(kind.value) or False
    )
    harness.show()
    form = harness.screen.setup_form
    form.route.setCurrentIndex(form.route.findData(Route.LOZENGE))
    begin(harness, minutes=60)
    harness.tick(0.5)
    assert played == ["start"]
    harness.tick(15 * 60)
    assert played == ["start", "spit"]
    assert harness.screen.view.display.message == "Spit now"
    harness.tick(45 * 60)  # halfway and the end in one late tick: both fire, in order
    assert played == ["start", "spit", "halfway", "end"]
    assert harness.screen.view.display.message == "Your session time is complete"
    assert "complete" in harness.screen.view.display.accessibleDescription()


def test_a_hidden_screen_still_ends_the_session(harness: Harness) -> None:
    harness.show()
    begin(harness, minutes=10)
    harness.screen.hide()
    assert harness.screen.view.display.frame_interval() is None  # no painting while hidden
    harness.tick(600)
    [row] = harness.rows()
    assert row.state == "finished"


def test_heartbeat_every_thirty_seconds_and_on_flush(harness: Harness) -> None:
    harness.show()
    begin(harness, minutes=20)
    harness.tick(20)
    assert harness.rows()[0].last_seen_at == T0
    harness.tick(15)
    assert harness.rows()[0].last_seen_at == T0 + timedelta(seconds=35)
    harness.clocks.advance(7)
    harness.screen.flush()
    drain(harness.ctx)
    assert harness.rows()[0].last_seen_at == T0 + timedelta(seconds=42)


# --- closing, crashing, resuming ----------------------------------------------------------------


def test_closing_during_a_session_asks(harness: Harness, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[bool] = []

    def answer(_parent: object) -> bool:
        asked.append(True)
        return False

    monkeypatch.setattr(session_module, "ask_to_close", answer)
    harness.show()
    assert harness.screen.can_close()
    begin(harness, minutes=20)
    assert not harness.screen.can_close()
    assert asked == [True]
    harness.tick(1200)
    assert harness.screen.can_close()


def lost_run(db: Database, clocks: Clocks, minutes_ago: float, paused: bool = False) -> int:
    start = clocks.wall() - timedelta(minutes=minutes_ago)
    with db.transaction() as s:
        state = runs.start_run(
            s,
            duration_s=3600,
            route=Route.IV,
            mood_before=5,
            now=start,
            local_now=datetime(2026, 5, 10, 14, 0),
        )
        runs.add_marker(s, state.id, 60, start + timedelta(minutes=1))
        runs.heartbeat(s, state.id, 300, start + timedelta(minutes=5))
        if paused:
            runs.pause_run(s, state.id, 300, start + timedelta(minutes=5))
        return state.id


def test_an_unfinished_session_is_offered_at_start(
    qtbot: QtBot, ctx: AppContext, db: Database
) -> None:
    from companion.ui.main_window import MainWindow

    lost_run(db, Clocks(), minutes_ago=12)
    window = MainWindow(ctx.prefs, lambda: None)
    qtbot.addWidget(window)
    window.navigate("journal")  # where the app was asked to start
    window.attach(ctx)
    drain(ctx)
    screen = window.current_screen()
    assert isinstance(screen, SessionScreen)
    assert screen.pages.currentWidget() is screen.recovery
    assert "Resume" in screen.recovery.resume_button.text()


def test_resume_continues_with_the_time_from_the_records(harness: Harness, db: Database) -> None:
    run_id = lost_run(db, harness.clocks, minutes_ago=12)
    harness.show()
    screen = harness.screen
    assert screen.pages.currentWidget() is screen.recovery
    assert "12 of 60 minutes" in screen.recovery.question.text()
    screen.recovery.resume_button.click()
    drain(harness.ctx)
    runner = screen.runner
    assert runner is not None and runner.session_id == run_id
    assert runner.timer.elapsed == 12 * 60
    assert len(runner.record.markers) == 1
    harness.tick(48 * 60)
    [row] = harness.rows()
    assert row.state == "finished"


def test_resume_a_paused_session_stays_paused(harness: Harness, db: Database) -> None:
    lost_run(db, harness.clocks, minutes_ago=30, paused=True)
    harness.show()
    harness.screen.recovery.resume_button.click()
    drain(harness.ctx)
    runner = harness.screen.runner
    assert runner is not None and runner.timer.paused and runner.timer.elapsed == 300
    assert harness.screen.view.pause_button.text() == "Resume"


def test_end_at_the_last_known_time_opens_the_journal(harness: Harness, db: Database) -> None:
    run_id = lost_run(db, harness.clocks, minutes_ago=40)
    harness.show()
    harness.screen.recovery.end_button.click()
    drain(harness.ctx)
    [row] = harness.rows()
    assert (row.state, row.elapsed_s) == ("ended_early", 300)
    assert row.ended_at == harness.clocks.wall() - timedelta(minutes=35)
    assert harness.navigations[-1] == ("journal", {"session_id": run_id})


# --- full screen and help -------------------------------------------------------------------------


class FakeWindow(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.helped = 0

    def show_help(self, reason: str = "") -> Any:
        self.helped += 1


def test_full_screen_and_back_with_help_reachable(
    qtbot: QtBot, ctx: AppContext, db: Database
) -> None:
    clocks = Clocks()
    window = FakeWindow()
    qtbot.addWidget(window)
    screen = SessionScreen(ctx, clock=clocks, wall=clocks.wall)
    window.setCentralWidget(screen)
    window.show()
    drain(ctx)
    assert not screen.toggle_full_screen()  # nothing running: F11 is the window's own
    screen.on_shown(None)
    drain(ctx)
    form = screen.setup_form
    form.route.setCurrentIndex(form.route.findData(Route.IV))  # nothing told it here
    form.begin_button.click()
    drain(ctx)
    view = screen.view
    assert screen.toggle_full_screen()
    host = view.window()
    assert host is not window and host.isFullScreen()
    assert view.help_button.isVisible()
    # The window behind says where the session is, not a stale page with idle buttons.
    assert screen.pages.currentWidget() is screen.elsewhere
    screen.on_shown(None)  # navigating to the Session screen meanwhile changes nothing
    assert screen.pages.currentWidget() is screen.elsewhere and view.window() is host
    screen.bring_back_button.click()
    assert view.window() is window and screen.pages.currentWidget() is view
    assert screen.toggle_full_screen()
    view.help_button.click()  # leaves full screen first, so the help is not hidden behind it
    assert window.helped == 1 and view.window() is window
    assert not view.help_button.isVisible()
    assert screen.toggle_full_screen()
    qtbot.keyClick(view.display, Qt.Key.Key_Escape)
    assert view.window() is window
    assert screen.pages.currentWidget() is view
    assert screen.runner is not None and not screen.runner.timer.ended  # nothing else changed
    screen.toggle_full_screen()
    host = view.window()
    host.close()  # closing the full-screen window only leaves full screen
    assert view.window() is window and screen.runner is not None
    screen.runner.end_early()
    drain(ctx)


def test_in_the_app_f11_f2_and_the_journal_with_this_session(
    qtbot: QtBot, ctx: AppContext, db: Database
) -> None:
    from companion.ui.help_dialog import HelpDialog
    from companion.ui.main_window import MainWindow

    window = MainWindow(ctx.prefs, lambda: None)
    window.attach(ctx)
    qtbot.addWidget(window)
    window.show()
    window.navigate("session", {"start_minutes": 20})
    drain(ctx)
    screen = window.screen("session")
    assert isinstance(screen, SessionScreen) and screen.runner is not None
    window.toggle_full_screen()  # what F11 does in the window
    host = screen.view.window()
    assert host is not window and not window.isFullScreen()
    [help_key] = [sc for sc in host.findChildren(QShortcut) if sc.key().toString() == "F2"]
    help_key.activated.emit()
    drain(ctx)
    assert screen.view.window() is window
    dialogs = [w for w in window.findChildren(HelpDialog) if w.isVisible()]
    assert dialogs
    dialogs[0].close()
    window.activateWindow()  # what the desktop does when the help closes
    qtbot.waitUntil(lambda: window.isActiveWindow())
    screen.view.display.setFocus()
    qtbot.keyClick(screen.view.display, Qt.Key.Key_Space)
    screen.view.end_button.click()
    screen.view.confirm_end_button.click()
    drain(ctx)
    screen.view.continue_button.click()
    drain(ctx)
    [row] = Harness(screen, Clocks(), ctx, db).rows()
    assert window.current_screen() is window.screen("journal")
    assert row.state == "ended_early" and len(row.markers) == 1


def test_reduce_motion_from_the_view_menu_stills_a_running_display(
    qtbot: QtBot, harness: Harness
) -> None:
    from PySide6.QtWidgets import QApplication

    from companion.ui.calm_display import STILL_INTERVAL_MS

    harness.show()
    begin(harness, minutes=20)
    display = harness.screen.view.display
    assert display.frame_interval() != STILL_INTERVAL_MS
    harness.ctx.prefs.reduce_motion = True
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    original = app.styleSheet()
    app.setStyleSheet(original + " ")  # what applying the theme again does
    try:
        qtbot.waitUntil(lambda: display.frame_interval() == STILL_INTERVAL_MS)
        assert display.look.still
    finally:
        app.setStyleSheet(original)


def test_the_end_is_announced_to_screen_readers(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    said: list[str] = []
    monkeypatch.setattr(session_view, "announce", lambda _widget, text: said.append(text))
    harness.show()
    begin(harness, minutes=20)
    harness.tick(20 * 60)
    assert harness.screen.runner is not None and harness.screen.runner.timer.ended
    assert said == ["Your session has begun", "Halfway", "Your session time is complete"]


def test_back_on_a_running_session_its_keys_work_at_once(
    qtbot: QtBot, harness: Harness
) -> None:
    begin(harness, 20)
    window = harness.screen.window()
    elsewhere = QPushButton("Another screen's button", window)
    elsewhere.show()
    elsewhere.setFocus()  # where focus is after visiting another screen
    harness.screen.on_shown(None)
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_P)  # the key goes where the focus is
    assert harness.screen.runner is not None and harness.screen.runner.timer.paused


def test_ctrl_enter_begins_from_anywhere_on_the_form(qtbot: QtBot, harness: Harness) -> None:
    form = harness.screen.setup_form
    form.route.setCurrentIndex(form.route.findData(Route.IV))
    form.minutes.setFocus()
    qtbot.keyClick(form.minutes, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    drain(harness.ctx)
    assert harness.screen.runner is not None
    harness.screen.runner.end_early()
    drain(harness.ctx)


def test_space_on_a_focused_button_presses_it_and_marks_nothing(
    qtbot: QtBot, harness: Harness
) -> None:
    begin(harness, 20)
    view = harness.screen.view
    view.window().activateWindow()
    qtbot.waitUntil(lambda: view.window().isActiveWindow())
    view.pause_button.setFocus()
    qtbot.keyClick(view.pause_button, Qt.Key.Key_Space)
    runner = harness.screen.runner
    assert runner is not None and runner.timer.paused and not runner.record.markers
    view.display.setFocus()
    qtbot.keyClick(view.display, Qt.Key.Key_Space)  # on the display it marks a moment
    assert len(runner.record.markers) == 1
    runner.end_early()
    drain(harness.ctx)
