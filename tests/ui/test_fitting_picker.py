"""The pickers of Prepare (appointments) and Course (courses) fit any text size: beside their
label, under it, then shortened by whole words, never cut in the middle of a letter."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtGui import QFont, QFontMetrics, QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip, QWidget
from pytestqt.qtbot import QtBot

from companion.storage.database import Database
from companion.ui.context import AppContext
from companion.ui.fitting_picker import ElidingComboBox, LabelledRow, elide_words
from companion.ui.theme import apply_theme
from tests.course_data import day, new_course
from tests.ui import test_course, test_prepare

TEXT = "Session 43 · Sat 28 Nov, 09:30 · next"
LONG_COURSE = "Maintenance phase after the first series"

Picker = tuple[QWidget, ElidingComboBox, LabelledRow]


def test_elide_words_keeps_whole_words(qapp: QApplication) -> None:
    metrics = QFontMetrics(QFont())

    def room(text: str) -> int:
        return metrics.boundingRect(text).width()

    assert elide_words(TEXT, metrics, room(TEXT)) == TEXT
    assert elide_words(TEXT, metrics, room(TEXT) - 1) == "Session 43 · Sat 28 Nov, 09:30…"
    shorter = elide_words(TEXT, metrics, room("Session 43 · Sat 28 Nov…"))
    assert shorter == "Session 43 · Sat 28 Nov…"  # no dangling ","
    tiny = elide_words(TEXT, metrics, room("Sess…"))
    assert tiny.startswith("Se") and tiny.endswith("…")  # not even a word fits: letters


def prepare_picker(qtbot: QtBot, ctx: AppContext, db: Database) -> Picker:
    test_prepare.add(db, datetime(2026, 11, 28, 9, 30))
    screen = test_prepare.open_screen(qtbot, ctx)
    return screen, screen.picker, screen.picker_row


def course_picker(qtbot: QtBot, ctx: AppContext, db: Database) -> Picker:
    with db.transaction() as s:
        new_course(s)
        new_course(s, start=day(30), name=LONG_COURSE)
    screen = test_course.open_screen(qtbot, ctx, today_offset=40)
    return screen, screen.switcher, screen.switch_row


PICKERS: dict[str, Callable[[QtBot, AppContext, Database], Picker]] = {
    "prepare": prepare_picker,
    "course": course_picker,
}


def shown(
    qtbot: QtBot, screen: QWidget, row: LabelledRow, picker: ElidingComboBox, width: int
) -> None:
    screen.resize(width, 900)
    qtbot.waitUntil(lambda: row.width() > 0)
    QApplication.processEvents()
    picker.grab()  # paints, which decides whether the text is shortened


@pytest.mark.parametrize("where", PICKERS)
@pytest.mark.parametrize("text_scale", [100, 200])
def test_the_picker_fits_its_row_at_any_width(
    qtbot: QtBot,
    ctx: AppContext,
    db: Database,
    app_look: QApplication,
    text_scale: int,
    where: str,
) -> None:
    ctx.prefs.text_scale = text_scale
    apply_theme(app_look, ctx.prefs)
    screen, picker, row = PICKERS[where](qtbot, ctx, db)
    for width in (1400, 900, 700, 560):
        shown(qtbot, screen, row, picker, width)
        assert picker.geometry().right() <= row.width()  # inside its row, not off the side
        assert row.geometry().right() <= row.parentWidget().width()
        whole = picker.width() >= picker.sizeHint().width()
        assert whole != picker.elided  # either the whole text, or shortened with "…"
        if row.stacked():
            assert picker.y() > 0  # under its label
    shown(qtbot, screen, row, picker, 1400)
    assert not row.stacked() and not picker.elided  # room for everything on one line
    assert picker.width() == picker.sizeHint().width()  # as wide as its text, no wider
    shown(qtbot, screen, row, picker, 560)
    if where == "prepare":
        # At 100% label and list still fit side by side; at 200% the list goes under its
        # label, and even there the row is narrower than its text.
        assert row.stacked() == picker.elided == (text_scale == 200)
    elif text_scale == 200:
        assert row.stacked() and picker.elided


@pytest.mark.parametrize("where", PICKERS)
@pytest.mark.qt_log_ignore("This plugin does not support raise")  # the offscreen tooltip
def test_a_shortened_entry_is_shown_whole_when_pointed_at(
    qtbot: QtBot, ctx: AppContext, db: Database, app_look: QApplication, where: str
) -> None:
    ctx.prefs.text_scale = 200
    apply_theme(app_look, ctx.prefs)
    screen, picker, row = PICKERS[where](qtbot, ctx, db)
    shown(qtbot, screen, row, picker, 560)
    assert picker.elided
    point = picker.rect().center()
    QApplication.sendEvent(
        picker, QHelpEvent(QEvent.Type.ToolTip, point, picker.mapToGlobal(point))
    )
    whole = {
        "prepare": "Session 1 · Sat 28 Nov, 09:30 · next",
        "course": f"{LONG_COURSE} (current)",
    }[where]
    assert QToolTip.text() == picker.currentText() == whole
    QToolTip.hideText()
