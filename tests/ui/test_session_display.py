"""The running session's look at large text, in the Night theme, and its row of controls."""

import math
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, QPoint, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage
from PySide6.QtWidgets import QApplication, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from companion.domain.routes import Route
from companion.domain.session import SessionTimer
from companion.ui.calm_display import CalmDisplay, DisplayLook
from companion.ui.context import AppContext
from companion.ui.session_runner import SessionRunner
from companion.ui.session_view import SessionView
from companion.ui.theme import BASE_POINT_SIZE, apply_theme
from tests.conftest import drain

LARGE = BASE_POINT_SIZE * 2  # 200% text


class FakeClock:
    def __init__(self) -> None:
        self.now = 500.0

    def __call__(self) -> float:
        return self.now


def display_at(
    qtbot: QtBot, point_size: float, look: DisplayLook, reserved_bottom: int = 0
) -> tuple[CalmDisplay, SessionTimer, FakeClock]:
    clock = FakeClock()
    display = CalmDisplay(clock=clock)
    qtbot.addWidget(display)
    font = QFont(display.font())
    font.setPointSizeF(point_size)
    display.setFont(font)
    display.resize(800, 700)
    display.set_reserved(0, reserved_bottom)
    timer = SessionTimer(3600, clock=clock)
    timer.start()
    clock.now += 125
    display.set_look(look)
    display.set_timer(timer)
    return display, timer, clock


def changed(before: QImage, after: QImage) -> list[tuple[int, int]]:
    return [
        (x, y)
        for y in range(before.height())
        for x in range(before.width())
        if before.pixel(x, y) != after.pixel(x, y)
    ]


def test_the_end_words_show_in_full_above_the_end_panel_at_large_text(qtbot: QtBot) -> None:
    panel = 330  # the end panel's height at 200% text
    display, timer, clock = display_at(qtbot, LARGE, DisplayLook(still=True), panel)
    clock.now += 3600
    timer.end()  # the time is complete: the display rests
    words = "Your session time is complete"
    without = display.grab().toImage()
    display.show_message(words)
    with_words = display.grab().toImage()
    drawn = changed(without, with_words)
    assert drawn, "the words are drawn"
    # Nothing of them lies where the panel covers the display...
    assert max(y for _x, y in drawn) < display.height() - panel
    # ...and every line has room (Qt leaves out a line that would not fit its box).
    box = display._geometry().message
    lines = QFontMetricsF(display._fitted_message_font(words, box)).boundingRect(
        QRectF(0, 0, box.width(), 1e6),
        int(Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap),
        words,
    )
    assert lines.height() <= box.height() and box.bottom() <= display.height() - panel


def test_the_time_fits_inside_the_ring_and_stays_large_at_large_text(qtbot: QtBot) -> None:
    look = DisplayLook(breathing="off")
    display, _timer, _clock = display_at(qtbot, LARGE, look, reserved_bottom=190)
    with_numbers = display.grab().toImage()
    display.set_look(DisplayLook(breathing="off", numbers=False))
    drawn = changed(display.grab().toImage(), with_numbers)
    layout = display._geometry()
    centre, inside = layout.centre, layout.radius * 0.95
    assert drawn
    assert all(math.hypot(x - centre.x(), y - centre.y()) < inside for x, y in drawn)
    # "57:55" over "remaining" is at least two lines of the patient's large text tall.
    ys = [y for _x, y in drawn]
    assert max(ys) - min(ys) >= 2 * display.fontMetrics().height()


def test_the_ring_grows_with_the_room_it_has(qtbot: QtBot) -> None:
    display, _timer, _clock = display_at(qtbot, LARGE, DisplayLook(), reserved_bottom=190)
    display.show()
    small = display._geometry().radius
    display.resize(1200, 1000)
    assert display._geometry().radius > small * 1.5


def brightness_and_warmth(picture: QImage) -> tuple[float, float]:
    colours = [
        QColor(picture.pixel(x, y))
        for x in range(0, picture.width(), 29)
        for y in range(0, picture.height(), 29)
    ]
    value = sum(c.valueF() for c in colours) / len(colours)
    warmth = sum(c.redF() - c.blueF() for c in colours) / len(colours)
    return value, warmth


def test_night_is_dark_and_warm(qtbot: QtBot) -> None:
    display, _timer, _clock = display_at(qtbot, BASE_POINT_SIZE, DisplayLook(still=True))
    day_value, day_warmth = brightness_and_warmth(display.grab().toImage())
    display.set_look(DisplayLook(still=True, night=True))
    night_value, night_warmth = brightness_and_warmth(display.grab().toImage())
    assert night_value < day_value * 0.65
    assert day_warmth < 0 < night_warmth  # dusk is bluish by day; at night no blue light


@pytest.fixture
def theme_named(qapp: QApplication) -> Iterator[None]:
    kept = qapp.property("companion_theme")
    yield
    qapp.setProperty("companion_theme", kept)


def test_the_session_follows_the_night_theme(qtbot: QtBot, theme_named: None) -> None:
    app = QApplication.instance()
    assert app is not None
    view = SessionView()
    qtbot.addWidget(view)
    app.setProperty("companion_theme", "night")
    QApplication.sendEvent(view, QEvent(QEvent.Type.StyleChange))
    assert view.display.look.night
    assert "232, 196, 160" in view.overlay.styleSheet()  # the controls turn amber too
    app.setProperty("companion_theme", "light")
    QApplication.sendEvent(view, QEvent(QEvent.Type.StyleChange))
    assert not view.display.look.night


