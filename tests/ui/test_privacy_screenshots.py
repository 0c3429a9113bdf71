"""The unlock, first-run, recovery, settings and passphrase screens in light, dark and at 200%
text: rendered, saved as PNG for a look, and held to the bar of test_accessibility: no text
clipped or cut off, a spoken name on every control."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from companion.storage import backup, paths
from companion.ui.context import AppContext
from companion.ui.gate import open_journal
from companion.ui.passphrase_dialog import PassphraseDialog
from companion.ui.prefs import Prefs
from companion.ui.recovery_screen import RecoveryScreen
from companion.ui.settings_dialog import SettingsDialog
from companion.ui.theme import apply_theme
from companion.ui.unlock_screen import PassphraseOffer, UnlockScreen
from tests.ui.test_accessibility import clipping, describe, focusable, spoken_name

LOOKS = {"light": ("light", 100), "dark": ("dark", 100), "200%": ("light", 200)}


@pytest.fixture
def themed(qapp: QApplication) -> Iterator[Callable[[Prefs, str], None]]:
    saved = (qapp.styleSheet(), qapp.font(), qapp.palette())

    def apply(prefs: Prefs, look: str) -> None:
        prefs.theme, prefs.text_scale = LOOKS[look]
        apply_theme(qapp, prefs)

    yield apply
    qapp.setStyleSheet(saved[0])
    qapp.setFont(saved[1])
    qapp.setPalette(saved[2])


def _build(name: str, ctx: AppContext, parent: QWidget) -> QWidget:
    path = paths.database_path(ctx.data_dir)
    if name == "unlock":
        screen = UnlockScreen(path, ctx.prefs, open_journal)
        screen.say(screen.message, "That passphrase did not open your journal. Try again.")
        return screen
    if name == "first run":
        return PassphraseOffer(ctx.prefs)
    if name == "recovery":
        backup.automatic_backup(ctx.worker.db)
        return RecoveryScreen(path, "database disk image is malformed", ctx.prefs)
    if name == "settings":
        return SettingsDialog(parent, ctx)
    return PassphraseDialog(parent, ctx)


@pytest.mark.parametrize("look", LOOKS)
@pytest.mark.parametrize("name", ["unlock", "first run", "recovery", "settings", "passphrase"])
def test_privacy_screens_render_whole_in_every_look(
    qtbot: QtBot,
    ctx: AppContext,
    themed: Callable[[Prefs, str], None],
    tmp_path: Path,
    name: str,
    look: str,
) -> None:
    themed(ctx.prefs, look)
    parent = QWidget()  # the main window a dialog opens over
    qtbot.addWidget(parent)
    parent.setGeometry(0, 0, 2400, 1600)
    parent.show()
    screen = _build(name, ctx, parent)
    qtbot.addWidget(screen)
    screen.show()
    qtbot.waitExposed(screen)
    QApplication.processEvents()  # let the layouts settle before measuring
    image = screen.grab().toImage()
    shot = tmp_path / f"{name}-{look}.png".replace(" ", "-").replace("%", "")
    assert image.save(str(shot))
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, 300, 7)}
    assert len(colours) > 3  # text and a card on a background, not a blank window
    shown = [w for w in screen.findChildren(QWidget) if w.isVisibleTo(screen) and w.width() > 0]
    assert [f"{describe(w)}: {why}" for w in shown if (why := clipping(w))] == []
    assert [describe(w) for w in focusable(screen) if not spoken_name(w)] == []
