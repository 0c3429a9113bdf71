""""Get help now": crisis resources, reachable from every screen (clinical.md, Safety)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from companion.domain import safety
from companion.ui.dialog_frame import ScrollingDialog, close_button


class HelpDialog(ScrollingDialog):
    """Shows the resources at once; the patient's own contacts appear and can be edited here.

    It scrolls rather than squeezing the resources at 200% text. Each resource takes focus
    (the first one on opening), so a screen reader says the crisis lines before anything else.
    """

    contacts_edited = Signal(str, str)  # clinic, trusted person

    def __init__(self, parent: QWidget | None = None, *, reason: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("Get help now")
        self.setAccessibleName("Get help now")
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 64)
        layout = self.body

        heading = QLabel(safety.HEADING)
        heading.setObjectName("ScreenTitle")
        heading.setWordWrap(True)
        layout.addWidget(heading)
        if reason:
            lead = QLabel(reason)
            lead.setWordWrap(True)
            layout.addWidget(lead)

        self._resources = QVBoxLayout()
        self._resources.setSpacing(10)
        layout.addLayout(self._resources)

        care = QLabel(safety.CARE_TEAM_LINE)
        care.setWordWrap(True)
        layout.addWidget(care)

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.clinic = QLineEdit()
        self.clinic.setPlaceholderText("e.g. Riverside Clinic, 555-0100")
        self.clinic.setAccessibleName("Your clinic's contact")
        self.trusted = QLineEdit()
        self.trusted.setPlaceholderText("e.g. Sam (sister), 555-0199")
        self.trusted.setAccessibleName("A trusted person's contact")
        form.addRow("Your &clinic:", self.clinic)
        form.addRow("Someone you &trust:", self.trusted)
        layout.addLayout(form)

        note = QLabel(safety.DISCLAIMER)
        note.setObjectName("Muted")
        note.setWordWrap(True)
        layout.addWidget(note)

        buttons = close_button()
        buttons.rejected.connect(self.reject)
        self.buttons.addWidget(buttons)
        self.finished.connect(self._emit_contacts)
        self.set_contacts("", "")
        self.fit_to_screen()

    def showEvent(self, event: QShowEvent) -> None:
        """It opens without blocking anything (not modal), so it asks for the keyboard itself:
        Esc closes it and Tab moves through it, wherever it was opened from."""
        super().showEvent(event)
        self.activateWindow()

    def set_contacts(self, clinic: str, trusted: str) -> None:
        self.clinic.setText(clinic)
        self.trusted.setText(trusted)
        self._original = (clinic, trusted)
        focused = self.focusWidget()
        refocus = focused is None or focused.objectName() == "Card"
        while self._resources.count():
            item = self._resources.takeAt(0)
            if item.widget():
                item.widget().hide()
                item.widget().deleteLater()
        cards = [_resource_card(resource) for resource in safety.crisis_resources(clinic, trusted)]
        for card in cards:
            self._resources.addWidget(card)
            if self.isVisible():
                card.show()  # now, so it can take the focus at once
        self.setAccessibleDescription(" ".join(card.accessibleName() for card in cards))
        if cards and refocus:
            cards[0].setFocus()

    def _emit_contacts(self) -> None:
        edited = (self.clinic.text().strip(), self.trusted.text().strip())
        if edited != self._original:
            self.contacts_edited.emit(*edited)


def _resource_card(resource: safety.Resource) -> QFrame:
    card = QFrame()
    card.setObjectName("Card")
    box = QVBoxLayout(card)
    box.setContentsMargins(16, 12, 16, 12)
    card.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # Tab reads each line out; the ring shows it
    title = QLabel(resource.title)
    title.setObjectName("SectionTitle")
    title.setWordWrap(True)
    title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    detail = QLabel(resource.detail)
    detail.setWordWrap(True)
    box.addWidget(title)
    box.addWidget(detail)
    card.setAccessibleName(f"{resource.title}. {resource.detail}")
    return card
