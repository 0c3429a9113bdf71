"""Every screen of the real window, as a screen-reader user, a keyboard-only user and a patient
at 200% text meet it: names on every control, every control reachable by Tab, no clipped text,
and text colours that meet WCAG AA in every theme."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import (
    QAccessible,
    QAccessibleAnnouncementEvent,
    QColor,
    QKeySequence,
    QShortcut,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QFileDialog,
    QLabel,
    QLineEdit,
    QRadioButton,
    QScrollArea,
    QScrollBar,
    QWidget,
)
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from companion.domain.journal import NOTHING_ENTERED
from companion.domain.routes import Route
from companion.storage import appointments, courses, models
from companion.storage.demo import fill
from companion.ui import announce as announce_module
from companion.ui.about_dialog import AboutDialog
from companion.ui.announce import announce
from companion.ui.context import AppContext
from companion.ui.course import CourseScreen
from companion.ui.export_dialog import open_export
from companion.ui.import_dialog import open_import
from companion.ui.journal import JournalScreen
from companion.ui.main_window import SCREENS, MainWindow
from companion.ui.prepare import PrepareScreen
from companion.ui.screen import Screen
from companion.ui.settings_dialog import open_settings
from companion.ui.shortcuts_dialog import ShortcutsDialog
from companion.ui.theme import apply_theme, load_theme
from tests.conftest import drain
from tests.course_data import new_course

NAMES = [entry.name for entry in SCREENS]
WINDOW_SIZE = (1120, 760)  # the window's size on a first start


@pytest.fixture
def open_window(
    qtbot: QtBot, ctx: AppContext, app_look: QApplication
) -> Iterator[Callable[..., MainWindow]]:
    """The real window over a year of demo data, in a theme and text size."""
    fill(ctx.worker.db, 120)

    def make(theme: str = "light", text_scale: int = 100) -> MainWindow:
        ctx.prefs.theme = theme
        ctx.prefs.text_scale = text_scale
        apply_theme(app_look, ctx.prefs)
        window = MainWindow(ctx.prefs, lambda: apply_theme(app_look, ctx.prefs))
        window.attach(ctx)
        qtbot.addWidget(window)
        window.resize(*WINDOW_SIZE)
        window.navigate("prepare")
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
        drain(ctx)
        return window

    yield make


def show(window: MainWindow, name: str, payload: object = None) -> QWidget:
    window.navigate(name, payload)
    drain(window.ctx)
    QApplication.processEvents()
    return window.screen(name)


def after_a_session(window: MainWindow) -> QWidget:
    """The Journal entry about the latest session: side effects, goals, vitals, prompts."""
    with window.ctx.worker.db.transaction() as s:
        latest = s.scalar(select(func.max(models.TreatmentSession.id)))
    return show(window, "journal", {"session_id": latest})


def check_in(window: MainWindow) -> QWidget:
    journal = show(window, "journal")
    journal.open_checkin()  # type: ignore[attr-defined]
    drain(window.ctx)
    return journal


#: Every screen as it first shows, and the Journal's two other faces.
STATES: dict[str, Callable[[MainWindow], QWidget]] = {
    **{name: lambda w, n=name: show(w, n) for name in NAMES},
    "journal after a session": after_a_session,
    "journal check-in": check_in,
}


def embedded(widget: QWidget) -> bool:
    """Parts of a compound control (a spin box's or combo box's own text field)."""
    parent = widget.parentWidget()
    return isinstance(parent, QAbstractSpinBox | QComboBox) or isinstance(widget, QScrollBar)


def focusable(root: QWidget) -> list[QWidget]:
    """What Tab should stop at under ``root``: shown, enabled, taking focus by Tab."""
    found = []
    for widget in root.findChildren(QWidget):
        if (
            widget.isVisibleTo(root.window())
            and widget.isEnabled()
            and widget.focusPolicy() & Qt.FocusPolicy.TabFocus == Qt.FocusPolicy.TabFocus
            and not embedded(widget)
            and not isinstance(widget.parentWidget(), QAbstractScrollArea)  # viewports
        ):
            found.append(widget)
    return found


def spoken_name(widget: QWidget) -> str:
    """The name a screen reader says: the accessible name, else the text or the buddy label."""
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name).strip() if interface else ""


def tab_through(window: MainWindow, qtbot: QtBot, limit: int = 600) -> list[QWidget]:
    """Press Tab from the first rail button until focus comes back to it."""
    first = window.findChild(QWidget, "NavButton")
    first.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(first.hasFocus)
    reached = [first]
    stay = 0
    for _ in range(limit):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        now = QApplication.focusWidget()
        if now is first:
            return reached
        assert now is not None and now.window() is window, (
            f"Tab left the window after {reached[-1]}"
        )
        # A date box takes Tab from its day to its month and year first; nothing else may.
        stay = stay + 1 if now is reached[-1] else 0
        assert stay < (3 if isinstance(now, QAbstractSpinBox) else 1), (
            f"Tab is stuck in {describe(now)}"
        )
        if not stay:
            reached.append(now)
    pytest.fail(f"Tab never came back to the start after {limit} presses")


def describe(widget: QWidget) -> str:
    text = widget.text() if isinstance(widget, QAbstractButton | QLabel) else ""
    parent = type(widget.parentWidget()).__name__
    return f"{type(widget).__name__}({widget.objectName()!r}, {text!r}) in {parent}"


@pytest.mark.parametrize("name", list(STATES))
def test_every_control_has_a_name_and_is_reached_by_tab(
    open_window: Callable[..., MainWindow], qtbot: QtBot, name: str
) -> None:
    window = open_window()
    screen = STATES[name](window)
    controls = focusable(screen) + focusable(window.centralWidget().findChild(QWidget, "NavRail"))
    assert len(controls) > 5
    unnamed = [describe(w) for w in controls if not spoken_name(w)]
    assert unnamed == []

    reached = tab_through(window, qtbot)
    missed = [describe(w) for w in controls if not tab_reaches(w, reached)]
    assert missed == []


def tab_reaches(widget: QWidget, reached: list[QWidget]) -> bool:
    """Tab stops at ``widget`` (or what it hands focus to); a group of round choices is one
    stop, whose other choices the arrow keys reach."""
    if widget in reached or widget.focusProxy() in reached:
        return True
    if isinstance(widget, QRadioButton):
        return any(
            isinstance(other, QRadioButton)
            and (
                other.group() is widget.group()
                if widget.group()
                else other.parentWidget() is widget.parentWidget() and widget.autoExclusive()
            )
            for other in reached
        )
    return False


def clipping(widget: QWidget) -> str:
    """Why ``widget`` (or its text) does not fit where it is shown, or "" when it fits."""
    if isinstance(widget, QLabel) and widget.text():
        if widget.wordWrap():
            needed = widget.heightForWidth(widget.width())
            if needed > widget.height() + 1:
                return f"needs {needed}px of height, has {widget.height()}"
        elif widget.sizeHint().width() > widget.width() + 1:
            return f"needs {widget.sizeHint().width()}px, has {widget.width()}"
    elif isinstance(widget, QAbstractButton) and widget.text():
        if widget.minimumSizeHint().width() > widget.width() + 1:
            return f"needs {widget.minimumSizeHint().width()}px, has {widget.width()}"
    elif not isinstance(widget, QAbstractSpinBox | QComboBox | QLineEdit):
        return ""
    return cut_off(widget)


def cut_off(widget: QWidget) -> str:
    """Cut off by something it sits in: sideways by anything (nothing scrolls sideways), up or
    down by anything but a scrolling view (which is how a long page is read)."""
    shown = QRect(widget.mapToGlobal(widget.rect().topLeft()), widget.size())
    vertical = True
    parent = widget.parentWidget()
    while parent is not None:
        frame = QRect(parent.mapToGlobal(parent.rect().topLeft()), parent.size())
        where = f"{type(parent).__name__}({parent.objectName()!r})"
        if parent.height() < parent.minimumHeight():  # squeezed: its lines overlap others
            needed = parent.minimumHeight()
            return f"sits in {where}, {parent.height()}px high of the {needed} it needs"
        if shown.left() < frame.left() - 1 or shown.right() > frame.right() + 1:
            return f"runs out of {where} sideways"
        vertical = vertical and parent.objectName() != "qt_scrollarea_viewport"
        if vertical and (shown.top() < frame.top() - 1 or shown.bottom() > frame.bottom() + 1):
            return f"is cut off at the top or bottom by {where}"
        parent = None if parent.isWindow() else parent.parentWidget()
    return ""


def clipped_texts(window: MainWindow, name: str, screen: QWidget) -> list[str]:
    """What is cut on ``screen`` or the rail, as "state: widget why" lines."""
    problems = []
    rail = window.centralWidget().findChild(QWidget, "NavRail")
    for root in (screen, rail):
        for widget in root.findChildren(QWidget):
            if not widget.isVisibleTo(window) or widget.width() <= 0:
                continue
            why = clipping(widget)
            if why:
                problems.append(f"{name}: {describe(widget)} {why}")
    return problems


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_no_text_is_clipped_at_200_percent(
    open_window: Callable[..., MainWindow], theme: str
) -> None:
    window = open_window(theme, 200)
    problems = []
    for name, shown in STATES.items():
        problems += clipped_texts(window, name, shown(window))
    assert not problems, "\n".join(problems)


def test_no_text_is_clipped_at_200_percent_in_a_short_window(
    open_window: Callable[..., MainWindow],
) -> None:
    """As short as the window gets at 200% text: each header makes way, nothing is cut."""
    window = open_window("light", 200)
    window.resize(WINDOW_SIZE[0], 560)
    problems = []
    for name, shown in STATES.items():
        screen = shown(window)
        assert isinstance(screen, Screen)
        assert not screen.roomy and not screen.subtitle_label.isVisible(), name
        problems += clipped_texts(window, name, screen)
    assert not problems, "\n".join(problems)


def trends(window: MainWindow) -> QWidget:
    history = show(window, "history")
    history.tabs.setCurrentWidget(history.trends)  # type: ignore[attr-defined]
    drain(window.ctx)
    return history


def a_side_effect_rated(window: MainWindow) -> QWidget:
    journal = after_a_session(window)
    journal.form.side_effects.chip("raised blood pressure").setChecked(True)  # type: ignore[attr-defined]
    drain(window.ctx)
    return journal


#: The screens whose content must fit the narrowest page (Prepare and Course have their own).
NARROW_STATES: dict[str, Callable[[MainWindow], QWidget]] = {
    name: STATES[name]
    for name in ("journal", "journal after a session", "journal check-in", "session", "history")
} | {"journal with a side effect": a_side_effect_rated, "history trends": trends}


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_no_text_is_clipped_at_200_percent_in_a_narrow_window(
    open_window: Callable[..., MainWindow], theme: str
) -> None:
    """As narrow as the window gets at 200% text on a small screen (the offscreen screen is
    800 px wide, the window's minimum 90% of it): rows of buttons and choices wrap, long
    labels take two lines, labels go above their fields, and nothing runs off the page."""
    window = open_window(theme, 200)
    window.resize(760, 560)
    assert window.width() <= 760
    problems = []
    for name, shown in NARROW_STATES.items():
        problems += clipped_texts(window, name, shown(window))
    assert not problems, "\n".join(problems)


def contrast(one: str, two: str) -> float:
    """WCAG 2 contrast ratio of two colours."""

    def luminance(colour: str) -> float:
        channels = []
        for value in QColor(colour).getRgbF()[:3]:
            channels.append(value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4)
        red, green, blue = channels
        return 0.2126 * red + 0.7152 * green + 0.0722 * blue

    light, dark = sorted((luminance(one), luminance(two)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


TEXT_PAIRS = [
    ("text", "bg"),
    ("text", "surface"),
    ("text", "surface_alt"),
    ("text", "accent_soft"),
    ("muted", "bg"),
    ("muted", "surface"),
    ("muted", "surface_alt"),
    ("accent_text", "accent"),
    ("help_text", "help"),
    ("text", "selection"),
]
# Outlines of controls and the focus ring: WCAG's 3:1 for the parts of a control.
OUTLINE_PAIRS = [
    ("edge", "bg"),
    ("edge", "surface"),
    ("focus", "bg"),
    ("focus", "surface"),
    ("accent", "surface"),
    ("accent", "bg"),
    ("track", "surface"),  # a slider's groove on a card
    ("track", "bg"),
]


@pytest.mark.parametrize("high_contrast", [False, True], ids=["normal", "high-contrast"])
@pytest.mark.parametrize("name", ["light", "dark", "night"])
def test_every_theme_meets_wcag_aa(name: str, high_contrast: bool) -> None:
    colours = load_theme(name, high_contrast).colours
    low = {f"{a} on {b}": round(contrast(colours[a], colours[b]), 2) for a, b in TEXT_PAIRS}
    assert {pair: ratio for pair, ratio in low.items() if ratio < 4.5} == {}
    outlines = {f"{a} on {b}": contrast(colours[a], colours[b]) for a, b in OUTLINE_PAIRS}
    assert {pair: ratio for pair, ratio in outlines.items() if ratio < 3} == {}
    if high_contrast:
        assert contrast(colours["text"], colours["bg"]) >= 7  # WCAG AAA for the main text


def test_the_contrast_formula() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast("#123456", "#123456") == pytest.approx(1)


def open_about(window: MainWindow) -> None:
    AboutDialog(window).show()


def open_shortcuts(window: MainWindow) -> None:
    original = ShortcutsDialog.exec
    ShortcutsDialog.exec = ShortcutsDialog.show  # type: ignore[method-assign, assignment]
    try:
        window.show_shortcuts()
    finally:
        ShortcutsDialog.exec = original  # type: ignore[method-assign]


DIALOGS: dict[str, tuple[str, Callable[[MainWindow], object]]] = {
    "appointment": ("prepare", lambda w: w.screen("prepare").add_appointment()),
    "checklist": ("prepare", lambda w: w.screen("prepare").edit_checklist()),
    "goals": ("course", lambda w: w.screen("course").edit_goals()),
    "rate goals": ("course", lambda w: w.screen("course").rate_goals()),
    "new course": ("course", lambda w: w.screen("course").new_course()),
    "get help now": ("journal", lambda w: w.show_help()),
    "about": ("journal", open_about),
    "shortcuts": ("journal", open_shortcuts),
    "export": ("history", lambda w: open_export(w, w.ctx)),
    "import": ("history", lambda w: open_import(w, w.ctx)),
    "settings": ("prepare", lambda w: open_settings(w, w.ctx)),
}


@pytest.mark.parametrize("name", list(DIALOGS))
def test_dialogs_name_their_controls_and_fit_200_percent_text(
    open_window: Callable[..., MainWindow], name: str
) -> None:
    window = open_window("dark", 200)
    screen, opener = DIALOGS[name]
    show(window, screen)
    opener(window)
    drain(window.ctx)
    (dialog,) = [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()
    ]
    QApplication.processEvents()
    unnamed = [describe(w) for w in focusable(dialog) if not spoken_name(w)]
    assert unnamed == []
    start = dialog.focusWidget()  # the first control, or a page of text with none in it
    assert not isinstance(start, QScrollArea) or focusable(start) == []
    clipped = [
        f"{describe(w)} {clipping(w)}"
        for w in dialog.findChildren(QWidget)
        if w.isVisibleTo(dialog) and clipping(w)
    ]
    assert not clipped, "\n".join(clipped)
    dialog.close()


def listed_keys(screen: Screen) -> set[str]:
    """The keys a screen lists for the F1 help ("Ctrl+PgUp / Ctrl+PgDown" is two)."""
    keys = set()
    for combo, _what in screen.shortcuts:
        for one in combo.split(" / "):
            keys.add(QKeySequence(one).toString(QKeySequence.SequenceFormat.PortableText))
    return keys


@pytest.mark.parametrize("name", NAMES)
def test_the_keyboard_help_lists_every_shortcut_of_a_screen(
    open_window: Callable[..., MainWindow], name: str
) -> None:
    window = open_window()
    screen = show(window, name)
    bound = {
        s.key().toString(QKeySequence.SequenceFormat.PortableText)
        for s in screen.findChildren(QShortcut)
        if not s.key().isEmpty()
    }
    bound |= {
        b.shortcut().toString(QKeySequence.SequenceFormat.PortableText)
        for b in screen.findChildren(QAbstractButton)
        if not b.shortcut().isEmpty() and not b.text().count("&")  # Alt+letter is underlined
    }
    assert bound - listed_keys(screen) == set()
    assert all(what and what[0].isupper() for _keys, what in screen.shortcuts)


def test_get_help_now_starts_on_the_crisis_lines(open_window: Callable[..., MainWindow]) -> None:
    window = open_window()
    dialog = window.show_help()
    drain(window.ctx)  # the patient's own contacts arrive and the cards are made again
    first = dialog.focusWidget()
    assert first is not None and first.objectName() == "Card"
    assert spoken_name(first).startswith("Call or text 988")
    assert "988" in dialog.accessibleDescription() and "911" in dialog.accessibleDescription()


# --- what happened is said aloud ------------------------------------------------------------
@pytest.fixture
def heard(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Everything said through announce(), by whichever widget, as a screen reader gets it."""
    words: list[str] = []

    class Reader:
        @staticmethod
        def updateAccessibility(event: QAccessibleAnnouncementEvent) -> None:
            words.append(event.message())

    monkeypatch.setattr(announce_module, "QAccessible", Reader)
    monkeypatch.setattr(announce_module, "_last", ("", float("-inf")))
    return words


def on_screen(qtbot: QtBot, screen: Screen) -> Screen:
    qtbot.addWidget(screen)
    screen.resize(1000, 800)
    screen.show()
    qtbot.waitExposed(screen)
    screen.on_shown(None)
    drain(screen.ctx)
    return screen


def heard_once(qtbot: QtBot, heard: list[str], text: str) -> None:
    qtbot.waitUntil(lambda: text in heard)
    QApplication.processEvents()
    assert heard.count(text) == 1


def test_the_same_words_twice_in_a_moment_are_said_once(qtbot: QtBot, heard: list[str]) -> None:
    widget = QLabel()
    qtbot.addWidget(widget)
    for text, at in (("Saved", 10.0), ("Saved", 10.5), ("Saved", 11.6), ("Not saved", 11.7)):
        announce(widget, text, clock=lambda at=at: at)
    announce(widget, "Saved", clock=lambda: 11.8)
    assert heard == ["Saved", "Saved", "Not saved", "Saved"]


def test_the_journal_and_the_check_in_say_what_happened(
    qtbot: QtBot, ctx: AppContext, heard: list[str]
) -> None:
    journal = on_screen(qtbot, JournalScreen(ctx))
    qtbot.mouseClick(journal.save_button, Qt.MouseButton.LeftButton)
    heard_once(qtbot, heard, NOTHING_ENTERED)  # the line and the button say it together

    journal.open_checkin()
    drain(ctx)
    page = journal.checkin_page
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    heard_once(qtbot, heard, "Answer the questions of the PHQ-9, the GAD-7, or both.")
    for item in range(len(page.phq9.questions)):
        page.phq9.choose(item, 1)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    drain(ctx)
    qtbot.waitUntil(lambda: heard[-1].startswith("Saved. PHQ-9 total 9 — mild"))
    journal.flush()
    drain(ctx)


def test_prepare_says_how_a_protocol_import_went(
    qtbot: QtBot,
    ctx: AppContext,
    heard: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    now = datetime(2026, 5, 12, 1, 45).astimezone()
    with ctx.worker.db.transaction() as s:
        fields = appointments.AppointmentFields(datetime(2026, 5, 12, 8, 0), Route.IV, "Clinic")
        appointments.create_appointment(s, fields)
    screen = PrepareScreen(ctx)
    screen.clock = lambda: now
    on_screen(qtbot, screen)
    path = tmp_path / "photo.json"
    path.write_bytes(b"\xff\xd8\xff\xe0 not text")
    chosen = staticmethod(lambda *_args, **_kw: (str(path), ""))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", chosen)
    screen.import_action.trigger()
    drain(ctx)
    heard_once(qtbot, heard, screen.notice.text.text())
    assert "it is not UTF-8 text" in heard[-1]


@pytest.mark.allow_warning_logs
def test_the_course_says_when_hopes_were_not_saved(
    qtbot: QtBot, ctx: AppContext, heard: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with ctx.worker.db.transaction() as s:
        new_course(s)
    screen = on_screen(qtbot, CourseScreen(ctx))

    def refuse(*_args: object) -> None:
        raise ValueError("The worries are too long: 9001 characters, at most 9000.")

    monkeypatch.setattr(courses, "update_hopes", refuse)
    screen.hopes_card.editing(True)
    screen.save_hopes("More calm", "x" * 9001)
    drain(ctx)
    heard_once(qtbot, heard, "The worries are too long: 9001 characters, at most 9000.")
