"""The frame every screen shares: in a window short for its text the header makes way for the
content, and a screen reader still hears the subtitle."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from companion.ui.context import AppContext
from companion.ui.journal import JournalScreen
from companion.ui.screen import Screen, scroll_area


class Page(Screen):
    title = "A page"
    subtitle = "What this page is for."


def make(qtbot: QtBot, ctx: AppContext, *, scroll: bool = True) -> Page:
    screen = Page(ctx, scroll=scroll)
    screen.body.addWidget(QLabel("Some content"))
    qtbot.addWidget(screen)
    screen.resize(600, tall(screen))
    screen.show()
    qtbot.waitExposed(screen)
    return screen


def tall(screen: Screen) -> int:
    return screen.fontMetrics().lineSpacing() * (screen.roomy_lines + 10)


def short(screen: Screen) -> int:
    return screen.fontMetrics().lineSpacing() * (screen.roomy_lines - 8)


def scrolls_with_content(screen: Screen) -> bool:
    content = screen.body.parentWidget()
    return content.isAncestorOf(screen.title_label) and content.isAncestorOf(screen.subtitle_label)


def test_in_a_short_window_the_subtitle_makes_way_and_is_still_heard(
    qtbot: QtBot, ctx: AppContext
) -> None:
    screen = make(qtbot, ctx, scroll=False)
    assert screen.roomy and screen.subtitle_label.isVisible()
    assert screen.title_label.accessibleDescription() == ""
    content = screen.body.parentWidget()
    top = content.y()

    screen.resize(600, short(screen))
    qtbot.waitUntil(lambda: not screen.subtitle_label.isVisible(), timeout=1000)
    assert not screen.roomy
    assert screen.title_label.accessibleDescription() == "What this page is for."
    assert screen.accessibleDescription() == "What this page is for."
    assert screen.title_label.contentsMargins().top() == 0
    qtbot.waitUntil(lambda: content.y() < top - screen.subtitle_label.height(), timeout=1000)

    screen.resize(600, tall(screen))
    qtbot.waitUntil(screen.subtitle_label.isVisible, timeout=1000)
    assert screen.title_label.accessibleDescription() == ""


def test_larger_text_alone_makes_the_window_short(qtbot: QtBot, ctx: AppContext) -> None:
    screen = make(qtbot, ctx, scroll=False)
    font = screen.font()
    font.setPointSizeF(font.pointSizeF() * 2)
    screen.setFont(font)  # the window keeps its size
    qtbot.waitUntil(lambda: not screen.subtitle_label.isVisible(), timeout=1000)


def test_a_subtitle_the_screen_hid_stays_hidden_when_the_window_grows(
    qtbot: QtBot, ctx: AppContext
) -> None:
    """The Session screen hides its header while a session runs; room must not bring it back."""
    screen = make(qtbot, ctx, scroll=False)
    screen.resize(600, short(screen))
    qtbot.waitUntil(lambda: not screen.roomy, timeout=1000)
    screen.subtitle_label.hide()
    screen.resize(600, tall(screen))
    qtbot.waitUntil(lambda: screen.roomy, timeout=1000)
    assert not screen.subtitle_label.isVisible()
    screen.subtitle_label.show()
    assert screen.subtitle_label.isVisible()
    screen.resize(600, short(screen))
    qtbot.waitUntil(lambda: not screen.subtitle_label.isVisible(), timeout=1000)


def test_on_a_scrolling_screen_the_title_scrolls_with_the_content_when_short(
    qtbot: QtBot, ctx: AppContext
) -> None:
    screen = make(qtbot, ctx)
    assert not scrolls_with_content(screen)
    screen.resize(600, short(screen))
    qtbot.waitUntil(lambda: scrolls_with_content(screen), timeout=1000)
    assert screen.title_label.isVisible()
    assert screen.body.indexOf(screen.title_label.parentWidget()) == 0  # above the content
    screen.resize(600, tall(screen))
    qtbot.waitUntil(lambda: not scrolls_with_content(screen), timeout=1000)
    assert screen.title_label.isVisible() and screen.subtitle_label.isVisible()


def test_content_too_wide_for_its_view_does_not_take_the_title_with_it(
    qtbot: QtBot, ctx: AppContext
) -> None:
    screen = make(qtbot, ctx)
    wide = QWidget()
    wide.setMinimumWidth(2000)
    screen.body.addWidget(wide)
    bar = screen._page.horizontalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0 and bar.isVisible())  # reached, not cut
    screen.resize(600, short(screen))
    qtbot.waitUntil(lambda: not screen.roomy, timeout=1000)
    qtbot.wait(50)
    assert not scrolls_with_content(screen)
    assert screen.title_label.width() <= screen.width()


def test_a_late_page_joins_its_area_when_shown_with_tab_in_the_same_place(
    qtbot: QtBot,
) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    before, after = QPushButton("Before"), QPushButton("After")
    page = QWidget()
    first, second = QLineEdit(page), QLineEdit(page)
    column = QVBoxLayout(page)
    column.addWidget(first)
    column.addWidget(second)
    area = scroll_area(page, "A page", late=True)
    box = QVBoxLayout(window)
    for widget in (before, area, after):
        box.addWidget(widget)
    assert area.widget() is None and not window.isAncestorOf(first)

    window.show()
    qtbot.waitExposed(window)
    assert area.widget() is page
    tab_stops = [before.nextInFocusChain()]
    while tab_stops[-1] is not after:
        tab_stops.append(tab_stops[-1].nextInFocusChain())
    focusable = [w for w in tab_stops if w.focusPolicy() & Qt.FocusPolicy.TabFocus]
    assert focusable == [area, first, second, after]


def test_a_screen_is_built_without_styling_its_page(qtbot: QtBot, ctx: AppContext) -> None:
    """Styling the page while building it would style it again as it joins the window."""
    screen = JournalScreen(ctx)
    qtbot.addWidget(screen)
    polished = Qt.WidgetAttribute.WA_WState_Polished
    assert not screen.form.testAttribute(polished)
    screen.show()
    qtbot.waitExposed(screen)
    assert screen.form.testAttribute(polished) and screen.isAncestorOf(screen.form)
