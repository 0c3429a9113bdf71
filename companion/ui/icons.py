"""SVG line icons from assets/icons/, tinted with a theme colour.

The SVGs draw in ``currentColor``; the colour is written in before rendering, so one file
serves every theme (and high contrast). Widgets get a QIcon; the stylesheet gets a tinted
copy on disk (Qt stylesheets can only load images from a path), written once per colour into
a private folder that is removed when the app ends.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from functools import cache
from pathlib import Path

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from companion.assets import asset


def svg(name: str, colour: QColor | str) -> str:
    """The SVG text of ``assets/icons/<name>.svg`` drawn in ``colour``."""
    hex_colour = QColor(colour).name()
    text = asset("icons", f"{name}.svg").read_text(encoding="utf-8")
    return text.replace("currentColor", hex_colour)


def pixmap(name: str, colour: QColor | str, size: int, ratio: float = 1.0) -> QPixmap:
    renderer = QSvgRenderer(QByteArray(svg(name, colour).encode("utf-8")))
    image = QPixmap(round(size * ratio), round(size * ratio))
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, image.width(), image.height()))
    painter.end()
    image.setDevicePixelRatio(ratio)
    return image


def icon(name: str, colour: QColor, checked: QColor | None = None, size: int = 24,
         ratio: float = 1.0) -> QIcon:
    """A QIcon in ``colour``; a checkable button shows it in ``checked`` when checked.

    Drawn once, at the ``size`` it is shown at (times the screen's pixel ``ratio``): the
    window redraws its icons whenever the text size or the theme changes, and rendering a
    range of sizes up front cost a noticeable share of the start-up.
    """
    result = QIcon()
    result.addPixmap(pixmap(name, colour, size, ratio), QIcon.Mode.Normal, QIcon.State.Off)
    result.addPixmap(pixmap(name, checked or colour, size, ratio), QIcon.Mode.Normal,
                     QIcon.State.On)
    return result


@cache
def _folder() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="companion-icons-"))
    atexit.register(shutil.rmtree, folder, True)
    return folder


def tinted_file(name: str, colour: QColor | str) -> Path:
    """A copy of the icon in ``colour`` on disk, for ``image: url(...)`` in a stylesheet.

    The file name carries the colour, so a theme change never shows a stale cached image.
    """
    hex_colour = QColor(colour).name()
    path = _folder() / f"{name}-{hex_colour[1:]}.svg"
    if not path.exists():
        path.write_text(svg(name, hex_colour), encoding="utf-8")
    return path
