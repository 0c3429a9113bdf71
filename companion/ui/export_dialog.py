""" "Export for my therapist": choose what to share, see what the file will hold, then save.

Nothing is written before the patient has seen the preview and chosen where the file goes.
Private reflections stay out unless the box is ticked. The query runs on the database worker;
the file is written on a thread of its own with a progress dialog that can stop it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import cast

from PySide6.QtCore import QDate, QStandardPaths, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialogButtonBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from companion.errors import UserError
from companion.export.commands import contents_of, parts_for, writer_for
from companion.export.dataset import (
    EVERY_PART,
    MAX_NAME_CHARS,
    PATIENT_NAME_KEY,
    Dataset,
    ExportCancelled,
    Part,
    build_dataset,
    clean_patient_name,
)
from companion.storage.history import entry_span
from companion.storage.settings import get_setting, set_setting
from companion.ui.context import AppContext
from companion.ui.date_field import DateField
from companion.ui.dialog_frame import ScrollingDialog, dialog_buttons, within_screen_height
from companion.ui.fault import show_error
from companion.ui.file_job import FileJob
from companion.ui.flow_layout import FlowLayout

log = logging.getLogger("companion.ui.export")

# key, label, description, file extension, file-dialog filter
FORMATS: tuple[tuple[str, str, str, str, str], ...] = (
    (
        "pdf",
        "PDF report",
        "A summary with charts for your therapist to read",
        "pdf",
        "PDF report (*.pdf)",
    ),
    (
        "csv",
        "CSV spreadsheet",
        "One row per entry; opens in LibreOffice or Excel",
        "csv",
        "CSV spreadsheet (*.csv)",
    ),
    (
        "fhir",
        "FHIR file",
        "Scores and ratings for a clinic's electronic health record",
        "json",
        "FHIR JSON (*.json)",
    ),
)
_PREVIEW_DELAY_MS = 150
PRIVATE_NOTE = (
    "Your reflections stay out of the file unless you tick this. Notes you marked for your "
    "therapist are always included."
)
FHIR_NOTE = (
    "A FHIR file holds scores and ratings only: none of your written notes or reflections go "
    "into it."
)


@dataclass(frozen=True)
class ExportChoice:
    fmt: str
    date_from: date | None
    date_to: date | None
    include_private: bool
    patient: str


def choose_file(parent: QWidget, suggested: Path, file_filter: str) -> Path | None:
    """Ask where to save; None when the patient cancels (tests replace this function)."""
    name, _chosen = QFileDialog.getSaveFileName(
        parent, "Save the export", str(suggested), file_filter
    )
    return Path(name) if name else None


def suggested_path(fmt: str, today: date) -> Path:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    extension = next(ext for key, _l, _d, ext, _f in FORMATS if key == fmt)
    kind = {"pdf": "report", "csv": "entries", "fhir": "fhir"}[fmt]
    return Path(folder or Path.home()) / f"companion-{kind}-{today.isoformat()}.{extension}"


def _day(edit: DateField) -> date:
    value = edit.date()
    return date(value.year(), value.month(), value.day())


def _plain(error: BaseException) -> str:
    return str(error).removeprefix("companion: ")


def _load_defaults(session: Session) -> tuple[str, tuple[date, date] | None]:
    stored = get_setting(session, PATIENT_NAME_KEY, "")
    return (stored if isinstance(stored, str) else ""), entry_span(session)


#: The preview only counts, and makes no installation id (the first FHIR file does).
_PREVIEW_PARTS = EVERY_PART & ~Part.INSTALLATION


def _dataset_for(
    choice: ExportChoice, remember_name: bool, parts: Part
) -> Callable[[Session], Dataset]:
    def op(session: Session) -> Dataset:
        if remember_name:
            set_setting(session, PATIENT_NAME_KEY, choice.patient)
        return build_dataset(
            session,
            choice.date_from,
            choice.date_to,
            choice.include_private,
            choice.patient,
            parts,
        )

    return op


class ExportDialog(ScrollingDialog):
    saved = Signal(object)  # Path

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.job: FileJob | None = None
        self.progress: QProgressDialog | None = None
        self.saved_path: Path | None = None
        self._target = Path()
        self._stored_name = ""
        self._generation = 0
        self.setWindowTitle("Export for my therapist")
        self.setAccessibleName("Export for my therapist")
        self.setMinimumWidth(560)

        layout = self.body
        heading = QLabel("Export for my therapist")
        heading.setObjectName("SectionTitle")
        lead = QLabel(
            "Choose what to share. Nothing leaves this computer until you save the file, "
            "and you decide where it goes."
        )
        lead.setObjectName("Muted")
        lead.setWordWrap(True)
        layout.addWidget(heading)
        layout.addWidget(lead)

        layout.addWidget(self._format_card())
        layout.addWidget(self._dates_card())
        layout.addWidget(self._details_card())

        self.preview = QLabel("Counting what the file will contain…")
        self.preview.setTextFormat(Qt.TextFormat.PlainText)
        self.preview.setObjectName("Card")
        self.preview.setWordWrap(True)
        self.preview.setMargin(14)
        self.preview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.preview.setAccessibleName("What the file will contain")
        # Above the buttons, outside the scrolling part: always in view before saving.
        footer = QWidget()
        footer_box = QVBoxLayout(footer)
        footer_box.setContentsMargins(28, 4, 28, 14)
        footer_box.addWidget(self.preview)
        outer = cast(QVBoxLayout, self.layout())
        outer.insertWidget(1, footer)  # below the scrolling body (0), above the buttons

        buttons = self.buttons
        self.open_folder = QPushButton("Show in &folder")
        self.open_folder.setAccessibleName("Show the saved file in its folder")
        self.open_folder.clicked.connect(self._show_folder)
        self.open_folder.hide()
        box, self.save_button = dialog_buttons("&Save…")
        self.close_button = box.button(QDialogButtonBox.StandardButton.Cancel)
        self.close_button.setAccessibleName("Close without saving")
        box.rejected.connect(self.reject)
        self.save_button.setAccessibleName("Save the export")
        self.save_button.setAccessibleDescription("Asks where to save the file, then writes it")
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self.save)  # replaced by "Close" once it is written
        buttons.addWidget(self.open_folder)
        buttons.addStretch(1)
        buttons.addWidget(box)
        self.fit_to_screen()
        self._make_room_for(footer)

        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(_PREVIEW_DELAY_MS)
        self._preview_timer.timeout.connect(self.refresh_preview)
        ctx.worker.submit(_load_defaults, self._defaults_loaded, self._failed)

    # --- building ---------------------------------------------------------------------------
    def _make_room_for(self, footer: QWidget) -> None:
        """``fit_to_screen`` measures the scrolling body; the preview below it needs room too."""
        layout = footer.layout()
        extra = layout.heightForWidth(self.width()) if layout.hasHeightForWidth() else -1
        extra = extra if extra > 0 else footer.sizeHint().height()
        self.resize(self.width(), within_screen_height(self, self.height() + extra))

    def _card(self, title: str) -> tuple[QFrame, QVBoxLayout]:
        card = QFrame()
        card.setObjectName("Card")
        box = QVBoxLayout(card)
        box.setContentsMargins(16, 12, 16, 14)
        box.setSpacing(8)
        label = QLabel(title)
        label.setObjectName("FieldTitle")
        box.addWidget(label)
        return card, box

    def _format_card(self) -> QFrame:
        card, box = self._card("Format")
        self.formats = QButtonGroup(self)
        row = FlowLayout(spacing=18)
        for index, (key, label, description, _ext, _filter) in enumerate(FORMATS):
            button = QRadioButton(label)
            button.setProperty("format", key)
            button.setAccessibleName(label)
            button.setAccessibleDescription(description)
            button.setChecked(index == 0)
            self.formats.addButton(button, index)
            row.addWidget(button)
        box.addLayout(row)
        self.format_note = QLabel(FORMATS[0][2] + ".")
        self.format_note.setObjectName("Muted")
        self.format_note.setWordWrap(True)
        box.addWidget(self.format_note)
        self.formats.idToggled.connect(lambda _id, on: on and self._changed())
        return card

    def _dates_card(self) -> QFrame:
        card, box = self._card("Dates")
        self.all_dates = QCheckBox("&All my entries")
        self.all_dates.setAccessibleName("All my entries")
        self.all_dates.setChecked(True)
        self.all_dates.toggled.connect(self._changed)
        box.addWidget(self.all_dates)
        row = FlowLayout(spacing=10)  # "to" goes under "From" when the dialog is narrow
        self.date_from = self._date_edit("First day to include")
        self.date_to = self._date_edit("Last day to include")
        for text, edit in (("&From", self.date_from), ("&to", self.date_to)):
            label = QLabel(text)
            label.setBuddy(edit)
            pair = QWidget()
            pair.setProperty("plain", True)
            line = QHBoxLayout(pair)
            line.setContentsMargins(0, 0, 0, 0)
            line.setSpacing(10)
            line.addWidget(label)
            line.addWidget(edit)
            row.addWidget(pair)
        box.addLayout(row)
        self._sync_dates()
        return card

    def _date_edit(self, name: str) -> DateField:
        edit = DateField(QDate.currentDate())
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("d MMM yyyy")
        edit.setAccessibleName(name)
        edit.dateChanged.connect(self._changed)
        return edit

    def _details_card(self) -> QFrame:
        card, box = self._card("On the report")
        name_label = QLabel("Your &name or initials (optional)")
        self.name = QLineEdit()
        self.name.setMaxLength(MAX_NAME_CHARS)
        self.name.setPlaceholderText("e.g. J. D.")
        self.name.setAccessibleName("Your name or initials on the report")
        self.name.setAccessibleDescription("Shown at the top of the report; remembered here")
        name_label.setBuddy(self.name)
        box.addWidget(name_label)
        box.addWidget(self.name)
        self.private = QCheckBox("Include my &private reflections")
        self.private.setAccessibleName("Include my private reflections")
        self.private.setAccessibleDescription(PRIVATE_NOTE)
        self.private.toggled.connect(self._changed)
        self.private_note = QLabel(PRIVATE_NOTE)
        self.private_note.setObjectName("Muted")
        self.private_note.setWordWrap(True)
        box.addWidget(self.private)
        box.addWidget(self.private_note)
        return card

    # --- state ------------------------------------------------------------------------------
    @property
    def fmt(self) -> str:
        return str(self.formats.checkedButton().property("format"))

    def choice(self) -> ExportChoice:
        all_dates = self.all_dates.isChecked()
        return ExportChoice(
            fmt=self.fmt,
            date_from=None if all_dates else _day(self.date_from),
            date_to=None if all_dates else _day(self.date_to),
            include_private=self.private.isChecked() and self.fmt != "fhir",
            patient=clean_patient_name(self.name.text()),
        )

    def _defaults_loaded(self, loaded: tuple[str, tuple[date, date] | None]) -> None:
        name, span = loaded
        self._stored_name = name
        self.name.setText(name)
        if span is not None:
            first, last = span
            self.date_from.setDate(QDate(first.year, first.month, first.day))
            self.date_to.setDate(QDate(last.year, last.month, last.day))
        self.refresh_preview()

    def _sync_dates(self) -> None:
        custom = not self.all_dates.isChecked()
        self.date_from.setEnabled(custom)
        self.date_to.setEnabled(custom)

    def _changed(self) -> None:
        self._sync_dates()
        fhir = self.fmt == "fhir"
        self.format_note.setText(next(d for k, _l, d, _e, _f in FORMATS if k == self.fmt) + ".")
        self.private.setEnabled(not fhir)
        self.private.setToolTip(
            "FHIR files hold scores and ratings, no written notes" if fhir else ""
        )
        note = FHIR_NOTE if fhir else PRIVATE_NOTE
        self.private_note.setText(note)
        self.private.setAccessibleDescription(note)
        self.save_button.setEnabled(False)
        self._preview_timer.start()

    def refresh_preview(self) -> None:
        """Count what the file would hold now; a newer request makes older answers stale."""
        self._preview_timer.stop()
        choice = self.choice()
        if choice.date_from and choice.date_to and choice.date_from > choice.date_to:
            self.preview.setText("The first day is after the last day. Please change the dates.")
            self.save_button.setEnabled(False)
            return
        self._generation += 1
        generation = self._generation

        def show(dataset: Dataset) -> None:
            if generation == self._generation and self.job is None:
                self.preview.setText(self.describe(choice, dataset))
                self.save_button.setEnabled(True)

        self.ctx.worker.submit(
            _dataset_for(choice, remember_name=False, parts=_PREVIEW_PARTS), show, self._failed
        )

    @staticmethod
    def describe(choice: ExportChoice, dataset: Dataset) -> str:
        text = f"This file will contain: {contents_of(choice.fmt, dataset)}."
        if choice.fmt == "fhir":
            text += " Sessions, side effects and written notes are never part of a FHIR file."
        if choice.patient and choice.fmt != "csv":
            text += f" Name on it: {choice.patient}."
        return text

    # --- saving -----------------------------------------------------------------------------
    def save(self) -> None:
        choice = self.choice()
        extension_filter = next(f for key, _l, _d, _e, f in FORMATS if key == choice.fmt)
        path = choose_file(self, suggested_path(choice.fmt, date.today()), extension_filter)
        if path is None:
            return
        self.save_button.setEnabled(False)
        self.preview.setText("Preparing the export…")
        self.ctx.worker.submit(
            _dataset_for(
                choice,
                remember_name=choice.patient != self._stored_name,
                parts=parts_for(choice.fmt),
            ),
            lambda dataset: self._write(choice, dataset, path),
            self._failed,
        )

    def _write(self, choice: ExportChoice, dataset: Dataset, path: Path) -> None:
        write = writer_for(choice.fmt)
        self.job = FileJob(
            lambda progress, cancelled: write(dataset, path, progress, cancelled), self
        )
        label = next(lab for key, lab, _d, _e, _f in FORMATS if key == choice.fmt)
        self.progress = QProgressDialog(f"Writing the {label}…", "Stop", 0, 100, self)
        self.progress.setWindowTitle("Exporting")
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(400)
        self.progress.setAutoReset(False)
        self.progress.canceled.connect(self.job.cancel)
        self.job.progressed.connect(self._progressed)
        self._target = path
        self.job.succeeded.connect(self._written)
        self.job.failed.connect(self._write_failed)
        self.job.finished.connect(self._job_finished)
        self.job.start()

    def _progressed(self, done: int, total: int) -> None:
        if self.progress is not None and total:
            self.progress.setValue(min(99, done * 100 // total))

    def _job_finished(self) -> None:
        if self.progress is not None:
            self.progress.reset()
            self.progress.hide()
            self.progress.deleteLater()
            self.progress = None
        if self.job is not None:
            self.job.deleteLater()
            self.job = None

    def _written(self, _result: object) -> None:
        path = self._target
        self.saved_path = path
        self.preview.setText(f"Saved “{path.name}” in {path.parent}.")
        self.save_button.setText("&Close")
        self.save_button.setEnabled(True)
        self.save_button.clicked.disconnect()
        self.save_button.clicked.connect(self.accept)
        self.close_button.hide()
        self.open_folder.show()
        self.saved.emit(path)

    def _write_failed(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        if isinstance(error, ExportCancelled):
            self.preview.setText("Stopped. No file was written.")
        elif isinstance(error, UserError):
            self.preview.setText(f"The file could not be saved: {_plain(error)}")
        else:
            log.error("export failed", exc_info=error)
            self.preview.setText("The file could not be written. Nothing was changed.")
            show_error(self, "The export could not be written.", error)

    def _failed(self, error: BaseException) -> None:
        self.preview.setText("Your entries could not be read for the export.")
        show_error(self, "Your entries could not be read for the export.", error)

    def _show_folder(self) -> None:
        if self.saved_path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.saved_path.parent)))

    def done(self, result: int) -> None:
        """Closing while a file is written stops the writing first (no half file is left)."""
        if self.job is not None:
            self.job.cancel()
            self.job.wait()
        super().done(result)


def open_export(parent: QWidget, ctx: AppContext) -> ExportDialog:
    dialog = ExportDialog(ctx, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
