"""Labelled fields in as many columns as the width takes: "label [field]" pairs side by side in
a wide window, a tidy form with the labels lined up when the text is large or the window narrow,
and each label above its field when even that is too wide (200% text on a small screen).

A flow layout would wrap the same pairs, but ragged: at 200% text each pair ends up on a line of
its own with its field starting wherever its label happens to end.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QSizePolicy, QWidget


@dataclass(frozen=True)
class _Pair:
    label: QLabel
    field: QWidget
    wide: bool
    new_row: bool


class FieldGrid(QWidget):
    def __init__(self, gap: int = 20, label_gap: int = 8, row_gap: int = 10) -> None:
        super().__init__()
        self._pairs: list[_Pair] = []
        self._hidden: set[QWidget] = set()
        self._gap = gap
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(label_gap)
        self._grid.setVerticalSpacing(row_gap)
        self._columns = 0
        # The width it is given decides its columns, not the other way round: it asks only
        # for the width of one column (see refit).
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    @property
    def columns(self) -> int:
        """How many label and field pairs stand side by side (0: each label above its field)."""
        return self._columns

    def add(
        self, label: str, field: QWidget, *, wide: bool = False, new_row: bool = False
    ) -> QLabel:
        """A field with its label (``&`` marks the key that jumps to the field); a ``wide``
        one has a row of its own, as wide as the grid; a ``new_row`` one starts a row (so two
        fields that belong together, like "from" and "to", stay side by side)."""
        text = QLabel(label)
        text.setBuddy(field)
        self._pairs.append(_Pair(text, field, wide, new_row or wide))
        self.refit()
        return text

    def set_shown(self, field: QWidget, shown: bool) -> None:
        """Show or hide a field with its label."""
        if shown == (field not in self._hidden):
            return
        (self._hidden.discard if shown else self._hidden.add)(field)
        for pair in self._pairs:
            if pair.field is field:
                pair.label.setVisible(shown)
                field.setVisible(shown)
        self.refit()

    def refit(self) -> None:
        """Arrange anew, e.g. after a field changed its size (new choices, another font)."""
        self._columns = -1
        self.setMinimumWidth(self._width(0, least=True))
        self._arrange()

    def _shown(self) -> list[_Pair]:
        return [pair for pair in self._pairs if pair.field not in self._hidden]

    def _places(self, pairs: list[_Pair], columns: int) -> list[tuple[_Pair, int, int]]:
        """(pair, row, column) in reading order; a wide pair starts a row and fills it."""
        places, row, column = [], 0, 0
        for pair in pairs:
            if pair.new_row and column:
                row, column = row + 1, 0
            places.append((pair, row, column))
            column = 0 if pair.wide else column + 1
            if pair.wide or column == columns:
                row, column = row + 1, 0
        return places

    def _width(self, columns: int, *, least: bool = False) -> int:
        """How wide the shown pairs are in ``columns`` columns, or with the labels above the
        fields for 0 (``least``: with the fields squeezed to their least width)."""

        def width(widget: QWidget) -> int:  # without the margin that sets a label apart
            policy = widget.sizePolicy().horizontalPolicy()
            shrinks = policy.value & QSizePolicy.PolicyFlag.ShrinkFlag.value
            hint = widget.minimumSizeHint() if least and shrinks else widget.sizeHint()
            return hint.width() - widget.contentsMargins().left()

        if columns == 0:
            return max((width(w) for p in self._shown() for w in (p.label, p.field)), default=0)
        labels, fields, wide = [0] * columns, [0] * columns, 0
        for pair, _row, column in self._places(self._shown(), columns):
            labels[column] = max(labels[column], width(pair.label))
            if pair.wide:
                wide = max(wide, width(pair.field))
            else:
                fields[column] = max(fields[column], width(pair.field))
        spacing = self._grid.horizontalSpacing()
        pairs = sum(labels) + sum(fields) + (self._gap + spacing) * columns - self._gap
        return max(pairs, labels[0] + spacing + wide)

    def _arrange(self) -> None:
        pairs = self._shown()
        narrow = sum(not pair.wide for pair in pairs)
        fits = (n for n in range(narrow, 1, -1) if self._width(n) <= self.width())
        # Labels above their fields take more height: only when fields beside them would not
        # fit even squeezed.
        columns = next(fits, 1 if self._width(1, least=True) <= self.width() else 0)
        if columns == self._columns:
            return
        self._columns = columns
        for index in reversed(range(self._grid.count())):
            self._grid.takeAt(index)
        for column in range(self._grid.columnCount()):
            self._grid.setColumnStretch(column, 0)
        # Hidden pairs go last, taking no room, and stay in the window (for the Tab order).
        hidden = [pair for pair in self._pairs if pair.field in self._hidden]
        if columns == 0:
            self._stack(pairs + hidden)
            return
        for pair, row, column in self._places(pairs + hidden, columns):
            # Pairs side by side are set apart by more than a label from its field.
            pair.label.setContentsMargins(self._gap if column else 0, 0, 0, 0)
            self._grid.addWidget(pair.label, row, 2 * column)
            if pair.wide:
                self._grid.addWidget(pair.field, row, 1, 1, 2 * columns)
            else:
                self._grid.addWidget(pair.field, row, 2 * column + 1)
        self._grid.setColumnStretch(2 * columns, 1)  # the pairs keep to the left

    def _stack(self, pairs: list[_Pair]) -> None:
        """Each label above its field; a wide field fills the width, others keep theirs."""
        for index, pair in enumerate(pairs):
            # More room above a label than under it: it belongs to the field below.
            pair.label.setContentsMargins(0, self._gap // 2 if index else 0, 0, 0)
            self._grid.addWidget(pair.label, 2 * index, 0)
            self._grid.addWidget(pair.field, 2 * index + 1, 0, 1, 2 if pair.wide else 1)
        self._grid.setColumnStretch(1, 1)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.refit()
