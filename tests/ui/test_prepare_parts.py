"""The appointment picker fits any text size: beside its label, under it, then shortened by
whole words, never cut in the middle of a letter."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtGui import QFont, QFontMetrics, QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip
from pytestqt.qtbot import QtBot

from companion.storage.database import Database
from companion.ui.context import AppContext
from companion.ui.prepare import PrepareScreen
from companion.ui.prepare_parts import elide_words
from companion.ui.theme import apply_theme
from tests.ui.test_prepare import add, open_screen

TEXT = "Session 43 · Sat 28 Nov, 09:30 · next"


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


def shown(qtbot: QtBot, screen: PrepareScreen, width: int) -> None:
    screen.resize(width, 900)
    qtbot.waitUntil(lambda: screen.picker_row.width() > 0)
    QApplication.processEvents()
    screen.picker.grab()  # paints, which decides whether the text is shortened


@pytest.mark.parametrize("text_scale", [100, 200])
def test_the_picker_fits_its_row_at_any_width(
    qtbot: QtBot, ctx: AppContext, db: Database, app_look: QApplication, text_scale: int
) -> None:
    ctx.prefs.text_scale = text_scale
    apply_theme(app_look, ctx.prefs)
    add(db, datetime(2026, 11, 28, 9, 30))
    screen = open_screen(qtbot, ctx)
    picker, row = screen.picker, screen.picker_row
    for width in (1400, 900, 700, 560):
        shown(qtbot, screen, width)
        assert picker.geometry().right() <= row.width()  # inside its row, not off the side
        whole = picker.width() >= picker.sizeHint().width()
        assert whole != picker.elided  # either the whole text, or shortened with "…"
        if row.stacked():
            assert picker.y() > 0  # under its label
    shown(qtbot, screen, 1400)
    assert not row.stacked() and not picker.elided  # room for everything on one line
    assert picker.width() == picker.sizeHint().width()  # as wide as its text, no wider
    shown(qtbot, screen, 560)
    # At 100% label and list still fit side by side; at 200% the list goes under its label,
    # and even there the row is narrower than its text.
    assert row.stacked() == picker.elided == (text_scale == 200)


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # the offscreen tooltip
def test_a_shortened_entry_is_shown_whole_when_pointed_at(
    qtbot: QtBot, ctx: AppContext, db: Database, app_look: QApplication
) -> None:
    ctx.prefs.text_scale = 200
    apply_theme(app_look, ctx.prefs)
    add(db, datetime(2026, 11, 28, 9, 30))
    screen = open_screen(qtbot, ctx)
    shown(qtbot, screen, 560)
    picker = screen.picker
    assert picker.elided
    point = picker.rect().center()
    QApplication.sendEvent(
        picker, QHelpEvent(QEvent.Type.ToolTip, point, picker.mapToGlobal(point))
    )
    assert QToolTip.text() == picker.currentText() == "Session 1 · Sat 28 Nov, 09:30 · next"
    QToolTip.hideText()
