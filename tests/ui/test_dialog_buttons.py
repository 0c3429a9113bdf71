"""Every dialog makes its button row with dialog_frame's helpers: the main action on the same
side of Cancel everywhere, styled as the one primary button and taken by Enter."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from companion.ui.about_dialog import AboutDialog
from companion.ui.context import AppContext
from companion.ui.dialog_frame import dialog_buttons
from companion.ui.help_dialog import HelpDialog
from companion.ui.import_dialog import ImportDialog, MoodMapDialog


def shown(qtbot: QtBot, dialog: QDialog) -> QDialog:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def main_is_right_of_cancel() -> bool:
    """Where the platform puts the main button, as every dialog must."""
    box, main = dialog_buttons("Go")
    box.resize(600, 80)
    box.show()
    side = main.x() > box.button(QDialogButtonBox.StandardButton.Cancel).x()
    box.deleteLater()
    return side


def row_of(button: QPushButton) -> QDialogButtonBox:
    box = button.parentWidget()
    assert isinstance(box, QDialogButtonBox)
    return box


@pytest.mark.parametrize("which", ["import", "moods"])
def test_import_dialogs_put_the_main_button_where_every_dialog_does(
    qtbot: QtBot, ctx: AppContext, which: str
) -> None:
    if which == "import":
        dialog = shown(qtbot, ImportDialog(ctx))
        main, name = dialog.import_button, "Import the file"
        leave, leave_text = dialog.close_button, "Close"  # it stays open to give the result
        dialog.path.setText("/tmp/moods.csv")
    else:
        dialog = shown(qtbot, MoodMapDialog(["rad"]))
        main, name = dialog.ok, "Import with these moods"
        leave = row_of(main).button(QDialogButtonBox.StandardButton.Cancel)
        leave_text = "Cancel"
        dialog.boxes["rad"].setValue(9)
    box = row_of(main)
    assert box.buttonRole(main) == QDialogButtonBox.ButtonRole.AcceptRole
    assert box.buttonRole(leave) == QDialogButtonBox.ButtonRole.RejectRole
    assert (main.x() > leave.x()) == main_is_right_of_cancel()
    assert main.objectName() == "Primary" and main.isDefault() and main.isEnabled()
    assert main.accessibleName() == name and "&" in main.text()  # its Alt key is kept
    assert leave.text() == leave_text
    qtbot.mouseClick(leave, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


@pytest.mark.parametrize("make", [HelpDialog, AboutDialog], ids=["help", "about"])
def test_dialogs_that_only_inform_have_one_close_button(
    qtbot: QtBot, make: Callable[[QWidget | None], QDialog]
) -> None:
    dialog = shown(qtbot, make(None))
    (box,) = dialog.findChildren(QDialogButtonBox)
    (close,) = box.buttons()
    assert box.standardButton(close) == QDialogButtonBox.StandardButton.Close
    assert close.objectName() == "Primary" and close.isDefault()
    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


def test_get_help_now_still_starts_on_the_crisis_lines(qtbot: QtBot) -> None:
    dialog = shown(qtbot, HelpDialog(None))
    first = dialog.focusWidget()
    assert first is not None and first.objectName() == "Card"
    assert first.accessibleName().startswith("Call or text 988")
