"""Date and date-time fields that Tab leaves at once.

Qt's date fields take Tab to move between their parts (day, month, year, hour, minute), so a
keyboard user pressed Tab five times to leave one and typed into nothing meanwhile. Here Tab
goes to the next control, as in every other field; Left and Right move between the parts.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDateEdit, QDateTimeEdit, QWidget

PARTS_HINT = "Left and Right move between its parts; Up and Down change one"


class _TabLeaves:
    def __init__(self, *args: object) -> None:
        super().__init__(*args)  # type: ignore[call-arg]
        self.setAccessibleDescription(PARTS_HINT)  # type: ignore[attr-defined]

    def focusNextPrevChild(self, next: bool) -> bool:
        return QWidget.focusNextPrevChild(self, next)  # type: ignore[arg-type]


class DateField(_TabLeaves, QDateEdit):
    pass


class DateTimeField(_TabLeaves, QDateTimeEdit):
    pass
