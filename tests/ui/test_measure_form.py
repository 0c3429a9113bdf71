from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from companion.domain.measures import GAD7_INSTRUMENT, PHQ9_INSTRUMENT, Instrument
from companion.ui.measure_form import SCREENING_LINE, MeasureForm, result_text


def make(qtbot: QtBot, instrument: Instrument = PHQ9_INSTRUMENT) -> MeasureForm:
    form = MeasureForm(instrument)
    qtbot.addWidget(form)
    form.show()
    return form


def test_shows_the_exact_texts(qtbot: QtBot) -> None:
    form = make(qtbot, GAD7_INSTRUMENT)
    shown = {label.text() for label in form.findChildren(QLabel)}
    assert GAD7_INSTRUMENT.stem in shown
    for number, item in enumerate(GAD7_INSTRUMENT.items, start=1):
        assert f"{number}. {item.text}" in shown
    assert GAD7_INSTRUMENT.permission in shown
    assert any(GAD7_INSTRUMENT.difficulty_question in text for text in shown)
    labels = [button.text() for button in form.questions[0].buttons]
    assert labels == ["Not at all", "Several days", "More than half the days", "Nearly every day"]
    assert [b.text() for b in form.difficulty.buttons] == list(GAD7_INSTRUMENT.difficulty_options)


def test_answers_by_keyboard(qtbot: QtBot) -> None:
    form = make(qtbot)
    form.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is form)
    first = form.questions[0].buttons[0]
    first.setFocus()
    qtbot.keyClick(first, Qt.Key.Key_Space)
    assert form.answers()[0] == 0
    with qtbot.waitSignal(form.answered) as signal:
        qtbot.keyClick(first, Qt.Key.Key_Right)
    assert signal.args == [0, 1]
    assert form.answers()[0] == 1
    assert form.missing() == list(range(2, 10))


def test_an_arrow_key_chooses_on_an_unanswered_question_too(qtbot: QtBot) -> None:
    form = make(qtbot)
    form.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is form)
    second = form.questions[1]
    second.buttons[0].setFocus()  # nothing chosen yet: Qt alone would only move the focus
    qtbot.keyClick(second.buttons[0], Qt.Key.Key_Right)
    assert form.answers()[1] == 1 and second.buttons[1].hasFocus()
    qtbot.keyClick(second.buttons[1], Qt.Key.Key_Left)
    qtbot.keyClick(second.buttons[0], Qt.Key.Key_Left)  # stays on the first answer
    assert form.answers()[1] == 0 and second.buttons[0].hasFocus()


def test_result_is_a_band_never_a_diagnosis(qtbot: QtBot) -> None:
    form = make(qtbot)
    assert result_text(12, "moderate") == "Total 12 — moderate"
    form.show_result(12, "moderate")
    assert form.result.text() == "PHQ-9: Total 12 — moderate"
    assert form.result_note.text() == SCREENING_LINE
    assert SCREENING_LINE == (
        "This is a screening score, not a diagnosis; talk it through with your care team."
    )
    form.clear()
    assert not form.result.isVisible() and form.is_empty()


def test_locked_after_saving_but_results_stay_readable(qtbot: QtBot) -> None:
    form = make(qtbot)
    form.choose(0, 2)
    form.set_answerable(False)
    assert not form.questions[0].isEnabled()
    assert form.result.isEnabled()


def test_each_answer_is_named_with_its_question(qtbot: QtBot) -> None:
    form = make(qtbot)
    for number, (question, item) in enumerate(
        zip(form.questions, PHQ9_INSTRUMENT.items, strict=True), start=1
    ):
        names = [button.accessibleName() for button in question.buttons]
        assert names == [
            f"{number}. {item.text}: {option.label}" for option in PHQ9_INSTRUMENT.options
        ]
    assert form.questions[0].buttons[0].accessibleName() == (
        "1. Little interest or pleasure in doing things: Not at all"
    )
    difficulty = form.difficulty.buttons[0].accessibleName()
    assert difficulty.startswith(PHQ9_INSTRUMENT.difficulty_question)
    assert difficulty.endswith(": Not difficult at all")