def test_the_controls_share_one_tidy_row(qtbot: QtBot) -> None:
    view = SessionView()
    qtbot.addWidget(view)
    view.resize(910, 700)  # the session's room in a 1120-pixel window at 100% text
    view.show()
    qtbot.waitExposed(view)
    buttons = [
        view.mark_button,
        view.pause_button,
        view.end_button,
        view.numbers_button,
        view.full_button,
    ]
    tops = {button.mapTo(view, QPoint(0, 0)).y() for button in buttons}
    heights = {button.height() for button in buttons}
    assert len(tops) == 1 and len(heights) == 1  # one row, one height: "Mark" is no taller
    slider = view.dim_slider
    slider_middle = slider.mapTo(view, QPoint(0, slider.height() // 2)).y()
    assert abs(slider_middle - (tops.pop() + heights.pop() // 2)) <= 2
    # What just happened shows on a line of its own, centred over the row.
    status = view.status
    assert status.mapTo(view, QPoint(0, status.height())).y() <= min(
        button.mapTo(view, QPoint(0, 0)).y() for button in buttons
    )
    assert status.alignment() & status.alignment().AlignHCenter


# --- 200% text in a short or narrow window -------------------------------------------------------
# The session's room in the smallest windows the app allows at 200% text: 1080x578 (what it asks
# for on a big screen) and 720x578 (its minimum size on an ordinary one).
SHORT, NARROW = (763, 524), (480, 524)


@pytest.fixture
def large_text(ctx: AppContext, app_look: QApplication) -> QApplication:
    ctx.prefs.text_scale = 200
    apply_theme(app_look, ctx.prefs)
    return app_look


def running_view(
    qtbot: QtBot, ctx: AppContext, size: tuple[int, int]
) -> tuple[SessionView, SessionRunner]:
    clock = FakeClock()
    view = SessionView()
    qtbot.addWidget(view)
    view.resize(*size)
    view.show()
    qtbot.waitExposed(view)
    timer = SessionTimer(3600, clock=clock)
    runner = SessionRunner(ctx.worker, timer, Route.IV, chimes=False, clock=clock)
    timer.start()
    clock.now += 125
    view.attach(runner, DisplayLook(breathing="off", still=True))
    QApplication.processEvents()
    return view, runner


def lines_of_time(view: SessionView) -> list[tuple[int, int]]:
    """The rows (top, bottom) of the lines the time is drawn in: what changes when the numbers
    are hidden."""
    with_numbers = view.display.grab().toImage()
    view.numbers_button.toggle()
    without = view.display.grab().toImage()
    view.numbers_button.toggle()
    rows = sorted({y for _x, y in changed(with_numbers, without)})
    assert rows, "the time is drawn"
    lines = [[rows[0], rows[0]]]
    for y in rows[1:]:
        if y - lines[-1][1] > 2:
            lines.append([y, y])
        else:
            lines[-1][1] = y
    return [(top, bottom) for top, bottom in lines]


def covered_from(view: SessionView) -> int:
    """Where, down the display, the first control or panel over it begins."""
    parts: list[QWidget] = [view.controls, view.confirm, view.end_panel]
    return min(part.mapTo(view, QPoint(0, 0)).y() for part in parts if part.isVisible())


def test_the_time_is_never_smaller_than_the_text_in_a_short_window(
    qtbot: QtBot, ctx: AppContext, large_text: QApplication
) -> None:
    view, runner = running_view(qtbot, ctx, SHORT)
    digits = QFontMetricsF(large_text.font()).capHeight()
    for step in ("running", "asked to end"):
        if step == "asked to end":
            view.ask_end()
            QApplication.processEvents()
        lines = lines_of_time(view)
        top, bottom = lines[0]
        assert bottom - top + 1 >= digits - 1, step  # the time's digits: the text's size or more
        # All of it shows: nothing cut at the top, nothing under the controls or the question.
        assert lines[0][0] > 0 and lines[-1][1] < covered_from(view), step
    runner.end_early()
    drain(ctx)


def test_words_get_room_only_while_they_show_in_a_short_window(
    qtbot: QtBot, ctx: AppContext, large_text: QApplication
) -> None:
    view, runner = running_view(qtbot, ctx, SHORT)
    display = view.display
    display.show_message("Your session has begun")
    with_words = display._geometry().text
    display.show_message("")
    without = display._geometry().text
    # The time's room grows by the words' line, and more: no line is kept for words unshown.
    assert without.height() > with_words.height() + display.fontMetrics().height()
    runner.end_early()
    drain(ctx)


def whole_inside(widget: QWidget, view: QWidget) -> bool:
    corner = widget.mapTo(view, QPoint(0, 0))
    return view.rect().contains(QRect(corner, widget.size()))


def test_the_panels_fit_a_narrow_window_at_large_text(
    qtbot: QtBot, ctx: AppContext, large_text: QApplication
) -> None:
    view, _runner = running_view(qtbot, ctx, NARROW)
    view.mark()
    view.ask_end()
    QApplication.processEvents()
    assert view.width() == NARROW[0]  # no panel asks for more than the window has
    buttons: list[QPushButton] = [view.keep_button, view.confirm_end_button]
    for button in buttons:
        assert whole_inside(button, view), button.text()
        assert button.width() >= button.minimumSizeHint().width(), button.text()
    assert view.confirm_end_button.y() > view.keep_button.y()  # one under the other
    view.end_now()
    drain(ctx)
    QApplication.processEvents()
    button = view.continue_button
    assert whole_inside(view.end_panel, view)
    assert whole_inside(button, view) and button.width() >= button.minimumSizeHint().width()
    # The moment's word field goes under its time rather than shrink to a few letters.
    (field,) = view.word_edits
    assert field.width() >= field.fontMetrics().averageCharWidth() * 10  # room for a word
    # "Session ended" shows in full, above the panel.
    words = view.display._geometry().message
    assert words.top() >= 0 and words.bottom() <= covered_from(view)
