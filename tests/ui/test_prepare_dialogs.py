"""The appointment and checklist dialogs at large text on a small screen (800 x 800 offscreen):
they fit the screen, stack or scroll instead of cutting, and say how the checklist is ordered."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QAccessibleAnnouncementEvent
from PySide6.QtWidgets import QApplication, QFormLayout, QLabel, QScrollArea, QWidget
from pytestqt.qtbot import QtBot

from companion.domain.checklist import default_template
from companion.domain.routes import Route
from companion.storage.appointments import MAX_NOTE_CHARS, AppointmentFields, TemplateView
from companion.ui import announce as announce_module
from companion.ui.prefs import Prefs
from companion.ui.prepare_appointment_dialog import AppointmentDialog
from companion.ui.prepare_template_dialog import ORDER_NOTE, TemplateDialog
from companion.ui.theme import apply_theme


@pytest.fixture
def text_size(
    data_dir: Path, app_look: QApplication, qtbot: QtBot
) -> Callable[[int], tuple[Prefs, QWidget]]:
    """The app's look at a text size, and a window for dialogs to belong to."""

    def make(scale: int) -> tuple[Prefs, QWidget]:
        prefs = Prefs(data_dir)
        prefs.text_scale = scale
        apply_theme(app_look, prefs)
        parent = QWidget()
        qtbot.addWidget(parent)
        return prefs, parent

    return make


def screen_of(widget: QWidget) -> QRect:
    return widget.screen().availableGeometry()


def appointment(qtbot: QtBot, parent: QWidget) -> AppointmentDialog:
    fields = AppointmentFields(datetime(2026, 12, 5, 9, 30), Route.IV, "Riverside Ketamine Clinic")
    dialog = AppointmentDialog(fields, editing=False, parent=parent)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def rows(dialog: AppointmentDialog) -> list[tuple[QWidget, QWidget]]:
    form = dialog.form
    return [
        (
            form.itemAt(row, QFormLayout.ItemRole.LabelRole).widget(),
            form.itemAt(row, QFormLayout.ItemRole.FieldRole).widget(),
        )
        for row in range(form.rowCount())
    ]


def in_view(widget: QWidget, area: QScrollArea) -> bool:
    top = widget.mapTo(area.viewport(), QPoint(0, 0)).y()
    return top >= 0 and top + widget.height() <= area.viewport().height()


def test_the_appointment_dialog_stacks_its_rows_to_fit_a_small_screen_at_200_percent(
    qtbot: QtBot, text_size: Callable[[int], tuple[Prefs, QWidget]]
) -> None:
    _prefs, parent = text_size(200)
    dialog = appointment(qtbot, parent)
    assert dialog.width() <= screen_of(dialog).width()
    assert dialog.height() <= screen_of(dialog).height()
    assert dialog.stacked()
    for label, field in rows(dialog):
        assert label.geometry().bottom() < field.geometry().top()  # the label above its field
        assert field.width() >= field.minimumSizeHint().width()  # the field whole
        assert field.mapTo(dialog, QPoint(field.width(), 0)).x() <= dialog.width()
    assert dialog.focusWidget() is dialog.when


def test_the_appointment_dialog_keeps_labels_beside_fields_while_they_fit(
    qtbot: QtBot, text_size: Callable[[int], tuple[Prefs, QWidget]]
) -> None:
    _prefs, parent = text_size(200)
    dialog = appointment(qtbot, parent)
    dialog.resize(1200, dialog.height())
    qtbot.waitUntil(lambda: not dialog.stacked())
    dialog.form.activate()
    for label, field in rows(dialog):
        assert label.geometry().right() < field.geometry().left()
    dialog.resize(dialog.minimumWidth(), dialog.height())
    qtbot.waitUntil(dialog.stacked)

    _prefs, parent = text_size(100)
    assert not appointment(qtbot, parent).stacked()


def test_a_problem_saving_an_appointment_is_scrolled_into_view(
    qtbot: QtBot, text_size: Callable[[int], tuple[Prefs, QWidget]]
) -> None:
    _prefs, parent = text_size(200)
    dialog = appointment(qtbot, parent)
    dialog.show_message("The clinic could not be saved. Everything you typed is still here.")
    area = dialog.findChild(QScrollArea)
    assert area.verticalScrollBar().maximum() > 0  # the page scrolls on this screen
    assert in_view(dialog.message, area)


def template_dialog(qtbot: QtBot, prefs: Prefs, parent: QWidget) -> TemplateDialog:
    view = TemplateView(Route.IV, "IV infusion", tuple(default_template(Route.IV)))
    dialog = TemplateDialog(view, prefs, parent)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_the_checklist_editor_says_timed_items_keep_their_time_order(
    qtbot: QtBot, text_size: Callable[[int], tuple[Prefs, QWidget]]
) -> None:
    prefs, parent = text_size(100)
    dialog = template_dialog(qtbot, prefs, parent)
    (note,) = [label for label in dialog.findChildren(QLabel) if label.text() == ORDER_NOTE]
    assert note.isVisible() and note.objectName() == "Muted"
    assert "time order" in ORDER_NOTE
    assert dialog.list.accessibleDescription() == ORDER_NOTE
    assert note.geometry().top() > dialog.up.mapTo(note.parentWidget(), QPoint(0, 0)).y()


