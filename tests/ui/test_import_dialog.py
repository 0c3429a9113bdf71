"""The import dialog: unknown Daylio moods are asked for, refusals are said plainly and change
nothing, and a result summary follows a successful import."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from companion.storage import models as m
from companion.storage.demo import fill
from companion.ui import import_dialog
from companion.ui.context import AppContext
from companion.ui.course import CourseScreen
from companion.ui.history import HistoryScreen
from companion.ui.import_dialog import ImportDialog
from companion.ui.journal import JournalScreen
from companion.ui.main_window import MainWindow
from tests.conftest import drain
from tests.export.helpers import (
    AFTERFLOW,
    DAYLIO_7_YEAR,
    DAYLIO_8,
    TODAY,
    export_text,
    own_csv,
    write,
)


def _dialog(
    qtbot: QtBot, ctx: AppContext, path: Path, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> ImportDialog:
    dialog = ImportDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    for button in dialog.formats.buttons():
        if button.property("format") == fmt:
            button.click()
    monkeypatch.setattr(import_dialog, "choose_import_file", lambda *_args: path)
    dialog.choose()
    return dialog


def _import(qtbot: QtBot, dialog: ImportDialog) -> None:
    assert dialog.import_button.isEnabled()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)


def _moods(ctx: AppContext) -> list[int | None]:
    with ctx.worker.db.transaction() as session:
        return list(session.scalars(select(m.JournalEntry.mood).order_by(m.JournalEntry.entry_at)))


def test_unknown_daylio_moods_are_asked_for(
    qtbot: QtBot, ctx: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, "daylio.csv", DAYLIO_7_YEAR)
    dialog = _dialog(qtbot, ctx, path, "daylio", monkeypatch)
    _import(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.mood_dialog is not None and dialog.mood_dialog.isVisible())
    moods = dialog.mood_dialog
    assert moods is not None
    assert list(moods.boxes) == ["happy"]
    assert not moods.ok.isEnabled()  # nothing is guessed
    moods.boxes["happy"].setValue(9)
    assert moods.ok.isEnabled()
    qtbot.mouseClick(moods.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result.text().startswith("Imported 2 journal entries"))
    assert _moods(ctx) == [8, 9]


def test_a_refused_file_is_named_and_changes_nothing(
    qtbot: QtBot, ctx: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill(ctx.worker.db, 20, seed=3, today=TODAY)
    before = export_text(ctx.worker.db)
    bad = AFTERFLOW.replace("Mar 3, 2026", "Feb 30, 2026")
    dialog = _dialog(qtbot, ctx, write(tmp_path, "afterflow.csv", bad), "afterflow", monkeypatch)
    _import(qtbot, dialog)
    qtbot.waitUntil(lambda: "not imported" in dialog.result.text())
    assert dialog.result.text() == (
        "This file was not imported. Line 2: 'Feb 30, 2026 at 6:15 PM' is not a real date. "
        "Nothing was imported."
    )
    drain(ctx)
    assert export_text(ctx.worker.db) == before


def test_the_result_is_said_aloud_and_the_focus_stays_in_reach(
    qtbot: QtBot, ctx: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    said: list[str] = []
    monkeypatch.setattr(import_dialog, "announce", lambda _widget, text: said.append(text))
    bad = AFTERFLOW.replace("Mar 3, 2026", "Feb 30, 2026")
    dialog = _dialog(qtbot, ctx, write(tmp_path, "afterflow.csv", bad), "afterflow", monkeypatch)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: dialog.isActiveWindow())
    # Import last, as in the GNOME button order: what Qt would focus next is far away.
    QWidget.setTabOrder(dialog.close_button, dialog.import_button)
    dialog.import_button.setFocus()
    qtbot.keyClick(dialog.import_button, Qt.Key.Key_Space)
    # The button disables itself while it has the focus: the focus goes to Close, not nowhere.
    assert not dialog.import_button.isEnabled()
    assert dialog.close_button.hasFocus()
    qtbot.waitUntil(lambda: "not imported" in dialog.result.text())
    assert said == ["Reading the file…", dialog.result.text()]
    assert dialog.close_button.hasFocus()


def test_afterflow_import_and_a_second_time(
    qtbot: QtBot, ctx: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, "afterflow.csv", AFTERFLOW)
    dialog = _dialog(qtbot, ctx, path, "afterflow", monkeypatch)
    results = []
    dialog.imported.connect(results.append)
    _import(qtbot, dialog)
    qtbot.waitUntil(lambda: len(results) == 1)
    assert dialog.result.text().startswith("Imported 2 journal entries, 2 sessions")
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled())
    _import(qtbot, dialog)
    qtbot.waitUntil(lambda: len(results) == 2)
    assert "2 rows were already in Companion" in dialog.result.text()
    assert _moods(ctx) == [6, 7]


# --- the open screen shows what was imported --------------------------------------------------
@pytest.fixture
def window(qtbot: QtBot, ctx: AppContext) -> MainWindow:
    window = MainWindow(ctx.prefs, lambda: None)
    window.attach(ctx)
    qtbot.addWidget(window)
    window.navigate("prepare")
    window.show()
    drain(ctx)
    return window


def _import_from_menu(
    qtbot: QtBot, window: MainWindow, path: Path, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> ImportDialog:
    """File > Import, as the patient opens it, then import ``path``."""
    monkeypatch.setattr(import_dialog, "choose_import_file", lambda *_args: path)
    action = next(a for a in window.findChildren(QAction) if a.text().startswith("&Import from"))
    action.trigger()
    dialog = window.findChild(ImportDialog)
    assert dialog is not None and dialog.isVisible()
    next(b for b in dialog.formats.buttons() if b.property("format") == fmt).click()
    dialog.choose()
    _import(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.result.text().startswith("Imported"))
    return dialog


def test_the_history_screen_shows_the_imported_entries(
    qtbot: QtBot,
    ctx: AppContext,
    window: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window.navigate("history")
    drain(ctx)
    history = window.screen("history")
    assert isinstance(history, HistoryScreen)
    assert history.model.rowCount() == 0
    _import_from_menu(qtbot, window, write(tmp_path, "a.csv", AFTERFLOW), "afterflow", monkeypatch)

    def listed() -> bool:
        drain(ctx)
        return history.model.rowCount() == 2

    qtbot.waitUntil(listed)


def test_the_course_screen_shows_the_imported_goals(
    qtbot: QtBot,
    ctx: AppContext,
    window: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    exported = own_csv(tmp_path)
    window.navigate("course")
    drain(ctx)
    course = window.screen("course")
    assert isinstance(course, CourseScreen)
    assert course.views == []
    dialog = _import_from_menu(qtbot, window, exported, "csv", monkeypatch)
    assert 'went into the course "Imported goals"' in dialog.result.text()

    def shown() -> bool:
        drain(ctx)
        return course.shown is not None and course.shown.course.name == "Imported goals"

    qtbot.waitUntil(shown)


def test_a_journal_draft_and_the_session_screen_are_left_as_they_are(
    qtbot: QtBot,
    ctx: AppContext,
    window: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window.navigate("journal")
    drain(ctx)
    journal = window.screen("journal")
    assert isinstance(journal, JournalScreen)
    qtbot.keyClicks(journal.form.reflections, "Half a thought about my father")
    _import_from_menu(qtbot, window, write(tmp_path, "a.csv", AFTERFLOW), "afterflow", monkeypatch)
    drain(ctx)
    assert journal.form.reflections.toPlainText() == "Half a thought about my father"

    window.navigate("session")
    drain(ctx)
    shown: list[object] = []
    monkeypatch.setattr(window.screen("session"), "on_shown", shown.append)
    path = write(tmp_path, "d.csv", DAYLIO_8)
    _import_from_menu(qtbot, window, path, "daylio", monkeypatch)
    drain(ctx)
    assert shown == []
