import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from companion.domain.journal import ANXIETY, MOOD, anchor_text
from companion.ui import scale_slider
from companion.ui.scale_slider import NOT_RATED, ScaleSlider


def make(qtbot: QtBot) -> ScaleSlider:
    slider = ScaleSlider(MOOD, "Mood")
    qtbot.addWidget(slider)
    slider.show()
    return slider


def test_starts_unrated_and_says_so(qtbot: QtBot) -> None:
    slider = make(qtbot)
    assert slider.value() is None
    assert slider.value_label.text() == NOT_RATED
    assert slider.slider.accessibleDescription().startswith(NOT_RATED)
    # The parked handle's number is read out too: the name says it is not a rating.
    assert slider.slider.accessibleName() == "Mood, not rated yet"
    assert not slider.clear_button.isEnabled()


def test_the_name_says_not_rated_until_rated_whoever_names_it(qtbot: QtBot) -> None:
    slider = make(qtbot)
    slider.slider.setAccessibleName("Mood now")  # as the journal names a session's slider
    assert slider.slider.accessibleName() == "Mood now, not rated yet"
    slider.setValue(5)
    assert slider.slider.accessibleName() == "Mood now"
    slider.setValue(None)
    assert slider.slider.accessibleName() == "Mood now, not rated yet"


def test_clear_by_keyboard_keeps_the_focus_on_the_slider(qtbot: QtBot) -> None:
    form = QWidget()
    box = QVBoxLayout(form)
    slider = ScaleSlider(MOOD, "Mood")
    box.addWidget(slider)
    box.addWidget(QLineEdit())  # Qt would hand the focus on to what follows
    qtbot.addWidget(form)
    form.show()
    form.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is form)
    slider.setValue(7)
    slider.clear_button.setFocus()
    qtbot.keyClick(slider.clear_button, Qt.Key.Key_Space)
    assert slider.value() is None and not slider.clear_button.isEnabled()
    assert slider.slider.hasFocus()
    assert slider.slider.accessibleName() == "Mood, not rated yet"


def test_keyboard_rates_and_the_words_are_announced(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    said: list[str] = []
    monkeypatch.setattr(scale_slider, "announce", lambda _widget, text: said.append(text))
    slider = make(qtbot)
    slider.slider.setFocus()
    with qtbot.waitSignal(slider.changed):
        qtbot.keyClick(slider.slider, Qt.Key.Key_Right)
    assert slider.value() == 6
    assert slider.slider.accessibleDescription() == anchor_text(MOOD, 6)
    assert slider.value_label.text() == "6 of 10, a little above okay"
    qtbot.keyClick(slider.slider, Qt.Key.Key_End)
    assert slider.value() == 10
    assert slider.slider.accessibleDescription() == "10 of 10, very good"
    qtbot.keyClick(slider.slider, Qt.Key.Key_Home)
    assert slider.value() == 0
    # A screen reader says the words, not only the number, at each step.
    assert said == ["6 of 10, a little above okay", "10 of 10, very good", anchor_text(MOOD, 0)]
    slider.setValue(3)  # loading an entry says nothing
    assert len(said) == 3


def test_first_touch_at_the_middle_rates_it_five(qtbot: QtBot) -> None:
    slider = make(qtbot)
    with qtbot.waitSignal(slider.changed):
        slider.slider.sliderPressed.emit()
    assert slider.value() == 5


def test_clear_and_set_value(qtbot: QtBot) -> None:
    slider = make(qtbot)
    slider.setValue(3)
    assert slider.value() == 3 and slider.clear_button.isEnabled()
    with qtbot.waitSignal(slider.changed):
        qtbot.mouseClick(slider.clear_button, Qt.MouseButton.LeftButton)
    assert slider.value() is None
    assert slider.value_label.text() == NOT_RATED


def test_set_value_is_quiet(qtbot: QtBot) -> None:
    slider = make(qtbot)
    with qtbot.assertNotEmitted(slider.changed):
        slider.setValue(8)
        slider.setValue(None)


def test_anchor_words_are_shown(qtbot: QtBot) -> None:
    slider = ScaleSlider(ANXIETY, "Anxiety")
    qtbot.addWidget(slider)
    shown = [label.text() for label in slider.findChildren(QLabel)]
    assert {"0 · Calm", "5 · Some", "10 · Very anxious"} <= set(shown)
