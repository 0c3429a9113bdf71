"""Text with buttons: beside it while there is room, under it when there is not."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QPushButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from companion.ui import beside_or_under
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


@pytest.fixture
def said(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    words: list[str] = []
    monkeypatch.setattr(beside_or_under, "announce", lambda _widget, text: words.append(text))
    return words


def test_what_it_says_is_said_aloud_once_it_shows(qtbot: QtBot, said: list[str]) -> None:
    row = make(qtbot, 800)
    QApplication.processEvents()
    assert said == []  # make() gave the words before the row was shown
    row.say("Saved. PHQ-9 total 12 — moderate.")
    row.say("")  # hiding says nothing
    row.say("Answer the questions of the PHQ-9, the GAD-7, or both.")
    qtbot.waitUntil(lambda: bool(said))
    QApplication.processEvents()
    # The line that was replaced before it could be heard is not said.
    assert said == ["Answer the questions of the PHQ-9, the GAD-7, or both."]


def test_a_banner_that_shows_itself_after_the_words_is_heard(
    qtbot: QtBot, said: list[str]
) -> None:
    window = QWidget()
    box = QVBoxLayout(window)
    banner = QFrame()
    row = BesideOrUnder(QLabel())
    QVBoxLayout(banner).addWidget(row)
    banner.hide()
    box.addWidget(banner)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    row.say("Checklist saved.")
    banner.show()
    qtbot.waitUntil(lambda: said == ["Checklist saved."])


def test_a_row_being_built_or_out_of_sight_keeps_quiet(qtbot: QtBot, said: list[str]) -> None:
    window = QWidget()
    box = QVBoxLayout(window)
    page = QWidget()
    hidden = BesideOrUnder(QLabel())
    QVBoxLayout(page).addWidget(hidden)
    page.hide()  # a screen that is not the current one
    box.addWidget(page)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    hidden.say("A check-in is due.")
    built = BesideOrUnder(QLabel())
    built.say("4 sessions done, 6 planned")  # a fact in a list being made, not news
    box.addWidget(built)  # ... and shown with the list
    QApplication.processEvents()
    assert built.text.isVisible()
    assert said == []
