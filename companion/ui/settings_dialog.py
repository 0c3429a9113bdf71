"""Settings: privacy (passphrase, app lock), backups, and how Companion looks."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from companion.storage import paths
from companion.storage.encryption import Protected
from companion.ui.card import card, muted
from companion.ui.context import AppContext
from companion.ui.dialog_frame import ScrollingDialog, close_button
from companion.ui.passphrase_dialog import PassphraseDialog
from companion.ui.prepare_tick_box import TickBox, TickLine

LOCK_CHOICES = (
    (0, "Never"),
    (2, "After 2 minutes"),
    (5, "After 5 minutes"),
    (10, "After 10 minutes"),
    (15, "After 15 minutes"),
    (30, "After 30 minutes"),
    (60, "After an hour"),
)
THEMES = (
    ("system", "Follow the system"),
    ("light", "Light"),
    ("dark", "Dark"),
    ("night", "Night (dim and warm)"),
)
TEXT_SIZES = (100, 120, 140, 160, 180, 200)


def open_settings(parent: QWidget, ctx: AppContext) -> SettingsDialog:
    dialog = SettingsDialog(parent, ctx)
    dialog.open()
    return dialog


class SettingsDialog(ScrollingDialog):
    def __init__(self, parent: QWidget, ctx: AppContext) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.window_ = parent
        self.setWindowTitle("Settings")
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 80)
        self.body.setSpacing(16)
        title = QLabel("Settings")
        title.setObjectName("ScreenTitle")
        self.body.addWidget(title)
        self.body.addWidget(self._privacy())
        self.body.addWidget(self._backups())
        self.body.addWidget(self._display())
        buttons = close_button()
        buttons.rejected.connect(self.accept)
        self.buttons.addWidget(buttons)
        self._show_privacy()
        self.fit_to_screen()

    # --- privacy --------------------------------------------------------------------------
    def _privacy(self) -> QFrame:
        frame, box, _title = card("Privacy")
        self.privacy_status = QLabel("")
        self.privacy_status.setWordWrap(True)
        box.addWidget(self.privacy_status)
        self.passphrase_button = QPushButton("")
        self.passphrase_button.clicked.connect(self.open_passphrase)
        row = QHBoxLayout()
        row.addWidget(self.passphrase_button)
        row.addStretch(1)
        box.addLayout(row)
        self.lock = QComboBox()
        self.lock.setAccessibleName("Lock Companion when I am away")
        for minutes, label in LOCK_CHOICES:
            self.lock.addItem(label, minutes)
        chosen = self.lock.findData(self.ctx.prefs.lock_minutes)
        self.lock.setCurrentIndex(chosen if chosen >= 0 else self.lock.findData(10))
        self.lock.currentIndexChanged.connect(
            lambda _i: setattr(self.ctx.prefs, "lock_minutes", int(self.lock.currentData()))
        )
        form = _form()
        form.addRow("&Lock when I am away:", self.lock)
        box.addLayout(form)
        self.lock_note = muted("")
        box.addWidget(self.lock_note)
        return frame

    def _show_privacy(self) -> None:
        encrypted = self.ctx.worker.db.encrypted
        self.privacy_status.setText(
            "Your journal is encrypted with your passphrase."
            if encrypted
            else "Your journal is not protected by a passphrase. Anyone who can use this computer "
            "account could read it."
        )
        self.passphrase_button.setText(
            "&Change passphrase…" if encrypted else "&Protect with a passphrase…"
        )
        self.passphrase_button.setAccessibleName(self.passphrase_button.text().replace("&", ""))
        self.lock.setEnabled(encrypted)
        self.lock_note.setText(
            "Companion closes your journal after this idle time and asks for the passphrase "
            "again. It never locks during a session."
            if encrypted
            else "The lock needs a passphrase: protect your journal first."
        )

    def open_passphrase(self) -> PassphraseDialog:
        dialog = PassphraseDialog(self, self.ctx)
        dialog.done_with.connect(self._protected)
        dialog.open()
        return dialog

    def _protected(self, protected: Protected) -> None:
        self._show_privacy()
        extra = protected.summary()
        self.privacy_status.setText(self.privacy_status.text() + (f" ({extra}.)" if extra else ""))

    # --- backups --------------------------------------------------------------------------
    def _backups(self) -> QFrame:
        frame, box, _title = card("Backups")
        line = TickLine("Make a &backup automatically every day", self.ctx.prefs)  # it wraps
        self.auto_backup = line.box
        self.auto_backup.setChecked(self.ctx.prefs.auto_backup)
        self.auto_backup.toggled.connect(lambda on: setattr(self.ctx.prefs, "auto_backup", on))
        box.addWidget(line)
        folder = paths.backups_dir(self.ctx.data_dir)
        where = muted(
            f"The last 7 are kept in {folder}. They are encrypted when your journal is. "
            "A copy on another disk protects against a lost or broken computer: use "
            "File > Back up…"
        )
        where.setAccessibleName("Where backups are kept")
        box.addWidget(where)
        return frame

    # --- display --------------------------------------------------------------------------
    def _display(self) -> QFrame:
        frame, box, _title = card("Display")
        prefs = self.ctx.prefs
        form = _form()
        self.theme = QComboBox()
        self.theme.setAccessibleName("Colour theme")
        for key, label in THEMES:
            self.theme.addItem(label, key)
        self.theme.setCurrentIndex(max(0, self.theme.findData(prefs.theme)))
        self.theme.currentIndexChanged.connect(lambda _i: self._set_theme(self.theme.currentData()))
        form.addRow("&Theme:", self.theme)
        self.text_size = QComboBox()
        self.text_size.setAccessibleName("Text size")
        for size in TEXT_SIZES:
            self.text_size.addItem(f"{size}%", size)
        self.text_size.setCurrentIndex(max(0, self.text_size.findData(prefs.text_scale)))
        self.text_size.currentIndexChanged.connect(
            lambda _i: self._set_text_size(int(self.text_size.currentData()))
        )
        form.addRow("Text &size:", self.text_size)
        box.addLayout(form)
        self.contrast = TickBox("&High contrast", prefs)
        self.contrast.setChecked(prefs.high_contrast)
        self.contrast.toggled.connect(lambda on: self._set_flag("High contrast", on))
        self.motion = TickBox("&Reduce motion", prefs)
        self.motion.setChecked(prefs.reduce_motion)
        self.motion.toggled.connect(lambda on: self._set_flag("Reduce motion", on))
        box.addWidget(self.contrast)
        box.addWidget(self.motion)
        box.addWidget(muted("The View menu has the same choices, with keyboard shortcuts."))
        return frame

    def _set_theme(self, key: str) -> None:
        set_theme = getattr(self.window_, "set_theme", None)
        if callable(set_theme):
            set_theme(key)
        else:
            self.ctx.prefs.theme = key

    def _set_text_size(self, size: int) -> None:
        change = getattr(self.window_, "change_text_scale", None)
        if callable(change):
            change(size - self.ctx.prefs.text_scale)
        else:
            self.ctx.prefs.text_scale = size

    def _set_flag(self, label: str, on: bool) -> None:
        """Goes through the View menu's action, so the menu's tick stays right."""
        for action in self.window_.findChildren(QAction):
            if action.isCheckable() and action.text().replace("&", "") == label:
                if action.isChecked() != on:
                    action.trigger()
                return
        setattr(self.ctx.prefs, label.lower().replace(" ", "_"), on)


def _form() -> QFormLayout:
    """Labels beside their fields, or above them when the dialog is too narrow for both."""
    form = QFormLayout()
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    return form
