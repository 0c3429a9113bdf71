"""The frame of the screens shown before the journal is open: unlock, first run, recovery.

A calm centred card with a title, a short explanation, the screen's own content and its
actions, and "Get help now" (F2), which works without the journal: the crisis lines need no
passphrase. Slow work (deriving a key, copying a backup) runs on a thread of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from companion.ui.file_job import FileJob
from companion.ui.help_dialog import HelpDialog
from companion.ui.prefs import Prefs
from companion.ui.screen import scroll_area

CARD_CHARACTERS = 64  # the card's width in average characters, so it grows with the text size


class GateFrame(QWidget):
    """Base of the gate screens: fill ``self.body`` and ``self.actions``."""

    def __init__(self, prefs: Prefs, title: str, subtitle: str) -> None:
        super().__init__()
        self.prefs = prefs
        self.setWindowTitle("Companion")
        self.setMinimumSize(640, 520)
        self.resize(900, 680)
        self._job: FileJob | None = None

        self.card = QFrame()
        self.card.setObjectName("Card")
        box = QVBoxLayout(self.card)
        box.setContentsMargins(36, 30, 36, 26)
        box.setSpacing(14)
        self.title_label = QLabel(title)
        self.title_label.setObjectName("ScreenTitle")
        self.title_label.setWordWrap(True)
        self.subtitle_label = QLabel(subtitle)
        self.subtitle_label.setObjectName("ScreenSubtitle")
        self.subtitle_label.setWordWrap(True)
        box.addWidget(self.title_label)
        box.addWidget(self.subtitle_label)
        self.body = QVBoxLayout()
        self.body.setSpacing(12)
        box.addLayout(self.body)
        box.addSpacing(6)
        self.actions = QHBoxLayout()
        self.actions.setSpacing(10)
        box.addLayout(self.actions)

        self.help_button = QPushButton("&Get help now")
        self.help_button.setObjectName("HelpButton")
        self.help_button.setAccessibleName("Get help now")
        self.help_button.setAccessibleDescription("Crisis lines; works without your passphrase")
        self.help_button.setToolTip("Crisis lines (F2)")
        self.help_button.clicked.connect(self.show_help)
        QShortcut(QKeySequence("F2"), self, self.show_help)

        column = QWidget()
        centre = QVBoxLayout(column)
        centre.setContentsMargins(24, 24, 24, 24)
        centre.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.card, 100)
        row.addStretch(1)
        centre.addLayout(row)
        help_row = QHBoxLayout()
        help_row.addStretch(1)
        help_row.addWidget(self.help_button)
        help_row.addStretch(1)
        centre.addSpacing(16)
        centre.addLayout(help_row)
        centre.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll_area(column, title))
        self._fit_card()

    def _fit_card(self) -> None:
        self.card.setMaximumWidth(self.fontMetrics().averageCharWidth() * CARD_CHARACTERS)

    def changeEvent(self, event: Any) -> None:
        super().changeEvent(event)
        if event.type() in (event.Type.FontChange, event.Type.StyleChange):
            self._fit_card()

    def show_help(self) -> HelpDialog:
        dialog = HelpDialog(self, reason="Your own contacts show once your journal is open.")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        for field in (dialog.clinic, dialog.trusted):
            field.setEnabled(False)
        dialog.show()
        return dialog

    def message_label(self) -> QLabel:
        """A label for errors and progress, read out by screen readers when it changes."""
        label = QLabel("")
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setObjectName("FormMessage")  # bold: weight, not colour, sets it apart
        label.setAccessibleName("Message")
        label.setVisible(False)
        return label

    @staticmethod
    def say(label: QLabel, text: str) -> None:
        """Show ``text``; "" hides the label."""
        label.setText(text)
        label.setAccessibleDescription(text)
        label.setVisible(bool(text))

    def run(
        self,
        work: Callable[[], Any],
        done: Callable[[Any], None],
        failed: Callable[[BaseException], None],
    ) -> None:
        """Run ``work`` off the GUI thread; ``done`` or ``failed`` come back on it."""
        job = FileJob(lambda _progress, _cancelled: work(), self)
        job.succeeded.connect(done)
        job.failed.connect(failed)
        self._job = job  # a child of this screen: it goes when the screen goes
        job.start()

    def busy(self) -> bool:
        return self._job is not None and not self._job.isFinished()

    def wait(self) -> None:
        """Block until the running work is done (shutdown and tests only)."""
        if self._job is not None and self._job.isRunning():
            self._job.wait()
