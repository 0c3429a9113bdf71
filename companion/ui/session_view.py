"""The running session: the calming display with a few quiet controls laid over it.

Made so that nothing breaks by accident: Space marks a moment wherever the focus is, P pauses,
N hides the numbers; any other key does nothing. Ending early takes two deliberate steps (the
second button is not the one that has the focus). When the session is over, an end panel
lets the patient give each marked moment a word before the journal opens.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QResizeEvent, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QBoxLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSlider,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from companion.domain.session import Cue, CueKind
from companion.storage.session_options import MAX_DIM
from companion.ui.announce import announce
from companion.ui.beside_or_under import BesideOrBelow
from companion.ui.calm_display import CalmDisplay, DisplayLook
from companion.ui.flow_layout import FlowLayout
from companion.ui.fold import FoldingButton
from companion.ui.screen import keep_tab_order
from companion.ui.session_runner import MarkedMoment, SessionRunner

# How long a cue's words stay on the display (seconds); the end stays.
MESSAGE_SECONDS = {CueKind.START: 8.0, CueKind.HALFWAY: 12.0, CueKind.SPIT: 120.0}
STATUS_MS = 4000
# The controls' margins from the display's edges; nearer in a view narrower than NARROW_CHARS
# average characters (200% text in a small window), so they wrap onto fewer rows.
MARGINS, NARROW_MARGIN, NARROW_CHARS = (24, 18, 24, 20), 12, 40
WORD_CHARS = 10  # beside its time, a moment's word field keeps room for this many characters

# {ink} is the display's word colour (warm at night), {shade} the panels' dark backing.
_STYLE = """
#CalmOverlay, #CalmOverlay QWidget {{ background: transparent; }}
#CalmOverlay QLabel {{ color: rgba({ink}, {text}); background: transparent; }}
#CalmOverlay QPushButton {{
    background: rgba({ink}, {fill}); color: rgba({ink}, {text});
    border: 1px solid rgba({ink}, {line}); border-radius: 14px; padding: 10px 16px;
}}
#CalmOverlay QPushButton:hover {{ background: rgba({ink}, {hover}); }}
#CalmOverlay QPushButton:checked {{ background: rgba({ink}, {hover}); }}
#CalmOverlay QPushButton:focus, #CalmOverlay QSlider:focus, #CalmOverlay QLineEdit:focus {{
    border: 2px solid rgba({ink}, 0.95);
}}
#CalmOverlay QPushButton#CalmMark {{ padding: 10px 24px; font-weight: 600; }}
#CalmOverlay QPushButton#CalmStrong {{
    background: rgba({ink}, 0.9); color: rgb({shade}); font-weight: 600;
}}
#CalmOverlay QFrame#CalmPanel {{
    background: rgba({shade}, 0.62); border: 1px solid rgba({ink}, 0.16);
    border-radius: 18px;
}}
#CalmOverlay QLineEdit {{
    background: rgba({ink}, 0.12); color: rgba({ink}, 0.95);
    border: 1px solid rgba({ink}, 0.3); border-radius: 10px; padding: 7px 10px;
}}
#CalmOverlay QSlider::groove:horizontal {{
    height: 6px; background: rgba({ink}, 0.18); border-radius: 3px;
}}
#CalmOverlay QSlider::sub-page:horizontal {{
    background: rgba({ink}, 0.45); border-radius: 3px;
}}
#CalmOverlay QSlider::handle:horizontal {{
    background: rgba({ink}, {text}); border: none; width: 20px; height: 20px;
    margin: -7px 0; border-radius: 10px;
}}
"""


def _overlay_style(look: DisplayLook) -> str:
    """The controls take the display's colours and fade with it, but stay readable at the
    darkest setting."""
    keep = 1 - 0.45 * look.dim / MAX_DIM
    return _STYLE.format(
        ink=", ".join(map(str, look.ink)),
        shade="20, 13, 8" if look.night else "18, 16, 26",
        text=f"{0.92 * keep:.2f}",
        fill=f"{0.10 * keep:.2f}",
        hover=f"{0.2 * keep:.2f}",
        line=f"{0.3 * keep:.2f}",
    )


def night_theme() -> bool:
    """The app wears the Night theme (``theme.apply_theme`` names it on the application)."""
    app = QApplication.instance()
    return app is not None and app.property("companion_theme") == "night"


def _minutes(seconds: float) -> str:
    minutes = int(seconds // 60)
    return "in the first minute" if minutes == 0 else f"at {minutes} min"


def _button(
    text: str,
    name: str,
    description: str = "",
    slot: Callable[[], object] | None = None,
    kind: type[QPushButton] = QPushButton,
) -> QPushButton:
    button = kind(text)
    button.setAccessibleName(name)
    if description:
        button.setAccessibleDescription(description)
        button.setToolTip(description)
    button.setAutoDefault(True)  # Enter presses the focused button, as in a dialog
    if slot is not None:
        button.clicked.connect(lambda _=False: slot())
    return button


class _AsTallAs(QWidget):
    """A box as tall as a button beside it, so the row's contents share one middle line."""

    def __init__(self, button: QPushButton) -> None:
        super().__init__()
        self._button = button

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(hint.width(), max(hint.height(), self._button.sizeHint().height()))