def test_the_checklist_editor_scrolls_rather_than_outgrowing_a_short_screen(
    qtbot: QtBot, text_size: Callable[[int], tuple[Prefs, QWidget]]
) -> None:
    prefs, parent = text_size(200)
    dialog = template_dialog(qtbot, prefs, parent)
    room = screen_of(dialog).height() * 9 // 10
    assert dialog.minimumSizeHint().height() <= room
    assert dialog.height() <= room
    area = dialog.findChild(QScrollArea)
    assert area.verticalScrollBar().maximum() > 0
    # The buttons stay in view below the page, Enter in a field saves (it moves no item), and
    # a problem is scrolled to.
    assert dialog.save_button.isDefault()
    assert dialog.save_button.mapTo(dialog, QPoint(0, dialog.save_button.height())).y() <= (
        dialog.height()
    )
    dialog.list.setCurrentRow(0)
    dialog.text.setText("")
    dialog.text.textEdited.emit("")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text() == "Item 1 has no text. Write what to do, or remove it."
    assert in_view(dialog.message, area)


@pytest.fixture
def heard(monkeypatch: pytest.MonkeyPatch) -> list[tuple[QWidget, str]]:
    """What announce() hands the screen reader: the widget that speaks, and the words."""
    said: list[tuple[QWidget, str]] = []

    class Reader:
        @staticmethod
        def updateAccessibility(event: QAccessibleAnnouncementEvent) -> None:
            said.append((event.object(), event.message()))

    monkeypatch.setattr(announce_module, "QAccessible", Reader)
    monkeypatch.setattr(announce_module, "_last", ("", float("-inf")))
    return said


def test_a_problem_in_either_dialog_is_said_to_a_screen_reader_where_the_focus_is(
    qtbot: QtBot,
    text_size: Callable[[int], tuple[Prefs, QWidget]],
    heard: list[tuple[QWidget, str]],
) -> None:
    prefs, parent = text_size(100)
    editor = template_dialog(qtbot, prefs, parent)
    editor.list.setCurrentRow(1)
    editor.text.setText("")
    editor.text.textEdited.emit("")
    editor.text.setFocus()
    qtbot.keyClick(editor.text, Qt.Key.Key_Return)  # Enter saves
    problem = "Item 2 has no text. Write what to do, or remove it."
    assert heard == [(editor.message, problem)]
    assert editor.message.text() == problem and editor.focusWidget() is editor.text

    dialog = appointment(qtbot, parent)
    dialog.notes.setPlainText("x" * (MAX_NOTE_CHARS + 1))
    dialog.clinic.setFocus()
    qtbot.keyClick(dialog.clinic, Qt.Key.Key_Return)  # Enter saves
    refused = f"The notes can be at most {MAX_NOTE_CHARS:,} characters long."
    assert heard[-1] == (dialog.message, refused)
    assert dialog.focusWidget() is dialog.clinic  # said, not jumped to


def test_what_to_do_grows_a_row_rather_than_hide_words_in_a_narrow_editor(
    qtbot: QtBot, text_size: Callable[[int], tuple[Prefs, QWidget]]
) -> None:
    prefs, parent = text_size(200)
    dialog = template_dialog(qtbot, prefs, parent)
    field = dialog.text
    field.setText("Bring a warm layer, water, and the phone number of whoever drives you home")
    QApplication.processEvents()
    rows = field.document().firstBlock().layout().lineCount()
    assert rows > 2  # 800 px at 200% text: more than the field's two rows
    assert field.verticalScrollBar().maximum() == 0  # every word in view, none scrolled away
    assert field.viewport().height() >= rows * field.fontMetrics().height()
    tall = field.height()
    field.setText("Eat lightly")
    QApplication.processEvents()
    assert field.height() < tall  # back to two rows


def test_end_in_what_to_do_goes_to_the_end_of_the_text_not_of_the_row(qtbot: QtBot) -> None:
    from companion.ui.prepare_template_dialog import WrappingLine

    field = WrappingLine(400)
    qtbot.addWidget(field)
    field.resize(160, 200)  # narrow: the text wraps onto several rows
    field.setText("Arrange a ride home: no driving for 24 hours, as your clinic instructs")
    field.show()
    qtbot.waitExposed(field)
    field.moveCursor(field.textCursor().MoveOperation.Start)
    qtbot.keyClick(field, Qt.Key.Key_End)
    qtbot.keyClicks(field, " - Sam drives")
    assert field.text().endswith("as your clinic instructs - Sam drives")
    qtbot.keyClick(field, Qt.Key.Key_Home, Qt.KeyboardModifier.ShiftModifier)
    assert field.textCursor().selectedText() == field.text()


def test_tab_leaves_the_appointment_time_at_once(
    qtbot: QtBot, text_size: Callable[[int], tuple[Prefs, QWidget]]
) -> None:
    """Not after stepping through its day, month, year, hour and minute."""
    _prefs, parent = text_size(100)
    dialog = appointment(qtbot, parent)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    dialog.when.setFocus()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    focused = QApplication.focusWidget()
    assert focused is not dialog.when and not dialog.when.isAncestorOf(focused)
