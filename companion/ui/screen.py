"""The frame every screen shares: a title, a one-line subtitle and a scrollable body."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from companion.ui.context import AppContext


class _StartInside(QObject):
    """A window's first focus goes to the first control in a scroll area, not to the area."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            isinstance(event, QFocusEvent)
            and event.type() == QEvent.Type.FocusIn
            and event.reason() == Qt.FocusReason.ActiveWindowFocusReason
            and isinstance(watched, QWidget)
        ):
            control = watched.nextInFocusChain()
            while control is not watched:
                if (
                    watched.isAncestorOf(control)
                    and control.isVisible()
                    and control.isEnabled()
                    and control.focusPolicy() & Qt.FocusPolicy.TabFocus == Qt.FocusPolicy.TabFocus
                ):
                    QTimer.singleShot(0, control, control.setFocus)
                    break
                control = control.nextInFocusChain()
        return False


def _accepts_tab(widget: QWidget) -> bool:
    return bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)


def tab_stops_in(root: QWidget) -> list[QWidget]:
    """The widgets inside ``root`` that can take the focus, in their Tab order (its widgets
    follow it in the focus chain, as they do before it joins a window). Those that take it
    only by a click count too: a row of chips makes any one of them its Tab stop later."""
    stops, widget = [], root.nextInFocusChain()
    while widget is not root and root.isAncestorOf(widget):
        if widget.focusPolicy() != Qt.FocusPolicy.NoFocus:
            stops.append(widget)
        widget = widget.nextInFocusChain()
    return stops


def keep_tab_order(anchor: QWidget, stops: list[QWidget]) -> None:
    """Put ``stops`` at ``anchor``'s place in the Tab order, in their order.

    Why: a widget that joins a window after it was built joins the end of the window's Tab
    order, so Tab would reach it last, after everything below it on the page. ``anchor`` is
    the widget they follow: itself when it takes Tab (a scroll area), else the last Tab stop
    before it (a plain box of rows).
    """
    previous = anchor
    while not _accepts_tab(previous) or previous in stops:
        previous = previous.previousInFocusChain()
        if previous is anchor:
            return  # nothing before it takes Tab: the order stands
    for stop in stops:
        QWidget.setTabOrder(previous, stop)
        previous = stop


def _vertical(area: QScrollArea) -> QScrollArea:
    """A resizable, frameless area that scrolls up and down only."""
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return area


class LateScrollArea(QScrollArea):
    """A vertical scroll area for a screen's page, whose content joins it when the area is
    first shown, or when ``join`` is called (the window's warm-up does, once the screen is
    in the window). Until then the content is not among the area's children.

    Why: under the app's stylesheet Qt styles a widget again, with its whole subtree, every
    time it moves into a new parent. A page set into its area while it was built (which
    styles it, to measure it) was styled again at each step up to the window, and building a
    screen while the patient reads stalled the window for over 100 ms.
    """

    def __init__(self, content: QWidget) -> None:
        super().__init__()
        _vertical(self)
        self._content: QWidget | None = content

    def join(self) -> None:
        """Put the content in the area (once)."""
        if self._content is not None:
            content, self._content = self._content, None
            content.resize(content.size())  # or setWidget styles it first, to measure it
            stops = tab_stops_in(content)
            self.setWidget(content)
            keep_tab_order(self, stops)

    def showEvent(self, event: QShowEvent) -> None:
        self.join()
        super().showEvent(event)


def scroll_area(content: QWidget, name: str, *, late: bool = False) -> QScrollArea:
    """A borderless vertical scroll area around ``content``; ``late`` for a screen's page
    (see LateScrollArea).

    It takes focus by Tab (with a visible ring), so text with no control below it can still
    be scrolled to with the arrow keys; ``name`` is what a screen reader calls it. A window
    still starts on the first control inside it.
    """
    area = LateScrollArea(content) if late else _vertical(QScrollArea())
    area.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    area.setAccessibleName(name)
    area.setAccessibleDescription("Scroll with the arrow keys, Page Up and Page Down")
    area.installEventFilter(_StartInside(area))
    if not late:
        area.setWidget(content)
    return area