class _Panel(QFrame):
    """A panel over the display: as wide as its maximum width where the view has the room,
    narrower (its words wrapping) where it has not."""

    def __init__(self, width: int) -> None:
        super().__init__()
        self.setObjectName("CalmPanel")
        self.setMaximumWidth(width)

    def sizeHint(self) -> QSize:
        return QSize(self.maximumWidth(), super().sizeHint().height())


class _Pair(QWidget):
    """Two buttons sharing a row, or one under the other when the row has not the room for
    both (200% text in a small window): each keeps its whole label."""

    def __init__(self, first: QPushButton, second: QPushButton) -> None:
        super().__init__()
        self._buttons = (first, second)
        self._box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self._box.setContentsMargins(0, 0, 0, 0)
        self._box.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        for button in self._buttons:
            self._box.addWidget(button)

    def minimumSizeHint(self) -> QSize:
        """As narrow as the wider button: below the room for both, they stack."""
        width = max(button.minimumSizeHint().width() for button in self._buttons)
        return QSize(width, super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        needed = sum(b.sizeHint().width() for b in self._buttons) + self._box.spacing()
        wanted = (
            QBoxLayout.Direction.LeftToRight
            if event.size().width() >= needed
            else QBoxLayout.Direction.TopToBottom
        )
        if self._box.direction() != wanted:
            self._box.setDirection(wanted)
        super().resizeEvent(event)


class SessionView(QWidget):
    full_screen_toggled = Signal()
    help_requested = Signal()
    escape_pressed = Signal()
    look_changed = Signal(object)  # DisplayLook, after the patient changed dim or numbers
    continue_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("CalmView")
        self.runner: SessionRunner | None = None
        self.display = CalmDisplay()
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.display, 0, 0)

        # The controls lie over the display, in the same cell of the grid.
        self.overlay = QWidget()
        self.overlay.setObjectName("CalmOverlay")
        column = QVBoxLayout(self.overlay)
        column.setContentsMargins(*MARGINS)
        column.setSpacing(12)
        column.addLayout(self._build_top())
        column.addStretch(1)
        self.end_panel = self._build_end_panel()
        self.confirm = self._build_confirm()
        for panel in (self.end_panel, self.confirm):
            row = QHBoxLayout()
            row.addStretch(1)
            row.addWidget(panel)
            row.addStretch(1)
            column.addLayout(row)
        self.controls = self._build_controls()
        column.addWidget(self.controls)
        for part in (self.controls, self.confirm, self.end_panel):
            part.installEventFilter(self)  # the room they leave the display follows them
        self.overlay.setStyleSheet(_overlay_style(self.display.look))
        grid.addWidget(self.overlay, 0, 0)
        self._status_clear = QTimer(self)
        self._status_clear.setSingleShot(True)
        self._status_clear.timeout.connect(lambda: self.status.setText(""))
        self._marking = False  # Space marks a moment (while the session runs)
        self._shortcuts = [
            self._shortcut("P", self.toggle_pause),
            self._shortcut("N", lambda: self.numbers_button.toggle()),
        ]
        self.setFocusProxy(self.display)
        self.set_full_screen(False)

    # --- building -----------------------------------------------------------------------------
    def _shortcut(self, key: str, slot: Callable[[], object]) -> QShortcut:
        shortcut = QShortcut(QKeySequence(key), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(slot)
        return shortcut

    def _build_top(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addStretch(1)
        self.help_button = _button(
            "Get help now",
            "Get help now",
            "Crisis lines and your own contacts (F2)",
            self.help_requested.emit,
        )
        row.addWidget(self.help_button)
        return row

    def _build_controls(self) -> QWidget:
        """What the patient may do: one row (wrapping when the text is large), and above it a
        line for what just happened ("Moment marked", "Paused"), kept even when empty so
        nothing moves when it fills."""
        controls = QWidget()
        column = QVBoxLayout(controls)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(8)
        self.status = QLabel("")
        self.status.setAccessibleName("Session status")
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.status.setMinimumHeight(self.status.fontMetrics().height())
        column.addWidget(self.status)
        bar = QWidget()
        column.addWidget(bar)
        flow = FlowLayout(bar, spacing=10)
        self.mark_button = _button(
            "Mark a moment",
            "Mark a moment",
            "Records this moment; you can add a word at the end (Space)",
            self.mark,
        )
        self.mark_button.setObjectName("CalmMark")
        self.pause_button = _button(
            "Pause", "Pause the session", "Pause or resume (P)", self.toggle_pause
        )
        self.end_button = _button(
            "End early…", "End the session early", "Asks before it ends anything", self.ask_end
        )
        dim_box = _AsTallAs(self.pause_button)
        dim_row = QHBoxLayout(dim_box)
        dim_row.setContentsMargins(6, 0, 6, 0)
        dim_label = QLabel("Dim")
        self.dim_slider = QSlider(Qt.Orientation.Horizontal)
        self.dim_slider.setRange(0, MAX_DIM)
        self.dim_slider.setSingleStep(5)
        self.dim_slider.setPageStep(15)
        self.dim_slider.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 6)
        self.dim_slider.setAccessibleName("Dim the display")
        self.dim_slider.setAccessibleDescription("Left and right arrows make it darker or lighter")
        self.dim_slider.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.dim_slider.valueChanged.connect(self._dimmed)
        dim_label.setBuddy(self.dim_slider)
        dim_row.addWidget(dim_label)
        dim_row.addWidget(self.dim_slider)
        self.numbers_button = _button(
            "Hide numbers", "Hide the numbers", "Show only a soft progress ring (N)"
        )
        self.numbers_button.setCheckable(True)
        self.numbers_button.toggled.connect(self._numbers_toggled)
        self.full_button = _button(
            "Full screen",
            "Full screen",
            "F11. Esc also leaves full screen; the session keeps running.",
            self.full_screen_toggled.emit,
        )
        for widget in (
            self.mark_button,
            self.pause_button,
            self.end_button,
            dim_box,
            self.numbers_button,
            self.full_button,
        ):
            flow.addWidget(widget)
        return controls

    def _build_confirm(self) -> QFrame:
        panel = _Panel(self._panel_width())
        box = QVBoxLayout(panel)
        box.setContentsMargins(24, 18, 24, 18)
        question = QLabel("End the session now? What you have so far is saved.")
        question.setWordWrap(True)
        self.keep_button = _button(
            "Keep going", "Keep going", "Carry on with the session", self.cancel_end, FoldingButton
        )
        self.confirm_end_button = _button(
            "End the session",
            "End the session now",
            "Ends the session early",
            self.end_now,
            FoldingButton,
        )
        box.addWidget(question)
        box.addWidget(_Pair(self.keep_button, self.confirm_end_button))
        panel.hide()
        return panel

    def _build_end_panel(self) -> QFrame:
        panel = _Panel(self._panel_width())
        box = QVBoxLayout(panel)
        box.setContentsMargins(28, 22, 28, 22)
        box.setSpacing(10)
        self.end_summary = QLabel()
        self.end_summary.setWordWrap(True)
        box.addWidget(self.end_summary)
        self._words_area = QScrollArea()
        self._words_area.setAccessibleName("Words for the moments you marked")
        self._words_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # its fields take the focus
        self._words_area.setWidgetResizable(True)
        self._words_area.setFrameShape(QFrame.Shape.NoFrame)
        self._words_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._words_holder = QWidget()
        self._words = QVBoxLayout(self._words_holder)
        self._words.setContentsMargins(0, 0, 0, 0)
        self._words.setSpacing(8)
        self._words_area.setWidget(self._words_holder)
        box.addWidget(self._words_area)
        self.continue_button = _button(
            "Continue to your journal",
            "Continue to your journal",
            "Opens the journal with this session",
            self._continue,
            FoldingButton,  # two lines in a narrow window at large text
        )
        self.continue_button.setObjectName("CalmStrong")
        box.addWidget(self.continue_button, 0, Qt.AlignmentFlag.AlignRight)
        panel.hide()
        self.word_edits: list[QLineEdit] = []
        return panel

    def _panel_width(self) -> int:
        """Wide enough for a calm line of text; in a small window, as wide as the view."""
        return min(self.fontMetrics().averageCharWidth() * 62, 520)

    # --- a run --------------------------------------------------------------------------------
    def attach(self, runner: SessionRunner, look: DisplayLook) -> None:
        self.runner = runner
        runner.cue.connect(self.show_cue)
        runner.changed.connect(self._refresh)
        runner.ended.connect(self._show_end)
        self.end_panel.hide()
        self.confirm.hide()
        self.controls.show()
        self.status.setText("")
        self.numbers_button.setChecked(not look.numbers)
        self.numbers_button.setVisible(not look.audio_only)
        self.dim_slider.setValue(look.dim)
        self.display.show_message("")
        self._set_look(replace(look, night=night_theme()))
        self.display.set_timer(runner.timer)
        for shortcut in self._shortcuts:
            shortcut.setEnabled(True)
        self._marking = True
        self._refresh()

    def show_cue(self, cue: Cue) -> None:
        self.display.show_message(cue.text, MESSAGE_SECONDS.get(cue.kind))
        announce(self.display, cue.text)

    def mark(self) -> None:
        if self.runner is None:
            return
        moment = self.runner.mark()
        if moment is not None:
            count = len(self.runner.record.markers)
            when = f" {_minutes(moment.elapsed_s)}" if self.display.look.numbers else ""
            self._say(f"Moment marked{when} · {count} so far")

    def toggle_pause(self) -> None:
        if self.runner is not None and not self.runner.timer.ended:
            self.runner.toggle_pause()
            self._say("Paused" if self.runner.timer.paused else "Carrying on")

    def ask_end(self) -> None:
        """The first step: the question takes the place of the controls, "Keep going" focused."""
        if self.runner is None or self.runner.timer.ended:
            return
        self.controls.hide()
        self.confirm.show()
        self._place_overlay()
        self.keep_button.setFocus()

    def cancel_end(self) -> None:
        self.confirm.hide()
        self.controls.show()
        self._place_overlay()
        self.end_button.setFocus()

    def end_now(self) -> None:
        self.confirm.hide()
        if self.runner is not None:
            self.runner.end_early()

    def word_texts(self) -> list[str]:
        return [edit.text() for edit in self.word_edits]

    def set_full_screen(self, full: bool) -> None:
        self.help_button.setVisible(full)
        self.full_button.setText("Leave full screen" if full else "Full screen")
        self.full_button.setAccessibleName(self.full_button.text())
        self._place_overlay()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            if not self.confirm.isHidden():
                self.cancel_end()
            else:
                self.escape_pressed.emit()
            event.accept()
            return
        # Space marks a moment when it reaches here: on the display, not on a focused button
        # (which Space presses) nor in a word field (where it is a space).
        if event.key() == Qt.Key.Key_Space and self._marking and not event.isAutoRepeat():
            self.mark()
        event.accept()  # stray keys do nothing, here or anywhere behind the session

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        left, top, right, bottom = MARGINS
        if event.size().width() < self.fontMetrics().averageCharWidth() * NARROW_CHARS:
            left = right = NARROW_MARGIN
        column = self.overlay.layout()
        if column.contentsMargins().left() != left:
            column.setContentsMargins(left, top, right, bottom)
        self._place_overlay()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Move, QEvent.Type.Resize) and self.isVisible():
            self._reserve()  # a panel found its height (its buttons stacked, its words wrapped)
        return super().eventFilter(watched, event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._place_overlay()

    def changeEvent(self, event: QEvent) -> None:
        """The theme changed (View menu): Night turns the display dark and warm at once."""
        super().changeEvent(event)
        look = self.display.look
        if event.type() == QEvent.Type.StyleChange and look.night != night_theme():
            self._set_look(replace(look, night=night_theme()))

    # --- inside -------------------------------------------------------------------------------
    def _place_overlay(self) -> None:
        """Keep the ring and the words clear of whatever lies over the display."""
        if not self.isVisible():
            return  # placed when shown: measuring it now would style it before it is in place
        self.layout().activate()
        self.overlay.layout().activate()
        self._reserve()

    def _reserve(self) -> None:
        # What shows now: hidden controls keep the place they had, which is not the panel's.
        shown = [
            widget
            for widget in (self.controls, self.confirm, self.end_panel)
            if not widget.isHidden()
        ]
        bottom = self.display.height() - min(
            widget.geometry().top() for widget in shown or [self.controls]
        )
        help_button = self.help_button
        top = help_button.geometry().bottom() if not help_button.isHidden() else 0
        self.display.set_reserved(max(0, top), max(0, bottom))

    def _say(self, text: str) -> None:
        self.status.setText(text)
        announce(self.status, text)
        self._status_clear.start(STATUS_MS)

    def _refresh(self) -> None:
        runner = self.runner
        paused = runner is not None and runner.timer.paused
        self.pause_button.setText("Resume" if paused else "Pause")
        self.pause_button.setAccessibleName("Resume the session" if paused else "Pause the session")
        self.display.update()

    def _set_look(self, look: DisplayLook) -> None:
        self.display.set_look(look)
        style = _overlay_style(look)
        if style != self.overlay.styleSheet():
            self.overlay.setStyleSheet(style)

    def _dimmed(self, value: int) -> None:
        self._set_look(replace(self.display.look, dim=value))
        self.look_changed.emit(self.display.look)

    def _numbers_toggled(self, hidden: bool) -> None:
        self.numbers_button.setText("Show numbers" if hidden else "Hide numbers")
        self.numbers_button.setAccessibleName("Show the numbers" if hidden else "Hide the numbers")
        look = self.display.look
        if look.numbers == hidden:
            self.display.set_look(replace(look, numbers=not hidden))
            self.look_changed.emit(self.display.look)

    def _show_end(self) -> None:
        runner = self.runner
        assert runner is not None
        for shortcut in self._shortcuts:
            shortcut.setEnabled(False)
        self._marking = False
        self.confirm.hide()
        self.controls.hide()
        self.display.set_timer(runner.timer)  # the display comes to rest
        finished = runner.timer.finished
        if not finished:
            self.display.show_message("Session ended")
            announce(self.display, "Session ended")
        timer = runner.timer
        minutes = round((timer.duration if finished else timer.elapsed) / 60)
        length = f"{minutes} minute{'s' if minutes != 1 else ''}"
        count = len(runner.record.markers)
        moments = (
            f"{count} moment{'s' if count != 1 else ''} marked" if count else ("no moments marked")
        )
        lead = f"Take your time. {length.capitalize()}" if finished else f"Ended after {length}"
        words = " You can give each one a word, if you like." if count else ""
        self.end_summary.setText(f"{lead} · {moments}.{words}")
        self._fill_words(runner.record.markers)
        self.end_panel.show()
        self._place_overlay()
        self.continue_button.setFocus()

    def _fill_words(self, moments: list[MarkedMoment]) -> None:
        while self._words.count():
            item = self._words.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.word_edits = []
        gap = self.style().pixelMetric(QStyle.PixelMetric.PM_LayoutHorizontalSpacing)
        for moment in moments:
            when = _minutes(moment.elapsed_s)
            label = QLabel(when.capitalize())
            edit = QLineEdit(moment.label)
            edit.setPlaceholderText("a word, if you like")
            edit.setMaxLength(200)
            edit.setAccessibleName(f"A word for the moment {when}")
            label.setBuddy(edit)
            edit.returnPressed.connect(self._continue)
            # The field goes under its time where the panel has not the room for both.
            row = BesideOrBelow(label, edit, grows=edit, room_chars=WORD_CHARS, spacing=gap)
            self._words.addWidget(row)
            self.word_edits.append(edit)
        # The fields come before "Continue" in the Tab order (they were made after it).
        keep_tab_order(self._words_area, self.word_edits)
        self._words_area.setVisible(bool(moments))
        rows = min(len(moments), 4)
        self._words_area.setFixedHeight(rows * (self.fontMetrics().height() + 26) if rows else 0)

    def _continue(self) -> None:
        self.continue_requested.emit()
