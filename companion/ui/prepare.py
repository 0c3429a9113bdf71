"""The Prepare screen: the next appointment and its checklist, timed to the appointment.

It opens on the next appointment; other appointments (upcoming and past) can be picked from
a list. Deadlines come from the domain and are recomputed from the clock once a minute while
the screen is visible. Typed text (intention, questions, a reading) is saved shortly after
typing stops, and at once when the screen is left or the app closes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QHideEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMenu,
    QProgressBar,
    QPushButton,
)

from companion.domain.checklist import ChecklistItem, countdown_text, localize, progress_text
from companion.domain.reminders import ReminderChoices
from companion.domain.routes import Route
from companion.storage import appointments as repo
from companion.storage.reminders import set_reminder_choices
from companion.ui import prepare_actions as actions
from companion.ui.card import card, muted
from companion.ui.context import AppContext
from companion.ui.fitting_picker import ElidingComboBox, LabelledRow
from companion.ui.flow_layout import flow_row
from companion.ui.journal_banner import Banner
from companion.ui.prepare_appointment_dialog import AppointmentDialog
from companion.ui.prepare_checklist import ChecklistView
from companion.ui.prepare_parts import Debounced, TextBox, button
from companion.ui.prepare_template_dialog import TemplateDialog
from companion.ui.prepare_tick_box import TickLine
from companion.ui.prepare_vitals import VitalsRow
from companion.ui.screen import Screen

UNDO_SECONDS = 60
GUIDANCE = (
    "The starting checklist is common clinic guidance from Companion's clinical reference. "
    "Your clinic's own instructions always come first: edit any item to match them."
)


FIRST_TIME = (
    "Add your next appointment, and Companion times your checklist to it: when to stop eating "
    "and drinking as your clinic instructs, the ride home, and what to bring."
)
NOTHING_UPCOMING = (
    "Add your next appointment to get its checklist. Past appointments are in the list above."
)


def local_now() -> datetime:
    return datetime.now().astimezone()


def day_text(moment: datetime, now: datetime) -> str:
    """ "Today, 09:30", "Tomorrow, 09:30", "Saturday 28 November 2026, 09:30"."""
    named = {0: "Today", 1: "Tomorrow", -1: "Yesterday"}.get((moment.date() - now.date()).days)
    return f"{named or f'{moment:%A} {moment.day} {moment:%B %Y}'}, {moment:%H:%M}"


def list_text(summary: repo.AppointmentSummary, is_next: bool, today: date) -> str:
    """One line of the appointment list: "Session 7 · Sat 28 Nov, 09:30 · next", with the year
    only when it is not this year (short enough to be read whole at large text)."""
    when = summary.starts_at
    year = "" if when.year == today.year else f" {when.year}"
    line = f"Session {summary.number} · {when:%a} {when.day} {when:%b}{year}, {when:%H:%M}"
    return f"{line} · next" if is_next else line


class PrepareScreen(Screen):
    title = "Before your appointment"
    subtitle = "Your checklist for the next appointment, timed to it."
    shortcuts = (
        ("Ctrl+N", "Add an appointment"),
        ("Ctrl+Shift+E", "Edit this appointment"),
        ("Ctrl+Shift+L", "Edit the checklist"),
        ("Ctrl+Z", "Undo deleting an appointment"),
        ("Ctrl+PgUp / Ctrl+PgDown", "Earlier or later appointment"),
    )

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.clock: Callable[[], datetime] = local_now
        self.current: repo.AppointmentView | None = None
        self.data: actions.PrepareData | None = None
        self.dialog: AppointmentDialog | TemplateDialog | None = None
        self._deleted: repo.DeletedAppointment | None = None
        self._tick = self._timer(self._minute)
        self._undo_timer = self._timer(self._forget_deleted)

        self.undo_bar = Banner("Appointment deleted")
        self.undo_button = self.undo_bar.add_button(
            "&Undo", self.undo_delete, description="Bring the appointment back (Ctrl+Z)"
        )
        self.body.addWidget(self.undo_bar)
        self._build_picker()
        self._build_empty()
        self._build_appointment()
        self._build_checklist()
        self._build_intention()
        self._build_vitals()
        self._build_questions()
        self._build_reminders()
        self.body.addStretch(1)
        for keys, slot in (
            ("Ctrl+N", self.add_appointment),
            ("Ctrl+Shift+E", self.edit_appointment),
            ("Ctrl+Shift+L", self.edit_checklist),
            ("Ctrl+Z", self.undo_delete),
            ("Ctrl+PgUp", lambda: self._step(-1)),
            ("Ctrl+PgDown", lambda: self._step(+1)),
        ):
            QShortcut(QKeySequence(keys), self).activated.connect(slot)
        self._show_data(None)

    # --- building -------------------------------------------------------------------------
    def _timer(self, slot: Callable[[], None]) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.timeout.connect(slot)
        return timer

    def _build_picker(self) -> None:
        label = QLabel("&Appointment:")
        # As wide as its entries; under its label, then shortened with "…", at large text.
        self.picker = ElidingComboBox()
        self.picker.setAccessibleName("Appointment to show")
        self.picker.setAccessibleDescription("Upcoming appointments first, then past ones")
        self.picker.activated.connect(self._picked)
        label.setBuddy(self.picker)
        self.picker_row = LabelledRow(label, self.picker)
        self.body.addWidget(self.picker_row)

    def _build_empty(self) -> None:
        self.empty_card, box, self.empty_title = card("No appointments yet", into=self.body)
        self.empty_text = QLabel()
        self.empty_text.setWordWrap(True)
        self.empty_button = button("Add your first appointment…", self.add_appointment)
        self.empty_button.setObjectName("Primary")
        box.addWidget(self.empty_text)
        box.addLayout(flow_row(self.empty_button))

    def _build_appointment(self) -> None:
        self.appointment_card, box, self.number_label = card("Session", into=self.body)
        self.number_label.setObjectName("ScreenTitle")
        self.when_label = QLabel()
        self.when_label.setObjectName("SectionTitle")
        self.when_label.setWordWrap(True)
        self.where_label = QLabel()
        self.where_label.setWordWrap(True)
        self.notes_label = muted()
        self.edit_button = button(
            "&Edit…", self.edit_appointment, "Ctrl+Shift+E: the time, route, clinic or notes"
        )
        self.delete_button = button(
            "&Delete", self.delete_appointment, "Delete this appointment; it can be undone"
        )
        for widget in (self.when_label, self.where_label, self.notes_label):
            box.addWidget(widget)
        self.add_button = button(
            "Add an appointment…", self.add_appointment, "Ctrl+N: an upcoming or past one"
        )
        actions_row = flow_row(self.edit_button, self.delete_button)
        actions_row.addWidget(self.add_button)
        box.addLayout(actions_row)

    def _build_checklist(self) -> None:
        self.checklist_card, box, _title = card("Checklist", into=self.body)
        self.progress_label = QLabel()
        self.progress_label.setObjectName("SectionTitle")
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.progress.setAccessibleName("Checklist progress")
        self.checklist = ChecklistView(self.ctx.prefs)
        self.checklist.toggled.connect(self.tick)
        self.no_items = muted("No checklist was kept for this appointment.")
        self.guidance = muted(GUIDANCE)
        for widget in (
            self.progress_label,
            self.progress,
            self.checklist,
            self.no_items,
            self.guidance,
        ):
            box.addWidget(widget)
        edit = button(
            "Edit &checklist…",
            self.edit_checklist,
            "Ctrl+Shift+L: edit, reorder, remove or add items",
        )
        self.protocol_button = QPushButton("Clinic pro&tocol")
        self.protocol_button.setAccessibleName("Clinic protocol")
        self.protocol_button.setAccessibleDescription("Import or export a checklist file")
        menu = QMenu(self.protocol_button)
        self.import_action = menu.addAction("&Import clinic protocol…", self.import_protocol)
        self.export_action = menu.addAction("&Export as protocol…", self.export_protocol)
        self.protocol_button.setMenu(menu)
        box.addLayout(flow_row(edit, self.protocol_button))
        # Said right below the buttons that led to it: saved, imported, refused, exported.
        self.notice = Banner("Checklist message")
        self.notice.add_button("OK", lambda: self.notice.say(""), description="Hide this message")
        box.addWidget(self.notice)

    def _build_intention(self) -> None:
        self.intention_card, box, _title = card(
            "Your intention",
            "A few words to hold lightly. They are shown again when the session starts and in "
            "your journal afterwards.",
            into=self.body,
        )
        self.intention = TextBox("Your intention", "For example: meet whatever comes.", 3)
        self._intention_saver = Debounced(self, self._save_intention)
        self.intention.textChanged.connect(self._intention_saver.poke)
        box.addWidget(self.intention)
        box.addWidget(muted("Saved as you type."))

    def _build_vitals(self) -> None:
        self.vitals_card, box, _title = card(
            "Blood pressure and pulse (optional)",
            "If your clinic asks for a reading before the session, note it here to share with "
            "your care team. Companion does not judge readings.",
            into=self.body,
        )
        self.vitals = VitalsRow()
        self.vitals_message = muted()
        self._vitals_saver = Debounced(self, self._save_vitals)
        self.vitals.edited.connect(self._vitals_saver.poke)
        self.vitals.finished.connect(self._vitals_saver.flush)
        box.addWidget(self.vitals)
        box.addWidget(self.vitals_message)

    def _build_questions(self) -> None:
        self.questions_card, box, _title = card(
            "Questions to ask",
            "For your clinic or prescriber, for example about your medications.",
            into=self.body,
        )
        self.questions = TextBox("Questions to ask", "One question per line.", 3)
        self._questions_saver = Debounced(self, self._save_questions)
        self.questions.textChanged.connect(self._questions_saver.poke)
        box.addWidget(self.questions)

    def _build_reminders(self) -> None:
        self.reminders_card, box, _title = card(
            "Reminders",
            "Shown by Companion while it is open, for the next appointment.",
            into=self.body,
        )
        prefs = self.ctx.prefs
        fasting = TickLine("Tell me when a fasting &window starts", prefs)
        hour = TickLine("&Remind me an hour before the appointment", prefs)
        self.remind_fasting, self.remind_hour = fasting.box, hour.box
        for line in (fasting, hour):
            line.box.toggled.connect(self._save_choices)
            box.addWidget(line)

    # --- loading and showing --------------------------------------------------------------
    def _naive_now(self) -> datetime:
        return self.clock().astimezone().replace(tzinfo=None)

    def on_shown(self, payload: object = None) -> None:
        wanted = payload.get("appointment_id") if isinstance(payload, dict) else None
        self.reload(wanted or (self.current.id if self.current else None))

    def reload(self, appointment_id: int | None = None) -> None:
        """Load an appointment (the next one when None) and the list, and show them."""
        self.flush()
        now = self._naive_now()
        self.ctx.worker.submit(lambda s: actions.load(s, now, appointment_id), self._show_data)

    def _show_data(self, data: actions.PrepareData | None) -> None:
        self.data = data
        self.current = data.current if data else None
        appointments = data.appointments if data else []
        self._fill_picker()
        self.picker_row.setVisible(bool(appointments))
        # Until the first load arrives nothing is shown, rather than a wrong empty state.
        self.reminders_card.setVisible(data is not None)
        self.empty_card.setVisible(data is not None and self.current is None)
        first = not appointments
        self.empty_title.setText("No appointments yet" if first else "No upcoming appointment")
        self.empty_text.setText(FIRST_TIME if first else NOTHING_UPCOMING)
        self.empty_button.setText("Add your first appointment…" if first else "Add an appointment…")
        self.empty_button.setAccessibleName(self.empty_button.text().rstrip("…"))
        for frame in (
            self.appointment_card,
            self.checklist_card,
            self.intention_card,
            self.vitals_card,
            self.questions_card,
        ):
            frame.setVisible(self.current is not None)
        if data is not None:
            self._show_choices(data.choices)
            if data.current is not None:
                self._show_appointment(data.current, data.template_name)

    def _fill_picker(self) -> None:
        self.picker.blockSignals(True)
        self.picker.clear()
        if self.data is not None:
            now, next_id = self._naive_now(), self.data.next_id
            today = now.date()
            upcoming = [a for a in self.data.appointments if a.starts_at >= now or a.id == next_id]
            past = [a for a in reversed(self.data.appointments) if a not in upcoming]
            for summary in upcoming:
                self.picker.addItem(list_text(summary, summary.id == next_id, today), summary.id)
            if upcoming and past:
                self.picker.insertSeparator(self.picker.count())
            for summary in past:
                self.picker.addItem(list_text(summary, False, today), summary.id)
            if self.current is not None:
                self.picker.setCurrentIndex(self.picker.findData(self.current.id))
        self.picker.blockSignals(False)

    def _show_appointment(self, view: repo.AppointmentView, template_name: str) -> None:
        self.number_label.setText(f"Session {view.number}")
        self.number_label.setAccessibleName(f"Session {view.number}")
        self.where_label.setText(" · ".join([view.route.label] + [view.clinic] * bool(view.clinic)))
        self.notes_label.setText(view.notes)
        self.notes_label.setVisible(bool(view.notes))
        now = self.clock()
        self.checklist.show_appointment(view, now)
        for widget in (self.progress, self.progress_label, self.checklist):
            widget.setVisible(bool(view.items))
        self.no_items.setVisible(not view.items)
        if template_name == repo.default_name(view.route):
            self.guidance.setText(GUIDANCE)
        else:
            self.guidance.setText(
                f"Your {view.route.label} checklist is “{template_name}”. Your clinic's own "
                "instructions always come first."
            )
        self._show_progress()
        self.intention.show_stored(view.intention, self._intention_saver)
        self.questions.show_stored(view.questions, self._questions_saver)
        if not self._vitals_saver.pending:
            self.vitals.set_reading((view.systolic, view.diastolic, view.pulse))
            self._vitals_note("")
        self._refresh_when(now)

    def _show_progress(self) -> None:
        total, done = len(self.checklist.rows), self.checklist.done_count()
        self.progress_label.setText(progress_text(done, total))
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.progress.setAccessibleDescription(progress_text(done, total))

    def _show_choices(self, choices: ReminderChoices) -> None:
        for choice, on in (
            (self.remind_fasting, choices.fasting),
            (self.remind_hour, choices.hour_before),
        ):
            choice.blockSignals(True)
            choice.setChecked(on)
            choice.blockSignals(False)

    # --- time -----------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._minute()

    def hideEvent(self, event: QHideEvent) -> None:
        self._tick.stop()
        self.flush()
        super().hideEvent(event)

    def _minute(self) -> None:
        """Recompute every time shown from the clock, then wake just after the next minute."""
        now = self.clock()
        if self.current is not None:
            self.checklist.refresh(now)
            self._refresh_when(now)
        self._tick.start(int((60 - now.second - now.microsecond / 1e6) * 1000) + 200)

    def _refresh_when(self, now: datetime) -> None:
        if self.current is not None:
            start = localize(self.current.starts_at, self.current.tz)
            self.when_label.setText(f"{day_text(start, now)} · {countdown_text(start, now)}")

    # --- appointments ---------------------------------------------------------------------
    def _picked(self, index: int) -> None:
        appointment_id = self.picker.itemData(index)
        if appointment_id is not None:
            self.reload(appointment_id)

    def _step(self, step: int) -> None:
        """Ctrl+PgUp / PgDown: the earlier or later appointment."""
        if self.data is None or self.current is None:
            return
        ids = [a.id for a in self.data.appointments]
        index = ids.index(self.current.id) + step
        if 0 <= index < len(ids):
            self.reload(ids[index])

    def _suggested_fields(self) -> repo.AppointmentFields:
        """Like the latest appointment, a week later (or tomorrow, if that has passed)."""
        now = self._naive_now()
        latest = self.data.appointments[-1] if self.data and self.data.appointments else None
        if latest is None:
            tomorrow = datetime.combine(now.date() + timedelta(days=1), datetime.min.time())
            return repo.AppointmentFields(tomorrow.replace(hour=9), Route.IV)
        when = latest.starts_at + timedelta(days=7)
        if when < now:
            when = datetime.combine(now.date() + timedelta(days=1), latest.starts_at.time())
        return repo.AppointmentFields(when, latest.route, latest.clinic)

    def add_appointment(self) -> None:
        self._open_appointment_dialog(self._suggested_fields(), None)

    def edit_appointment(self) -> None:
        if self.current is not None:
            self._open_appointment_dialog(self.current.fields, self.current.id)

    def _open_appointment_dialog(self, fields: repo.AppointmentFields, editing: int | None) -> None:
        self.flush()
        dialog = AppointmentDialog(fields, editing=editing is not None, parent=self)
        dialog.submitted.connect(lambda chosen: self._save_appointment(dialog, chosen, editing))
        self._open(dialog)

    def _open(self, dialog: AppointmentDialog | TemplateDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()

    def _save_appointment(
        self, dialog: AppointmentDialog, fields: repo.AppointmentFields, editing: int | None
    ) -> None:
        def op(s: object) -> repo.AppointmentView:
            if editing is None:
                return repo.create_appointment(s, fields)  # type: ignore[arg-type]
            return repo.update_appointment(s, editing, fields)  # type: ignore[arg-type]

        def done(view: repo.AppointmentView) -> None:
            dialog.accept()
            self.reload(view.id)

        self.ctx.worker.submit(
            op, done, lambda error: dialog.show_message(f"The appointment was not saved: {error}")
        )

    def delete_appointment(self) -> None:
        if self.current is None:
            return
        self.flush()
        target = self.current
        self.ctx.worker.submit(
            lambda s: repo.delete_appointment(s, target.id),
            lambda deleted: self._deleted_done(deleted, target),
        )

    def _deleted_done(self, deleted: repo.DeletedAppointment, target: repo.AppointmentView) -> None:
        self._deleted = deleted
        when = target.starts_at
        self.undo_bar.say(
            f"Appointment deleted: session {target.number}, {when:%a} {when.day} {when:%b}, "
            f"{when:%H:%M}."
        )
        self._undo_timer.start(UNDO_SECONDS * 1000)
        self.reload(None)
        self.undo_button.setFocus()

    def undo_delete(self) -> None:
        if self._deleted is None:
            return
        deleted = self._deleted
        self._forget_deleted()
        self.ctx.worker.submit(
            lambda s: repo.restore_appointment(s, deleted), lambda view: self.reload(view.id)
        )

    def _forget_deleted(self) -> None:
        self._deleted = None
        self._undo_timer.stop()
        self.undo_bar.say("")

    # --- the checklist --------------------------------------------------------------------
    def tick(self, item_id: int, done: bool) -> None:
        self._show_progress()
        self.ctx.worker.submit(lambda s: repo.set_item_done(s, item_id, done))

    def edit_checklist(self) -> None:
        if self.current is not None:
            route = self.current.route
            self.ctx.worker.submit(lambda s: repo.template(s, route), self._open_template_dialog)

    def _open_template_dialog(self, template: repo.TemplateView) -> None:
        dialog = TemplateDialog(template, self.ctx.prefs, self)
        dialog.submitted.connect(lambda name, items: self._save_template(dialog, name, items))
        self._open(dialog)

    def _save_template(self, dialog: TemplateDialog, name: str, items: list[ChecklistItem]) -> None:
        now, route = self._naive_now(), dialog.route

        def done(saved: repo.TemplateSaved) -> None:
            dialog.accept()
            self.notice.say(actions.saved_message(saved))
            self.reload(self.current.id if self.current else None)

        self.ctx.worker.submit(
            lambda s: repo.save_template(s, route, items, now, name),
            done,
            lambda error: dialog.show_message(f"Not saved: {error}"),
        )

    def import_protocol(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self, "Import clinic protocol", str(Path.home()), "Clinic protocol (*.json);;All (*)"
        )
        if chosen:
            now = self._naive_now()
            self.ctx.worker.submit(
                lambda s: actions.import_protocol_file(s, Path(chosen), now), self._protocol_done
            )

    def export_protocol(self) -> None:
        if self.current is None:
            return
        route = self.current.route
        suggested = str(Path.home() / f"checklist-{route.value}.json")
        chosen, _filter = QFileDialog.getSaveFileName(
            self, "Export as protocol", suggested, "Clinic protocol (*.json)"
        )
        if chosen:
            self.ctx.worker.submit(
                lambda s: actions.export_protocol_file(s, route, Path(chosen)), self._protocol_done
            )

    def _protocol_done(self, outcome: actions.Outcome) -> None:
        self.notice.say(outcome.message)
        if outcome.ok:
            self.reload(self.current.id if self.current else None)

    # --- typed text and choices -----------------------------------------------------------
    def _save_intention(self) -> None:
        if self.current is not None:
            target, text = self.current.id, self.intention.toPlainText()
            self.ctx.worker.submit(lambda s: repo.set_intention(s, target, text))

    def _save_questions(self) -> None:
        if self.current is not None:
            target, text = self.current.id, self.questions.toPlainText()
            self.ctx.worker.submit(lambda s: repo.set_questions(s, target, text))

    def _save_vitals(self) -> None:
        if self.current is None:
            return
        problem = self.vitals.problem()
        if problem:
            self._vitals_note(f"{problem} Not saved yet.")
            return
        target, reading = self.current.id, self.vitals.reading()
        self._vitals_note("Saved." if any(value is not None for value in reading) else "")
        self.ctx.worker.submit(lambda s: repo.set_vitals(s, target, *reading))

    def _vitals_note(self, text: str) -> None:
        self.vitals_message.setText(text)
        self.vitals_message.setVisible(bool(text))

    def _save_choices(self) -> None:
        choices = ReminderChoices(self.remind_fasting.isChecked(), self.remind_hour.isChecked())
        self.ctx.worker.submit(lambda s: set_reminder_choices(s, choices))

    def flush(self) -> None:
        for saver in (self._intention_saver, self._questions_saver, self._vitals_saver):
            saver.flush()
