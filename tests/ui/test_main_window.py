"""The window shell, driven with the keyboard and mouse as a patient would."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QAction, QFont, QFontMetrics
from PySide6.QtWidgets import QApplication, QDialog, QFrame, QLabel, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from companion.storage import settings
from companion.ui.about_dialog import AboutDialog
from companion.ui.context import AppContext
from companion.ui.help_dialog import HelpDialog
from companion.ui.main_window import SCREENS, MainWindow
from companion.ui.shortcuts_dialog import ShortcutsDialog
from companion.ui.theme import BASE_POINT_SIZE, apply_theme, load_theme
from tests.conftest import drain

NAMES = [entry.name for entry in SCREENS]


@pytest.fixture
def make_window(qtbot: QtBot, ctx: AppContext, app_look: QApplication) -> Callable[[], MainWindow]:
    def make() -> MainWindow:
        apply_theme(app_look, ctx.prefs)  # as the app does before it builds the window
        window = MainWindow(ctx.prefs, lambda: apply_theme(app_look, ctx.prefs))
        window.attach(ctx)
        qtbot.addWidget(window)
        window.navigate("prepare")
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
        drain(ctx)
        return window

    return make


@pytest.fixture
def window(make_window: Callable[[], MainWindow]) -> MainWindow:
    return make_window()


def visible_help_dialogs() -> list[HelpDialog]:
    shown = QApplication.topLevelWidgets()
    return [w for w in shown if isinstance(w, HelpDialog) and w.isVisible()]


def texts(dialog: QDialog) -> str:
    return "\n".join(label.text() for label in dialog.findChildren(QLabel))


def resource_cards(dialog: HelpDialog) -> list[str]:
    """What each resource card says (cards replaced when contacts arrive are gone first)."""
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return [card.accessibleName() for card in dialog.findChildren(QFrame, "Card")]


def action(window: MainWindow, text: str) -> QAction:
    (found,) = [a for a in window.findChildren(QAction) if a.text().replace("&", "") == text]
    return found


def capture_exec(monkeypatch: pytest.MonkeyPatch, cls: type[QDialog]) -> list[QDialog]:
    """Stand in for ``cls.exec`` (which would wait for a click); keep the dialogs shown."""
    shown: list[QDialog] = []

    def exec_(dialog: QDialog) -> int:
        shown.append(dialog)
        return 0

    monkeypatch.setattr(cls, "exec", exec_)
    return shown


def test_the_window_is_companion(window: MainWindow) -> None:
    assert window.windowTitle() == "Companion"
    assert window.current_screen() is window.screen("prepare")


def test_the_frame_shows_before_the_journal_is_open(
    qtbot: QtBot, ctx: AppContext, app_look: QApplication
) -> None:
    """The app paints this frame first and attaches the journal after (start-up speed)."""
    window = MainWindow(ctx.prefs, lambda: None)
    qtbot.addWidget(window)
    window.navigate("history")  # asked for before the journal is open: remembered
    window.show()
    qtbot.waitExposed(window)
    assert window.current_screen() is None and window.screens == {}
    assert any(label.isVisible() and label.text() == "Opening your journal…"
               for label in window.findChildren(QLabel))
    assert window.findChildren(QPushButton, "NavButton")[3].isChecked()
    assert not action(window, "Export for my therapist…").isEnabled()
    help_dialog = window.show_help()  # the crisis lines need no journal
    assert not help_dialog.clinic.isEnabled()
    help_dialog.close()

    window.attach(ctx)
    drain(ctx)
    assert window.current_name() == "history" and list(window.screens) == ["history"]
    assert action(window, "Export for my therapist…").isEnabled()
    assert not any(label.isVisible() and label.text() == "Opening your journal…"
                   for label in window.findChildren(QLabel))


def test_each_screen_is_built_the_first_time_it_is_shown(
    window: MainWindow, ctx: AppContext
) -> None:
    assert list(window.screens) == ["prepare"]
    window.navigate("course")
    drain(ctx)
    course = window.screens["course"]
    window.navigate("prepare")
    window.navigate("course")
    drain(ctx)
    assert window.screens["course"] is course and list(window.screens) == ["prepare", "course"]


def test_the_rail_buttons_navigate(window: MainWindow, qtbot: QtBot, ctx: AppContext) -> None:
    buttons = window.findChildren(QPushButton, "NavButton")
    assert [b.text() for b in buttons] == [entry.label for entry in SCREENS]
    for name, button in zip(reversed(NAMES), reversed(buttons), strict=True):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        drain(ctx)
        assert window.current_screen() is window.screens[name]
        assert button.isChecked()
        assert button.accessibleName().endswith("screen")
        # A screen reader hears which screen is shown (a checked button is read as a box).
        current = [b for b in buttons if b.accessibleDescription().startswith("The screen shown")]
        assert current == [button]


@pytest.mark.parametrize("index", range(1, len(SCREENS) + 1))
def test_ctrl_and_a_number_navigate(
    window: MainWindow, qtbot: QtBot, ctx: AppContext, index: int
) -> None:
    window.navigate("history" if index != 4 else "prepare")
    drain(ctx)
    wanted = window.screen(NAMES[index - 1])
    qtbot.keyClick(window, getattr(Qt.Key, f"Key_{index}"), Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.current_screen() is wanted)  # a shortcut "animates" a click
    drain(ctx)


class _WindowsShown(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.seen: list[str] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget) and watched.isWindow():
            self.seen.append(type(watched).__name__)
        return False


def test_building_a_screen_flashes_no_window_of_its_own(
    window: MainWindow, ctx: AppContext, qapp: QApplication
) -> None:
    """A widget shown before it has a parent is a window for a moment: it takes the focus."""
    spy = _WindowsShown()
    qapp.installEventFilter(spy)
    try:
        for name in NAMES:
            window.navigate(name)
            drain(ctx)
    finally:
        qapp.removeEventFilter(spy)
    assert spy.seen == []
    assert QApplication.activeWindow() is window


def test_a_screen_can_send_the_patient_elsewhere(window: MainWindow, ctx: AppContext) -> None:
    window.screen("session").navigate.emit("journal", None)
    drain(ctx)
    assert window.current_screen() is window.screen("journal")


@pytest.mark.parametrize(
    "press",
    [
        lambda qtbot, window: qtbot.mouseClick(window.help_button, Qt.MouseButton.LeftButton),
        lambda qtbot, window: qtbot.keyClick(window, Qt.Key.Key_F2),
        lambda qtbot, window: qtbot.keyClick(window, Qt.Key.Key_G, Qt.KeyboardModifier.AltModifier),
    ],
    ids=["button", "F2", "Alt+G"],
)
def test_get_help_now_shows_the_crisis_lines(
    window: MainWindow, qtbot: QtBot, ctx: AppContext, press: Callable[[QtBot, MainWindow], None]
) -> None:
    window.navigate("journal")
    press(qtbot, window)
    qtbot.waitUntil(lambda: len(visible_help_dialogs()) == 1)
    drain(ctx)
    dialog = visible_help_dialogs()[0]
    shown = " | ".join(resource_cards(dialog))
    assert "Call or text 988" in shown
    assert "911" in shown
    assert "local emergency number" in shown
    # It has the keyboard (not modal, so it asks for it): Esc closes it.
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    qtbot.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not visible_help_dialogs())


def test_contacts_edited_in_the_help_dialog_are_kept(
    window: MainWindow, qtbot: QtBot, ctx: AppContext
) -> None:
    first = window.show_help()
    drain(ctx)
    assert not [c for c in resource_cards(first) if "Your clinic" in c]  # none shown empty
    qtbot.keyClicks(first.clinic, "Riverside Clinic, 555-0100")
    qtbot.keyClicks(first.trusted, "Sam (sister), 555-0199")
    qtbot.keyClick(first, Qt.Key.Key_Escape)
    drain(ctx)
    with ctx.worker.db.transaction() as s:
        assert settings.get_setting(s, settings.CLINIC_CONTACT) == "Riverside Clinic, 555-0100"

    second = window.show_help()
    drain(ctx)
    assert second.clinic.text() == "Riverside Clinic, 555-0100"
    assert second.trusted.text() == "Sam (sister), 555-0199"
    shown = resource_cards(second)
    assert "Your clinic. Riverside Clinic, 555-0100" in shown
    assert "Someone you trust. Sam (sister), 555-0199" in shown


def test_switching_the_theme_restyles_the_application(
    window: MainWindow, app_look: QApplication
) -> None:
    light, dark = load_theme("light").colours["bg"], load_theme("dark").colours["bg"]
    window.set_theme("light")
    assert light in app_look.styleSheet()
    action(window, "Dark").trigger()
    assert window.ctx.prefs.theme == "dark"
    assert dark in app_look.styleSheet() and light not in app_look.styleSheet()
    checked = [a.data() for a in window.findChildren(QAction) if a.isChecked() and a.data()]
    assert checked == ["dark"]


def test_text_size_changes_the_font(
    window: MainWindow, qtbot: QtBot, app_look: QApplication
) -> None:
    assert app_look.font().pointSizeF() == pytest.approx(BASE_POINT_SIZE)
    action(window, "Larger text").trigger()
    assert window.ctx.prefs.text_scale == 120
    assert app_look.font().pointSizeF() == pytest.approx(BASE_POINT_SIZE * 1.2)
    assert f"{BASE_POINT_SIZE * 1.2:.1f}pt" in app_look.styleSheet()
    window.ctx.prefs.text_scale = 180
    window.change_text_scale(+20)
    window.change_text_scale(+20)
    assert window.ctx.prefs.text_scale == 200  # never beyond 200%
    qtbot.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert window.ctx.prefs.text_scale == 100
    assert app_look.font().pointSizeF() == pytest.approx(BASE_POINT_SIZE)


@pytest.mark.parametrize(
    ("key", "modifiers", "scale"),
    [
        (Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier, 140),  # "Ctrl++" as often pressed
        (Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier, 140),
        (Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.KeypadModifier,
         140),
        (Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.KeypadModifier,
         100),
    ],
)
def test_the_text_size_keys_people_press(
    window: MainWindow, qtbot: QtBot, key: Qt.Key, modifiers: Qt.KeyboardModifier, scale: int
) -> None:
    window.change_text_scale(+20)  # from 120%, either way
    qtbot.waitExposed(window)
    qtbot.keyClick(window, key, modifiers)
    assert window.ctx.prefs.text_scale == scale


def rail_buttons(window: MainWindow) -> list[QPushButton]:
    return [b for b in window.findChildren(QPushButton) if b.objectName() == "NavButton"]


def fully_shown(button: QPushButton) -> bool:
    """The button has the room its text (in bold, as when chosen) and icon ask for."""
    bold = QFont(button.font())
    bold.setBold(True)
    extra = QFontMetrics(bold).horizontalAdvance(button.text()) - button.fontMetrics(
    ).horizontalAdvance(button.text())
    hint = button.sizeHint()
    return button.width() >= hint.width() + extra and button.height() >= hint.height()


@pytest.mark.parametrize("scale", [100, 150, 200])
def test_no_name_on_the_rail_is_cut_at_any_text_size(
    window: MainWindow, qtbot: QtBot, scale: int
) -> None:
    window.resize(1400, 900)
    window.ctx.prefs.text_scale = scale
    window.change_text_scale(0)
    qtbot.waitUntil(lambda: all(fully_shown(b) for b in rail_buttons(window)))
    assert [b.text() for b in rail_buttons(window)] == [e.label for e in SCREENS]
    assert fully_shown(window.help_button) and window.help_button.text() == "&Get help now"
    width = window.findChild(QFrame, "NavRail").width()
    for name in NAMES:  # the chosen screen's bold name does not make the rail shift
        window.navigate(name)
        assert window.findChild(QFrame, "NavRail").width() == width


def test_a_narrow_window_at_large_text_keeps_the_page_readable(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.ctx.prefs.text_scale = 200
    window.change_text_scale(0)
    window.resize(760, 520)
    qtbot.waitUntil(lambda: rail_buttons(window)[0].text() == "")
    rail = window.findChild(QFrame, "NavRail")
    assert rail.width() < 760 // 3
    # The names stay in the tooltips and for screen readers; help is whole and in view.
    for button, entry in zip(rail_buttons(window), SCREENS, strict=True):
        assert button.accessibleName() == f"{entry.label} screen"
        assert entry.about in button.toolTip()
        assert not button.icon().isNull()
    help_button = window.help_button
    assert fully_shown(help_button) and "Get help" in help_button.text()
    assert rail.rect().contains(help_button.geometry())
    window.resize(1400, 900)  # room again: the names come back
    qtbot.waitUntil(lambda: rail_buttons(window)[0].text() == SCREENS[0].label)


def test_the_window_remembers_its_size_and_place(
    make_window: Callable[[], MainWindow], qtbot: QtBot
) -> None:
    first = make_window()
    # Within the offscreen test screen (800 x 600); restoreGeometry fits a window to its screen.
    first.setGeometry(20, 30, 770, 530)
    qtbot.waitUntil(lambda: first.size().width() == 770)
    geometry = first.geometry()
    assert first.close()

    second = make_window()
    assert second.size() == geometry.size()
    assert second.geometry() == geometry


def test_f1_lists_the_shortcuts(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown = capture_exec(monkeypatch, ShortcutsDialog)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    (dialog,) = shown
    assert isinstance(dialog, ShortcutsDialog)
    rows = set(dialog.rows)  # (heading, keys, what they do)
    assert ("Everywhere", "F2", "Get help now") in rows
    assert ("Everywhere", "F1", "Keyboard shortcuts") in rows
    for index, entry in enumerate(SCREENS, start=1):
        assert ("Everywhere", f"Ctrl+{index}", f"Go to {entry.label}") in rows
    assert ("Session", "Space", "Mark a moment") in rows  # screens not built yet are listed


def test_about_names_the_licence(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    shown = capture_exec(monkeypatch, AboutDialog)
    action(window, "About Companion").trigger()
    (dialog,) = shown
    about = texts(dialog)
    assert "GNU General Public License, version 3 or later" in about
    assert "no network connections" in about


def test_focus_starts_on_the_current_screen_not_on_help(window: MainWindow) -> None:
    focused = QApplication.focusWidget()
    assert focused is not window.help_button
    assert isinstance(focused, QPushButton) and focused.text() == "Prepare"


def test_in_a_short_window_the_rail_keeps_the_current_screen_in_view(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.ctx.prefs.text_scale = 200
    window.change_text_scale(0)
    window.resize(1400, window.minimumHeight())
    scroll = window._rail_scroll
    qtbot.waitUntil(lambda: scroll.verticalScrollBar().maximum() > 0)  # the rail scrolls
    viewport = scroll.viewport()
    for name in (NAMES[-1], NAMES[0], NAMES[-1]):
        window.navigate(name)
        button = rail_buttons(window)[NAMES.index(name)]
        top = button.mapTo(viewport, QPoint(0, 0)).y()
        assert top >= 0 and top + button.height() <= viewport.height(), name


def test_a_window_closed_during_its_warm_up_leaves_no_step_behind(
    ctx: AppContext, qtbot: QtBot, app_look: QApplication
) -> None:
    """The app closes its window when it locks, maybe mid warm-up: a pending step must not
    then run on the deleted screens (it ended in the error dialog)."""
    window = MainWindow(ctx.prefs, lambda: apply_theme(app_look, ctx.prefs))
    window.attach(ctx)
    window.show()
    window._build("journal")
    window._build_next()  # places the journal; its pages join in a later step
    window.close()
    window.deleteLater()
    qtbot.wait(200)  # an exception in a Qt callback here fails the test
