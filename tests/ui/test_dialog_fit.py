"""Every dialog fits its screen, in width as well as height, at any text size: at 200% text on
the offscreen screen (800 px wide, as a 1920 x 1080 laptop at 200% scaling gives a little
more) no dialog is wider than nine tenths of it, its text wraps instead of being cut, and its
buttons are whole and inside it, side by side while they fit and one above the other when not.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QScreen
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QDialogButtonBox, QWidget
from pytestqt.qtbot import QtBot

from companion.domain.checklist import default_template
from companion.domain.routes import Route
from companion.storage.appointments import AppointmentFields, TemplateView
from companion.ui.about_dialog import AboutDialog
from companion.ui.context import AppContext
from companion.ui.course_goals import GoalsDialog
from companion.ui.course_setup import CourseSetupDialog, Mode
from companion.ui.export_dialog import ExportDialog
from companion.ui.goal_rating import RateGoalsDialog
from companion.ui.help_dialog import HelpDialog
from companion.ui.import_dialog import ImportDialog, MoodMapDialog
from companion.ui.passphrase_dialog import PassphraseDialog
from companion.ui.prepare_appointment_dialog import AppointmentDialog
from companion.ui.prepare_template_dialog import TemplateDialog
from companion.ui.settings_dialog import SettingsDialog
from companion.ui.shortcuts_dialog import ShortcutsDialog
from companion.ui.theme import apply_theme
from tests.conftest import drain
from tests.ui.test_accessibility import clipping, describe

Make = Callable[[AppContext, QWidget], QDialog]

SHORTCUTS = [
    ("F1", "Keyboard shortcuts"),
    ("F2", "Get help now"),
    ("Ctrl+Shift+L", "Lock Companion now and ask for the passphrase again"),
]
MOODS = ["rad", "good", "meh", "bad", "awful", "a very long mood name of my own"]


def _template(ctx: AppContext, parent: QWidget) -> QDialog:
    route = Route.NASAL  # the longest title: "Your checklist for Esketamine nasal spray"
    view = TemplateView(route, route.label, tuple(default_template(route)))
    return TemplateDialog(view, ctx.prefs, parent)


def _appointment(_ctx: AppContext, parent: QWidget) -> QDialog:
    fields = AppointmentFields(datetime(2026, 12, 5, 9, 30), Route.IV, "Riverside Clinic")
    return AppointmentDialog(fields, editing=True, parent=parent)


DIALOGS: dict[str, Make] = {
    "settings": lambda ctx, parent: SettingsDialog(parent, ctx),
    "checklist editor": _template,
    "appointment": _appointment,
    "get help now": lambda _ctx, parent: HelpDialog(parent, reason="You asked for help."),
    "about": lambda _ctx, parent: AboutDialog(parent),
    "shortcuts": lambda _ctx, parent: ShortcutsDialog(SHORTCUTS, parent, []),
    "export": lambda ctx, parent: ExportDialog(ctx, parent),
    "import": lambda ctx, parent: ImportDialog(ctx, parent),
    "daylio moods": lambda _ctx, parent: MoodMapDialog(MOODS, parent),
    "passphrase": lambda ctx, parent: PassphraseDialog(parent, ctx),
    "course set-up": lambda _ctx, parent: CourseSetupDialog(Mode.FIRST, parent=parent),
    "rate goals": lambda ctx, parent: RateGoalsDialog(ctx, parent),
    "goals": lambda _ctx, parent: GoalsDialog((), parent),
}


@pytest.fixture
def open_dialog(
    qtbot: QtBot, ctx: AppContext, app_look: QApplication
) -> Callable[[str, int], QDialog]:
    """A dialog as it opens at a text size, over a window of its own."""
    windows: list[QWidget] = []  # kept, or the window and its dialog would be deleted

    def make(name: str, text_scale: int) -> QDialog:
        ctx.prefs.text_scale = text_scale
        apply_theme(app_look, ctx.prefs)
        parent = QWidget()
        qtbot.addWidget(parent)
        windows.append(parent)
        dialog = DIALOGS[name](ctx, parent)  # closed and deleted with its window
        dialog.show()
        qtbot.waitExposed(dialog)
        drain(ctx)
        for _ in range(3):  # rows that arrived from the database, and their layouts
            QApplication.processEvents()
        return dialog

    return make


def row_buttons(dialog: QDialog) -> list[QAbstractButton]:
    """The buttons of the dialog's own row (the main action, Cancel or Close)."""
    return [
        button
        for box in dialog.findChildren(QDialogButtonBox)
        for button in box.buttons()
        if button.isVisibleTo(dialog)
    ]


