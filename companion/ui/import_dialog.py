"""Import a mood log from Daylio, Afterflow or a Companion CSV file.

The file is read and checked on a thread of its own; only a file without a single bad row is
written, in one transaction on the database worker. Daylio moods Companion does not know are
asked for in a small dialog (nothing is guessed), and the result is said in plain words.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialogButtonBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from companion.domain.journal import MOOD, SCALE_MAX, SCALE_MIN, anchor_text
from companion.errors import UserError
from companion.export.import_store import ImportResult, store
from companion.export.importers import ImportedEntry, parse
from companion.export.reading import ImportRefused, UnknownMoods
from companion.ui.announce import announce
from companion.ui.context import AppContext
from companion.ui.dialog_frame import ScrollingDialog, dialog_buttons
from companion.ui.fault import show_error
from companion.ui.file_job import FileJob
from companion.ui.flow_layout import FlowLayout

# key, label, where the file comes from
FORMATS: tuple[tuple[str, str, str], ...] = (
    ("daylio", "Daylio", "the CSV file from Daylio's “Export entries”"),
    ("afterflow", "Afterflow", "the CSV file Afterflow exports"),
    ("csv", "Companion CSV", "a CSV file exported from Companion"),
)
_UNSET = SCALE_MIN - 1


def choose_import_file(parent: QWidget, title: str) -> Path | None:
    """Ask for the file; None when the patient cancels (tests replace this function)."""
    name, _chosen = QFileDialog.getOpenFileName(parent, title, "", "CSV files (*.csv);;All (*)")
    return Path(name) if name else None


class MoodMapDialog(ScrollingDialog):
    """A number from 0 to 10 for each mood label of the file; none is preset. A file with
    many moods scrolls, with the buttons kept in view."""

    def __init__(self, labels: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Moods from Daylio")
        self.setAccessibleName("Moods from Daylio")
        layout = self.body
        layout.setSpacing(12)
        heading = QLabel("Which mood is each of these?")
        heading.setObjectName("SectionTitle")
        lead = QLabel(
            "Your Daylio file uses moods Companion does not know. Give each one a number "
            "from 0 (very low) to 10 (very good). Nothing is imported until you do."
        )
        lead.setWordWrap(True)
        layout.addWidget(heading)
        layout.addWidget(lead)
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(8)
        self.boxes: dict[str, QSpinBox] = {}
        for row, label in enumerate(labels):
            name = QLabel(f"“{label}”")
            name.setObjectName("FieldTitle")
            name.setWordWrap(True)  # a mood of the patient's own can be long
            box = QSpinBox()
            box.setRange(_UNSET, SCALE_MAX)
            box.setSpecialValueText("Choose")
            box.setValue(_UNSET)
            box.setAccessibleName(f"Mood for {label}")
            words = QLabel("")
            words.setObjectName("Muted")
            words.setWordWrap(True)
            box.valueChanged.connect(lambda value, w=words, b=box: self._changed(value, w, b))
            name.setBuddy(box)
            grid.addWidget(name, row, 0)
            grid.addWidget(box, row, 1)
            grid.addWidget(words, row, 2)
            self.boxes[label] = box
        grid.setColumnStretch(2, 1)
        layout.addLayout(grid)
        buttons, self.ok = dialog_buttons("&Import with these moods")
        self.ok.setEnabled(False)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons.addWidget(buttons)
        self.fit_to_screen()

    def _changed(self, value: int, words: QLabel, box: QSpinBox) -> None:
        text = "" if value == _UNSET else anchor_text(MOOD, value)
        words.setText(text)
        box.setAccessibleDescription(text)
        self.ok.setEnabled(all(b.value() != _UNSET for b in self.boxes.values()))

    def mapping(self) -> dict[str, int]:
        return {label: box.value() for label, box in self.boxes.items()}


class ImportDialog(ScrollingDialog):
    imported = Signal(object)  # ImportResult

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.job: FileJob | None = None
        self.mood_dialog: MoodMapDialog | None = None
        self._mood_map: dict[str, int] = {}
        self.setWindowTitle("Import a mood log")
        self.setAccessibleName("Import a mood log")
        self.setMinimumWidth(560)
        layout = self.body
        heading = QLabel("Import a mood log")
        heading.setObjectName("SectionTitle")
        lead = QLabel(
            "Bring your history from Daylio, Afterflow or a Companion CSV file. Notes you "
            "import are kept as private reflections. A file with a problem is not imported "
            "at all, and importing the same file twice adds nothing the second time."
        )
        lead.setObjectName("Muted")
        lead.setWordWrap(True)
        layout.addWidget(heading)
        layout.addWidget(lead)

        card = QFrame()
        card.setObjectName("Card")
        box = QVBoxLayout(card)
        box.setContentsMargins(16, 12, 16, 14)
        box.setSpacing(8)
        title = QLabel("The file comes from")
        title.setObjectName("FieldTitle")
        box.addWidget(title)
        self.formats = QButtonGroup(self)
        row = FlowLayout(spacing=18)
        for index, (key, label, where) in enumerate(FORMATS):
            button = QRadioButton(label)
            button.setProperty("format", key)
            button.setAccessibleName(label)
            button.setAccessibleDescription(f"Import {where}")
            button.setChecked(index == 0)
            self.formats.addButton(button, index)
            row.addWidget(button)
        box.addLayout(row)
        self.format_note = QLabel()
        self.format_note.setObjectName("Muted")
        self.format_note.setWordWrap(True)
        box.addWidget(self.format_note)
        self.formats.idToggled.connect(lambda _id, on: on and self._describe_format())
        self._describe_format()
        file_row = QHBoxLayout()
        self.path = QLineEdit()
        self.path.setPlaceholderText("Choose a CSV file…")
        self.path.setAccessibleName("The file to import")
        self.path.textChanged.connect(self._sync)
        choose = QPushButton("C&hoose…")
        choose.setAccessibleName("Choose the file to import")
        choose.clicked.connect(self.choose)
        file_row.addWidget(self.path, 1)
        file_row.addWidget(choose)
        box.addLayout(file_row)
        layout.addWidget(card)

        self.result = QLabel("")
        self.result.setObjectName("Card")
        self.result.setWordWrap(True)
        self.result.setMargin(14)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result.setAccessibleName("Import result")
        self.result.hide()
        layout.addWidget(self.result)

        buttons, self.import_button = dialog_buttons("&Import")
        self.import_button.setAccessibleName("Import the file")
        self.import_button.setEnabled(False)
        buttons.accepted.connect(lambda: self.start())
        # The dialog stays open to say how the import went, so leaving it is "Close".
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.close_button.setText("Close")
        buttons.rejected.connect(self.reject)
        self.buttons.addWidget(buttons)
        self.fit_to_screen()

    @property
    def fmt(self) -> str:
        return str(self.formats.checkedButton().property("format"))

    def _describe_format(self) -> None:
        where = next(w for key, _l, w in FORMATS if key == self.fmt)
        self.format_note.setText(f"Choose {where}.")

    def _sync(self) -> None:
        self.import_button.setEnabled(bool(self.path.text().strip()) and self.job is None)

    def choose(self) -> None:
        label = next(lab for key, lab, _w in FORMATS if key == self.fmt)
        path = choose_import_file(self, f"Choose the {label} file")
        if path is not None:
            self.path.setText(str(path))

    def say(self, text: str) -> None:
        """Show how the import goes, and say it aloud: nothing else tells a screen reader."""
        self.result.setText(text)
        self.result.show()
        announce(self.result, text)

    def start(self, mood_map: Mapping[str, int] | None = None) -> None:
        """Read and check the whole file off the GUI thread, then store it."""
        path, fmt = Path(self.path.text().strip()).expanduser(), self.fmt
        self._mood_map = dict(mood_map or {})
        chosen = self._mood_map or None
        self.job = FileJob(lambda _progress, _cancelled: parse(fmt, path, chosen), self)
        self.job.succeeded.connect(self._parsed)
        self.job.failed.connect(self._refused)
        self.job.finished.connect(self._job_finished)
        if self.import_button.hasFocus():
            # Disabled, it would drop the focus: Close is where the patient goes next.
            self.close_button.setFocus()
        self.import_button.setEnabled(False)
        self.say("Reading the file…")
        self.job.start()

    def _job_finished(self) -> None:
        if self.job is not None:
            self.job.deleteLater()
            self.job = None
        self._sync()

    def _parsed(self, entries: list[ImportedEntry]) -> None:
        fmt = self.fmt
        self.say(f"Saving {len(entries):,} rows…")
        self.import_button.setEnabled(False)
        self.ctx.worker.submit(
            lambda session: store(session, entries, fmt), self._stored, self._failed
        )

    def _stored(self, result: ImportResult) -> None:
        self.say(result.describe())
        self.imported.emit(result)

    def _refused(self, error: BaseException) -> None:
        if isinstance(error, UnknownMoods):
            self.say("Some moods in this file need a number first.")
            self.ask_moods(error.labels)
        elif isinstance(error, ImportRefused):
            self.say(f"This file was not imported. {error.sentence}")
        elif isinstance(error, UserError):
            self.say(f"This file was not imported: {str(error).removeprefix('companion: ')}")
        else:
            self._failed(error)

    def ask_moods(self, labels: Sequence[str]) -> MoodMapDialog:
        dialog = MoodMapDialog(labels, self)
        dialog.accepted.connect(lambda: self.start({**self._mood_map, **dialog.mapping()}))
        dialog.rejected.connect(lambda: self.say("Nothing was imported."))
        self.mood_dialog = dialog
        dialog.open()
        return dialog

    def _failed(self, error: BaseException) -> None:
        self.say("Nothing was imported.")
        show_error(self, "The import did not work. Nothing was changed.", error)

    def done(self, result: int) -> None:
        if self.job is not None:
            self.job.wait()
        super().done(result)


def open_import(parent: QWidget, ctx: AppContext) -> ImportDialog:
    dialog = ImportDialog(ctx, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
