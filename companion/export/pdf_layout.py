"""A small page layout for the PDF report: measure everything first, paint afterwards.

Blocks are measured with the PDF device's font metrics and placed onto pages as drawing
operations; only when the last page is known is anything painted, so every page can say
"Page 2 of 5". Text, boxes and tables split between lines and rows, never inside a line, and
no block taller than a page is accepted: nothing is ever cut off at the paper's edge.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QPagedPaintDevice,
    QPainter,
    QPen,
)

Draw = Callable[[QPainter, QRectF], None]

# Calm print colours: near-black text, a dark teal accent, soft grey rules; the flag is amber.
INK = QColor("#1f2529")
MUTED = QColor("#58636b")
RULE = QColor("#cfd6db")
SOFT = QColor("#eef3f3")
ACCENT = QColor("#0b5e63")
FLAG = QColor("#9a5b00")
FLAG_SOFT = QColor("#fdf3e1")
PAPER = QColor("#ffffff")

_FAMILIES = (
    "Noto Sans",
    "Source Sans 3",
    "Segoe UI",
    "Helvetica Neue",
    "Helvetica",
    "Arial",
    "Nimbus Sans",
    "Liberation Sans",
    "DejaVu Sans",
)


def font_family() -> str:
    """A clean sans-serif that is installed; Qt embeds the glyphs used into the PDF."""
    installed = set(QFontDatabase.families())
    return next((name for name in _FAMILIES if name in installed), QFont().family())


class Fonts:
    """The report's fonts on one device, with their metrics and text widths remembered: a long
    report measures the same dates, cells and words thousands of times."""

    def __init__(self, family: str, device: QPagedPaintDevice) -> None:
        self.family = family
        self.device = device
        self._metrics: dict[QFont, QFontMetricsF] = {}
        self._widths: dict[QFont, Callable[[str], float]] = {}

    def font(self, points: float, bold: bool = False) -> QFont:
        font = QFont(self.family)
        font.setPointSizeF(points)
        font.setBold(bold)
        font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
        return font

    def metrics(self, font: QFont) -> QFontMetricsF:
        found = self._metrics.get(font)
        if found is None:
            found = self._metrics[QFont(font)] = QFontMetricsF(font, self.device)
        return found

    def widths(self, font: QFont) -> Callable[[str], float]:
        """A function giving the horizontal advance of a text in ``font``."""
        found = self._widths.get(font)
        if found is None:
            advance = self.metrics(font).horizontalAdvance
            known: dict[str, float] = {}

            def width(text: str) -> float:
                value = known.get(text)
                if value is None:
                    value = known[text] = advance(text)
                return value

            found = self._widths[QFont(font)] = width
        return found

    def points(self, value: float) -> float:
        """Device units for a length in typographic points."""
        return value * self.device.resolution() / 72


def wrap(text: str, font: QFont, width: float, fonts: Fonts) -> list[str]:
    """The lines ``text`` breaks into at ``width``; blank lines between paragraphs stay.

    Greedy word wrap on the device's font metrics; a word wider than a line (a link) is cut.
    """
    advance = fonts.widths(font)
    lines: list[str] = []
    for paragraph in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        words = paragraph.split()
        whole = " ".join(words)
        if advance(whole) <= width:
            # Most texts (table cells, short notes) fit on one line; then every shorter start
            # of it fits too, and word by word would end in the same single line.
            lines.append(whole)
            continue
        line = ""
        for word in words:
            candidate = f"{line} {word}" if line else word
            if advance(candidate) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            line = word
            while advance(line) > width and len(line) > 1:
                cut = _longest_fit(line, advance, width)
                lines.append(line[:cut])
                line = line[cut:]
        lines.append(line)
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _longest_fit(word: str, advance: Callable[[str], float], width: float) -> int:
    """How many characters of an over-long word (a URL) fit on one line; at least one."""
    low, high = 1, len(word)
    while low < high:
        middle = (low + high + 1) // 2
        if advance(word[:middle]) <= width:
            low = middle
        else:
            high = middle - 1
    return low


class Pager:
    """Places blocks top to bottom inside ``frame``, starting a new page when one is full."""

    def __init__(self, frame: QRectF) -> None:
        self.frame = frame
        self.pages: list[list[tuple[QRectF, Draw]]] = [[]]
        self.y = frame.top()

    @property
    def room(self) -> float:
        return self.frame.bottom() - self.y

    @property
    def at_top(self) -> bool:
        return self.y <= self.frame.top()

    def new_page(self) -> None:
        self.pages.append([])
        self.y = self.frame.top()

    def ensure(self, height: float) -> None:
        """Start a new page unless ``height`` fits on this one (or this one is empty)."""
        if height > self.room and not self.at_top:
            self.new_page()

    def gap(self, height: float) -> None:
        """Vertical space, dropped at the top of a page."""
        if not self.at_top:
            self.y = min(self.y + height, self.frame.bottom())

    @property
    def page_number(self) -> int:
        """The number of the page being filled, from 1."""
        return len(self.pages)

    def place(
        self, height: float, draw: Draw, left: float = 0, width: float | None = None
    ) -> QRectF:
        """``draw`` in a block of ``height`` below the last, on a new page if it does not fit.

        A block taller than a whole page is refused (ValueError), never clipped at the paper's
        edge: text that may run long goes through ``paragraph``, ``callout`` or ``table``,
        which split between lines and rows.
        """
        if height > self.frame.height():
            raise ValueError(
                f"a block of {height:.0f} units does not fit on a page of "
                f"{self.frame.height():.0f}: split it"
            )
        self.ensure(height)
        rect = QRectF(
            self.frame.left() + left,
            self.y,
            self.frame.width() - left if width is None else width,
            height,
        )
        self.pages[-1].append((rect, draw))
        self.y += height
        return rect


_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)


def _draw_lines(
    painter: QPainter,
    left: float,
    top: float,
    width: float,
    lines: Sequence[str],
    spacing: float,
    ascent: float,
    align_right: bool,
) -> None:
    """``lines`` from ``top`` down in the painter's font and pen."""
    for n, line in enumerate(lines):
        y = top + n * spacing
        if align_right:
            painter.drawText(QRectF(left, y, width, spacing), _RIGHT, line)
        else:
            painter.drawText(QPointF(left, y + ascent), line)


