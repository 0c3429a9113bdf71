"""A 0-10 rating with word anchors under the ends and the middle, for mood and anxiety.

It starts "not rated" (a blank is honest; a preset 5 would be a made-up answer) and becomes
rated on the first touch by mouse or keyboard. The words for the value are shown under the
title, given to screen readers as the slider's accessible description, and said aloud as the
patient moves it (a screen reader would otherwise say only the number). While unrated, the
slider's accessible name says so ("Mood, not rated yet"): a screen reader also says the parked
handle's number, which must not be heard as a rating.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from companion.domain.journal import SCALE_MAX, SCALE_MIN, Scale, anchor_text
from companion.ui.announce import announce

NOT_RATED = "Not rated yet"
_RIGHT = Qt.AlignmentFlag.AlignRight


class _RatingSlider(QSlider):
    """A slider whose accessible name ends in ", not rated yet" while it is unrated, whoever
    names it (a form may rename it, e.g. "Mood now" for a session's entry)."""

    def __init__(self) -> None:
        super().__init__(Qt.Orientation.Horizontal)
        self._name = ""
        self._rated = False

    def setAccessibleName(self, name: str) -> None:
        self._name = name
        self._name_it()

    def set_rated(self, rated: bool) -> None:
        self._rated = rated
        self._name_it()

    def _name_it(self) -> None:
        suffix = "" if self._rated else f", {NOT_RATED.lower()}"
        super().setAccessibleName(self._name + suffix)


class ScaleSlider(QWidget):
    changed = Signal()

    def __init__(self, scale: Scale, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._scale = scale
        self._rated = False
        self._quiet = False
        self.setProperty("plain", True)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(4)

        # The title over the words for the value, Clear beside them: the ends' words then
        # have the full width under the slider, and the rating fits a narrow page at 200%.
        heading = QHBoxLayout()
        heading.setSpacing(12)
        words = QVBoxLayout()
        words.setSpacing(2)  # spacing, not a spacer: none is left when the title is hidden
        self.title_label = QLabel(title)
        self.title_label.setObjectName("FieldTitle")
        self.value_label = QLabel(NOT_RATED)
        self.value_label.setWordWrap(True)
        self.title_label.setWordWrap(True)
        words.addWidget(self.title_label)
        words.addWidget(self.value_label)
        heading.addLayout(words, 1)
        grid.addLayout(heading, 0, 0, 1, 3)

        self.slider = _RatingSlider()
        self.slider.setRange(SCALE_MIN, SCALE_MAX)
        self.slider.setSingleStep(1)
        self.slider.setPageStep(2)
        self.slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.slider.setTickInterval(1)
        self.slider.setValue((SCALE_MIN + SCALE_MAX) // 2)
        self.slider.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.slider.setAccessibleName(title)
        self.slider.setMinimumHeight(36)
        self.title_label.setBuddy(self.slider)
        grid.addWidget(self.slider, 1, 0, 1, 3)

        anchors = zip(
            (SCALE_MIN, (SCALE_MIN + SCALE_MAX) // 2, SCALE_MAX),
            scale.labels,
            (Qt.AlignmentFlag.AlignLeft, Qt.AlignmentFlag.AlignHCenter, _RIGHT),
            strict=True,
        )
        for column, (number, text, align) in enumerate(anchors):
            anchor = QLabel(f"{number} · {text}")
            anchor.setObjectName("Muted")
            anchor.setAlignment(align)
            anchor.setWordWrap(True)
            grid.addWidget(anchor, 2, column)
            grid.setColumnStretch(column, 1)

        self.clear_button = QPushButton("Clear")
        self.clear_button.setAccessibleName(f"Clear {title.lower()}")
        self.clear_button.setToolTip("Leave this unrated")
        self.clear_button.clicked.connect(self._clear)
        heading.addWidget(self.clear_button, 0, Qt.AlignmentFlag.AlignVCenter)

        self.slider.actionTriggered.connect(self._touched)
        self.slider.sliderPressed.connect(self._touched)
        self.slider.valueChanged.connect(self._moved)
        self._show()

    def value(self) -> int | None:
        return self.slider.value() if self._rated else None

    def setValue(self, value: int | None) -> None:
        """Set without announcing a change (loading an entry or a draft)."""
        self._set(value, announce=False)

    def _set(self, value: int | None, *, announce: bool) -> None:
        self._quiet = True
        self._rated = value is not None
        self.slider.setValue((SCALE_MIN + SCALE_MAX) // 2 if value is None else value)
        self._quiet = False
        self._show()
        if announce:
            self.changed.emit()

    def _clear(self) -> None:
        # Clear is disabled once unrated: the focus goes to the slider, which says "not rated".
        if self.clear_button.hasFocus():
            self.slider.setFocus()
        self._set(None, announce=True)

    def _touched(self, _action: int = 0) -> None:
        if not self._rated:
            self._rated = True
            self._show()  # the move that follows (if any) says the words
            self.changed.emit()

    def _moved(self, _value: int) -> None:
        if self._quiet:
            return
        self._rated = True
        self._show(speak=True)
        self.changed.emit()

    def _show(self, *, speak: bool = False) -> None:
        value = self.value()
        if value is None:
            words = NOT_RATED
            description = f"{NOT_RATED}. Use the arrow keys to rate from 0 to 10."
        else:
            words = description = anchor_text(self._scale, value)
        self.value_label.setText(words)
        self.slider.set_rated(value is not None)
        self.slider.setAccessibleDescription(description)
        if speak:
            announce(self.slider, words)
        if self.slider.property("rated") != (value is not None):
            # An unrated slider looks hollow, so the middle position is not read as a 5.
            self.slider.setProperty("rated", value is not None)
            self.slider.style().unpolish(self.slider)
            self.slider.style().polish(self.slider)
        self.clear_button.setEnabled(value is not None)
