"""The Session screen: choose, begin, rest on the calming display, end, and go to the journal.

Pages: the choices before a start (or, after a crash or a closed window, the offer to resume
the unfinished session or end it at its last known time), then the running session. The
session itself lives in a SessionRunner, which keeps time, cues and saves even while this
screen is hidden; this screen wires it to the display, the chimes and the screen-awake hold.

Full screen moves the running view into a window of its own, so nothing but the session is
on the screen; F11 or Esc bring it back, F2 and a quiet button still reach "Get help now".
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from PySide6.QtCore import QEvent, QMargins, Qt
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSpacerItem,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from companion.domain.session import Clock, Cue
from companion.storage import session_runs
from companion.storage.models import utcnow
from companion.storage.session_options import SessionOptions, save_options
from companion.ui.calm_display import DisplayLook
from companion.ui.card import card
from companion.ui.chime import ChimePlayer
from companion.ui.context import AppContext
from companion.ui.keep_awake import ScreenAwake
from companion.ui.screen import Screen
from companion.ui.session_runner import RunPlan, SessionRunner, session_clock
from companion.ui.session_setup import RecoveryPanel, SessionSetupForm
from companion.ui.session_view import SessionView

log = logging.getLogger("companion.ui.session")


def ask_to_close(parent: QWidget) -> bool:
    """Ask before the window closes during a session; True to close."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("A session is running")
    box.setText("A session is running. Close Companion anyway?")
    box.setInformativeText(
        "The session is saved. When you open Companion again you can "
        "resume it, or end it at the time it was closed."
    )
    close = box.addButton("Close Companion", QMessageBox.ButtonRole.DestructiveRole)
    stay = box.addButton("Keep the session open", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(stay)
    box.exec()
    return box.clickedButton() is close


def _full_screen_note() -> tuple[QWidget, QPushButton]:
    """What the window behind a full-screen session shows: where the session is, and the
    way back (never a stale page with buttons that do nothing)."""
    page = QWidget()
    column = QVBoxLayout(page)
    column.setContentsMargins(0, 0, 0, 0)
    _frame, box, _title = card(
        "Your session is showing full screen",
        "It carries on there. Press F11 there, or choose below, to bring it back here.",
        into=column,
    )
    button = QPushButton("Show the session here")
    box.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
    column.addStretch(1)
    return page, button


class _FullScreenHost(QWidget):
    """A window of its own for the session in full screen."""

    def __init__(
        self, parent: QWidget, leave: Callable[[], None], help_now: Callable[[], None]
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle("Companion session")
        self._leave = leave
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for key, slot in (("F11", leave), ("F2", help_now)):
            QShortcut(QKeySequence(key), self).activated.connect(slot)

    def closeEvent(self, event: QCloseEvent) -> None:
        event.ignore()  # closing the full-screen window only leaves full screen
        self._leave()


class SessionScreen(Screen):
    title = "Session"
    subtitle = "A calm, timed space for your session. Choose what helps, then begin."
    shortcuts = (
        ("Ctrl+Enter / Ctrl+Return", "Begin the session"),
        ("Space", "Mark a moment"),
        ("P", "Pause or resume the session"),
        ("N", "Hide or show the numbers"),
        ("F11", "Session in full screen"),
        ("Esc", "Leave full screen"),
    )

    def __init__(
        self,
        ctx: AppContext,
        *,
        clock: Clock = session_clock,
        wall: Callable[[], datetime] = utcnow,
    ) -> None:
        super().__init__(ctx, scroll=False)
        self._clock, self._wall = clock, wall
        self._runner: SessionRunner | None = None
        self._setup: session_runs.SessionSetup | None = None
        self._pending_start: int | None = None
        self._host: _FullScreenHost | None = None
        self._margins = self.layout().contentsMargins()
        self._gaps = [spacer.sizeHint().height() for spacer in self._spacers()]
        self.chimes = ChimePlayer(self)
        self.awake = ScreenAwake(self)

        self.pages = QStackedWidget()
        self.setup_form = SessionSetupForm()
        self.recovery = RecoveryPanel()
        self.view = SessionView()
        self.elsewhere, self.bring_back_button = _full_screen_note()
        self.bring_back_button.clicked.connect(self.leave_full_screen)
        for page in (self.setup_form, self.recovery, self.view, self.elsewhere):
            self.pages.addWidget(page)
        self.body.addWidget(self.pages)

        self.setup_form.begin_requested.connect(self.begin)
        self.recovery.resume_requested.connect(self.resume_unfinished)
        self.recovery.end_requested.connect(self.end_unfinished)
        self.view.full_screen_toggled.connect(self.toggle_full_screen)
        self.view.escape_pressed.connect(self.leave_full_screen)
        self.view.help_requested.connect(self.get_help)
        self.view.look_changed.connect(self._remember_look)
        self.view.continue_requested.connect(self.continue_to_journal)

    # --- the screen's life --------------------------------------------------------------------
    @property
    def runner(self) -> SessionRunner | None:
        return self._runner

    def on_shown(self, payload: object = None) -> None:
        if self._runner is not None:
            if self._host is None:
                self._show_page(self.view)
                # Back from another screen: the session's keys (Space, P, N) work at once.
                self.view.display.setFocus()
            return
        if isinstance(payload, dict) and isinstance(payload.get("start_minutes"), int):
            self._pending_start = payload["start_minutes"]
        now, local_now = self._wall(), datetime.now()
        self.ctx.worker.submit(
            lambda s: session_runs.session_setup(s, now, local_now), self._loaded
        )

    def changeEvent(self, event: QEvent) -> None:
        """The theme was applied again (View menu): follow a changed "reduce motion" at once."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.StyleChange and self._runner is not None:
            look = self.view.display.look
            if look.still != self.ctx.prefs.reduce_motion:
                self.view.display.set_look(replace(look, still=self.ctx.prefs.reduce_motion))

    def is_running(self) -> bool:
        """A session is under way (the app lock never locks during one)."""
        return self._runner is not None and not self._runner.timer.ended

    def flush(self) -> None:
        if self._runner is not None:
            self._runner.heartbeat()

    def can_close(self) -> bool:
        return not self.is_running() or ask_to_close(self)

    def _loaded(self, setup: session_runs.SessionSetup) -> None:
        self._setup = setup
        if self._runner is not None:
            return
        if self._pending_start is not None:
            minutes, self._pending_start = self._pending_start, None
            chimes = setup.options.chimes or setup.options.audio_only
            self._start(RunPlan(minutes * 60, setup.route, None, chimes), setup.options)
        elif setup.unfinished is not None:
            self.recovery.load(setup.unfinished)
            self._show_page(self.recovery)
            self.recovery.resume_button.setFocus()
        else:
            self.setup_form.load(setup, datetime.now(), self.chimes.available)
            self._show_page(self.setup_form)

    def _spacers(self) -> list[QSpacerItem]:
        outer = self.layout()
        items = (outer.itemAt(index) for index in range(outer.count()))
        return [item.spacerItem() for item in items if item.spacerItem() is not None]

    def _show_page(self, page: QWidget) -> None:
        """The running session fills the whole screen area: no title, no margins."""
        running = page is self.view
        self.title_label.setVisible(not running)
        self.subtitle_label.setVisible(not running)
        outer = self.layout()
        outer.setContentsMargins(QMargins() if running else self._margins)
        for spacer, gap in zip(self._spacers(), self._gaps, strict=True):
            spacer.changeSize(0, 0 if running else gap)
        outer.invalidate()
        self.pages.setCurrentWidget(page)

    # --- starting -----------------------------------------------------------------------------
    def begin(self) -> None:
        options = self.setup_form.options()
        self._start(self.setup_form.plan(), options)

    def _start(self, plan: RunPlan, options: SessionOptions) -> None:
        self.ctx.worker.submit(lambda s: save_options(s, options))
        route = plan.route if plan.route is not None else options.route
        runner = SessionRunner.start_new(
            self.ctx.worker, plan, route, clock=self._clock, wall=self._wall
        )
        self._run(runner, options)

    def resume_unfinished(self) -> None:
        setup = self._setup
        if setup is None or setup.unfinished is None:
            return
        run_id, now = setup.unfinished.id, self._wall()
        self.ctx.worker.submit(
            lambda s: session_runs.resume_unfinished(s, run_id, now),
            lambda state: self._resumed(state, setup.options),
        )

    def _resumed(self, state: session_runs.RunState, options: SessionOptions) -> None:
        runner = SessionRunner.restore(
            self.ctx.worker,
            state,
            options.chimes or options.audio_only,
            clock=self._clock,
            wall=self._wall,
        )
        self._run(runner, options)

    def end_unfinished(self) -> None:
        setup = self._setup
        if setup is None or setup.unfinished is None:
            return
        run_id = setup.unfinished.id
        self.ctx.worker.submit(
            lambda s: session_runs.end_at_last_known_time(s, run_id),
            lambda state: self._to_journal(state.id),
        )

    def _run(self, runner: SessionRunner, options: SessionOptions) -> None:
        self._runner = runner
        runner.cue.connect(self._cue)
        runner.ended.connect(self._ended)
        runner.failed.connect(self.ctx.worker.failed.emit)
        self.chimes.prepare()
        self.awake.hold()
        look = DisplayLook(
            palette=options.palette,
            breathing=options.breathing,
            numbers=options.numbers,
            phases=options.phases,
            still=self.ctx.prefs.reduce_motion,
            audio_only=options.audio_only,
            dim=options.dim,
        )
        self.view.attach(runner, look)
        self._show_page(self.view)
        self.view.display.setFocus()
        log.info("session started: %d minutes", round(runner.timer.duration / 60))

    # --- during -------------------------------------------------------------------------------
    def _cue(self, cue: Cue) -> None:
        self.chimes.play(cue.kind)
        if not self.isVisible() and self._host is None:
            window = self.window()
            if isinstance(window, QMainWindow):
                window.statusBar().showMessage(f"{cue.text}. The Session screen has the details.")

    def _remember_look(self, look: DisplayLook) -> None:
        setup = self._setup
        if setup is not None:
            options = replace(setup.options, dim=look.dim, numbers=look.numbers)
            self._setup = replace(setup, options=options)

    def _ended(self) -> None:
        self.awake.release()
        if self._setup is not None:
            options = self._setup.options
            self.ctx.worker.submit(lambda s: save_options(s, options))

    def continue_to_journal(self) -> None:
        runner = self._runner
        if runner is None:
            return
        runner.label_markers(
            self.view.word_texts(), lambda _result: self._to_journal(runner.session_id)
        )

    def _to_journal(self, session_id: int | None) -> None:
        self.leave_full_screen()
        self._runner = None
        self._show_page(self.setup_form)
        self.navigate.emit("journal", None if session_id is None else {"session_id": session_id})

    # --- full screen and help -----------------------------------------------------------------
    def toggle_full_screen(self) -> bool:
        """F11: the running session in a window of its own. False when there is none to show."""
        if self._host is not None:
            self.leave_full_screen()
            return True
        if self._runner is None or self.pages.currentWidget() is not self.view:
            return False
        self._host = _FullScreenHost(self.window(), self.leave_full_screen, self.get_help)
        self._show_page(self.elsewhere)  # the window behind says where the session is
        self._host.layout().addWidget(self.view)
        self.view.set_full_screen(True)
        self.view.show()
        self._host.showFullScreen()
        self._host.activateWindow()
        self.view.display.setFocus()
        return True

    def leave_full_screen(self) -> None:
        host, self._host = self._host, None
        if host is None:
            return
        self.pages.insertWidget(2, self.view)
        self.view.set_full_screen(False)
        self._show_page(self.view if self._runner is not None else self.setup_form)
        host.hide()
        host.deleteLater()
        self.window().activateWindow()
        self.view.display.setFocus()

    def get_help(self) -> None:
        """Leave full screen (so the help is not hidden behind it), then show the help."""
        self.leave_full_screen()
        show_help = getattr(self.window(), "show_help", None)
        if callable(show_help):
            show_help()