class _Subtitle(QLabel):
    """A screen's subtitle: shown when the screen wants it (``setVisible``, e.g. the Session
    screen hides its header while a session runs) and the window has room for it."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self._wanted = True
        self._room = True

    def setVisible(self, visible: bool) -> None:
        self._wanted = visible
        super().setVisible(visible and self._room)

    def make_room(self, room: bool) -> None:
        """Give way to the content (``room`` False), or come back if the screen wants it."""
        self._room = room
        super().setVisible(self._wanted and room)


class Screen(QWidget):
    """Base of the screens. Subclasses fill ``self.body`` and load data in ``on_shown``.

    In a short window for its text (large text on a small screen) the header makes way for
    the content: the subtitle hides (a screen reader still hears it as the title's
    description), the title loses its top margin and, on a screen that scrolls, scrolls with
    the content instead of standing above it.
    """

    navigate = Signal(str, object)  # screen name, payload for its on_shown
    title = ""
    subtitle = ""
    #: Below this many lines of text in height, the header makes way for the content.
    roomy_lines = 22
    #: The space above the title when there is room (outer margin plus title margin).
    _TITLE_TOP = (12, 16)

    def __init__(self, ctx: AppContext, *, scroll: bool = True) -> None:
        super().__init__()
        self.ctx = ctx
        self.setAccessibleName(self.title)
        self.setAccessibleDescription(self.subtitle)
        self._outer = QVBoxLayout(self)
        margin, title_margin = self._TITLE_TOP
        self._outer.setContentsMargins(32, margin, 32, 20)
        self._outer.setSpacing(0)  # a header hidden by a screen leaves no gap
        self.title_label = QLabel(self.title)
        self.title_label.setObjectName("ScreenTitle")
        self.title_label.setWordWrap(True)  # a long title at 200% text must not widen the window
        self.title_label.setAccessibleName(self.title)
        self.title_label.setContentsMargins(0, title_margin, 0, 0)
        self.subtitle_label = _Subtitle(self.subtitle)
        self.subtitle_label.setObjectName("ScreenSubtitle")
        self.subtitle_label.setWordWrap(True)
        self._screen_header = QWidget()
        header = QVBoxLayout(self._screen_header)
        header.setContentsMargins(0, 0, 0, 0)
        header.setSpacing(6)
        header.addWidget(self.title_label)
        header.addWidget(self.subtitle_label)
        self._outer.addWidget(self._screen_header)
        self._outer.addSpacing(14)
        self._gap = self._outer.itemAt(1).spacerItem()
        content = QWidget()
        self.body = QVBoxLayout(content)
        self.body.setContentsMargins(0, 0, 0, 0)
        self.body.setSpacing(16)
        self._roomy = True
        self._page: QScrollArea | None = None
        if scroll:
            self._page = scroll_area(content, f"{self.title}, page", late=True)
            # Content wider than its view (a tiny window at large text) can be scrolled to
            # sideways rather than cut, and the title then stays out of the scrolling.
            self._page.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
            self._page.horizontalScrollBar().rangeChanged.connect(self._overflow_changed)
            self._outer.addWidget(self._page, 1)
        else:
            self._outer.addWidget(content, 1)

    @property
    def roomy(self) -> bool:
        """Whether the window is tall enough for the whole header above the content."""
        return self._roomy

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_header()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # the text size changed, not the window
            self._fit_header()

    def _fit_header(self) -> None:
        roomy = self.height() // max(self.fontMetrics().lineSpacing(), 1) >= self.roomy_lines
        if roomy != self._roomy:
            self._roomy = roomy
            self.subtitle_label.make_room(roomy)
            self.title_label.setAccessibleDescription("" if roomy else self.subtitle)
            self.title_label.setContentsMargins(0, self._TITLE_TOP[1] if roomy else 0, 0, 0)
        if self._page is not None:
            # Content too wide for its view must not take the title sideways with it.
            overflows = self._page.horizontalScrollBar().maximum() > 0
            self._place_header(scrolling=not roomy and not overflows)

    def _overflow_changed(self, _low: int, _high: int) -> None:
        self._fit_header()

    def _place_header(self, *, scrolling: bool) -> None:
        """Stand the header above the scrolling content, or put it at the top of it."""
        into = self.body if scrolling else self._outer
        header = self._screen_header
        if header.parentWidget() is into.parentWidget():
            return
        header.parentWidget().layout().removeWidget(header)
        into.insertWidget(0, header)
        header.show()  # a new parent hides a widget
        self._gap.changeSize(0, 0 if scrolling else 14)
        self._outer.invalidate()

    #: (keys, what they do) pairs listed in the keyboard help (F1).
    shortcuts: tuple[tuple[str, str], ...] = ()

    def on_shown(self, payload: object = None) -> None:
        """Called each time the screen is navigated to; load what it shows here."""

    def flush(self) -> None:
        """Save anything unsaved now (called on close and before a crash dialog)."""

    def can_close(self) -> bool:
        """Return False (after asking) to keep the window open, e.g. during a session."""
        return True

    def toggle_full_screen(self) -> bool:
        """F11: return True if the screen showed or left a full-screen view of its own."""
        return False
