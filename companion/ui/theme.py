"""File themes: ``common.qss`` plus the @token values of ``light``, ``dark`` or ``night``.

Text size scales every font token, so 200% text is honoured by every widget. The colour
tokens are also what custom painting (charts, the calming display) and the contrast test use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from companion.assets import asset
from companion.ui.prefs import Prefs

BASE_POINT_SIZE = 11.0
_TOKEN = re.compile(r"^\s*@(\w+)\s*=\s*([^;]+);", re.MULTILINE)


@dataclass(frozen=True)
class Theme:
    name: str
    colours: dict[str, str]
    high_contrast: bool

    def colour(self, token: str) -> QColor:
        return QColor(self.colours[token])


def load_theme(name: str, high_contrast: bool = False) -> Theme:
    text = asset("styles", f"{name}.qss").read_text(encoding="utf-8")
    colours = dict(_TOKEN.findall(text))
    colours = {key: value.strip() for key, value in colours.items()}
    if high_contrast:
        strong = "#000000" if name == "light" else "#ffffff" if name == "dark" else "#f2d2b0"
        colours.update(text=strong, muted=strong, border=strong)
        if name == "light":
            colours.update(bg="#ffffff", surface="#ffffff", accent="#00474b")
    return Theme(name, colours, high_contrast)


def resolve(name: str) -> str:
    """``system`` follows the desktop's light or dark choice."""
    if name != "system":
        return name
    hints = QGuiApplication.styleHints()
    return "dark" if hints.colorScheme() == Qt.ColorScheme.Dark else "light"


def stylesheet(theme: Theme, text_scale: int) -> str:
    base = BASE_POINT_SIZE * text_scale / 100
    tokens = dict(theme.colours)
    tokens.update(font_s=f"{base * 0.9:.1f}pt", font_m=f"{base:.1f}pt",
                  font_l=f"{base * 1.3:.1f}pt", font_xl=f"{base * 1.9:.1f}pt")
    common = asset("styles", "common.qss").read_text(encoding="utf-8")
    extra = _TOKEN.sub("", asset("styles", f"{theme.name}.qss").read_text(encoding="utf-8"))
    # Longest names first, so @accent_text is not read as @accent + "_text".
    for key in sorted(tokens, key=len, reverse=True):
        common = common.replace(f"@{key}", tokens[key])
    return common + extra


def palette(theme: Theme) -> QPalette:
    pal = QPalette()
    c = theme.colour
    roles = {
        QPalette.ColorRole.Window: c("bg"), QPalette.ColorRole.WindowText: c("text"),
        QPalette.ColorRole.Base: c("surface"), QPalette.ColorRole.AlternateBase: c("bg"),
        QPalette.ColorRole.Text: c("text"), QPalette.ColorRole.Button: c("surface"),
        QPalette.ColorRole.ButtonText: c("text"), QPalette.ColorRole.Highlight: c("selection"),
        QPalette.ColorRole.HighlightedText: c("text"), QPalette.ColorRole.ToolTipBase: c("surface"),
        QPalette.ColorRole.ToolTipText: c("text"), QPalette.ColorRole.PlaceholderText: c("muted"),
        QPalette.ColorRole.Link: c("accent"),
    }
    for role, colour in roles.items():
        pal.setColor(role, colour)
    return pal


def apply_theme(app: QApplication, prefs: Prefs) -> Theme:
    theme = load_theme(resolve(prefs.theme), prefs.high_contrast)
    app.setStyle("Fusion")
    app.setPalette(palette(theme))
    font = QFont(app.font())
    font.setPointSizeF(BASE_POINT_SIZE * prefs.text_scale / 100)
    app.setFont(font)
    app.setStyleSheet(stylesheet(theme, prefs.text_scale))
    app.setProperty("companion_theme", theme.name)
    return theme


def current_theme(prefs: Prefs) -> Theme:
    return load_theme(resolve(prefs.theme), prefs.high_contrast)
