"""Add or edit an appointment: when, which route, where, questions to ask, notes."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDateTime, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from companion.domain.routes import Route
from companion.storage.appointments import MAX_CLINIC_CHARS, AppointmentFields
from companion.ui.dialog_frame import dialog_buttons


class AppointmentDialog(QDialog):
    """Emits ``submitted`` with the fields; the screen saves them and closes the dialog."""

    submitted = Signal(object)  # AppointmentFields

    def __init__(self, fields: AppointmentFields, *, editing: bool, parent: QWidget) -> None:
        super().__init__(parent)
        title = "Edit appointment" if editing else "Add an appointment"
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 64)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.setSpacing(14)
        heading = QLabel(title)
        heading.setObjectName("SectionTitle")
        layout.addWidget(heading)

        form = QFormLayout()
        form.setSpacing(12)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.when = QDateTimeEdit(QDateTime(fields.starts_at))
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("ddd d MMMM yyyy, HH:mm")
        self.when.setAccessibleName("Date and time of the appointment")
        form.addRow("&When:", self.when)

        self.route = QComboBox()
        for route in Route:
            self.route.addItem(route.label, route)
        self.route.setCurrentIndex(list(Route).index(fields.route))
        self.route.setAccessibleName("Route")
        self.route.setAccessibleDescription("How the medicine is given; it sets the checklist")
        form.addRow("&Route:", self.route)

        self.clinic = QLineEdit(fields.clinic)
        self.clinic.setMaxLength(MAX_CLINIC_CHARS)
        self.clinic.setPlaceholderText("e.g. Riverside Clinic, Dr Lee")
        self.clinic.setAccessibleName("Clinic or provider")
        form.addRow("&Clinic or provider:", self.clinic)

        self.questions = _text(
            fields.questions, "Questions to ask", "Anything you want to ask your care team"
        )
        form.addRow("&Questions to ask:", self.questions)
        self.notes = _text(fields.notes, "Notes", "Address, parking, who drives you home…")
        form.addRow("&Notes:", self.notes)
        layout.addLayout(form)

        buttons, self.save_button = dialog_buttons(
            "Save appointment" if editing else "Add appointment"
        )
        buttons.accepted.connect(self._submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)
        self.when.setFocus()

    def fields(self) -> AppointmentFields:
        when: datetime = self.when.dateTime().toPython()  # type: ignore[assignment]
        return AppointmentFields(
            starts_at=when.replace(second=0, microsecond=0),
            route=Route(self.route.currentData()),
            clinic=self.clinic.text().strip(),
            questions=self.questions.toPlainText(),
            notes=self.notes.toPlainText(),
        )

    def _submit(self) -> None:
        fields = self.fields()
        try:
            fields.validate()
        except ValueError as error:
            self.show_message(str(error))
            return
        self.save_button.setEnabled(False)
        self.submitted.emit(fields)

    def show_message(self, text: str) -> None:
        """A problem saving: said plainly; everything typed stays in the dialog."""
        self.message.setText(text)
        self.message.show()
        self.save_button.setEnabled(True)


def _text(value: str, name: str, placeholder: str) -> QPlainTextEdit:
    edit = QPlainTextEdit(value)
    edit.setAccessibleName(name)
    edit.setPlaceholderText(placeholder)
    edit.setTabChangesFocus(True)
    edit.setMaximumHeight(edit.fontMetrics().lineSpacing() * 5)
    return edit
