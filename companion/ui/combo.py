"""Drop-down lists that can narrow with the window."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox

MIN_CHARACTERS = 8  # what stays readable of the chosen item when the window is narrow


def shrinkable(combo: QComboBox | None = None) -> QComboBox:
    """A combo box no wider than its row allows: by default Qt makes it as wide as its longest
    item, which at large text pushes a page past the window's edge. The open list still shows
    every item whole."""
    combo = combo or QComboBox()
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(MIN_CHARACTERS)
    return combo
