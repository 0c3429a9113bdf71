"""The keyboard help (F1): grouped, in a sensible order, and readable at 200% text."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from companion.ui.prefs import Prefs
from companion.ui.screen import Screen
from companion.ui.shortcuts_dialog import EVERYWHERE, ShortcutsDialog, group
from companion.ui.theme import apply_theme


class Calm(Screen):
    title = "Session"
    shortcuts = (("Space", "Mark a moment"), ("P", "Pause or resume"))


class Notes(Screen):
    title = "Journal"
    shortcuts = (("Ctrl+S", "Save entry"),)


# As the window hands them over: sorted by what they do, so Ctrl+5 came before Ctrl+1.
PAIRS = [
    ("Ctrl+5", "Go to Course"),
    ("F2", "Get help now"),
    ("Ctrl+1", "Go to Prepare"),
    ("F1", "Keyboard shortcuts"),
    ("P", "Session: Pause or resume"),
    ("Ctrl+S", "Journal: Save entry"),
    ("Space", "Session: Mark a moment"),
    ("Ctrl+E", "Export for my therapist…"),
]


def test_everywhere_first_in_number_order_then_each_screen_as_it_lists_them() -> None:
    assert group(PAIRS, [Calm, Notes]) == [
        (
            EVERYWHERE,
            [
                ("F1", "Keyboard shortcuts"),
                ("F2", "Get help now"),
                ("Ctrl+1", "Go to Prepare"),
                ("Ctrl+5", "Go to Course"),
                ("Ctrl+E", "Export for my therapist…"),
            ],
        ),
        ("Session", [("Space", "Mark a moment"), ("P", "Pause or resume")]),
        ("Journal", [("Ctrl+S", "Save entry")]),
    ]


def test_the_list_has_a_title_and_shows_every_description_whole_at_200_percent(
    qtbot: QtBot, app_look: QApplication, data_dir: Path
) -> None:
    prefs = Prefs(data_dir)
    prefs.text_scale = 200
    apply_theme(app_look, prefs)
    dialog = ShortcutsDialog(PAIRS, None, [Calm, Notes])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.windowTitle() == "Keyboard shortcuts"
    assert dialog.rows[0] == (EVERYWHERE, "F1", "Keyboard shortcuts")
    screen = dialog.screen().availableGeometry()
    assert dialog.height() <= screen.height()
    texts = {what for _heading, _keys, what in dialog.rows}
    shown = [
        label
        for label in dialog.findChildren(QLabel)
        if label.text() in texts and label.objectName() != "ScreenTitle"
    ]
    assert len(shown) == len(texts)
    for label in shown:  # wrapped onto more lines, never cut
        assert label.height() >= label.heightForWidth(label.width()), label.text()
        assert label.fontMetrics().horizontalAdvance(label.text().split()[0]) <= label.width()
