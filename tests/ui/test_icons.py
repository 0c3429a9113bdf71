"""SVG icons drawn in a theme colour, for the rail and for the stylesheet's tick boxes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray
from PySide6.QtGui import QColor, QIcon
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from companion.assets import asset
from companion.ui import icons
from companion.ui.context import AppContext
from companion.ui.main_window import MainWindow
from companion.ui.theme import apply_theme, load_theme, stylesheet

ICON_NAMES = sorted(Path(str(asset("icons"))).glob("*.svg"))
RAIL = ("prepare", "session", "journal", "history", "course", "help")


def drawn_in(icon: QIcon, colour: str, on: bool = False) -> bool:
    """Every solid pixel of the icon is ``colour`` (give or take rounding)."""
    state = QIcon.State.On if on else QIcon.State.Off
    image = icon.pixmap(48, 48, QIcon.Mode.Normal, state).toImage()
    wanted = QColor(colour)
    solid = [
        image.pixelColor(x, y)
        for x in range(image.width())
        for y in range(image.height())
        if image.pixelColor(x, y).alpha() == 255
    ]
    return bool(solid) and all(
        abs(c.red() - wanted.red())
        + abs(c.green() - wanted.green())
        + abs(c.blue() - wanted.blue())
        <= 3
        for c in solid
    )


def test_the_rail_has_an_icon_for_every_place() -> None:
    assert {path.stem for path in ICON_NAMES} >= set(RAIL)


@pytest.mark.parametrize("path", ICON_NAMES, ids=lambda p: p.stem)
def test_each_icon_is_a_24px_line_drawing_in_the_current_colour(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert 'viewBox="0 0 24 24"' in text
    assert "currentColor" in text
    assert not re.search(r"#[0-9a-fA-F]{3,6}\b", text)  # no colour of its own
    tinted = icons.svg(path.stem, QColor("#123456"))
    assert "currentColor" not in tinted and "#123456" in tinted
    assert QSvgRenderer(QByteArray(tinted.encode())).isValid()


def test_an_icon_is_drawn_in_the_colour_it_is_given(qapp: QApplication) -> None:
    icon = icons.icon("journal", QColor("#2f6468"), QColor("#ffffff"))
    assert drawn_in(icon, "#2f6468")
    assert drawn_in(icon, "#ffffff", on=True)  # a checked rail button
    assert not drawn_in(icon, "#ffffff")


def test_the_stylesheet_points_at_tinted_copies_that_exist(qapp: QApplication) -> None:
    theme = load_theme("dark")
    sheet = stylesheet(theme, 100)
    paths = re.findall(r'url\("([^"]+)"\)', sheet)
    assert paths
    for found in paths:
        assert Path(found).is_file(), found
    tick = next(p for p in paths if Path(p).stem.startswith("check-"))
    assert theme.colours["accent_text"] in Path(tick).read_text(encoding="utf-8")
    # Each colour has its own file, so switching theme never shows a stale cached picture.
    assert icons.tinted_file("check", "#000000") != icons.tinted_file("check", "#ffffff")


def test_the_rail_icons_follow_the_theme(
    qtbot: QtBot, ctx: AppContext, app_look: QApplication
) -> None:
    ctx.prefs.theme = "light"
    apply_theme(app_look, ctx.prefs)
    window = MainWindow(ctx.prefs, lambda: apply_theme(app_look, ctx.prefs))  # no journal
    qtbot.addWidget(window)
    buttons = window.findChildren(QPushButton, "NavButton")
    assert len(buttons) == 5
    light = load_theme("light").colours
    assert all(drawn_in(b.icon(), light["text"]) for b in buttons)
    assert all(drawn_in(b.icon(), light["accent_text"], on=True) for b in buttons)
    assert drawn_in(window.help_button.icon(), light["help_text"])
    window.set_theme("dark")
    dark = load_theme("dark").colours
    assert all(drawn_in(b.icon(), dark["text"]) for b in buttons)
    assert drawn_in(window.help_button.icon(), dark["help_text"])
    assert buttons[0].iconSize().height() >= buttons[0].fontMetrics().height()
