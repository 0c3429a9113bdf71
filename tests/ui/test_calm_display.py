"""Tests for companion.ui.calm_display: what is painted, and how often."""

import pytest
from PySide6.QtCore import QPoint, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontInfo, QFontMetricsF, QImage, QPainter, QPaintEvent
from pytestqt.qtbot import QtBot

from companion.domain.session import PALETTES, SessionTimer
from companion.ui.calm_display import MOVING_FPS, STILL_INTERVAL_MS, CalmDisplay, DisplayLook
from companion.ui.theme import BASE_POINT_SIZE


class FakeClock:
    def __init__(self) -> None:
        self.now = 500.0

    def __call__(self) -> float:
        return self.now


def make(
    qtbot: QtBot,
    look: DisplayLook | None = None,
    size: tuple[int, int] = (900, 600),
    elapsed: float = 0.0,
    point_size: float | None = None,
    reserved_bottom: int = 0,
) -> tuple[CalmDisplay, SessionTimer, FakeClock]:
    clock = FakeClock()
    display = CalmDisplay(clock=clock)
    qtbot.addWidget(display)
    if point_size is not None:
        font = QFont(display.font())
        font.setPointSizeF(point_size)
        display.setFont(font)
    display.resize(*size)
    display.set_reserved(0, reserved_bottom)
    timer = SessionTimer(3600, clock=clock)
    timer.start()
    clock.now += elapsed
    display.set_look(look or DisplayLook())
    display.set_timer(timer)
    return display, timer, clock


def image(display: CalmDisplay) -> QImage:
    return display.grab().toImage()


def brightness(picture: QImage) -> float:
    step = 23
    values = [
        QColor(picture.pixel(x, y)).valueF()
        for x in range(0, picture.width(), step)
        for y in range(0, picture.height(), step)
    ]
    return sum(values) / len(values)


def test_frames_run_only_while_visible(qtbot: QtBot) -> None:
    display, _timer, _clock = make(qtbot)
    assert display.frame_interval() is None  # not shown yet
    display.show()
    qtbot.waitExposed(display)
    assert display.frame_interval() == round(1000 / MOVING_FPS)
    display.hide()
    assert display.frame_interval() is None
    display.show()
    assert display.frame_interval() == round(1000 / MOVING_FPS)


def test_still_when_motion_is_reduced_or_nothing_moves(qtbot: QtBot) -> None:
    display, _timer, _clock = make(qtbot, DisplayLook(still=True))
    display.show()
    assert display.frame_interval() == STILL_INTERVAL_MS
    for look in (DisplayLook(breathing="off"), DisplayLook(audio_only=True)):
        display.set_look(look)
        assert display.frame_interval() == STILL_INTERVAL_MS
    display.set_timer(None)
    assert display.frame_interval() is None


def test_a_large_screen_gets_fewer_frames(qtbot: QtBot) -> None:
    display, _timer, _clock = make(qtbot, size=(3840, 2160))
    display.show()
    interval = display.frame_interval()
    assert interval is not None and interval > round(1000 / MOVING_FPS)
    assert interval <= 200  # never below five frames a second


def test_the_time_shown_comes_from_the_timer_at_each_repaint(qtbot: QtBot) -> None:
    display, timer, clock = make(qtbot, elapsed=125)
    first = image(display)
    assert image(display) == first  # nothing moved: the same picture
    clock.now += 60  # no frames in between: a repaint still shows the right time
    assert "about 55 minutes left" in display.state_text().lower()
    assert image(display) != first
    timer.pause()
    assert display.state_text().startswith("Paused.")


def test_no_numbers_leaves_out_the_time(qtbot: QtBot) -> None:
    display, _timer, _clock = make(qtbot, DisplayLook(breathing="off"), elapsed=600)
    with_numbers = image(display)
    display.set_look(DisplayLook(breathing="off", numbers=False))
    without = image(display)
    assert with_numbers != without
    assert "left" not in display.state_text()
    # only the middle changed: the time inside the ring
    centre = display.rect().center()
    assert with_numbers.pixel(10, 10) == without.pixel(10, 10)
    assert any(
        with_numbers.pixel(centre.x() + dx, centre.y() - 40 + dy)
        != without.pixel(centre.x() + dx, centre.y() - 40 + dy)
        for dx in range(-60, 60, 2)
        for dy in range(0, 60, 2)
    )


def test_each_palette_has_its_own_colours(qtbot: QtBot) -> None:
    display, _timer, _clock = make(qtbot)
    corners = set()
    for name in PALETTES:
        display.set_look(DisplayLook(palette=name))
        corners.add(image(display).pixel(450, 80))
    assert len(corners) == len(PALETTES)


def test_dim_darkens_and_eyes_closed_is_dark(qtbot: QtBot) -> None:
    display, _timer, _clock = make(qtbot)
    normal = brightness(image(display))
    display.set_dim(60)
    dimmed = brightness(image(display))
    assert dimmed < normal * 0.6
    display.set_look(DisplayLook(audio_only=True))
    assert brightness(image(display)) < normal * 0.35


