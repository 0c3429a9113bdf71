"""Add or edit an appointment: when, which route, where, questions to ask, notes.

Each label sits beside its field while every field fits whole beside its label; when the
dialog is too narrow for that (200% text on a small screen), every label goes above its field.
The page scrolls when the screen is short, with the buttons kept in view.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDateTime, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from companion.domain.routes import Route
from companion.storage.appointments import MAX_CLINIC_CHARS, AppointmentFields
from companion.ui.announce import announce
from companion.ui.date_field import DateTimeField
from companion.ui.dialog_frame import ScrollingDialog, dialog_buttons, within_screen


class AppointmentDialog(ScrollingDialog):
    """Emits ``submitted`` with the fields; the screen saves them and closes the dialog."""

    submitted = Signal(object)  # AppointmentFields

    def __init__(self, fields: AppointmentFields, *, editing: bool, parent: QWidget) -> None:
        super().__init__(parent)
        title = "Edit appointment" if editing else "Add an appointment"
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        layout = self.body
        heading = QLabel(title)
        heading.setObjectName("SectionTitle")
        layout.addWidget(heading)

        self.form = form = QFormLayout()
        form.setSpacing(12)
        self.when = DateTimeField(QDateTime(fields.starts_at))
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
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)

        buttons, self.save_button = dialog_buttons(
            "Save appointment" if editing else "Add appointment"
        )
        buttons.accepted.connect(self._submit)
        buttons.rejected.connect(self.reject)
        self.buttons.addWidget(buttons)
        self.setMinimumWidth(within_screen(self, self.fontMetrics().averageCharWidth() * 64))
        self.label_beside(form)
        self.fit_to_screen()
        self.when.setFocus()

    def stacked(self) -> bool:
        return self.labels_above(self.form)

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
        """A problem saving: said plainly, and to a screen reader (the focus stays where it
        is); everything typed stays in the dialog."""
        self.message.setText(text)
        self.message.show()
        announce(self.message, text)
        self.bring_into_view(self.message)
        self.save_button.setEnabled(True)


def _text(value: str, name: str, placeholder: str) -> QPlainTextEdit:
    edit = QPlainTextEdit(value)
    edit.setAccessibleName(name)
    edit.setPlaceholderText(placeholder)
    edit.setTabChangesFocus(True)
    edit.setMaximumHeight(edit.fontMetrics().lineSpacing() * 5)
    return edit
