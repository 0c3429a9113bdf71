"""Themes: common.qss filled in with each theme's tokens and the text size."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from companion.assets import asset
from companion.ui import theme as theme_module
from companion.ui.prefs import Prefs
from companion.ui.theme import (
    BASE_POINT_SIZE,
    apply_theme,
    current_theme,
    load_theme,
    resolve,
    stylesheet,
)

THEMES = ("light", "dark", "night")
FONT_TOKENS = {"font_s", "font_m", "font_l", "font_xl"}
COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)


def tokens_used(text: str) -> set[str]:
    return set(re.findall(r"@(\w+)", COMMENT.sub("", text)))


@pytest.mark.parametrize("name", THEMES)
def test_every_theme_defines_every_token_common_uses(name: str) -> None:
    common = asset("styles", "common.qss").read_text(encoding="utf-8")
    theme = load_theme(name)
    assert tokens_used(common) - FONT_TOKENS - set(theme.colours) == set()
    for token, value in theme.colours.items():
        assert QColor(value).isValid(), f"{name}: @{token} = {value}"


@pytest.mark.parametrize("name", THEMES)
@pytest.mark.parametrize("high_contrast", [False, True])
@pytest.mark.parametrize("scale", [100, 200])
def test_the_generated_stylesheet_has_no_token_left(
    name: str, high_contrast: bool, scale: int
) -> None:
    sheet = COMMENT.sub("", stylesheet(load_theme(name, high_contrast), scale))
    assert "@" not in sheet
    # A longer token is never read as a shorter one plus a tail (@accent_text, not @accent).
    assert not re.search(r"#[0-9a-fA-F]{6}\w", sheet)


def test_text_size_scales_every_font_token() -> None:
    normal = stylesheet(load_theme("light"), 100)
    double = stylesheet(load_theme("light"), 200)
    assert f"font-size: {BASE_POINT_SIZE:.1f}pt" in normal
    assert f"font-size: {BASE_POINT_SIZE * 2:.1f}pt" in double
    assert f"font-size: {BASE_POINT_SIZE * 1.9 * 2:.1f}pt" in double  # titles


def test_high_contrast_makes_text_black_on_white_in_the_light_theme() -> None:
    theme = load_theme("light", high_contrast=True)
    assert (theme.colours["text"], theme.colours["bg"]) == ("#000000", "#ffffff")
    assert "color: #000000" in stylesheet(theme, 100)


@pytest.mark.parametrize("name", THEMES)
def test_each_theme_applies_without_a_stylesheet_complaint(
    name: str, data_dir: Path, qtbot: QtBot, app_look: QApplication
) -> None:
    """Qt reports a stylesheet it cannot parse as a warning, which fails the test."""
    prefs = Prefs(data_dir)
    prefs.theme = name
    prefs.text_scale = 160
    theme = apply_theme(app_look, prefs)
    widget = QWidget()
    layout = QVBoxLayout(widget)
    button = QPushButton("Save")
    button.setObjectName("Primary")
    layout.addWidget(button)
    layout.addWidget(QLineEdit())
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    assert app_look.property("companion_theme") == name
    assert app_look.font().pointSizeF() == pytest.approx(BASE_POINT_SIZE * 1.6)
    assert current_theme(prefs).colour("accent") == theme.colour("accent")


@pytest.mark.parametrize(
    ("scheme", "expected"),
    [
        (Qt.ColorScheme.Dark, "dark"),
        (Qt.ColorScheme.Light, "light"),
        (Qt.ColorScheme.Unknown, "light"),
    ],
)
def test_system_follows_the_desktop(
    scheme: Qt.ColorScheme, expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Desktop:
        @staticmethod
        def styleHints() -> object:
            return SimpleNamespace(colorScheme=lambda: scheme)

    monkeypatch.setattr(theme_module, "QGuiApplication", Desktop)
    assert resolve("system") == expected
    assert resolve("night") == "night"
