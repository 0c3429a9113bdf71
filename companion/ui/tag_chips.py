"""Emotion tags as checkable chips, plus the patient's own words."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLineEdit, QPushButton, QVBoxLayout, QWidget

from companion.domain.journal import MAX_TAG_CHARS
from companion.ui.beside_or_under import BesideOrBelow
from companion.ui.flow_layout import FlowLayout
from companion.ui.fold import FoldingButton
from companion.ui.roving import RovingFocus

CHECK = "✓ "


class TagChips(QWidget):
    changed = Signal()

    def __init__(self, tags: Iterable[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(10)
        self.setProperty("plain", True)
        self._flow_host = QWidget()
        self._flow_host.setProperty("plain", True)
        self._flow = FlowLayout(self._flow_host)
        box.addWidget(self._flow_host)
        self._chips: dict[str, QPushButton] = {}
        self._roving = RovingFocus(self)  # the chips are one Tab stop
        for tag in tags:
            self._add_chip(tag)

        self.own_word = QLineEdit()
        self.own_word.setPlaceholderText("Add your own word")
        self.own_word.setAccessibleName("Add your own word for how you feel")
        self.own_word.setMaxLength(MAX_TAG_CHARS)
        self.own_word.returnPressed.connect(self._add_own)
        self.add_button = QPushButton("Add word")
        self.add_button.setAccessibleName("Add this word as a feeling")
        self.add_button.clicked.connect(self._add_own)
        box.addWidget(BesideOrBelow(self.own_word, self.add_button, grows=self.own_word))

    def _add_chip(self, tag: str) -> QPushButton:
        chip = FoldingButton(tag)
        chip.setCheckable(True)
        chip.setProperty("chip", True)
        chip.setAccessibleName(tag)
        chip.toggled.connect(lambda checked, c=chip, t=tag: self._toggled(c, t, checked))
        self._flow.addWidget(chip)
        self._roving.add(chip)
        self._chips[tag] = chip
        return chip

    def _toggled(self, chip: QPushButton, tag: str, checked: bool) -> None:
        chip.setText(CHECK + tag if checked else tag)
        self.changed.emit()

    def _add_own(self) -> None:
        # Tags are stored comma-separated, so a comma cannot be part of one.
        word = " ".join(self.own_word.text().replace(",", " ").split()).lower()
        self.own_word.clear()
        if not word:
            return
        chip = self._chips.get(word) or self._add_chip(word)
        chip.setChecked(True)
        self._flow_host.updateGeometry()

    def chip(self, tag: str) -> QPushButton:
        return self._chips[tag]

    def tags(self) -> list[str]:
        return [tag for tag, chip in self._chips.items() if chip.isChecked()]

    def set_tags(self, tags: Iterable[str]) -> None:
        wanted = list(dict.fromkeys(tags))
        for tag in wanted:
            if tag not in self._chips:
                self._add_chip(tag)
        for tag, chip in self._chips.items():
            chip.blockSignals(True)
            chip.setChecked(tag in wanted)
            chip.setText(CHECK + tag if tag in wanted else tag)
            chip.blockSignals(False)
