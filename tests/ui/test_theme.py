"""Themes: common.qss filled in with each theme's tokens and the text size."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QFrame,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSlider,
    QSpinBox,
    QStyle,
    QStyleOptionComboBox,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from companion.assets import asset
from companion.ui import theme as theme_module
from companion.ui.prefs import Prefs
from companion.ui.theme import (
    BASE_POINT_SIZE,
    Theme,
    apply_theme,
    current_theme,
    load_theme,
    resolve,
    stylesheet,
)

THEMES = ("light", "dark", "night")
GENERATED_TOKENS = {"font_s", "font_m", "font_l", "font_xl", "ring"}  # from the text size
COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)


def tokens_used(text: str) -> set[str]:
    return set(re.findall(r"@(\w+)", COMMENT.sub("", text)))


@pytest.mark.parametrize("name", THEMES)
def test_every_theme_defines_every_token_common_uses(name: str) -> None:
    common = asset("styles", "common.qss").read_text(encoding="utf-8")
    theme = load_theme(name)
    assert tokens_used(common) - GENERATED_TOKENS - set(theme.colours) == set()
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


def themed(app: QApplication, data_dir: Path, name: str, text_scale: int = 100) -> Theme:
    """Apply theme ``name`` at ``text_scale`` percent, as the View menu does."""
    prefs = Prefs(data_dir)
    prefs.theme = name
    prefs.text_scale = text_scale
    return apply_theme(app, prefs)


def test_text_size_scales_every_font_token() -> None:
    normal = stylesheet(load_theme("light"), 100)
    double = stylesheet(load_theme("light"), 200)
    assert f"font-size: {BASE_POINT_SIZE:.1f}pt" in normal
    assert f"font-size: {BASE_POINT_SIZE * 2:.1f}pt" in double
    assert f"font-size: {BASE_POINT_SIZE * 1.9:.1f}pt" in normal  # titles
    assert f"font-size: {BASE_POINT_SIZE * 1.4 * 2:.1f}pt" in double  # they grow, but less


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


@pytest.mark.parametrize("still", [False, True])
def test_reduce_motion_stills_the_style_and_qts_own_animations(
    still: bool, data_dir: Path, app_look: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(theme_module, "_DESKTOP_EFFECTS", {})
    effects = {effect: QApplication.isEffectEnabled(effect) for effect in theme_module._EFFECTS}
    for effect in effects:
        QApplication.setEffectEnabled(effect, True)  # a desktop that animates menus and lists
    try:
        prefs = Prefs(data_dir)
        prefs.reduce_motion = still
        apply_theme(app_look, prefs)
        duration = app_look.style().styleHint(QStyle.StyleHint.SH_Widget_Animation_Duration)
        assert (duration == 0) is still
        assert [QApplication.isEffectEnabled(e) for e in effects] == [not still] * len(effects)
    finally:
        for effect, enabled in effects.items():
            QApplication.setEffectEnabled(effect, enabled)


def test_a_spin_box_keeps_its_text_off_the_border(
    data_dir: Path, qtbot: QtBot, app_look: QApplication
) -> None:
    apply_theme(app_look, Prefs(data_dir))
    spin = QSpinBox()
    spin.setSuffix(" minutes")
    qtbot.addWidget(spin)
    spin.show()
    qtbot.waitExposed(spin)
    margin = spin.lineEdit().textMargins().left()
    assert margin >= spin.fontMetrics().averageCharWidth() // 2
    assert spin.lineEdit().width() > spin.fontMetrics().horizontalAdvance("60 minutes")


@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing)")  # the open list
@pytest.mark.parametrize("scale", [100, 200])
@pytest.mark.parametrize("name", THEMES)
def test_a_drop_down_list_keeps_room_for_its_arrow_once(
    name: str, scale: int, data_dir: Path, qtbot: QtBot, app_look: QApplication
) -> None:
    """The whole entry shows next to a visible, clickable arrow, with no second arrow's worth
    of blank between them (that blank cut long entries at 200% text)."""
    themed(app_look, data_dir, name, scale)
    combo = QComboBox()
    combo.addItems(["IV infusion", "Session 43 · Sat 28 Nov 2026, 09:30 · next"])
    combo.setCurrentIndex(1)
    qtbot.addWidget(combo)
    combo.ensurePolished()
    combo.resize(combo.sizeHint())  # as wide as it asks to be (a window may start narrower)
    combo.show()
    qtbot.waitExposed(combo)
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)

    def part(sub: QStyle.SubControl) -> QRect:
        return combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option, sub, combo)

    field = part(QStyle.SubControl.SC_ComboBoxEditField)
    arrow = part(QStyle.SubControl.SC_ComboBoxArrow)
    char = combo.fontMetrics().averageCharWidth()
    assert field.width() >= combo.fontMetrics().horizontalAdvance(combo.currentText())
    assert arrow.width() >= 2 * char and combo.rect().contains(arrow)
    assert 0 <= arrow.left() - field.right() <= 2 * char
    qtbot.mouseClick(combo, Qt.MouseButton.LeftButton, pos=arrow.center())
    qtbot.waitUntil(combo.view().isVisible)
    combo.hidePopup()


@pytest.mark.parametrize("name", THEMES)
def test_high_contrast_outlines_every_control_in_the_text_colour(name: str) -> None:
    normal, strong = load_theme(name), load_theme(name, high_contrast=True)
    assert strong.colours["edge"] == strong.colours["text"]
    assert strong.colours["edge"] != normal.colours["edge"]
    rings = [
        sheet.count(f"3px solid {theme.colours['focus']}")
        for sheet, theme in ((stylesheet(normal, 100), normal), (stylesheet(strong, 100), strong))
    ]
    assert rings[1] > rings[0] + 5  # a wider focus ring on every control


def test_every_kind_of_control_shows_where_the_focus_is(
    data_dir: Path, qtbot: QtBot, app_look: QApplication
) -> None:
    """A keyboard user sees the focus: each control looks different when it has it."""
    apply_theme(app_look, Prefs(data_dir))
    window = QWidget()
    layout = QVBoxLayout(window)
    card = QFrame()
    card.setObjectName("Card")
    card.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    card.setMinimumSize(80, 40)
    slider = QSlider(Qt.Orientation.Horizontal)
    controls = [
        QPushButton("Save"),
        QLineEdit("words"),
        QPlainTextEdit("more words"),
        QComboBox(),
        QSpinBox(),
        QCheckBox("Tick"),
        QRadioButton("Choose"),
        slider,
        QTableWidget(2, 2),
        card,
    ]
    for control in controls:
        layout.addWidget(control)
    layout.addWidget(QPushButton("elsewhere"))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    for control in controls:
        control.clearFocus()
        QApplication.processEvents()
        before = control.grab().toImage()
        control.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.waitUntil(control.hasFocus)
        control.update()
        QApplication.processEvents()
        assert control.grab().toImage() != before, type(control).__name__


@pytest.mark.parametrize("name", THEMES)
def test_a_focused_primary_button_stands_out_from_its_fill(
    name: str, data_dir: Path, qtbot: QtBot, app_look: QApplication
) -> None:
    """A focus ring alone hardly shows on a filled button: most of it changes instead."""
    themed(app_look, data_dir, name)
    window = QWidget()
    layout = QVBoxLayout(window)
    primary = QPushButton("Save entry")
    primary.setObjectName("Primary")
    layout.addWidget(primary)
    layout.addWidget(QPushButton("elsewhere"))
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    primary.clearFocus()
    QApplication.processEvents()
    before = primary.grab().toImage()
    primary.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(primary.hasFocus)
    QApplication.processEvents()
    after = primary.grab().toImage()
    changed = sum(
        before.pixel(x, y) != after.pixel(x, y)
        for x in range(0, before.width(), 2)
        for y in range(0, before.height(), 2)
    )
    assert changed > (before.width() // 2) * (before.height() // 2) // 2