def global_rect(widget: QWidget) -> QRect:
    return QRect(widget.mapToGlobal(widget.rect().topLeft()), widget.size())


def assert_fits(dialog: QDialog, screen: QRect) -> None:
    assert dialog.frameGeometry().width() <= screen.width()
    assert dialog.width() <= screen.width() * 9 // 10
    assert dialog.height() <= screen.height()
    inside = global_rect(dialog)
    buttons = row_buttons(dialog)
    assert buttons
    for button in buttons:
        assert inside.contains(global_rect(button)), button.text()
        assert button.width() >= button.minimumSizeHint().width(), button.text()
    shown = [w for w in dialog.findChildren(QWidget) if w.isVisibleTo(dialog) and w.width() > 0]
    assert [f"{describe(w)}: {why}" for w in shown if (why := clipping(w))] == []


@pytest.mark.parametrize("name", list(DIALOGS))
def test_at_200_percent_every_dialog_fits_the_screen_and_cuts_nothing(
    open_dialog: Callable[[str, int], QDialog], name: str
) -> None:
    dialog = open_dialog(name, 200)
    screen = dialog.screen().availableGeometry()
    assert screen.width() == 800  # narrower than 64 or 80 characters at 200%
    assert_fits(dialog, screen)
    assert screen.contains(dialog.frameGeometry())


@pytest.mark.parametrize("name", list(DIALOGS))
def test_at_100_percent_the_buttons_stay_side_by_side(
    open_dialog: Callable[[str, int], QDialog], name: str
) -> None:
    dialog = open_dialog(name, 100)
    assert_fits(dialog, dialog.screen().availableGeometry())
    tops = {button.mapTo(dialog, button.rect().topLeft()).y() for button in row_buttons(dialog)}
    assert len(tops) == 1


@pytest.mark.parametrize("name", ["settings", "checklist editor", "about", "passphrase"])
def test_a_narrower_screen_narrows_the_dialog(
    open_dialog: Callable[[str, int], QDialog], monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """Whatever the screen: a 600-px one (a small laptop at 200% scaling) at 100% text."""
    small = QRect(0, 0, 600, 700)
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: small)
    dialog = open_dialog(name, 100)
    assert dialog.minimumWidth() <= 540
    assert_fits(dialog, small)


def test_the_checklist_editors_buttons_stack_only_when_the_dialog_is_too_narrow(
    open_dialog: Callable[[str, int], QDialog], qtbot: QtBot
) -> None:
    dialog = open_dialog("checklist editor", 200)
    assert isinstance(dialog, TemplateDialog)
    (restore,) = [
        b for b in dialog.findChildren(QAbstractButton) if b.text() == "&Restore defaults"
    ]

    def restore_above_save() -> bool:
        save = dialog.save_button.mapTo(dialog, dialog.save_button.rect().topLeft())
        return restore.mapTo(dialog, restore.rect().bottomLeft()).y() < save.y()

    assert restore_above_save()  # 800 px at 200% is too narrow for the three in a row
    dialog.resize(1500, dialog.height())
    qtbot.waitUntil(lambda: not restore_above_save())
    dialog.resize(dialog.minimumWidth(), dialog.height())
    qtbot.waitUntil(restore_above_save)
