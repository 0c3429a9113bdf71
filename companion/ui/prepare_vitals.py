"""An optional blood pressure and pulse reading: three small number boxes in one row."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QLineEdit, QSizePolicy, QWidget

from companion.domain.journal import EntryDraft

Reading = tuple[int | None, int | None, int | None]


class _NumberBox(QLineEdit):
    """Room for three digits at any text size; empty means no reading."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.setValidator(QIntValidator(0, 999, self))
        self.setMaxLength(3)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setPlaceholderText("–")
        self.setAccessibleName(name)
        self.setAccessibleDescription("Optional; leave empty for no reading")
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        return QSize(self.fontMetrics().horizontalAdvance("0000") + 28, super().sizeHint().height())

    def value(self) -> int | None:
        return int(self.text()) if self.text() else None


class VitalsRow(QWidget):
    """Emits ``edited`` as numbers change and ``finished`` when a box is left."""

    edited = Signal()
    finished = Signal()

    def __init__(self) -> None:
        super().__init__()
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        # A narrow window at 200% text: the boxes go under their label rather than off the side.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.systolic = _NumberBox("Blood pressure, upper number (systolic), mmHg")
        self.diastolic = _NumberBox("Blood pressure, lower number (diastolic), mmHg")
        self.pulse = _NumberBox("Pulse, beats per minute")
        pressure = QLabel("&Blood pressure:")
        pressure.setBuddy(self.systolic)
        pulse = QLabel("&Pulse:")
        pulse.setBuddy(self.pulse)
        form.addRow(pressure, _line(self.systolic, QLabel("/"), self.diastolic, QLabel("mmHg")))
        form.addRow(pulse, _line(self.pulse, QLabel("bpm")))  # as in the journal: it fits
        for box in self._boxes():
            box.textEdited.connect(self.edited)
            box.editingFinished.connect(self.finished)

    def _boxes(self) -> tuple[_NumberBox, _NumberBox, _NumberBox]:
        return self.systolic, self.diastolic, self.pulse

    def reading(self) -> Reading:
        return self.systolic.value(), self.diastolic.value(), self.pulse.value()

    def set_reading(self, reading: Reading) -> None:
        for box, value in zip(self._boxes(), reading, strict=True):
            box.setText("" if value is None else str(value))

    def problem(self) -> str:
        """What is wrong with the reading, in words ("" when it can be saved)."""
        systolic, diastolic, pulse = self.reading()
        try:
            EntryDraft(systolic=systolic, diastolic=diastolic, pulse=pulse).validate()
        except ValueError as error:
            return str(error)
        return ""


def _line(*widgets: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    for widget in widgets:
        row.addWidget(widget)
    row.addStretch(1)
    return row
