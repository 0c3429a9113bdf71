"""Before a session: the length for the route, the calming display, the sounds, and a quick
"How do you feel right now?" (choose a number, then Begin).

The route is filled in when something tells it (today's appointment, the open course, the
last session); otherwise the patient is asked, since the route is saved with the run.

It also holds the offer made after a crash or a closed window: resume the unfinished session
where its time stands now, or end it at the last time the app knew it was alive.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from PySide6.QtCore import QPointF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QIcon,
    QKeySequence,
    QLinearGradient,
    QPainter,
    QPixmap,
    QShortcut,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from companion.domain.journal import MOOD, SCALE_MAX, SCALE_MIN, anchor_text
from companion.domain.routes import Route
from companion.domain.session import MAX_MINUTES, MIN_MINUTES, PALETTES, preset_for
from companion.storage.session_options import SessionOptions
from companion.storage.session_runs import LinkedAppointment, RunState, SessionSetup
from companion.ui.beside_or_under import BesideOrBelow
from companion.ui.card import card, muted
from companion.ui.fitting_picker import ElidingComboBox
from companion.ui.flow_layout import FlowLayout
from companion.ui.fold import FoldingCheck
from companion.ui.roving import HOW, RovingFocus
from companion.ui.screen import scroll_area
from companion.ui.session_runner import RunPlan

BREATHING_CHOICES = (
    ("resonance", "Resonance breathing, about 5.5 breaths a minute"),
    ("box", "Box breathing, 4-4-4-4"),
    ("4-7-8", "4-7-8 breathing"),
    ("off", "No breathing guide"),
)
CONTENT_WIDTH = 60  # the form's widest line, in average characters: easy to read
BEGIN_KEYS = ("Ctrl+Return", "Ctrl+Enter")  # the main keyboard's Enter, and the number pad's


def option(box: QVBoxLayout, text: str, detail: str = "") -> QCheckBox:
    """A check box with a short name, and its longer explanation wrapped underneath."""
    check = FoldingCheck(text)
    check.setAccessibleName(text)
    box.addWidget(check)
    if detail:
        check.setAccessibleDescription(detail)
        note = muted(detail)
        check.ensurePolished()
        box_width = check.sizeHint().width() - check.fontMetrics().horizontalAdvance(text)
        note.setContentsMargins(max(0, box_width - 4), 0, 0, 0)  # under the words, not the box
        box.addWidget(note)
    return check


def _room_for_bold(button: QPushButton) -> None:
    """A chip's text turns bold when chosen: keep room for it, so it is never cut off."""
    button.ensurePolished()
    bold = QFont(button.font())
    bold.setBold(True)
    extra = QFontMetrics(bold).horizontalAdvance(
        button.text()
    ) - button.fontMetrics().horizontalAdvance(button.text())
    button.setMinimumWidth(button.sizeHint().width() + max(0, extra) + 4)


