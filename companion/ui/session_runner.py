"""One running session: the timer, its cues, and saving every step through the DB worker.

The runner is the only owner of the SessionTimer. It looks at the timer once a second (and
at every pause, resume and mark) to fire the cues whose time has come, and it saves: the start
at once, each marker, pause and resume, a heartbeat every 30 seconds (the "last known time"
after a crash) and the end. It keeps running while the Session screen is hidden, so the end
cue always fires.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from sqlalchemy.orm import Session

from companion.domain.routes import Route
from companion.domain.session import Clock, Cue, CueKind, SessionTimer, cues_crossed, cues_for
from companion.storage import session_runs
from companion.storage.models import utcnow
from companion.ui.worker import DbWorker

log = logging.getLogger("companion.ui.session")

HEARTBEAT_S = 30.0
TICK_MS = 1000


def _boot_time() -> float:
    return time.clock_gettime(time.CLOCK_BOOTTIME)


# A session goes on while a laptop lid is shut, so its timer must too: on Linux the clock for
# that is CLOCK_BOOTTIME (monotonic, and counting through sleep); elsewhere the platform's
# monotonic clock.
session_clock: Clock = _boot_time if hasattr(time, "CLOCK_BOOTTIME") else time.monotonic


@dataclass
class MarkedMoment:
    elapsed_s: float
    id: int | None = None  # known once saved
    label: str = ""


@dataclass(frozen=True)
class RunPlan:
    """What the patient chose before the start."""

    duration_s: int
    route: Route | None  # None: the appointment's route
    mood_before: int | None
    chimes: bool = True


@dataclass
class _Saved:
    """The run's id, set on the worker thread by the start (the worker runs jobs in order, so
    every later job sees it); None while unsaved or when the start could not be saved."""

    id: int | None = None


@dataclass
class RunRecord:
    """What the screen shows about the run besides the time."""

    route: Route = Route.OTHER
    markers: list[MarkedMoment] = field(default_factory=list)


class SessionRunner(QObject):
    cue = Signal(object)  # Cue, when its time comes (the end cue included)
    finished = Signal()  # the time is complete (after the end cue)
    ended = Signal()  # finished or ended early: the run is over
    changed = Signal()  # paused, resumed or marked
    saved = Signal(int)  # the run's id, once its start is saved
    failed = Signal(object)  # a save failed (once; the session goes on)

    def __init__(
        self,
        worker: DbWorker,
        timer: SessionTimer,
        route: Route,
        chimes: bool,
        *,
        wall: Callable[[], datetime] = utcnow,
        clock: Clock = session_clock,
    ) -> None:
        super().__init__()
        self._worker = worker
        self.timer = timer
        self.record = RunRecord(route=route)
        self._cues = cues_for(timer.duration, route, chimes)
        self._wall = wall
        self._clock = clock
        self._saved = _Saved()
        self._end_fired = False
        self._reported = False
        self._last_elapsed = -math.inf
        self._last_heartbeat = clock()
        self._tick = QTimer(self)
        self._tick.setInterval(TICK_MS)
        self._tick.timeout.connect(self.check)

    # --- starting -----------------------------------------------------------------------------
    @classmethod
    def start_new(
        cls,
        worker: DbWorker,
        plan: RunPlan,
        route: Route,
        *,
        clock: Clock = session_clock,
        wall: Callable[[], datetime] = utcnow,
    ) -> SessionRunner:
        """Start the clock now and save the start; ``route`` is the best guess until saved."""
        timer = SessionTimer(plan.duration_s, clock)
        runner = cls(worker, timer, route, plan.chimes, wall=wall, clock=clock)
        timer.start()
        now, local_now = wall(), datetime.now()
        saved = runner._saved

        def op(s: Session) -> session_runs.RunState:
            state = session_runs.start_run(
                s,
                duration_s=plan.duration_s,
                route=plan.route,
                mood_before=plan.mood_before,
                now=now,
                local_now=local_now,
            )
            saved.id = state.id
            return state

        worker.submit(op, runner._started, runner._report)
        runner._begin()
        return runner

    @classmethod
    def restore(
        cls,
        worker: DbWorker,
        state: session_runs.RunState,
        chimes: bool,
        *,
        clock: Clock = session_clock,
        wall: Callable[[], datetime] = utcnow,
    ) -> SessionRunner:
        """Carry on with a run the app lost; cues already passed do not fire again."""
        timer = SessionTimer.restore(state.duration_s, state.elapsed_s, state.paused, clock)
        runner = cls(worker, timer, state.route, chimes, wall=wall, clock=clock)
        runner._saved.id = state.id
        runner._last_elapsed = state.elapsed_s
        runner.record.markers = [
            MarkedMoment(mk.elapsed_s, mk.id, mk.label) for mk in state.markers
        ]
        runner._begin()
        return runner

    def _begin(self) -> None:
        self._tick.start()
        QTimer.singleShot(0, self.check)  # the start cue, or the end of a run already over

    def _started(self, state: session_runs.RunState) -> None:
        self.record.route = state.route
        self.saved.emit(state.id)

    # --- reading ------------------------------------------------------------------------------
    @property
    def session_id(self) -> int | None:
        return self._saved.id

    # --- the patient's actions ----------------------------------------------------------------
    def mark(self) -> MarkedMoment | None:
        """Record this moment; None after the end."""
        if self.timer.ended:
            return None
        moment = MarkedMoment(self.timer.elapsed)
        self.record.markers.append(moment)
        now = self._wall()

        def add(s: Session, run_id: int) -> None:
            # Set on the worker thread, so a later job (the words) always sees the id.
            moment.id = session_runs.add_marker(s, run_id, moment.elapsed_s, now)

        self._save(add)
        self.changed.emit()
        return moment

    def toggle_pause(self) -> None:
        if self.timer.ended:
            return
        now, elapsed = self._wall(), self.timer.elapsed
        if self.timer.paused:
            self.timer.resume()
            self._save(lambda s, run_id: session_runs.resume_run(s, run_id, elapsed, now))
        else:
            self.timer.pause()
            self._save(lambda s, run_id: session_runs.pause_run(s, run_id, elapsed, now))
        self.changed.emit()

    def end_early(self) -> None:
        if not self.timer.ended:
            self._end(finished=False)

    def label_markers(self, words: Sequence[str], on_done: Callable[[Any], None]) -> None:
        """Save a word for each marked moment (in order), then call ``on_done``."""
        moments = list(self.record.markers)
        for moment, word in zip(moments, words, strict=False):
            moment.label = word.strip()

        def op(s: Session) -> None:
            session_runs.label_markers(
                s, {moment.id: moment.label for moment in moments if moment.id is not None}
            )

        self._worker.submit(op, on_done, lambda error: (self._report(error), on_done(None)))

    def heartbeat(self) -> None:
        """Save the last known time now (also on close and before a crash dialog)."""
        if self.timer.ended:
            return
        self._last_heartbeat = self._clock()
        now, elapsed = self._wall(), self.timer.elapsed
        self._save(lambda s, run_id: session_runs.heartbeat(s, run_id, elapsed, now))

    # --- the clock ----------------------------------------------------------------------------
    def check(self) -> None:
        """Fire the cues whose time has come; finish when the time is complete."""
        if self.timer.ended:
            return
        elapsed = self.timer.elapsed
        for cue in cues_crossed(self._cues, self._last_elapsed, elapsed):
            self._fire(cue)
        self._last_elapsed = elapsed
        if self.timer.finished:
            if not self._end_fired:  # a restored run whose time ran out while the app was closed
                self._fire(next(cue for cue in self._cues if cue.kind is CueKind.END))
            self._end(finished=True)
        elif self._clock() - self._last_heartbeat >= HEARTBEAT_S:
            self.heartbeat()

    def _fire(self, cue: Cue) -> None:
        self._end_fired |= cue.kind is CueKind.END
        self.cue.emit(cue)

    def _end(self, *, finished: bool) -> None:
        self._tick.stop()
        # A natural finish is stored at the planned length: the moment the time was complete.
        elapsed = self.timer.duration if finished else self.timer.elapsed
        self.timer.end()
        now = self._wall()
        self._save(
            lambda s, run_id: session_runs.end_run(s, run_id, elapsed, now, finished=finished)
        )
        if finished:
            self.finished.emit()
        self.ended.emit()

    # --- saving -------------------------------------------------------------------------------
    def _save(
        self, action: Callable[[Session, int], Any], on_done: Callable[[Any], None] | None = None
    ) -> None:
        saved = self._saved

        def op(s: Session) -> Any:
            if saved.id is None:  # the start could not be saved: nothing to add to
                return None
            return action(s, saved.id)

        self._worker.submit(op, on_done, self._report)

    def _report(self, error: BaseException) -> None:
        """Tell the patient once; the session itself goes on."""
        if not self._reported:
            self._reported = True
            self.failed.emit(error)