def test_messages_show_for_their_time_and_are_described(qtbot: QtBot) -> None:
    display, _timer, clock = make(qtbot)
    display.show_message("Spit now", 120)
    assert display.message == "Spit now"
    assert "Spit now" in display.accessibleDescription()
    clock.now += 121
    assert display.message == ""
    display.show_message("Your session time is complete")
    clock.now += 10_000
    assert display.message == "Your session time is complete"


def test_a_frame_repaints_only_the_pacer(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    display, _timer, clock = make(qtbot)
    display.show()
    qtbot.waitExposed(display)
    painted: list[QRect] = []
    original = CalmDisplay._paint

    def spy(self: CalmDisplay, painter: QPainter, event: QPaintEvent) -> None:
        painted.append(event.rect())
        original(self, painter, event)

    monkeypatch.setattr(CalmDisplay, "_paint", spy)
    display.repaint()
    qtbot.wait(50)
    assert painted[-1] == display.rect()
    painted.clear()
    clock.now += 0.5  # the same second: the colour field stays, the breath moves on
    display._advance()
    qtbot.waitUntil(lambda: bool(painted))
    assert all(rect.width() < display.width() / 2 for rect in painted)


def test_a_focus_outline_only_for_keyboard_travel(qtbot: QtBot) -> None:
    display, _timer, _clock = make(qtbot, DisplayLook(still=True))
    display.show()
    display.activateWindow()
    qtbot.waitUntil(display.isActiveWindow)
    plain = image(display)
    display.setFocus(Qt.FocusReason.OtherFocusReason)  # the session's own focus at its start
    assert display.hasFocus() and image(display) == plain
    display.clearFocus()
    display.setFocus(Qt.FocusReason.TabFocusReason)
    assert image(display) != plain


# --- the time at large text, in little room -------------------------------------------------------
LARGE = BASE_POINT_SIZE * 2  # 200% text


def text_pixels(display: CalmDisplay) -> int:
    return QFontInfo(display.font()).pixelSize()


def test_at_the_usual_size_the_ring_keeps_room_for_words_and_never_jumps(qtbot: QtBot) -> None:
    # The session's room in a 1120x760 window at 100% text, above the row of controls.
    display, _timer, _clock = make(
        qtbot, size=(900, 732), point_size=BASE_POINT_SIZE, reserved_bottom=91, elapsed=125
    )
    quiet = display._geometry()
    display.show_message("Your session has begun")
    spoken = display._geometry()
    assert quiet.ring and (quiet.centre, quiet.radius) == (spoken.centre, spoken.radius)


def test_without_room_for_a_ring_the_time_shows_alone_at_the_text_size(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    display, timer, _clock = make(
        qtbot,
        DisplayLook(still=True),
        size=(480, 524),
        point_size=LARGE,
        elapsed=125,
        reserved_bottom=280,
    )
    layout = display._geometry()
    assert not layout.ring
    lines = display._time_lines(layout, display._pacer(layout))
    assert [line.text for line in lines] == ["57:55", "remaining"]
    assert all(QFontInfo(line.font).pixelSize() >= text_pixels(display) for line in lines)
    assert QFontInfo(lines[0].font).pixelSize() > text_pixels(display)  # it has room to grow
    drawn: list[object] = []
    monkeypatch.setattr(CalmDisplay, "_paint_arc", lambda *args: drawn.append(args))
    image(display)
    assert not drawn  # no ring, no arc: only the time, over the breathing light
    # Shorter still: one line, never smaller than the text.
    display.set_reserved(0, 420)
    timer.pause()
    layout = display._geometry()
    lines = display._time_lines(layout, display._pacer(layout))
    assert [line.text for line in lines] == ["Paused · 57:55 left"]
    assert QFontInfo(lines[0].font).pixelSize() >= text_pixels(display)
    assert lines[0].box.top() >= 0 and lines[0].box.bottom() <= display.height() - 420


def test_a_repaint_of_the_time_covers_all_of_it(qtbot: QtBot) -> None:
    """The time may be set larger than its box (never below the text size): the area a new
    second repaints still holds every letter of it, in a ring or without one."""
    for size, reserved in (((803, 706), 206), ((480, 524), 280)):
        display, timer, _clock = make(
            qtbot, size=size, point_size=LARGE, reserved_bottom=reserved, elapsed=0.2
        )
        timer.pause()  # "Paused" over "1:00:00 left": the widest the time gets
        layout = display._geometry()
        area = layout.time_area
        for line in display._time_lines(layout, display._pacer(layout)):
            ink = QFontMetricsF(line.font).tightBoundingRect(line.text)
            ink.moveCenter(line.box.center())
            ink = ink.adjusted(-1, -1, 1, 1)
            for corner in (ink.topLeft(), ink.topRight(), ink.bottomLeft(), ink.bottomRight()):
                assert area.contains(QPoint(round(corner.x()), round(corner.y()))), line.text
            assert QRectF(display.rect()).contains(ink)
