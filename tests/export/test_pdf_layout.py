"""The PDF page layout: nothing taller than a page is accepted, long boxes split between lines."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF
from PySide6.QtGui import QPainter, QPdfWriter

from companion.export.pdf_layout import (
    FLAG,
    FLAG_SOFT,
    Fonts,
    Pager,
    callout,
    clip_lines,
    font_family,
    paragraph,
    wrap,
)

pytestmark = pytest.mark.usefixtures("qapp")

WORDS = " ".join(f"Word{n} and some more text to fill the line." for n in range(400))


@pytest.fixture
def fonts() -> Iterator[Fonts]:
    buffer = QBuffer(QByteArray())
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(1200)
    yield Fonts(font_family(), writer)
    buffer.close()


def _pager(fonts: Fonts) -> Pager:
    pt = fonts.points
    return Pager(QRectF(pt(40), pt(60), pt(500), pt(700)))


def _inside(pager: Pager) -> bool:
    frame = pager.frame
    return all(
        frame.top() - 1e-6 <= rect.top() and rect.bottom() <= frame.bottom() + 1e-6
        for page in pager.pages
        for rect, _draw in page
    )


def _noop(_painter: QPainter, _rect: QRectF) -> None:
    pass


def test_a_block_taller_than_a_page_is_refused_not_clipped(fonts: Fonts) -> None:
    pager = _pager(fonts)
    pager.place(pager.frame.height(), _noop)  # a whole page is fine
    with pytest.raises(ValueError, match="does not fit on a page"):
        pager.place(pager.frame.height() + 1, _noop)
    assert _inside(pager)


def test_a_callout_longer_than_a_page_splits_between_its_lines(fonts: Fonts) -> None:
    pager = _pager(fonts)
    paragraph(pager, fonts, "A line above the box.", fonts.font(9.5))
    callout(
        pager,
        fonts,
        ("Heading", fonts.font(9.5, bold=True)),
        [WORDS],
        fonts.font(9.5),
        FLAG,
        FLAG_SOFT,
    )
    assert len(pager.pages) >= 3
    assert _inside(pager)
    # Every page's piece is one block, and together they hold every line of the text.
    spacing = fonts.metrics(fonts.font(9.5)).lineSpacing() * 1.12
    pieces = [rect for page in pager.pages for rect, _draw in page][1:]
    lines = wrap(WORDS, fonts.font(9.5), pager.frame.width() - fonts.points(26), fonts)
    padding = fonts.points(24 + 12) + (len(pieces) - 1) * fonts.points(10 + 12)
    assert sum(rect.height() for rect in pieces) == pytest.approx(padding + spacing * len(lines))


def test_a_short_callout_is_one_box(fonts: Fonts) -> None:
    pager = _pager(fonts)
    callout(
        pager,
        fonts,
        ("Heading", fonts.font(9.5, bold=True)),
        ["Two words.", "A second paragraph."],
        fonts.font(9.5),
        FLAG,
        FLAG_SOFT,
    )
    assert [len(page) for page in pager.pages] == [1]


def test_clip_lines_cuts_a_long_text_at_a_word_with_an_ellipsis(fonts: Fonts) -> None:
    font = fonts.font(9.5)
    width = fonts.points(400)
    lines, clipped = clip_lines(WORDS, font, width, fonts, 3)
    assert clipped and len(lines) == 3
    assert lines[-1].endswith(" …")
    assert all(fonts.widths(font)(line) <= width for line in lines)
    assert " ".join(lines).startswith("Word0 and some more text")
    # Short texts come back whole; a few short lines are run together rather than cut.
    assert clip_lines("One line.", font, width, fonts, 3) == (["One line."], False)
    assert clip_lines("a\nb\nc\nd\ne", font, width, fonts, 3) == (["a b c d e"], False)


def test_a_paragraph_says_which_page_it_starts_on(fonts: Fonts) -> None:
    pager = _pager(fonts)
    assert paragraph(pager, fonts, WORDS, fonts.font(9.5)) == 1
    assert len(pager.pages) > 1
    assert paragraph(pager, fonts, "Next.", fonts.font(9.5)) == len(pager.pages)
