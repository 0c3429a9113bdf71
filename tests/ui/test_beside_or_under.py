"""Text with buttons: beside it while there is room, under it when there is not."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPushButton
from pytestqt.qtbot import QtBot

from companion.ui.beside_or_under import BesideOrUnder


def make(qtbot: QtBot, width: int) -> BesideOrUnder:
    row = BesideOrUnder(QLabel())
    row.add_button(QPushButton("Take PHQ-9 and GAD-7 now"))
    row.add_button(QPushButton("Not now"))
    qtbot.addWidget(row)
    row.say("A check-in is due. Two short questionnaires, about three minutes.")
    row.resize(width, 200)
    row.show()
    qtbot.waitExposed(row)
    return row


def test_buttons_sit_beside_the_text_when_there_is_room(qtbot: QtBot) -> None:
    row = make(qtbot, 1400)
    assert not row.is_under()
    assert row.buttons.x() > row.text.x() + row.text.width() - 1


def test_buttons_go_under_the_text_when_narrow_and_the_text_keeps_the_width(
    qtbot: QtBot,
) -> None:
    row = make(qtbot, 360)
    assert row.is_under()
    qtbot.waitUntil(lambda: row.buttons.y() >= row.text.y() + row.text.height())
    assert row.text.width() == row.width()


def test_with_no_text_the_buttons_need_no_room_beside_it(qtbot: QtBot) -> None:
    row = make(qtbot, 1400)
    width = row.buttons.sizeHint().width() + 20
    row.say("")
    row.resize(width, 200)
    qtbot.waitUntil(lambda: row.width() == width)
    assert not row.text.isVisible()
    assert not row.is_under()
