"""The Journal screen, driven as a patient would: after a session, check-ins, drafts, edits."""

from __future__ import annotations

import errno
import json
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFrame, QMainWindow
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from companion.domain import safety
from companion.domain.journal import NOTHING_ENTERED, EntryDraft, Severity, SideEffect
from companion.storage import journal as store
from companion.storage import models as m
from companion.storage.database import Database
from companion.ui.context import AppContext
from companion.ui.help_dialog import HelpDialog
from companion.ui.journal import JournalScreen
from companion.ui.journal_form import PRIVATE_LINE
from companion.ui.measure_form import SCREENING_LINE
from companion.ui.worker import DbWorker
from tests.conftest import drain
from tests.course_data import new_course

NOW = datetime(2026, 3, 3, 20, 15)


def clock() -> datetime:
    return NOW


@pytest.fixture
def make_screen(qtbot: QtBot) -> Iterator[Callable[[AppContext], JournalScreen]]:
    made: list[JournalScreen] = []

    def make(context: AppContext) -> JournalScreen:
        screen = JournalScreen(context, clock=clock)
        screen.autosave_delay_ms = 30
        qtbot.addWidget(screen)
        screen.resize(1000, 800)
        screen.show()
        made.append(screen)
        return screen

    yield make
    for screen in made:  # finish pending work while the screens still exist
        screen.flush()
        drain(screen.ctx)


@pytest.fixture
def screen(ctx: AppContext, make_screen: Callable[[AppContext], JournalScreen]) -> JournalScreen:
    return make_screen(ctx)


def opened(screen: JournalScreen, payload: object = None) -> JournalScreen:
    screen.on_shown(payload)
    drain(screen.ctx)
    return screen


def add_session(db: Database) -> int:
    with db.transaction() as s:
        appointment = m.Appointment(starts_at=datetime(2026, 3, 3, 9, 30), route="iv")
        started = datetime(2026, 3, 3, 8, 30, tzinfo=UTC)
        run = m.TreatmentSession(
            appointment=appointment,
            route="iv",
            duration_s=3600,
            started_at=started,
            last_seen_at=started,
            ended_at=started + timedelta(minutes=58),
            elapsed_s=58 * 60.0,
            state="finished",
            mood_before=3,
            intention="Meet whatever comes with curiosity.",
        )
        run.markers = [
            m.SessionMarker(elapsed_s=730.0, at=started, label="warmth"),
            m.SessionMarker(elapsed_s=1900.0, at=started, label=""),
        ]
        s.add_all([appointment, run])
        s.flush()
        return run.id


def add_entry(db: Database, **changes: object) -> int:
    draft = EntryDraft(
        mood=4,
        anxiety=6,
        tags=["tired"],
        reflections="Slept badly.",
        side_effects=[SideEffect("headache", Severity.MILD)],
    )
    for key, value in changes.items():
        setattr(draft, key, value)
    with db.transaction() as s:
        return store.create_entry(s, draft, entry_at=datetime(2026, 3, 1, 21, 0))


def entries(db: Database) -> list[m.JournalEntry]:
    with db.transaction() as s:
        rows = list(s.scalars(select(m.JournalEntry).order_by(m.JournalEntry.id)))
        for row in rows:
            _ = row.side_effects
        return rows


def drafts(db: Database) -> dict[str, dict[str, object]]:
    with db.transaction() as s:
        return {row.key: json.loads(row.payload) for row in s.scalars(select(m.Draft))}


def wait_for_draft(qtbot: QtBot, screen: JournalScreen, db: Database, text: str) -> None:
    def kept() -> bool:
        drain(screen.ctx)
        return any(text in json.dumps(d) for d in drafts(db).values())

    qtbot.waitUntil(kept, timeout=2000)


