"""A row of chips is one Tab stop; the arrow keys, Home and End move inside it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLineEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from companion.ui.roving import RovingFocus


def row(qtbot: QtBot) -> tuple[QWidget, list[QPushButton], QLineEdit, QLineEdit]:
    window = QWidget()
    box = QHBoxLayout(window)
    before, after = QLineEdit(), QLineEdit()
    box.addWidget(before)
    roving = RovingFocus(window)
    chips = []
    for name in ("calm", "tired", "hopeful", "sad"):
        chip = QPushButton(name)
        chip.setCheckable(True)
        box.addWidget(chip)
        roving.add(chip)
        chips.append(chip)
    box.addWidget(after)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window, chips, before, after


def test_tab_enters_and_leaves_the_row_in_one_step(qtbot: QtBot) -> None:
    _window, chips, before, after = row(qtbot)
    before.setFocus()
    qtbot.keyClick(before, Qt.Key.Key_Tab)
    assert chips[0].hasFocus()
    qtbot.keyClick(chips[0], Qt.Key.Key_Tab)
    assert after.hasFocus()


def test_arrows_home_and_end_move_and_tab_comes_back_to_the_last_used(qtbot: QtBot) -> None:
    _window, chips, _before, after = row(qtbot)
    chips[0].setFocus()
    qtbot.keyClick(chips[0], Qt.Key.Key_Right)
    assert chips[1].hasFocus()
    qtbot.keyClick(chips[1], Qt.Key.Key_Space)
    assert chips[1].isChecked() and not chips[0].isChecked()
    qtbot.keyClick(chips[1], Qt.Key.Key_End)
    assert chips[3].hasFocus()
    qtbot.keyClick(chips[3], Qt.Key.Key_Right)  # stays at the end
    assert chips[3].hasFocus()
    qtbot.keyClick(chips[3], Qt.Key.Key_Home)
    qtbot.keyClick(chips[0], Qt.Key.Key_Down)
    assert chips[1].hasFocus()
    after.setFocus()
    qtbot.keyClick(after, Qt.Key.Key_Backtab)
    assert chips[1].hasFocus()  # back where the patient was
