"""The Prepare screen, driven as a patient would with qtbot, on a real database."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from companion.domain.checklist import default_template
from companion.domain.routes import Route
from companion.storage import appointments as repo
from companion.storage.database import Database
from companion.storage.models import AppointmentItem, ChecklistTemplate, TemplateItem
from companion.storage.reminders import reminder_choices
from companion.ui.context import AppContext
from companion.ui.prepare import PrepareScreen
from companion.ui.prepare_appointment_dialog import AppointmentDialog
from companion.ui.prepare_checklist import ItemRow
from companion.ui.prepare_template_dialog import TemplateDialog
from tests.conftest import drain

NOW = datetime(2026, 5, 12, 1, 45).astimezone()
STARTS = datetime(2026, 5, 12, 8, 0)
IV_COUNT = len(default_template(Route.IV))


def open_screen(qtbot: QtBot, ctx: AppContext) -> PrepareScreen:
    screen = PrepareScreen(ctx)
    qtbot.addWidget(screen)
    screen.clock = lambda: NOW
    screen.resize(1000, 900)
    screen.show()
    screen.on_shown()
    drain(ctx)
    return screen


@pytest.fixture
def make_screen(qtbot: QtBot, ctx: AppContext) -> Callable[[], PrepareScreen]:
    return lambda: open_screen(qtbot, ctx)


def add(db: Database, starts_at: datetime = STARTS, route: Route = Route.IV) -> int:
    with db.transaction() as s:
        return repo.create_appointment(s, repo.AppointmentFields(starts_at, route, "Riverside")).id


def stored(db: Database, appointment_id: int) -> repo.AppointmentView:
    with db.transaction() as s:
        found = repo.get_appointment(s, appointment_id)
    assert found is not None
    return found


def rows_text(screen: PrepareScreen) -> list[str]:
    return [row.text.text() for row in screen.checklist.rows]


def row_of(screen: PrepareScreen, start: str) -> ItemRow:
    """The checklist row whose text starts with ``start``."""
    return next(row for row in screen.checklist.rows if row.text.text().startswith(start))


def done_keys(db: Database, appointment_id: int) -> set[str]:
    return {view.item.key for view in stored(db, appointment_id).items if view.done}


def checklist_dump(db: Database) -> list[tuple]:
    with db.transaction() as s:
        return [
            *s.execute(select(ChecklistTemplate.route, ChecklistTemplate.name)).all(),
            *s.execute(select(TemplateItem.position, TemplateItem.text)).all(),
            *s.execute(select(AppointmentItem.id, AppointmentItem.text, AppointmentItem.done)),
        ]


# --- the first appointment --------------------------------------------------------------------


def test_empty_state_invites_the_first_appointment(
    make_screen: Callable[[], PrepareScreen],
) -> None:
    screen = make_screen()
    assert screen.empty_card.isVisible()
    assert screen.empty_title.text() == "No appointments yet"
    assert screen.empty_button.objectName() == "Primary"
    assert not screen.checklist_card.isVisible()
    assert not screen.picker_row.isVisible()


def test_add_an_appointment(
    qtbot: QtBot, make_screen: Callable[[], PrepareScreen], ctx: AppContext, db: Database
) -> None:
    screen = make_screen()
    qtbot.mouseClick(screen.empty_button, Qt.MouseButton.LeftButton)
    dialog = screen.dialog
    assert isinstance(dialog, AppointmentDialog) and dialog.isVisible()
    dialog.when.setDateTime(QDateTime(STARTS))
    dialog.route.setCurrentIndex(dialog.route.findData(Route.NASAL))
    dialog.clinic.setText("Riverside Clinic")
    dialog.questions.setPlainText("Can my sister drive me?")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    drain(ctx)

    assert screen.dialog is None  # closed
    assert screen.number_label.text() == "Session 1"
    assert screen.where_label.text() == "Esketamine nasal spray · Riverside Clinic"
    assert screen.when_label.text() == "Today, 08:00 · in 6 h 15 min"
    assert screen.progress_label.text() == f"0 of {len(default_template(Route.NASAL))} ready"
    # Deadlines in the order they come, not the template's food, liquids, nasal, alcohol.
    starts = ("No alcohol", "No food", "Nasal steroid", "No liquids")  # 24 h, 2 h, 1 h, 30 min
    texts = rows_text(screen)[:4]
    assert [text[: len(start)] for text, start in zip(texts, starts, strict=True)] == list(starts)
    assert screen.questions.toPlainText() == "Can my sister drive me?"
    assert screen.picker.currentText() == "Session 1 · Tue 12 May, 08:00 · next"
    with db.transaction() as s:
        assert repo.next_appointment(s, STARTS).clinic == "Riverside Clinic"  # type: ignore[union-attr]


def test_edit_an_appointment(
    qtbot: QtBot, make_screen: Callable[[], PrepareScreen], ctx: AppContext, db: Database
) -> None:
    appointment_id = add(db)
    screen = make_screen()
    qtbot.mouseClick(screen.edit_button, Qt.MouseButton.LeftButton)
    dialog = screen.dialog
    assert isinstance(dialog, AppointmentDialog)
    assert dialog.clinic.text() == "Riverside"
    dialog.when.setDateTime(QDateTime(datetime(2026, 5, 12, 9, 30)))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    drain(ctx)
    assert stored(db, appointment_id).starts_at == datetime(2026, 5, 12, 9, 30)
    assert screen.when_label.text() == "Today, 09:30 · in 7 h 45 min"


def test_suggested_new_appointment_follows_the_latest(
    qtbot: QtBot, make_screen: Callable[[], PrepareScreen], db: Database
) -> None:
    add(db, route=Route.LOZENGE)
    screen = make_screen()
    qtbot.mouseClick(screen.add_button, Qt.MouseButton.LeftButton)
    dialog = screen.dialog
    assert isinstance(dialog, AppointmentDialog)
    fields = dialog.fields()
    assert (fields.starts_at, fields.route, fields.clinic) == (
        datetime(2026, 5, 19, 8, 0),
        Route.LOZENGE,
        "Riverside",
    )
    dialog.reject()


# --- the checklist -----------------------------------------------------------------------------


def test_deadlines_show_clock_time_countdown_and_state(
    make_screen: Callable[[], PrepareScreen], db: Database
) -> None:
    add(db)
    screen = make_screen()
    alcohol, food, liquids = screen.checklist.rows[:3]  # in the order their deadlines come
    assert food.when.text() == "Upcoming · Today 02:00, in 15 min"
    assert liquids.when.text() == "Upcoming · Today 06:00, in 4 h 15 min"
    assert alcohol.when.text() == "Now · since yesterday 08:00"
    assert alcohol.icon.accessibleName() == "Now"
    assert not food.icon.pixmap().isNull()
    assert "Upcoming · Today 02:00, in 15 min" in food.box.accessibleDescription()
    assert screen.checklist.rows[3].when.text() == ""  # the ride home has no time

    screen.clock = lambda: datetime(2026, 5, 12, 2, 30).astimezone()
    screen._minute()
    assert food.when.text() == "Now · since today 02:00"
    screen.clock = lambda: datetime(2026, 5, 12, 8, 5).astimezone()
    screen._minute()
    assert food.when.text() == "Passed · Today 02:00"
    assert food.icon.accessibleName() == "Passed"
    assert screen.when_label.text() == "Today, 08:00 · 5 min ago"


def test_the_minute_timer_runs_only_while_shown(
    make_screen: Callable[[], PrepareScreen], db: Database
) -> None:
    add(db)
    screen = make_screen()
    assert screen._tick.isActive()
    assert screen._tick.interval() <= 60_200  # the next whole minute, not a drifting 60 s
    screen.hide()
    assert not screen._tick.isActive()
    screen.show()
    assert screen._tick.isActive()


def test_tick_items(
    qtbot: QtBot, make_screen: Callable[[], PrepareScreen], ctx: AppContext, db: Database
) -> None:
    appointment_id = add(db)
    screen = make_screen()
    first, second = screen.checklist.rows[:2]
    qtbot.mouseClick(first.box, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(second.text, Qt.MouseButton.LeftButton)  # the text ticks too
    assert screen.progress_label.text() == f"2 of {IV_COUNT} ready"
    qtbot.mouseClick(second.box, Qt.MouseButton.LeftButton)
    first.box.setFocus()
    qtbot.keyClick(screen.checklist.rows[2].box, Qt.Key.Key_Space)
    drain(ctx)
    assert screen.progress_label.text() == f"2 of {IV_COUNT} ready"
    assert screen.progress.value() == 2
    # Shown alcohol, food, liquids (by deadline): the first and the third are ticked.
    assert done_keys(db, appointment_id) == {"alcohol_cannabis", "liquids"}


def test_tab_reaches_the_items_right_after_the_appointment(
    make_screen: Callable[[], PrepareScreen], db: Database
) -> None:
    """Not after the reminders at the bottom of the page (rows built after the page was)."""
    add(db)
    screen = make_screen()
    stops, widget = [], screen.add_button.nextInFocusChain()
    while len(stops) < len(screen.checklist.rows) + 1:
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isVisible():
            stops.append(widget)
        widget = widget.nextInFocusChain()
    assert stops[: len(screen.checklist.rows)] == [row.box for row in screen.checklist.rows]


# --- typed text ---------------------------------------------------------------------------------


def test_intention_is_saved_after_typing_pauses(
    qtbot: QtBot, make_screen: Callable[[], PrepareScreen], ctx: AppContext, db: Database
) -> None:
    appointment_id = add(db)
    screen = make_screen()
    qtbot.keyClicks(screen.intention, "Let myself rest.")
    drain(ctx)
    assert stored(db, appointment_id).intention == ""  # not yet: typing may go on
    qtbot.waitUntil(lambda: not screen._intention_saver.pending, timeout=2000)
    drain(ctx)
    assert stored(db, appointment_id).intention == "Let myself rest."
    with db.transaction() as s:
        assert repo.intention_for_next(s, STARTS) == "Let myself rest."


def test_questions_are_saved_on_flush(
    qtbot: QtBot, make_screen: Callable[[], PrepareScreen], ctx: AppContext, db: Database
) -> None:
    appointment_id = add(db)
    screen = make_screen()
    qtbot.keyClicks(screen.questions, "Spacing?")
    screen.flush()
    drain(ctx)
    assert stored(db, appointment_id).questions == "Spacing?"


def test_blood_pressure_and_pulse(
    qtbot: QtBot, make_screen: Callable[[], PrepareScreen], ctx: AppContext, db: Database
) -> None:
    appointment_id = add(db)
    screen = make_screen()
    qtbot.keyClicks(screen.vitals.systolic, "124")
    screen.flush()
    drain(ctx)
    assert "Enter both blood pressure numbers" in screen.vitals_message.text()
    assert stored(db, appointment_id).systolic is None  # nothing half-saved
    qtbot.keyClicks(screen.vitals.diastolic, "80")
    qtbot.keyClicks(screen.vitals.pulse, "72")
    screen.flush()
    drain(ctx)
    assert screen.vitals_message.text() == "Saved."
    found = stored(db, appointment_id)
    assert (found.systolic, found.diastolic, found.pulse) == (124, 80, 72)


def test_switching_appointments_keeps_each_ones_text(
    qtbot: QtBot, make_screen: Callable[[], PrepareScreen], ctx: AppContext, db: Database
) -> None:
    first = add(db)
    second = add(db, datetime(2026, 5, 19, 8, 0))
    screen = make_screen()
    qtbot.keyClicks(screen.intention, "First intention")
    screen.picker.setCurrentIndex(screen.picker.findData(second))
    screen.picker.activated.emit(screen.picker.currentIndex())
    drain(ctx)
    assert screen.number_label.text() == "Session 2"
    assert screen.intention.toPlainText() == ""
    assert stored(db, first).intention == "First intention"
    assert stored(db, second).intention == ""


def test_past_appointments_are_listed_after_upcoming_ones(
    make_screen: Callable[[], PrepareScreen], db: Database
) -> None:
    add(db, datetime(2025, 12, 30, 9, 0))
    add(db, datetime(2026, 5, 5, 9, 0))
    add(db)
    screen = make_screen()
    entries = [screen.picker.itemText(i) for i in range(screen.picker.count())]
    assert entries == [
        "Session 3 · Tue 12 May, 08:00 · next",
        "",  # the separator
        "Session 2 · Tue 5 May, 09:00",
        "Session 1 · Tue 30 Dec 2025, 09:00",  # the year only when it is not this one
    ]


# --- delete and undo ---------------------------------------------------------------------------


def test_delete_and_undo(
    qtbot: QtBot, make_screen: Callable[[], PrepareScreen], ctx: AppContext, db: Database
) -> None:
    appointment_id = add(db)
    screen = make_screen()
    qtbot.mouseClick(screen.checklist.rows[0].box, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(screen.intention, "Rest.")
    qtbot.mouseClick(screen.delete_button, Qt.MouseButton.LeftButton)
    drain(ctx)
    assert screen.undo_bar.isVisible()
    assert screen.undo_bar.text.text() == "Appointment deleted: session 1, Tue 12 May, 08:00."
    assert screen.empty_card.isVisible()
    with db.transaction() as s:
        assert repo.get_appointment(s, appointment_id) is None

    qtbot.mouseClick(screen.undo_button, Qt.MouseButton.LeftButton)
    drain(ctx)
    assert not screen.undo_bar.isVisible()
    assert screen.number_label.text() == "Session 1"
    assert screen.intention.toPlainText() == "Rest."
    assert screen.progress_label.text() == f"1 of {IV_COUNT} ready"
    assert done_keys(db, appointment_id) == {"alcohol_cannabis"}  # the first row shown


def test_undo_is_offered_for_a_while_only(
    qtbot: QtBot, make_screen: Callable[[], PrepareScreen], ctx: AppContext, db: Database
) -> None:
    add(db)
    screen = make_screen()
    qtbot.mouseClick(screen.delete_button, Qt.MouseButton.LeftButton)
    drain(ctx)
    assert screen._undo_timer.isActive()
    screen._undo_timer.timeout.emit()
    assert not screen.undo_bar.isVisible()
    screen.undo_delete()  # Ctrl+Z now does nothing
    drain(ctx)
    assert screen.empty_card.isVisible()


# --- the template -------------------------------------------------------------------------------


def open_template(qtbot: QtBot, screen: PrepareScreen, ctx: AppContext) -> TemplateDialog:
    screen.edit_checklist()
    drain(ctx)
    dialog = screen.dialog
    assert isinstance(dialog, TemplateDialog) and dialog.isVisible()
    return dialog


def test_edit_the_template(
    qtbot: QtBot, make_screen: Callable[[], PrepareScreen], ctx: AppContext, db: Database
) -> None:
    add(db)
    screen = make_screen()
    qtbot.mouseClick(row_of(screen, "Clear liquids").box, Qt.MouseButton.LeftButton)
    dialog = open_template(qtbot, screen, ctx)
    assert dialog.list.count() == IV_COUNT
    assert dialog.list.item(0).text().endswith("(6 h before)")

    # change the food item's text and time
    dialog.list.setCurrentRow(0)
    dialog.text.selectAll()
    qtbot.keyClicks(dialog.text, "No food for 8 hours before, as your clinic instructs")
    dialog.hours.setValue(8)
    # move liquids to the top
    dialog.list.setCurrentRow(1)
    qtbot.mouseClick(dialog.up, Qt.MouseButton.LeftButton)
    # remove the comfort item (the last one) and add a custom one
    dialog.list.setCurrentRow(IV_COUNT - 1)
    qtbot.mouseClick(dialog.remove, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.add, Qt.MouseButton.LeftButton)
    dialog.text.selectAll()
    qtbot.keyClicks(dialog.text, "Charge my headphones")
    dialog.timed.setChecked(True)
    dialog.minutes.setValue(45)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    drain(ctx)

    assert screen.dialog is None  # closed
    texts = rows_text(screen)
    # Liquids moved to the top of the template, but timed items are shown by deadline in the
    # places timed items hold; the untimed ones stay in the template's order.
    assert texts[0].startswith("No alcohol")
    assert texts[1] == "No food for 8 hours before, as your clinic instructs"
    assert texts[2].startswith("Clear liquids")
    assert texts[3].startswith("Arrange a ride home")
    assert texts[-1] == "Charge my headphones"
    assert not any(text.startswith("Comfortable clothes") for text in texts)
    assert screen.checklist.rows[2].box.isChecked()  # the tick followed the item
    assert screen.checklist.rows[1].when.text() == "Now · since today 00:00"  # 8 h before 08:00
    assert screen.checklist.rows[-1].when.text() == "Upcoming · Today 07:15, in 5 h 30 min"
    assert screen.notice.text.text() == (
        "Your IV infusion checklist is saved. 1 upcoming IV infusion appointment now uses it."
    )
    with db.transaction() as s:
        assert repo.template(s, Route.IV).items[-1].offset_minutes == 45


def test_an_empty_item_is_not_saved(
    qtbot: QtBot, make_screen: Callable[[], PrepareScreen], ctx: AppContext, db: Database
) -> None:
    add(db)
    screen = make_screen()
    before = checklist_dump(db)
    dialog = open_template(qtbot, screen, ctx)
    dialog.list.setCurrentRow(2)
    dialog.text.clear()
    dialog.text.textEdited.emit("")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    drain(ctx)
    assert dialog.isVisible()
    assert dialog.message.text() == "Item 3 has no text. Write what to do, or remove it."
    assert checklist_dump(db) == before
    dialog.reject()


def test_restore_defaults(
    qtbot: QtBot, make_screen: Callable[[], PrepareScreen], ctx: AppContext, db: Database
) -> None:
    appointment_id = add(db)
    with db.transaction() as s:
        repo.save_template(s, Route.IV, default_template(Route.IV)[:2], STARTS.replace(hour=0))
    screen = make_screen()
    assert len(screen.checklist.rows) == 2
    dialog = open_template(qtbot, screen, ctx)
    dialog.restore_defaults()
    assert dialog.list.count() == IV_COUNT
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    drain(ctx)
    assert len(stored(db, appointment_id).items) == IV_COUNT
    assert len(screen.checklist.rows) == IV_COUNT
    assert "common clinic guidance" in screen.guidance.text()


def test_cancel_changes_nothing(
    qtbot: QtBot, make_screen: Callable[[], PrepareScreen], ctx: AppContext, db: Database
) -> None:
    add(db)
    screen = make_screen()
    before = checklist_dump(db)
    dialog = open_template(qtbot, screen, ctx)
    qtbot.mouseClick(dialog.remove, Qt.MouseButton.LeftButton)
    dialog.reject()
    drain(ctx)
    assert checklist_dump(db) == before


# --- clinic protocol files ----------------------------------------------------------------------

PROTOCOL = {
    "format": "companion-protocol",
    "version": 1,
    "name": "Riverside Clinic: IV infusion",
    "route": "iv",
    "items": [
        {"text": "No food after midnight", "offset_minutes": 480, "category": "food_drink"},
        {"text": "Someone drives you home", "category": "safety"},
    ],
}


def choose_file(monkeypatch: pytest.MonkeyPatch, name: str, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, name, staticmethod(lambda *_args, **_kw: (str(path), "")))


def test_import_a_protocol(
    monkeypatch: pytest.MonkeyPatch,
    make_screen: Callable[[], PrepareScreen],
    ctx: AppContext,
    tmp_path: Path,
    db: Database,
) -> None:
    add(db)
    screen = make_screen()
    path = tmp_path / "riverside.json"
    path.write_text(json.dumps(PROTOCOL), encoding="utf-8")
    choose_file(monkeypatch, "getOpenFileName", path)
    screen.import_action.trigger()
    drain(ctx)
    assert screen.notice.isVisible()
    assert screen.notice.text.text() == (
        "Imported “Riverside Clinic: IV infusion” as your IV infusion checklist, 2 items. "
        "1 upcoming IV infusion appointment now uses it."
    )
    assert rows_text(screen) == ["No food after midnight", "Someone drives you home"]
    assert screen.checklist.rows[0].when.text() == "Now · since today 00:00"
    assert "Riverside Clinic: IV infusion" in screen.guidance.text()


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (
            json.dumps({**PROTOCOL, "items": [{"text": "x", "offset_minutes": -5}]}),
            "item 1: offset_minutes must be a whole number of minutes between 0 and 10080",
        ),
        ('{"format": "companion-protocol", ', "the file is not valid JSON"),
        (json.dumps({**PROTOCOL, "route": "oral"}), "unknown route 'oral'"),
    ],
)
def test_a_broken_protocol_is_refused_and_nothing_changes(
    monkeypatch: pytest.MonkeyPatch,
    make_screen: Callable[[], PrepareScreen],
    ctx: AppContext,
    tmp_path: Path,
    db: Database,
    content: str,
    reason: str,
) -> None:
    add(db)
    screen = make_screen()
    before, shown = checklist_dump(db), rows_text(screen)
    path = tmp_path / "broken.json"
    path.write_text(content, encoding="utf-8")
    choose_file(monkeypatch, "getOpenFileName", path)
    screen.import_action.trigger()
    drain(ctx)
    message = screen.notice.text.text()
    assert message.startswith(f"“broken.json” was not imported: {reason}")
    assert message.endswith("Nothing was changed.")
    assert screen.notice.isVisible()
    assert checklist_dump(db) == before
    assert rows_text(screen) == shown


def test_a_file_that_is_not_text_is_refused(
    monkeypatch: pytest.MonkeyPatch,
    make_screen: Callable[[], PrepareScreen],
    ctx: AppContext,
    tmp_path: Path,
    db: Database,
) -> None:
    add(db)
    screen = make_screen()
    before = checklist_dump(db)
    path = tmp_path / "photo.json"
    path.write_bytes(b"\xff\xd8\xff\xe0 not text")
    choose_file(monkeypatch, "getOpenFileName", path)
    screen.import_action.trigger()
    drain(ctx)
    assert "it is not UTF-8 text" in screen.notice.text.text()
    assert checklist_dump(db) == before


def test_cancelling_the_file_dialog_does_nothing(
    monkeypatch: pytest.MonkeyPatch, make_screen: Callable[[], PrepareScreen], ctx: AppContext
) -> None:
    screen = make_screen()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *_a, **_k: ("", "")))
    screen.import_action.trigger()
    drain(ctx)
    assert not screen.notice.isVisible()


def test_export_as_protocol_and_import_it_back(
    monkeypatch: pytest.MonkeyPatch,
    make_screen: Callable[[], PrepareScreen],
    ctx: AppContext,
    tmp_path: Path,
    db: Database,
) -> None:
    appointment_id = add(db, route=Route.NASAL)
    screen = make_screen()
    path = tmp_path / "mine.json"
    choose_file(monkeypatch, "getSaveFileName", path)
    screen.export_action.trigger()
    drain(ctx)
    assert (
        screen.notice.text.text() == f"Your Esketamine nasal spray checklist was saved to {path}."
    )
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["route"] == "nasal"
    # The file keeps the patient's order (the screen shows deadlines by time).
    template = [view.item.text for view in stored(db, appointment_id).items]
    assert [item["text"] for item in data["items"]] == template
    assert sorted(rows_text(screen)) == sorted(item["text"] for item in data["items"])

    choose_file(monkeypatch, "getOpenFileName", path)
    screen.import_action.trigger()
    drain(ctx)
    assert screen.notice.text.text().startswith("Imported")


def test_export_to_a_missing_folder_says_so(
    monkeypatch: pytest.MonkeyPatch,
    make_screen: Callable[[], PrepareScreen],
    ctx: AppContext,
    tmp_path: Path,
    db: Database,
) -> None:
    add(db)
    screen = make_screen()
    choose_file(monkeypatch, "getSaveFileName", tmp_path / "nowhere" / "x.json")
    screen.export_action.trigger()
    drain(ctx)
    assert screen.notice.text.text().startswith("The checklist was not exported: Could not write")
    assert not (tmp_path / "nowhere").exists()


# --- reminder choices ---------------------------------------------------------------------------


def test_reminder_choices_are_saved(
    qtbot: QtBot, make_screen: Callable[[], PrepareScreen], ctx: AppContext, db: Database
) -> None:
    screen = make_screen()
    assert screen.remind_fasting.isChecked() and screen.remind_hour.isChecked()
    qtbot.mouseClick(screen.remind_fasting, Qt.MouseButton.LeftButton)
    drain(ctx)
    with db.transaction() as s:
        choices = reminder_choices(s)
    assert (choices.fasting, choices.hour_before) == (False, True)


# --- accessibility ------------------------------------------------------------------------------


def test_every_focusable_widget_has_a_name(
    make_screen: Callable[[], PrepareScreen], db: Database
) -> None:
    from PySide6.QtWidgets import QWidget

    add(db)
    screen = make_screen()
    nameless = [
        w
        for w in screen.findChildren(QWidget)
        if w.isVisible()
        and w.focusPolicy() & Qt.FocusPolicy.TabFocus
        and not w.accessibleName()
        and w.parent() is not None
        and w.metaObject().className() not in ("QScrollArea", "QScrollBar")
    ]
    assert nameless == []


# --- closing and reopening ----------------------------------------------------------------------


def test_state_survives_closing_and_reopening(
    qtbot: QtBot, ctx: AppContext, data_dir: Path
) -> None:
    from companion.storage import paths
    from companion.ui.prefs import Prefs
    from companion.ui.worker import DbWorker

    screen = open_screen(qtbot, ctx)
    screen.add_appointment()
    dialog = screen.dialog
    assert isinstance(dialog, AppointmentDialog)
    dialog.when.setDateTime(QDateTime(STARTS))
    dialog.clinic.setText("Riverside")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    drain(ctx)
    template = open_template(qtbot, screen, ctx)
    qtbot.mouseClick(template.add, Qt.MouseButton.LeftButton)
    template.text.selectAll()
    qtbot.keyClicks(template.text, "Warm socks")
    qtbot.mouseClick(template.save_button, Qt.MouseButton.LeftButton)
    drain(ctx)
    qtbot.mouseClick(screen.checklist.rows[0].box, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(screen.remind_hour, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(screen.vitals.systolic, "118")
    qtbot.keyClicks(screen.vitals.diastolic, "76")
    qtbot.keyClicks(screen.intention, "Meet what comes")  # still unsaved when the window closes
    assert screen._intention_saver.pending
    screen.close()  # as the main window closes: what was typed is saved
    drain(ctx)

    # A new database connection, worker, preferences and window on the same data folder.
    db = Database.open(paths.database_path(data_dir))
    reopened = AppContext(worker=DbWorker(db), prefs=Prefs(data_dir), data_dir=data_dir)
    try:
        again = open_screen(qtbot, reopened)
        assert again.number_label.text() == "Session 1"
        assert again.where_label.text() == "IV infusion · Riverside"
        assert again.intention.toPlainText() == "Meet what comes"
        assert again.vitals.reading() == (118, 76, None)
        assert rows_text(again)[-1] == "Warm socks"
        assert again.progress_label.text() == f"1 of {IV_COUNT + 1} ready"
        assert again.checklist.rows[0].box.isChecked()
        assert again.remind_fasting.isChecked() and not again.remind_hour.isChecked()
    finally:
        reopened.worker.wait()
        db.close()


def test_keyboard_shortcuts(qtbot: QtBot, make_screen: Callable[[], PrepareScreen]) -> None:
    screen = make_screen()
    screen.activateWindow()
    qtbot.waitActive(screen)
    qtbot.keyClick(screen, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert isinstance(screen.dialog, AppointmentDialog)
    screen.dialog.reject()
    assert "Ctrl+N" in dict(screen.shortcuts)