# --- after a session ----------------------------------------------------------------------
def test_entry_after_a_session(qtbot: QtBot, screen: JournalScreen, db: Database) -> None:
    session_id = add_session(db)
    opened(screen, {"session_id": session_id})
    card = screen.form.session_card
    assert card.isVisible()
    assert card.title.text() == "After session 1 · IV infusion · 58 minutes"
    details = card.details.text()
    assert "Mood before: 3 of 10, between very low and okay" in details
    assert "Your intention: Meet whatever comes with curiosity." in details
    assert "At 12 min: warmth" in details
    assert "At 31 min: a moment you marked, without words" in details
    assert screen.form.mood_before.value() == 3
    assert screen.form.mood_before.isVisible()
    assert screen.form.mood.title_label.text() == "Mood now"

    mood = screen.form.mood.slider
    mood.setFocus()
    qtbot.keyClick(mood, Qt.Key.Key_Right)  # the first touch rates it at the middle, then +1
    assert screen.form.mood.value() == 6
    qtbot.mouseClick(screen.form.tags.chip("hopeful"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(screen.form.side_effects.chip("nausea"), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(screen.form.reflections, "Colours, and a sense of being held.")
    qtbot.keyClicks(screen.form.therapist_notes, "Ask about spacing.")
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    drain(screen.ctx)

    [row] = entries(db)
    assert (row.kind, row.session_id, row.mood_before, row.mood) == ("session", session_id, 3, 6)
    assert row.entry_at == NOW
    assert row.tags == "hopeful"
    assert [(e.name, e.severity) for e in row.side_effects] == [("nausea", 1)]
    assert row.reflections == "Colours, and a sense of being held."
    assert row.therapist_notes == "Ask about spacing."
    assert row.prompt == "" and row.prompt_answer == ""  # the question was skipped
    assert drafts(db) == {}
    assert screen.status.text().startswith("Saved at 20:15")
    assert screen.delete_button.isVisible()

    # Coming back after the session opens the same entry, not a second one.
    opened(screen, {"session_id": session_id})
    assert screen.form.reflections.toPlainText() == "Colours, and a sense of being held."
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    drain(screen.ctx)
    assert len(entries(db)) == 1


def test_goals_are_rated_with_the_entry_after_a_session(
    qtbot: QtBot, screen: JournalScreen, db: Database
) -> None:
    session_id = add_session(db)
    with db.transaction() as s:
        new_course(s, start=date(2026, 3, 1), goals=("Sleep through the night",))
    opened(screen, {"session_id": session_id})
    panel = screen.goals
    assert panel.isVisible()
    [slider] = panel.sliders.values()
    slider.slider.setFocus()
    qtbot.keyClick(slider.slider, Qt.Key.Key_Right)
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    drain(screen.ctx)

    with db.transaction() as s:
        ratings = [(r.value, r.session_id) for r in s.scalars(select(m.GoalRating))]
    assert ratings == [(slider.value(), session_id)]


def test_no_goal_panel_without_a_session_or_goals(screen: JournalScreen, db: Database) -> None:
    opened(screen)
    assert not screen.goals.isVisible()
    opened(screen, {"session_id": add_session(db)})
    assert not screen.goals.isVisible()  # there is no course with goals


def test_private_and_shared_fields_are_labelled(screen: JournalScreen) -> None:
    opened(screen)
    assert PRIVATE_LINE == "Private — only you see this unless you choose to share it"
    assert PRIVATE_LINE in screen.form.reflections.accessibleName()
    assert "Shared" in screen.form.therapist_notes.accessibleName()


def test_an_answered_prompt_is_kept_and_another_question_changes_it(
    qtbot: QtBot, screen: JournalScreen, db: Database
) -> None:
    opened(screen)
    first = screen.form.prompt_label.text()
    qtbot.mouseClick(screen.form.another, Qt.MouseButton.LeftButton)
    second = screen.form.prompt_label.text()
    assert second != first
    qtbot.keyClicks(screen.form.prompt_answer, "The light on the water.")
    assert not screen.form.another.isEnabled()  # the answer stays under its own question
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    drain(screen.ctx)
    [row] = entries(db)
    assert (row.prompt, row.prompt_answer) == (second, "The light on the water.")


def test_bad_input_is_explained_and_nothing_is_saved(
    qtbot: QtBot, screen: JournalScreen, db: Database
) -> None:
    opened(screen)
    qtbot.keyClicks(screen.form.systolic, "128")
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    drain(screen.ctx)
    assert "Enter both blood pressure numbers" in screen.status.text()
    assert screen.status.objectName() == "FormMessage"  # beside Save, in stronger type
    assert entries(db) == []


def test_an_empty_entry_is_not_saved_and_says_what_to_add(
    qtbot: QtBot, screen: JournalScreen, db: Database
) -> None:
    opened(screen)
    screen.new_entry()
    drain(screen.ctx)
    assert screen.form.mood.value() is None  # the slider's middle position is not a 5
    qtbot.keyClicks(screen.form.reflections, "   ")
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    drain(screen.ctx)
    assert entries(db) == []
    assert screen.status.isVisible()
    assert screen.status.text() == NOTHING_ENTERED
    assert screen.save_button.isEnabled()

    screen.form.mood.slider.setFocus()
    qtbot.keyClick(screen.form.mood.slider, Qt.Key.Key_Left)
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    drain(screen.ctx)
    [row] = entries(db)
    assert (row.mood, row.anxiety, row.reflections) == (4, None, "   ")
    assert screen.status.text().startswith("Saved at 20:15")
    assert screen.status.objectName() == "Muted"


def test_a_session_entry_with_only_the_mood_from_before_is_empty(
    qtbot: QtBot, screen: JournalScreen, db: Database
) -> None:
    opened(screen, {"session_id": add_session(db)})
    assert screen.form.mood_before.value() == 3  # carried over from the session itself
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    drain(screen.ctx)
    assert entries(db) == []
    assert screen.status.text() == NOTHING_ENTERED


# --- drafts -------------------------------------------------------------------------------
def test_draft_is_back_after_a_crash(
    qtbot: QtBot,
    screen: JournalScreen,
    db: Database,
    ctx: AppContext,
    make_screen: Callable[[AppContext], JournalScreen],
) -> None:
    opened(screen)
    qtbot.keyClicks(screen.form.reflections, "Half a thought about my father")
    qtbot.mouseClick(screen.form.tags.chip("tender"), Qt.MouseButton.LeftButton)
    wait_for_draft(qtbot, screen, db, "my father")
    assert screen.status.text().startswith("Draft kept at 20:15")

    # The process dies: no flush, no close. A new start opens the same database file.
    again = Database.open(db.path)
    worker = DbWorker(again)
    try:
        fresh = opened(make_screen(AppContext(worker, ctx.prefs, ctx.data_dir)))
        assert fresh.form.reflections.toPlainText() == "Half a thought about my father"
        assert fresh.form.tags.tags() == ["tender"]
        assert fresh.restored.isVisible()
        assert "kept" in fresh.restored.text.text()
    finally:
        worker.wait()
        again.close()


def test_flush_keeps_the_draft_at_once(qtbot: QtBot, screen: JournalScreen, db: Database) -> None:
    screen.autosave_delay_ms = 60_000
    opened(screen)
    qtbot.keyClicks(screen.form.therapist_notes, "closing now")
    assert drafts(db) == {}
    screen.flush()
    drain(screen.ctx)
    [payload] = drafts(db).values()
    assert payload["draft"]["therapist_notes"] == "closing now"  # type: ignore[index]


def test_nothing_typed_means_no_draft(screen: JournalScreen, db: Database) -> None:
    session_id = add_session(db)
    opened(screen, {"session_id": session_id})  # prefilled mood before is not "typed"
    screen.flush()
    drain(screen.ctx)
    assert drafts(db) == {}


@pytest.mark.allow_warning_logs
@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (OperationalError("INSERT", {}, Exception("database or disk is full")), "disk is full"),
        (OSError(errno.ENOSPC, "No space left on device"), "disk is full"),
        (OSError(errno.EACCES, "Permission denied"), "could not write to its data folder"),
    ],
)
def test_a_failed_save_says_so_and_keeps_the_draft(
    qtbot: QtBot,
    screen: JournalScreen,
    db: Database,
    monkeypatch: pytest.MonkeyPatch,
    error: Exception,
    reason: str,
) -> None:
    def fail(*_args: object, **_kwargs: object) -> int:
        raise error

    monkeypatch.setattr(store, "create_entry", fail)
    opened(screen)
    qtbot.keyClicks(screen.form.reflections, "Words I do not want to lose")
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    drain(screen.ctx)

    assert screen.alert.isVisible()
    message = screen.alert.text.text()
    assert "Your entry could not be saved" in message
    assert reason in message
    assert "still here" in message
    assert screen.form.reflections.toPlainText() == "Words I do not want to lose"
    assert entries(db) == []
    [payload] = drafts(db).values()
    assert payload["draft"]["reflections"] == "Words I do not want to lose"  # type: ignore[index]
    assert screen.save_button.isEnabled()

    monkeypatch.undo()
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    drain(screen.ctx)
    assert [row.reflections for row in entries(db)] == ["Words I do not want to lose"]
    assert drafts(db) == {}
    assert not screen.alert.isVisible()


# --- edit, delete, undo -------------------------------------------------------------------
def test_edit_an_entry(qtbot: QtBot, screen: JournalScreen, db: Database) -> None:
    entry_id = add_entry(db)
    opened(screen, {"entry_id": entry_id})
    form = screen.form
    assert form.heading.text() == "Your entry from Sunday 1 March, 21:00"
    assert (form.mood.value(), form.anxiety.value()) == (4, 6)
    assert form.tags.tags() == ["tired"]
    assert [name for name, _box in form.side_effects.rows()] == ["headache"]
    assert form.reflections.toPlainText() == "Slept badly."

    _name, severity = form.side_effects.rows()[0]
    severity.setCurrentIndex(int(Severity.MODERATE))
    form.anxiety.slider.setFocus()
    qtbot.keyClick(form.anxiety.slider, Qt.Key.Key_Home)
    qtbot.keyClick(form.reflections, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(form.reflections, " Better by noon.")
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    drain(screen.ctx)

    [row] = entries(db)
    assert row.id == entry_id and row.entry_at == datetime(2026, 3, 1, 21, 0)
    assert row.anxiety == 0
    assert row.reflections == "Slept badly. Better by noon."
    assert [(e.name, e.severity) for e in row.side_effects] == [("headache", 2)]


def test_unsaved_changes_to_an_entry_come_back_and_can_be_discarded(
    qtbot: QtBot, screen: JournalScreen, db: Database
) -> None:
    entry_id = add_entry(db)
    opened(screen, {"entry_id": entry_id})
    qtbot.keyClick(screen.form.reflections, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(screen.form.reflections, " More.")
    wait_for_draft(qtbot, screen, db, "More.")
    opened(screen, {"entry_id": entry_id})
    assert screen.form.reflections.toPlainText() == "Slept badly. More."
    assert screen.restored.isVisible() and screen.discard_button.isVisible()
    qtbot.mouseClick(screen.discard_button, Qt.MouseButton.LeftButton)
    drain(screen.ctx)
    assert screen.form.reflections.toPlainText() == "Slept badly."
    assert drafts(db) == {}


def test_delete_and_undo(qtbot: QtBot, screen: JournalScreen, db: Database) -> None:
    entry_id = add_entry(db)
    with db.transaction() as s:
        store.save_measure(s, "GAD-7", [1] * 7, taken_at=NOW, entry_id=entry_id)
    opened(screen, {"entry_id": entry_id})
    qtbot.mouseClick(screen.delete_button, Qt.MouseButton.LeftButton)
    drain(screen.ctx)
    assert entries(db) == []
    assert screen.undo_bar.isVisible()
    assert screen.undo_bar.text.text() == "The entry from Sunday 1 March, 21:00 was deleted."
    assert screen.form.heading.text().startswith("New entry")
    assert not screen.delete_button.isVisible()

    qtbot.mouseClick(screen.undo_button, Qt.MouseButton.LeftButton)
    drain(screen.ctx)
    [row] = entries(db)
    assert row.id == entry_id and row.reflections == "Slept badly."
    assert [e.name for e in row.side_effects] == ["headache"]
    with db.transaction() as s:
        assert s.scalar(select(m.MeasureResponse.entry_id)) == entry_id
    assert not screen.undo_bar.isVisible()
    assert screen.form.reflections.toPlainText() == "Slept badly."
    assert screen.delete_button.isVisible()


def test_opening_a_deleted_entry_says_so_and_starts_a_new_one(
    screen: JournalScreen, db: Database
) -> None:
    opened(screen, {"entry_id": 404})
    drain(screen.ctx)
    assert "no longer exists" in screen.alert.text.text()
    assert screen.form.heading.text().startswith("New entry")
    assert screen.form.isEnabled()


# --- PHQ-9 and GAD-7 ----------------------------------------------------------------------
def visible_help_dialogs() -> list[HelpDialog]:
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, HelpDialog) and w.isVisible()
    ]


@pytest.fixture
def no_dialogs_left() -> Iterator[None]:
    yield
    for dialog in visible_help_dialogs():
        dialog.close()


@pytest.mark.usefixtures("no_dialogs_left")
def test_phq9_item9_shows_resources_at_once_and_the_answers_are_saved(
    qtbot: QtBot, screen: JournalScreen, db: Database
) -> None:
    opened(screen)
    qtbot.mouseClick(screen.checkin_button, Qt.MouseButton.LeftButton)
    page = screen.checkin_page
    assert screen.pages.currentWidget() is page
    answers = [2, 2, 1, 2, 1, 1, 1, 1, 0]
    for index, value in enumerate(answers):
        qtbot.mouseClick(page.phq9.questions[index].buttons[value], Qt.MouseButton.LeftButton)
    assert visible_help_dialogs() == []
    assert not page.item9_note.isVisible()

    qtbot.mouseClick(page.phq9.questions[8].buttons[1], Qt.MouseButton.LeftButton)
    [dialog] = visible_help_dialogs()
    assert not dialog.isModal()
    labels = [label.text() for label in dialog.findChildren(type(screen.status))]
    assert safety.ITEM9_LINE in labels
    assert safety.CARE_TEAM_LINE in labels
    assert page.item9_note.isVisible()
    qtbot.mouseClick(page.phq9.questions[8].buttons[2], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.phq9.questions[8].buttons[1], Qt.MouseButton.LeftButton)
    assert len(visible_help_dialogs()) == 1  # once per check-in, not at every click

    # The dialog does not block: the check-in is saved while it is open.
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    drain(screen.ctx)
    assert dialog.isVisible()
    with db.transaction() as s:
        [row] = s.scalars(select(m.MeasureResponse))
        assert (row.instrument, json.loads(row.answers)) == ("PHQ-9", [*answers[:8], 1])
        assert (row.total, row.band, row.difficulty, row.taken_at) == (12, "moderate", None, NOW)
    assert page.phq9.result.text() == "PHQ-9: Total 12 — moderate"
    assert page.phq9.result_note.text() == SCREENING_LINE
    assert page.phq9.result_note.isVisible()
    assert not page.gad7.result.isVisible()


def test_item9_uses_the_main_windows_help_when_there_is_one(qtbot: QtBot, ctx: AppContext) -> None:
    class Window(QMainWindow):
        def __init__(self) -> None:
            super().__init__()
            self.reasons: list[str] = []

        def show_help(self, reason: str = "") -> None:
            self.reasons.append(reason)

    window = Window()
    qtbot.addWidget(window)
    screen = JournalScreen(ctx, clock=clock)
    window.setCentralWidget(screen)
    screen.open_checkin()
    screen.checkin_page.phq9.choose(8, 3)
    assert window.reasons == [safety.ITEM9_LINE]
    assert visible_help_dialogs() == []
    drain(ctx)


def test_a_half_answered_questionnaire_is_explained(
    qtbot: QtBot, screen: JournalScreen, db: Database
) -> None:
    opened(screen)
    screen.open_checkin()
    page = screen.checkin_page
    for index in range(5):
        page.gad7.choose(index, 1)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    drain(screen.ctx)
    assert page.message.isVisible()
    assert "The GAD-7 still needs an answer to questions 6, 7" in page.message.text()
    assert page.gad7.first_answer_of(6).hasFocus()  # taken to it, not left to search
    page.gad7.choose(5, 0)
    page.gad7.choose(6, 3)
    page.gad7.difficulty.group.button(2).click()
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    drain(screen.ctx)
    with db.transaction() as s:
        [row] = s.scalars(select(m.MeasureResponse))
        assert (row.instrument, row.total, row.band, row.difficulty) == ("GAD-7", 8, "mild", 2)
    assert page.gad7.result.text() == "GAD-7: Total 8 — mild"
    assert not page.save_button.isVisible()


def test_a_checkin_links_to_the_entry_being_edited(screen: JournalScreen, db: Database) -> None:
    entry_id = add_entry(db)
    opened(screen, {"entry_id": entry_id})
    screen.open_checkin()
    for index in range(9):
        screen.checkin_page.phq9.choose(index, 0)
    screen.save_checkin()
    drain(screen.ctx)
    with db.transaction() as s:
        assert s.scalar(select(m.MeasureResponse.entry_id)) == entry_id


def test_checkin_reminder_when_due_and_its_interval(
    qtbot: QtBot, screen: JournalScreen, db: Database
) -> None:
    with db.transaction() as s:
        store.save_measure(s, "PHQ-9", [0] * 9, taken_at=NOW - timedelta(days=8))
        store.save_measure(s, "GAD-7", [0] * 7, taken_at=NOW - timedelta(days=8))
    opened(screen)
    assert screen.due.isVisible()
    assert screen.due.text.text().startswith("It has been 8 days since your last check-in.")
    assert "Reminders come every week" in screen.due.text.text()
    assert "asked" not in screen.due.text.text()  # the patient may never have chosen it
    take = next(
        b
        for b in screen.due.findChildren(type(screen.save_button))
        if b.text() == "Take PHQ-9 and GAD-7 now"
    )
    qtbot.mouseClick(take, Qt.MouseButton.LeftButton)
    drain(screen.ctx)
    page = screen.checkin_page
    assert screen.pages.currentWidget() is page
    assert page.interval.value() == 7

    page.interval.setValue(10)
    drain(screen.ctx)
    with db.transaction() as s:
        assert store.checkin_interval(s) == 10
    qtbot.mouseClick(page.back_button, Qt.MouseButton.LeftButton)
    drain(screen.ctx)
    assert not screen.due.isVisible()  # 8 days ago, every 10 days: not due yet


def test_no_reminder_after_a_recent_checkin(screen: JournalScreen, db: Database) -> None:
    with db.transaction() as s:
        store.save_measure(s, "PHQ-9", [0] * 9, taken_at=NOW - timedelta(days=2))
        store.save_measure(s, "GAD-7", [0] * 7, taken_at=NOW - timedelta(days=2))
    opened(screen)
    assert not screen.due.isVisible()


def test_not_now_hides_the_reminder(qtbot: QtBot, screen: JournalScreen) -> None:
    opened(screen)
    assert screen.due.isVisible()
    assert screen.due.text.text().startswith("Time for your first check-in")
    not_now = next(
        b for b in screen.due.findChildren(type(screen.save_button)) if b.text() == "Not now"
    )
    qtbot.mouseClick(not_now, Qt.MouseButton.LeftButton)
    opened(screen)
    assert not screen.due.isVisible()


def test_shortcuts_are_listed_and_work(qtbot: QtBot, screen: JournalScreen, db: Database) -> None:
    opened(screen)
    assert ("Ctrl+S", "Save entry (or the check-in)") in screen.shortcuts
    screen.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is screen)
    qtbot.keyClicks(screen.form.reflections, "Quick note")
    qtbot.keyClick(screen.form.reflections, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    drain(screen.ctx)
    assert [row.reflections for row in entries(db)] == ["Quick note"]
    qtbot.keyClick(screen.form.reflections, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert screen.pages.currentWidget() is screen.checkin_page


# --- layout -------------------------------------------------------------------------------
def test_the_goals_after_a_session_are_a_card_like_the_others(
    screen: JournalScreen, db: Database
) -> None:
    session_id = add_session(db)
    with db.transaction() as s:
        new_course(s, start=date(2026, 3, 1), goals=("Sleep through the night",))
    opened(screen, {"session_id": session_id})
    frame = screen.goals.findChild(QFrame, "Card")
    assert frame is not None and frame.isVisible()
    assert frame.layout().contentsMargins().left() > 0
    # The rating's words line up with the goal above them (no gap left by the hidden title).
    [slider] = screen.goals.sliders.values()
    title = screen.goals.titles[next(iter(screen.goals.sliders))]
    value_x = slider.value_label.mapTo(screen, slider.value_label.rect().topLeft()).x()
    assert value_x == title.mapTo(screen, title.rect().topLeft()).x()


def test_the_toolbar_and_reminder_scroll_with_the_entry_and_save_stays_in_view(
    screen: JournalScreen,
) -> None:
    opened(screen)
    assert screen.scroll.widget().isAncestorOf(screen.new_button)
    assert screen.scroll.widget().isAncestorOf(screen.due)
    assert not screen.scroll.isAncestorOf(screen.save_button)
    screen.open_checkin()
    assert not screen.new_button.isVisible()  # the check-in page keeps Back and Save only
    assert screen.checkin_page.save_button.isVisible()


def test_at_large_text_in_a_short_window_the_form_gets_the_room(
    qtbot: QtBot, screen: JournalScreen
) -> None:
    opened(screen)
    assert screen.subtitle_label.isVisible()
    font = screen.font()
    font.setPointSizeF(font.pointSizeF() * 2)
    screen.setFont(font)
    screen.resize(700, 560)
    qtbot.waitUntil(lambda: not screen.subtitle_label.isVisible(), timeout=1000)
    assert screen.footer.is_under() or screen.footer.width() >= 600


@pytest.mark.parametrize(
    ("letter", "field"),
    [(Qt.Key.Key_R, "reflections"), (Qt.Key.Key_T, "therapist_notes"),
     (Qt.Key.Key_Q, "prompt_answer")],
)
def test_alt_and_a_letter_reach_the_text_fields(
    qtbot: QtBot, screen: JournalScreen, letter: Qt.Key, field: str
) -> None:
    """They come after dozens of controls: too far to reach by Tab on a tired day."""
    opened(screen)
    screen.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is screen)
    screen.new_button.setFocus()
    qtbot.keyClick(screen.new_button, letter, Qt.KeyboardModifier.AltModifier)
    assert getattr(screen.form, field).hasFocus()


def test_tab_leaves_a_row_of_chips_for_the_next_field_after_the_arrows_moved(
    qtbot: QtBot, screen: JournalScreen
) -> None:
    """The chips join the window with the page; whichever becomes the row's Tab stop must sit
    in the page's Tab order, not after the page's last field."""
    from companion.domain.journal import EMOTION_TAGS

    opened(screen)
    screen.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is screen)
    tags = screen.form.tags
    first, second = tags.chip(EMOTION_TAGS[0]), tags.chip(EMOTION_TAGS[1])
    first.setFocus()
    qtbot.keyClick(first, Qt.Key.Key_Right)
    assert second.hasFocus()
    qtbot.keyClick(second, Qt.Key.Key_Tab)
    assert tags.own_word.hasFocus()
    qtbot.keyClick(tags.own_word, Qt.Key.Key_Backtab)
    assert second.hasFocus()
