"""Alt+letter works only when a letter is underlined once: on a screen, two controls with the
same letter (or one that takes a menu's letter) make the key go somewhere the patient did not
mean. Each screen and dialog is checked with the window's own menu bar and rail."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QGroupBox,
    QLabel,
    QPushButton,
    QTabBar,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from companion.storage import paths
from companion.storage.demo import fill
from companion.ui.context import AppContext
from companion.ui.gate import open_journal
from companion.ui.main_window import SCREENS, MainWindow
from companion.ui.unlock_screen import PassphraseOffer, UnlockScreen
from tests.conftest import drain


def letter(text: str) -> str:
    """The underlined letter of "Move &down" ("d"), or "" when none is."""
    return QKeySequence.mnemonic(text).toString(QKeySequence.SequenceFormat.PortableText)[4:]


def underlined(root: QWidget) -> list[tuple[str, str]]:
    """(letter, text) of every control in ``root`` with an Alt key, and of its Alt shortcuts.

    Hidden parts count too (filters folded away, custom dates not chosen yet): they show
    later on the same screen, and their letters must be free then."""
    texts = [
        shortcut.key().toString(QKeySequence.SequenceFormat.PortableText).replace("Alt+", "&")
        for shortcut in root.findChildren(QShortcut)
        if shortcut.key().toString(QKeySequence.SequenceFormat.PortableText).startswith("Alt+")
    ]
    for widget in root.findChildren(QWidget):
        labelled = isinstance(widget, QLabel) and widget.buddy() is not None
        if isinstance(widget, QAbstractButton) or labelled:
            texts.append(widget.text())
        elif isinstance(widget, QGroupBox):
            texts.append(widget.title())
        elif isinstance(widget, QTabBar):
            texts += [widget.tabText(i) for i in range(widget.count())]
    return [(letter(text).lower(), text) for text in texts if letter(text)]


def clashes(found: list[tuple[str, str]]) -> dict[str, list[str]]:
    counts = Counter(key for key, _text in found)
    return {key: [t for k, t in found if k == key] for key, n in counts.items() if n > 1}


@pytest.fixture
def window(qtbot: QtBot, ctx: AppContext) -> MainWindow:
    fill(ctx.worker.db, 60)  # an appointment, entries and a course: every part is shown
    window = MainWindow(ctx.prefs, lambda: None)
    qtbot.addWidget(window)
    window.attach(ctx)
    drain(ctx)
    return window


def window_letters(window: MainWindow) -> list[tuple[str, str]]:
    """The menu bar's letters and the rail's "Get help now": Alt reaches them from any screen."""
    menus = [(letter(a.text()).lower(), a.text()) for a in window.menuBar().actions()]
    return menus + underlined(window.help_button.parentWidget())


def test_the_window_has_no_clash_of_its_own(window: MainWindow) -> None:
    letters = window_letters(window)
    assert {key for key, _text in letters} >= {"f", "v", "h", "g"}
    assert clashes(letters) == {}


@pytest.mark.parametrize("name", [entry.name for entry in SCREENS])
def test_no_two_controls_of_a_screen_share_an_alt_key(window: MainWindow, name: str) -> None:
    window.navigate(name)
    screen = window.screen(name)
    drain(window.ctx)
    QApplication.processEvents()
    assert clashes(window_letters(window) + underlined(screen)) == {}


def test_the_screens_before_the_journal_opens_have_no_clash(
    qtbot: QtBot, ctx: AppContext, data_dir: Path
) -> None:
    """They are windows of their own (the main window is hidden meanwhile)."""
    unlock = UnlockScreen(paths.database_path(data_dir), ctx.prefs, open_journal)
    offer = PassphraseOffer(ctx.prefs)
    for screen in (unlock, offer):
        qtbot.addWidget(screen)
        assert clashes(underlined(screen)) == {}
    assert "r" in dict(underlined(offer))  # "Protect my journal" left Alt+P to the passphrase


DIALOGS: dict[str, Callable[[MainWindow], object]] = {
    "checklist": lambda w: w.screen("prepare").edit_checklist(),
    "appointment": lambda w: w.screen("prepare").add_appointment(),
}


@pytest.mark.parametrize("name", list(DIALOGS))
def test_no_two_controls_of_a_dialog_share_an_alt_key(window: MainWindow, name: str) -> None:
    """A dialog is a window of its own: the menu bar's letters do not reach into it."""
    window.navigate("prepare")
    drain(window.ctx)
    DIALOGS[name](window)
    drain(window.ctx)
    dialog = window.screen("prepare").dialog
    assert dialog is not None and dialog.isVisible()
    assert clashes(underlined(dialog)) == {}
    dialog.reject()


def test_a_clash_is_found() -> None:
    """The check itself: "Move &down" and "More &detail" share Alt+D, "&&" is no letter."""
    root = QWidget()
    layout = QVBoxLayout(root)
    for text in ("Move &down", "More &detail", "Salt && pepper"):
        layout.addWidget(QPushButton(text))
    assert clashes(underlined(root)) == {"d": ["Move &down", "More &detail"]}
