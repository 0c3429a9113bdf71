""""Get help now": crisis resources, reachable from every screen (clinical.md, Safety)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from companion.domain import safety


class HelpDialog(QDialog):
    """Shows the resources at once; the patient's own contacts appear and can be edited here."""

    contacts_edited = Signal(str, str)  # clinic, trusted person

    def __init__(self, parent: QWidget | None = None, *, reason: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("Get help now")
        self.setAccessibleName("Get help now")
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.setSpacing(14)

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
        self.clinic = QLineEdit()
        self.clinic.setPlaceholderText("e.g. Riverside Clinic, 555-0100")
        self.clinic.setAccessibleName("Your clinic's contact")
        self.trusted = QLineEdit()
        self.trusted.setPlaceholderText("e.g. Sam (sister), 555-0199")
        self.trusted.setAccessibleName("A trusted person's contact")
        form.addRow("Your clinic:", self.clinic)
        form.addRow("Someone you trust:", self.trusted)
        layout.addLayout(form)

        note = QLabel(safety.DISCLAIMER)
        note.setObjectName("Muted")
        note.setWordWrap(True)
        layout.addWidget(note)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        self.finished.connect(self._emit_contacts)
        self.set_contacts("", "")

    def set_contacts(self, clinic: str, trusted: str) -> None:
        self.clinic.setText(clinic)
        self.trusted.setText(trusted)
        self._original = (clinic, trusted)
        while self._resources.count():
            item = self._resources.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        for resource in safety.crisis_resources(clinic, trusted):
            self._resources.addWidget(_resource_card(resource))

    def _emit_contacts(self) -> None:
        edited = (self.clinic.text().strip(), self.trusted.text().strip())
        if edited != self._original:
            self.contacts_edited.emit(*edited)


def _resource_card(resource: safety.Resource) -> QFrame:
    card = QFrame()
    card.setObjectName("Card")
    box = QVBoxLayout(card)
    box.setContentsMargins(16, 12, 16, 12)
    title = QLabel(resource.title)
    title.setObjectName("SectionTitle")
    title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    detail = QLabel(resource.detail)
    detail.setWordWrap(True)
    box.addWidget(title)
    box.addWidget(detail)
    card.setAccessibleName(f"{resource.title}. {resource.detail}")
    return card