def text_draw(
    lines: Sequence[str],
    font: QFont,
    colour: QColor,
    spacing: float,
    ascent: float,
    align_right: bool = False,
) -> Draw:
    def draw(painter: QPainter, rect: QRectF) -> None:
        painter.setFont(font)
        painter.setPen(colour)
        _draw_lines(
            painter, rect.left(), rect.top(), rect.width(), lines, spacing, ascent, align_right
        )

    return draw


def paragraph(
    pager: Pager,
    fonts: Fonts,
    text: str,
    font: QFont,
    colour: QColor = INK,
    left: float = 0,
    keep: int = 2,
    label: tuple[str, QFont] | None = None,
) -> int:
    """Wrapped text that may continue on the next page (``keep`` lines stay together).

    A ``label`` (text, font) is set in the margin ``left`` of the first line, e.g. a date.
    Returns the number of the page its first line is on.
    """
    metrics = fonts.metrics(font)
    spacing = metrics.lineSpacing() * 1.12
    lines = wrap(text, font, pager.frame.width() - left, fonts) or [""]
    pager.ensure(spacing * min(keep, len(lines)))
    first_page = 0
    while lines:
        fit = max(1, int(pager.room // spacing))
        chunk, lines = lines[:fit], lines[fit:]
        draw = text_draw(chunk, font, colour, spacing, metrics.ascent())
        if not first_page and label is not None:
            draw = _labelled(draw, label, left, metrics)
        pager.place(spacing * len(chunk), draw, left)
        first_page = first_page or pager.page_number
        if lines:
            pager.new_page()
    return first_page


def clip_lines(
    text: str, font: QFont, width: float, fonts: Fonts, max_lines: int
) -> tuple[list[str], bool]:
    """``text`` wrapped at ``width`` in at most ``max_lines`` lines, and whether any was cut.

    A longer text is run together into one paragraph first (its line breaks would waste the
    few lines), then cut at a word with "…" at the end of the last line.
    """
    lines = wrap(text, font, width, fonts)
    if len(lines) <= max_lines:
        return lines, False
    lines = wrap(" ".join(text.split()), font, width, fonts)
    if len(lines) <= max_lines:
        return lines, False
    advance = fonts.widths(font)
    last = lines[max_lines - 1]
    while last and advance(f"{last} …") > width:
        last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
    return [*lines[: max_lines - 1], f"{last} …"], True


PARAGRAPH_GAP = 0.4
"""Space between the paragraphs of a callout, in lines."""


def callout(
    pager: Pager,
    fonts: Fonts,
    heading: tuple[str, QFont],
    paragraphs: Sequence[str],
    font: QFont,
    colour: QColor,
    fill: QColor,
) -> None:
    """``paragraphs`` under a ``heading`` in a box of ``fill`` with a bar of ``colour`` on its
    left, a little space between them.

    Like ``paragraph`` it splits between lines: every page gets its own piece of the box (the
    heading on the first, with at least two lines of text), so however long it grows nothing
    runs off the page.
    """
    pt = fonts.points
    title, title_font = heading
    metrics = fonts.metrics(font)
    spacing = metrics.lineSpacing() * 1.12
    inset, right = pt(14), pt(12)
    head, top, bottom = pt(24), pt(10), pt(12)
    width = pager.frame.width() - inset - right
    # (line, the space above it): a paragraph's first line keeps a gap from the one before.
    lines = [
        (line, spacing * PARAGRAPH_GAP if n and not k else 0.0)
        for n, text in enumerate(paragraphs)
        for k, line in enumerate(wrap(text, font, width, fonts))
    ]

    def height(chunk: Sequence[tuple[str, float]]) -> float:
        """The lines' height at the top of a piece, where the first gap is dropped."""
        return sum(spacing + (gap if k else 0) for k, (_line, gap) in enumerate(chunk))

    def piece(chunk: Sequence[tuple[str, float]], first: bool) -> Draw:
        def draw(painter: QPainter, rect: QRectF) -> None:
            painter.fillRect(rect, fill)
            painter.fillRect(QRectF(rect.left(), rect.top(), pt(4), rect.height()), colour)
            if first:
                painter.setFont(title_font)
                painter.setPen(colour)
                painter.drawText(QPointF(rect.left() + inset, rect.top() + pt(17)), title)
            painter.setFont(font)
            painter.setPen(INK)
            y = rect.top() + (head if first else top)
            for k, (line, gap) in enumerate(chunk):
                y += gap if k else 0
                painter.drawText(QPointF(rect.left() + inset, y + metrics.ascent()), line)
                y += spacing

        return draw

    pager.ensure(head + height(lines[:2]) + bottom)
    first = True
    while True:
        above = head if first else top
        room, fit = pager.room - above - bottom, 0
        for _line, gap in lines:
            room -= spacing + (gap if fit else 0)
            if room < 0:
                break
            fit += 1
        if fit < 1 and not pager.at_top:
            pager.new_page()
            continue
        chunk, lines = lines[: max(1, fit)], lines[max(1, fit) :]
        pager.place(above + height(chunk) + bottom, piece(chunk, first))
        first = False
        if not lines:
            return
        pager.new_page()


def _labelled(draw: Draw, label: tuple[str, QFont], left: float, metrics: QFontMetricsF) -> Draw:
    text, font = label

    def labelled(painter: QPainter, rect: QRectF) -> None:
        painter.setFont(font)
        painter.setPen(MUTED)
        # Same baseline as the first line of the text beside it.
        painter.drawText(QPointF(rect.left() - left, rect.top() + metrics.ascent()), text)
        draw(painter, rect)

    return labelled


@dataclass
class Column:
    title: str
    share: float
    """Relative width."""
    align_right: bool = False


@dataclass
class Table:
    """Rows of wrapped cells under a header row that repeats on every page."""

    columns: Sequence[Column]
    rows: list[list[str]] = field(default_factory=list)
    bold_rows: set[int] = field(default_factory=set)
    """Rows to set in bold (e.g. a flagged answer), so colour is not the only signal."""


def table(pager: Pager, fonts: Fonts, spec: Table, size: float = 8.5) -> None:
    body = fonts.font(size)
    strong = fonts.font(size, bold=True)
    metrics = fonts.metrics(body)
    spacing = metrics.lineSpacing() * 1.08
    pad = fonts.points(3.2)
    total = sum(c.share for c in spec.columns)
    widths = [pager.frame.width() * c.share / total for c in spec.columns]
    max_lines = max(1, int((pager.frame.height() - 4 * spacing) // spacing) - 4)

    def cells_of(values: Sequence[str], font: QFont) -> list[list[str]]:
        found = []
        for value, width in zip(values, widths, strict=True):
            lines = wrap(value, font, width - 2 * pad, fonts) or [""]
            if len(lines) > max_lines:
                lines = [*lines[: max_lines - 1], lines[max_lines - 1] + " …"]
            found.append(lines)
        return found

    ascent = metrics.ascent()
    rule_pen = QPen(RULE, fonts.points(0.6))
    right = [column.align_right for column in spec.columns]

    def row_draw(cells: list[list[str]], font: QFont, fill: QColor | None, rule: bool) -> Draw:
        def draw(painter: QPainter, rect: QRectF) -> None:
            if fill is not None:
                painter.fillRect(rect, fill)
            if rule:
                painter.setPen(rule_pen)
                painter.drawLine(rect.bottomLeft(), rect.bottomRight())
            painter.setFont(font)
            painter.setPen(INK)
            x, top = rect.left(), rect.top() + pad * 0.8
            for lines, width, align_right in zip(cells, widths, right, strict=True):
                _draw_lines(
                    painter, x + pad, top, width - 2 * pad, lines, spacing, ascent, align_right
                )
                x += width

        return draw

    header = cells_of([c.title for c in spec.columns], strong)
    header_height = max(len(c) for c in header) * spacing + pad * 1.6

    def place_header() -> None:
        pager.place(header_height, row_draw(header, strong, SOFT, True))

    rows = []
    for index, values in enumerate(spec.rows):
        font = strong if index in spec.bold_rows else body
        cells = cells_of(values, font)
        rows.append((max(len(c) for c in cells) * spacing + pad * 1.6, cells, font))
    pager.ensure(header_height + (rows[0][0] if rows else 0))
    place_header()
    for height, cells, font in rows:
        if height > pager.room:
            pager.new_page()
            place_header()
        pager.place(height, row_draw(cells, font, None, True))
