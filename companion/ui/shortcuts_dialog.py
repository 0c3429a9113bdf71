"""The keyboard help (F1): every shortcut in one calm list, those that work everywhere first,
then each screen's own in the order the screen lists them."""

from __future__ import annotations

import re
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QWidget

from companion.ui.card import card, muted
from companion.ui.dialog_frame import ScrollingDialog, close_button
from companion.ui.screen import Screen

EVERYWHERE = "Everywhere"
_NUMBER = re.compile(r"(\d+)")

Pair = tuple[str, str]  # keys, what they do


def _key_order(pair: Pair) -> tuple[int, list[object]]:
    """F1, F2 … F11 by number, then Ctrl+1 … Ctrl+5 by number, then the rest by what they do."""
    keys, what = pair
    natural: list[object] = [int(part) if part.isdigit() else part for part in _NUMBER.split(keys)]
    if re.fullmatch(r"F\d+", keys):
        return 0, natural
    if re.fullmatch(r"Ctrl\+[1-9]", keys):
        return 1, natural
    return 2, [what.lower()]


def group(pairs: Sequence[Pair], screens: Sequence[type[Screen]]) -> list[tuple[str, list[Pair]]]:
    """(heading, pairs) groups. ``pairs`` are the window's ("Ctrl+1", "Go to Prepare") and the
    screens' ("Space", "Session: Mark a moment"); a screen's pairs lose the title prefix."""
    own: dict[str, list[Pair]] = {screen.title: [] for screen in screens}
    everywhere: list[Pair] = []
    for keys, what in dict.fromkeys(pairs):  # once each, in the order given
        title, _sep, rest = what.partition(": ")
        if rest and title in own:
            own[title].append((keys, rest))
        else:
            everywhere.append((keys, what))
    groups = [(EVERYWHERE, sorted(everywhere, key=_key_order))]
    for screen in screens:
        given = own[screen.title]
        listed = [pair for pair in screen.shortcuts if pair in given]
        extra = [pair for pair in given if pair not in listed]
        if listed or extra:
            groups.append((screen.title, listed + extra))
    return groups


class ShortcutsDialog(ScrollingDialog):
    def __init__(
        self,
        pairs: Sequence[Pair],
        parent: QWidget | None,
        screens: Sequence[type[Screen]],
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 64)
        self.groups = group(pairs, screens)
        #: (heading, keys, what they do), as shown
        self.rows = [(heading, *pair) for heading, items in self.groups for pair in items]
        title = QLabel("Keyboard shortcuts")
        title.setObjectName("ScreenTitle")
        self.body.addWidget(title)
        self.body.addWidget(muted(
            "Alt with an underlined letter also presses that button or opens that menu. "
            "Tab moves to the next control, Shift+Tab back."
        ))
        for heading, items in self.groups:
            self.body.addWidget(self._card(heading, items))
        buttons = close_button()
        buttons.rejected.connect(self.reject)
        self.buttons.addWidget(buttons)
        self.fit_to_screen()

    def _card(self, heading: str, items: Sequence[Pair]) -> QFrame:
        frame, box, _title = card(heading)
        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(8)
        grid.setColumnStretch(1, 1)
        top_left = Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft
        for row, (keys, what) in enumerate(items):
            key_label = QLabel(keys)
            key_label.setObjectName("FieldTitle")
            key_label.setTextFormat(Qt.TextFormat.PlainText)
            what_label = QLabel(what)
            what_label.setTextFormat(Qt.TextFormat.PlainText)
            what_label.setWordWrap(True)
            key_label.setAccessibleName(f"{keys}: {what}")
            grid.addWidget(key_label, row, 0, top_left)
            grid.addWidget(what_label, row, 1)  # the whole cell: wrapped only when narrow
        box.addLayout(grid)
        return frame
