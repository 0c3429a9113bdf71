"""File themes: ``common.qss`` plus the @token values of ``light``, ``dark`` or ``night``.

Text size scales every font token, so 200% text is honoured by every widget. The colour
tokens are also what custom painting (charts, the calming display) and the contrast test use.
``icon(<name>, <token>)`` in a stylesheet is an SVG from assets/icons/ tinted with that colour.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette, QTextCharFormat
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QCalendarWidget,
    QProxyStyle,
    QStyle,
)

from companion.assets import asset
from companion.ui.icons import tinted_file
from companion.ui.prefs import Prefs

BASE_POINT_SIZE = 11.0
_TOKEN = re.compile(r"^\s*@(\w+)\s*=\s*([^;]+);", re.MULTILINE)
_ICON = re.compile(r"icon\(([\w-]+),\s*(\w+)\)")


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
        # Secondary text stays a step softer than the text (so a disabled control still reads
        # as one) but far above AA; every outline takes the text colour.
        strong, soft = {"light": ("#000000", "#3a3a3a"), "dark": ("#ffffff", "#cfcfcf")}.get(
            name, ("#f2d2b0", "#d4b590")
        )
        colours.update(text=strong, muted=soft, border=strong, edge=strong)
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
    # Headings grow with the text, but less: at 200% a title that doubled too would leave
    # little room for what it titles.
    larger = (text_scale - 100) / 100
    tokens = dict(theme.colours)
    tokens.update(font_s=f"{base * 0.9:.1f}pt", font_m=f"{base:.1f}pt",
                  font_l=f"{base * (1.3 - 0.15 * larger):.1f}pt",
                  font_xl=f"{base * (1.9 - 0.5 * larger):.1f}pt",
                  ring="3px" if theme.high_contrast else "2px")  # the focus ring's width
    common = asset("styles", "common.qss").read_text(encoding="utf-8")
    common = _ICON.sub(
        lambda m: f'url("{tinted_file(m[1], theme.colours[m[2]]).as_posix()}")', common
    )
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
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText,
                 QPalette.ColorRole.ButtonText):
        pal.setColor(QPalette.ColorGroup.Disabled, role, c("muted"))
    return pal


#: Qt's own little animations (menus and lists sliding open, tooltips fading in).
_EFFECTS = (Qt.UIEffect.UI_General, Qt.UIEffect.UI_AnimateMenu, Qt.UIEffect.UI_FadeMenu,
            Qt.UIEffect.UI_AnimateCombo, Qt.UIEffect.UI_AnimateTooltip,
            Qt.UIEffect.UI_FadeTooltip, Qt.UIEffect.UI_AnimateToolBox)
_DESKTOP_EFFECTS: dict[Qt.UIEffect, bool] = {}


class CompanionStyle(QProxyStyle):
    """Fusion, plus what a stylesheet cannot say.

    Qt's stylesheet puts a spin box's text flush against its left border whatever the
    padding, which looks cramped; a text margin in proportion to the font gives it room.
    (It also collapses the text of a spin box whose buttons are hidden, so keep them.)
    A date's calendar shows weekends in the text colour (red is kept for what matters) and
    no week numbers.
    """

    def __init__(self, text: QColor | None = None) -> None:
        super().__init__("Fusion")
        self.text = text or QColor("#000000")

    def polish(self, target: object) -> object:  # type: ignore[override]
        if isinstance(target, QAbstractSpinBox) and target.lineEdit() is not None:
            room = round(target.fontMetrics().averageCharWidth() * 0.8)
            target.lineEdit().setTextMargins(room, 0, 0, 0)
        if isinstance(target, QCalendarWidget):  # no red weekends, no week numbers
            plain = QTextCharFormat()
            plain.setForeground(self.text)
            for day in (Qt.DayOfWeek.Saturday, Qt.DayOfWeek.Sunday):
                target.setWeekdayTextFormat(day, plain)
            target.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        return super().polish(target)  # type: ignore[call-overload]


class StillStyle(CompanionStyle):
    """Reduce motion: the style's animations take no time.

    A class of its own because Qt asks a style for hints thousands of times while a screen is
    built, and a Python override answers each one slowly: only those who chose stillness pay.
    """

    def styleHint(  # type: ignore[override]
        self, hint: QStyle.StyleHint, option: object = None, widget: object = None,
        data: object = None,
    ) -> int:
        if hint == QStyle.StyleHint.SH_Widget_Animation_Duration:
            return 0
        return super().styleHint(hint, option, widget, data)  # type: ignore[arg-type]


def apply_theme(app: QApplication, prefs: Prefs) -> Theme:
    theme = load_theme(resolve(prefs.theme), prefs.high_contrast)
    style = StillStyle if prefs.reduce_motion else CompanionStyle
    app.setStyle(style(text=theme.colour("text")))
    set_motion(not prefs.reduce_motion)
    app.setPalette(palette(theme))
    font = QFont(app.font())
    font.setPointSizeF(BASE_POINT_SIZE * prefs.text_scale / 100)
    app.setFont(font)
    app.setStyleSheet(stylesheet(theme, prefs.text_scale))
    app.setProperty("companion_theme", theme.name)
    return theme


def set_motion(allowed: bool) -> None:
    """Qt's menu, list and tooltip animations: the desktop's choice, or none at all."""
    if not _DESKTOP_EFFECTS:
        _DESKTOP_EFFECTS.update({e: QApplication.isEffectEnabled(e) for e in _EFFECTS})
    for effect in _EFFECTS:
        QApplication.setEffectEnabled(effect, allowed and _DESKTOP_EFFECTS[effect])


def current_theme(prefs: Prefs) -> Theme:
    return load_theme(resolve(prefs.theme), prefs.high_contrast)