def _swatch(name: str, size: int) -> QIcon:
    pixmap = QPixmap(size * 2, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    gradient = QLinearGradient(QPointF(0, 0), QPointF(size * 2, size))
    colours = PALETTES[name]
    for index, colour in enumerate(colours):
        gradient.setColorAt(index / (len(colours) - 1), QColor(*colour))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(gradient)
    painter.drawRoundedRect(0, 0, size * 2, size, size / 4, size / 4)
    painter.end()
    return QIcon(pixmap)


def appointment_text(appointment: LinkedAppointment | None, today: datetime) -> str:
    if appointment is None:
        return "No appointment today. The session is saved on its own."
    when = appointment.starts_at
    day = "today" if when.date() == today.date() else f"{when:%A} {when.day} {when:%B}"
    return f"Session {appointment.number} · {appointment.route.label} · {day} at {when:%H:%M}"


class SessionSetupForm(QWidget):
    begin_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._options = SessionOptions()
        self._loading = False
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 12, 12)
        column.setSpacing(16)
        content.setMaximumWidth(self.fontMetrics().averageCharWidth() * CONTENT_WIDTH * 2)
        outer.addWidget(scroll_area(content, "Choices before the session", late=True))

        column.addWidget(self._build_session_card())
        column.addWidget(self._build_mood_card())
        self.begin_button = QPushButton("Begin session")
        self.begin_button.setObjectName("Primary")
        self.begin_button.setAccessibleName("Begin the session")
        self.begin_button.setAccessibleDescription("Starts the timer on the calming display")
        self.begin_button.setDefault(True)
        self.begin_button.clicked.connect(lambda _=False: self._begin_clicked())
        self.begin_button.setToolTip("Begin the session (Ctrl+Enter)")
        for key in BEGIN_KEYS:  # from anywhere on the form, without tabbing to the button
            QShortcut(QKeySequence(key), self, activated=self._begin_clicked)
        keys = muted(
            "Ctrl+Enter begins. During the session: Space marks a moment, P pauses, F11 "
            "shows it full screen. Esc only leaves full screen: the session keeps running."
        )
        column.addWidget(BesideOrBelow(self.begin_button, keys, grows=keys, room_chars=26))
        column.addWidget(self._build_display_card())
        column.addStretch(1)

    # --- building -----------------------------------------------------------------------------
    def _build_session_card(self) -> QFrame:
        frame, box, _title = card("This session")
        self.appointment_label = muted()
        box.addWidget(self.appointment_label)
        self.intention_title = QLabel("Your intention")
        self.intention_title.setObjectName("FieldTitle")
        self.intention = QLabel()
        self.intention.setWordWrap(True)
        self.intention.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.intention.font()
        font.setItalic(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.intention.setFont(font)
        box.addWidget(self.intention_title)
        box.addWidget(self.intention)

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.route = ElidingComboBox()
        for route in Route:
            self.route.addItem(route.label, route)
        self.route.setPlaceholderText("Choose one…")  # "the route" is its label
        self.route.setAccessibleName("Route")
        self.route.currentIndexChanged.connect(self._route_changed)
        self.minutes = QSpinBox()
        self.minutes.setRange(MIN_MINUTES, MAX_MINUTES)
        self.minutes.setSuffix(" minutes")
        self.minutes.setAccessibleName("Length of the session in minutes")
        self.minutes.valueChanged.connect(self._length_changed)
        form.addRow("&Route:", self.route)
        form.addRow("&Length:", self.minutes)
        box.addLayout(form)
        self.route_message = QLabel()
        self.route_message.setObjectName("FormMessage")
        self.route_message.setWordWrap(True)
        self.route_message.hide()
        box.addWidget(self.route_message)
        self.length_hint = muted()
        box.addWidget(self.length_hint)
        self.phases = option(
            box, "Phase names", "Gentle words for where you are: settling, active, returning, rest."
        )
        return frame

    def _build_display_card(self) -> QFrame:
        frame, box, _title = card("The calming display")
        box.addWidget(muted("Your choices here are kept for next time."))
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.breathing = ElidingComboBox()
        for key, label in BREATHING_CHOICES:
            self.breathing.addItem(label, key)
        self.breathing.setAccessibleName("Breathing guide")
        form.addRow("&Breathing guide:", self.breathing)
        palettes = QWidget()
        palettes.setProperty("plain", True)
        flow = FlowLayout(palettes, spacing=8)
        # Plain lists, not QButtonGroups: in a group Tab stops at one button only, and every
        # choice here must be reachable with Tab.
        self.palette_buttons: dict[str, QPushButton] = {}
        icon_size = self.fontMetrics().height()
        for name in PALETTES:
            button = QPushButton(name.capitalize())
            button.setProperty("chip", True)
            button.setCheckable(True)
            button.setIcon(_swatch(name, icon_size))
            button.setIconSize(QSize(icon_size * 2, icon_size))
            button.setAccessibleName(f"{name.capitalize()} colours")
            button.setAccessibleDescription(
                f"One of {len(PALETTES)} colour choices: choosing it replaces the one in use."
            )
            _room_for_bold(button)
            button.clicked.connect(lambda _=False, n=name: self._set_palette(n))
            self.palette_buttons[name] = button
            flow.addWidget(button)
        form.addRow("Colours:", palettes)
        box.addLayout(form)
        self.no_numbers = option(
            box, "Hide the numbers", "Only a soft ring shows how far the session has come."
        )
        self.audio_only = option(
            box, "Eyes closed", "Sound only: a dark, still screen; the chimes mark the time."
        )
        self.chimes = option(box, "Chimes at the start and halfway")
        self.audio_only.toggled.connect(self._audio_only_toggled)
        self.sound_hint = muted(
            "The end, and a lozenge's “Spit now”, always come with a chime "
            "and a message on the screen."
        )
        box.addWidget(self.sound_hint)
        return frame

    def _build_mood_card(self) -> QFrame:
        frame, box, _title = card("How do you feel right now?")
        box.addWidget(
            muted(
                "Choose a number (arrow keys move between them), then Begin. "
                "You can leave it blank."
            )
        )
        scale = QWidget()
        scale.setProperty("plain", True)
        flow = FlowLayout(scale, spacing=6)
        self.mood_buttons: list[QPushButton] = []
        width = self.fontMetrics().horizontalAdvance("10") * 3
        # Chips read as check boxes: the name and description say what the number is and
        # that it is one choice of eleven, so checking one is not heard as adding to a list.
        one_of = (
            f"One choice of {SCALE_MIN} to {SCALE_MAX}: choosing it replaces any other number; "
            f"choosing it again leaves your mood blank. {HOW}"
        )
        roving = RovingFocus(self)  # eleven numbers, one Tab stop
        for value in range(SCALE_MIN, SCALE_MAX + 1):
            button = QPushButton(str(value))
            button.setProperty("chip", True)
            button.setCheckable(True)
            button.setMinimumWidth(width)
            button.setAccessibleName(f"Mood before the session: {anchor_text(MOOD, value)}")
            button.setAccessibleDescription(one_of)
            button.clicked.connect(lambda checked, v=value: self._set_mood(v if checked else None))
            self.mood_buttons.append(button)
            flow.addWidget(button)
            roving.add(button)
        box.addWidget(scale)
        anchors = QHBoxLayout()
        for text, align in zip(
            (f"0 · {MOOD.labels[0]}", f"5 · {MOOD.labels[1]}", f"10 · {MOOD.labels[2]}"),
            (
                Qt.AlignmentFlag.AlignLeft,
                Qt.AlignmentFlag.AlignHCenter,
                Qt.AlignmentFlag.AlignRight,
            ),
            strict=True,
        ):
            label = muted(text)
            label.setAlignment(align)
            anchors.addWidget(label, 1)
        box.addLayout(anchors)
        self.mood_words = QLabel("Not rated yet")
        self.mood_words.setAccessibleName("Your mood")
        box.addWidget(self.mood_words)
        return frame

    # --- loading and reading ------------------------------------------------------------------
    def load(self, setup: SessionSetup, today: datetime, chimes_available: bool) -> None:
        self._loading = True
        self._options = setup.options
        options = setup.options
        self.appointment_label.setText(appointment_text(setup.appointment, today))
        intention = setup.appointment.intention.strip() if setup.appointment else ""
        self.intention_title.setVisible(bool(intention))
        self.intention.setVisible(bool(intention))
        self.intention.setText(intention)
        self.route.setCurrentIndex(-1 if setup.route is None else self.route.findData(setup.route))
        self.route_message.hide()
        self.minutes.setValue(options.minutes_for(setup.route or options.route))
        self.phases.setChecked(options.phases)
        self.breathing.setCurrentIndex(max(0, self.breathing.findData(options.breathing)))
        self._set_palette(options.palette)
        self.no_numbers.setChecked(not options.numbers)
        self.audio_only.setChecked(options.audio_only)
        self.chimes.setChecked(options.chimes or options.audio_only)
        self.chimes.setEnabled(not options.audio_only)
        if not chimes_available:
            self.sound_hint.setText(
                "Sound is not available on this computer, so the cues will show on the screen only."
            )
        self._set_mood(None)
        self._loading = False
        self._update_hint()

    @property
    def route_choice(self) -> Route | None:
        """The chosen route; None until the patient chose one (nothing told it)."""
        data = self.route.currentData()
        return None if data is None else Route(data)  # Qt hands the data back as a plain str

    def mood(self) -> int | None:
        chosen = [i for i, button in enumerate(self.mood_buttons, SCALE_MIN) if button.isChecked()]
        return chosen[0] if chosen else None

    def plan(self) -> RunPlan:
        """What to start; only once a route is chosen (``begin_requested`` waits for one)."""
        return RunPlan(
            self.minutes.value() * 60,
            self.route_choice,
            self.mood(),
            chimes=self.chimes.isChecked() or self.audio_only.isChecked(),
        )

    def options(self) -> SessionOptions:
        """The choices made here, to keep for next time."""
        route = self.route_choice or self._options.route
        return replace(
            self._options,
            route=route,
            minutes={**self._options.minutes, route.value: self.minutes.value()},
            breathing=self.breathing.currentData(),
            palette=self.palette_choice(),
            numbers=not self.no_numbers.isChecked(),
            phases=self.phases.isChecked(),
            chimes=self.chimes.isChecked(),
            audio_only=self.audio_only.isChecked(),
        )

    # --- reacting -----------------------------------------------------------------------------
    def _begin_clicked(self) -> None:
        if self.route_choice is None:
            self.route_message.setText(
                "Choose the route before you begin: it is saved with this session."
            )
            self.route_message.show()
            self.route.setFocus()
            return
        self.begin_requested.emit()

    def _route_changed(self, _index: int) -> None:
        route = self.route_choice
        if route is not None:
            self.route_message.hide()
            if not self._loading:
                self._loading = True
                self.minutes.setValue(self._options.minutes_for(route))
                self._loading = False
        self._update_hint()

    def _length_changed(self, _value: int) -> None:
        self._update_hint()

    def _update_hint(self) -> None:
        route = self.route_choice
        if route is None:
            self.length_hint.setText(
                "Choose the route of this session, and its usual length is filled in."
            )
            return
        preset = preset_for(route)
        text = (
            f"The usual length for {preset.route.label}: {preset.minutes} minutes. Your "
            "clinic's timing may differ; the length you set is kept for next time."
        )
        spit = [cue for cue in preset.cues if cue.at_s < self.minutes.value() * 60]
        if spit:
            text += f" A gentle “{spit[0].text}” cue comes at {round(spit[0].at_s / 60)} minutes."
        self.length_hint.setText(text)

    def _audio_only_toggled(self, on: bool) -> None:
        self.chimes.setEnabled(not on)
        if on:
            self.chimes.setChecked(True)

    def palette_choice(self) -> str:
        chosen = [name for name, button in self.palette_buttons.items() if button.isChecked()]
        return chosen[0] if chosen else self._options.palette

    def _set_palette(self, name: str) -> None:
        for key, button in self.palette_buttons.items():
            button.setChecked(key == name)  # one palette; a second tap keeps it chosen

    def _set_mood(self, value: int | None) -> None:
        """One number at most; a second tap on the chosen number clears it."""
        for number, button in enumerate(self.mood_buttons, SCALE_MIN):
            button.setChecked(number == value)
        self.mood_words.setText(
            "Not rated yet" if value is None else anchor_text(MOOD, value).capitalize()
        )


class RecoveryPanel(QWidget):
    """The offer after a session was left unfinished (a crash, or the window was closed)."""

    resume_requested = Signal()
    end_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        frame, box, _title = card("Your last session was not finished")
        self.details = QLabel()
        self.details.setWordWrap(True)
        box.addWidget(self.details)
        self.question = muted()
        box.addWidget(self.question)
        row = QHBoxLayout()
        self.resume_button = QPushButton("Resume the session")
        self.resume_button.setObjectName("Primary")
        self.resume_button.setAccessibleName("Resume the session")
        self.resume_button.clicked.connect(lambda _=False: self.resume_requested.emit())
        self.end_button = QPushButton("End it")
        self.end_button.clicked.connect(lambda _=False: self.end_requested.emit())
        row.addWidget(self.resume_button)
        row.addWidget(self.end_button)
        row.addStretch(1)
        box.addLayout(row)
        column.addWidget(frame)
        column.addStretch(1)

    def load(self, run: RunState) -> None:
        started = run.started_at.astimezone()
        seen = run.last_seen_at.astimezone()
        length = round(run.duration_s / 60)
        self.details.setText(
            f"A {length}-minute session ({run.route.label}) started at {started:%H:%M} "
            f"on {started:%A} {started.day} {started:%B}. Companion closed before it ended; "
            f"it was last running at {seen:%H:%M}."
        )
        now_minutes = int(run.elapsed_s // 60)
        if run.elapsed_s >= run.duration_s:
            self.question.setText(
                "Its time is complete by now. Resume it to see the end and "
                "give your moments a word, or end it where it was last seen."
            )
        else:
            paused = " It was paused, and resumes paused." if run.paused else ""
            self.question.setText(
                f"If you are still in your session, resume it: {now_minutes} of {length} "
                f"minutes have passed.{paused} Otherwise, end it at {seen:%H:%M}."
            )
        self.end_button.setText(f"End it at {seen:%H:%M}")
        self.end_button.setAccessibleName(f"End the session at {seen:%H:%M}, the last known time")
