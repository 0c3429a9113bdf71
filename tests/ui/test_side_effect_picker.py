from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from companion.domain.journal import Severity, SideEffect
from companion.ui.side_effect_picker import SideEffectPicker
from companion.ui.tag_chips import TagChips


def test_pick_rate_and_add_your_own(qtbot: QtBot) -> None:
    picker = SideEffectPicker()
    qtbot.addWidget(picker)
    picker.show()
    with qtbot.waitSignal(picker.changed):
        qtbot.mouseClick(picker.chip("nausea"), Qt.MouseButton.LeftButton)
    [(name, severity)] = picker.rows()
    assert name == "nausea" and severity.currentText() == "Mild"
    severity.setCurrentIndex(int(Severity.SEVERE))
    qtbot.keyClicks(picker.other_name, "ringing ears")
    qtbot.keyClick(picker.other_name, Qt.Key.Key_Return)
    qtbot.keyClicks(picker.other_name, "Headache")  # a listed one, typed: its chip is checked
    qtbot.keyClick(picker.other_name, Qt.Key.Key_Return)
    assert picker.effects() == [
        SideEffect("nausea", Severity.SEVERE),
        SideEffect("other", Severity.MILD, "ringing ears"),
        SideEffect("headache", Severity.MILD),
    ]
    assert picker.chip("headache").isChecked()
    qtbot.mouseClick(picker.chip("nausea"), Qt.MouseButton.LeftButton)
    assert [e.name for e in picker.effects()] == ["other", "headache"]


def test_set_effects_round_trip_keeps_notes(qtbot: QtBot) -> None:
    picker = SideEffectPicker()
    qtbot.addWidget(picker)
    effects = [
        SideEffect("dizziness", Severity.NONE, "only when standing"),
        SideEffect("other", Severity.MODERATE, "hiccups"),
    ]
    with qtbot.assertNotEmitted(picker.changed):
        picker.set_effects(effects)
    assert picker.effects() == effects
    assert picker.chip("dizziness").isChecked()
    picker.set_effects([])
    assert picker.effects() == [] and not picker.chip("dizziness").isChecked()


def test_tag_chips_check_and_own_words(qtbot: QtBot) -> None:
    chips = TagChips(("calm", "sad"))
    qtbot.addWidget(chips)
    qtbot.mouseClick(chips.chip("sad"), Qt.MouseButton.LeftButton)
    assert chips.chip("sad").text() == "✓ sad"  # not colour alone
    qtbot.keyClicks(chips.own_word, "Wide, open")
    qtbot.keyClick(chips.own_word, Qt.Key.Key_Return)
    assert chips.tags() == ["sad", "wide open"]
    chips.set_tags(["calm", "awe"])
    assert chips.tags() == ["calm", "awe"]


def test_tab_reaches_new_rows_in_reading_order(qtbot: QtBot) -> None:
    host = QWidget()
    box = QVBoxLayout(host)
    picker = SideEffectPicker()
    below = QLineEdit()  # the next field of the form, made before any row exists
    box.addWidget(picker)
    box.addWidget(below)
    qtbot.addWidget(host)
    host.show()
    host.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is host)
    picker.chip("nausea").click()
    picker.chip("vomiting").click()
    QApplication.processEvents()  # new rows are shown by a queued call
    (_n, nausea), (_v, vomiting) = picker.rows()
    nausea.setFocus()
    order = []
    for _ in range(4):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        order.append(QApplication.focusWidget())
    assert order[0].accessibleName() == "Remove nausea"
    assert order[1] is vomiting
    assert order[2].accessibleName() == "Remove vomiting"
    assert order[3] is below
