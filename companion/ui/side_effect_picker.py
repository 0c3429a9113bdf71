"""Side effects: pick from the reference list (or name your own), then rate each one.

Only the effects the patient picks get a row, so a quiet day stays short. Each row rates the
effect none / mild / moderate / severe (our own patient-rated scale, see clinical.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from companion.domain.journal import OTHER_SIDE_EFFECT, SIDE_EFFECTS, Severity, SideEffect
from companion.ui.beside_or_under import BesideOrBelow, BesideOrUnder
from companion.ui.flow_layout import FlowLayout
from companion.ui.fold import FoldingButton
from companion.ui.roving import HOW, RovingFocus
from companion.ui.tag_chips import CHECK

KNOWN = tuple(name for name in SIDE_EFFECTS if name != OTHER_SIDE_EFFECT)


@dataclass
class _Row:
    widget: QWidget
    severity: QComboBox
    remove: QPushButton
    name: str
    note: str  # the custom name for "other"; a kept note for listed effects


class SideEffectPicker(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(10)
        self.setProperty("plain", True)
        chips_host = QWidget()
        chips_host.setProperty("plain", True)
        flow = FlowLayout(chips_host)
        self._chips: dict[str, QPushButton] = {}
        roving = RovingFocus(self)  # the chips are one Tab stop
        for name in KNOWN:
            chip = FoldingButton(name)
            chip.setCheckable(True)
            chip.setProperty("chip", True)
            chip.setAccessibleName(name)
            chip.setAccessibleDescription(
                f"Side effect; check it to rate how strong it was. {HOW}"
            )
            chip.toggled.connect(lambda checked, n=name: self._chip_toggled(n, checked))
            flow.addWidget(chip)
            roving.add(chip)
            self._chips[name] = chip
        box.addWidget(chips_host)

        self.other_name = QLineEdit()
        self.other_name.setPlaceholderText("Something else? Name it here")
        self.other_name.setAccessibleName("Another side effect, in your words")
        self.other_name.setMaxLength(200)
        self.other_name.returnPressed.connect(self._add_other)
        add = self._add_button = QPushButton("Add side effect")
        add.setAccessibleName("Add this side effect")
        add.clicked.connect(self._add_other)
        box.addWidget(BesideOrBelow(self.other_name, add, grows=self.other_name))

        self._rows_box = QVBoxLayout()
        self._rows_box.setSpacing(6)
        box.addLayout(self._rows_box)
        self._rows: list[_Row] = []

    # --- rows -----------------------------------------------------------------------------
    def _add_row(self, name: str, severity: Severity, note: str = "") -> _Row:
        shown = note if name == OTHER_SIDE_EFFECT else name
        # A parent from the start: the row shows its text at once, and a label with none
        # would open as a window of its own.
        label = QLabel(shown[:1].upper() + shown[1:], self)
        label.setWordWrap(True)
        # How strong and Remove beside the name, or under it on a narrow page.
        widget = BesideOrUnder(label)
        combo = QComboBox()
        for level in Severity:
            combo.addItem(level.label, int(level))
        combo.setCurrentIndex(int(severity))
        combo.setAccessibleName(f"How strong: {shown}")
        label.setBuddy(combo)
        remove = QPushButton("Remove")
        remove.setAccessibleName(f"Remove {shown}")
        widget.add_button(combo)
        widget.add_button(remove)
        before = self._rows[-1].remove if self._rows else self._add_button
        row = _Row(widget, combo, remove, name, note)
        combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        remove.clicked.connect(lambda: self._remove(row, focus_next=True))
        self._rows.append(row)
        self._rows_box.addWidget(widget)
        # Rows are made later than the widgets below them: keep Tab in reading order.
        QWidget.setTabOrder(before, combo)
        QWidget.setTabOrder(combo, remove)
        return row

    def _remove(self, row: _Row, *, focus_next: bool = False) -> None:
        index = self._rows.index(row)
        self._rows.remove(row)
        row.widget.deleteLater()
        chip = self._chips.get(row.name)
        if chip is not None:
            self._set_chip(chip, row.name, False)
            if focus_next:
                chip.setFocus()
        elif focus_next:
            target = self._rows[min(index, len(self._rows) - 1)] if self._rows else None
            (target.severity if target else self.other_name).setFocus()
        self.changed.emit()

    def _chip_toggled(self, name: str, checked: bool) -> None:
        self._chips[name].setText(CHECK + name if checked else name)
        existing = next((row for row in self._rows if row.name == name), None)
        if checked and existing is None:
            row = self._add_row(name, Severity.MILD)
            row.severity.setFocus()
            self.changed.emit()
        elif not checked and existing is not None:
            self._remove(existing)

    def _add_other(self) -> None:
        text = " ".join(self.other_name.text().split())
        self.other_name.clear()
        if not text:
            return
        known = text.casefold()
        if known in self._chips:
            self._chips[known].setChecked(True)
            return
        row = self._add_row(OTHER_SIDE_EFFECT, Severity.MILD, text)
        row.severity.setFocus()
        self.changed.emit()

    @staticmethod
    def _set_chip(chip: QPushButton, name: str, checked: bool) -> None:
        chip.blockSignals(True)
        chip.setChecked(checked)
        chip.setText(CHECK + name if checked else name)
        chip.blockSignals(False)

    # --- the value ------------------------------------------------------------------------
    def chip(self, name: str) -> QPushButton:
        return self._chips[name]

    def rows(self) -> list[tuple[str, QComboBox]]:
        """(shown name, severity box) per row, for tests and focus handling."""
        return [(r.note if r.name == OTHER_SIDE_EFFECT else r.name, r.severity) for r in self._rows]

    def effects(self) -> list[SideEffect]:
        return [
            SideEffect(row.name, Severity(row.severity.currentData()), row.note)
            for row in self._rows
        ]

    def set_effects(self, effects: list[SideEffect]) -> None:
        for row in list(self._rows):
            self._rows.remove(row)
            row.widget.deleteLater()
        for name, chip in self._chips.items():
            self._set_chip(chip, name, any(e.name == name for e in effects))
        for effect in effects:
            self._add_row(effect.name, effect.severity, effect.note)
