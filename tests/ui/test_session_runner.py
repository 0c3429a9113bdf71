"""Tests for companion.ui.session_runner: cues, saving and recovery, with hand-moved clocks."""

import random
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from companion.domain.routes import Route
from companion.domain.session import CueKind
from companion.storage import session_runs as runs
from companion.storage.database import Database
from companion.storage.models import TreatmentSession
from companion.ui.context import AppContext
from companion.ui.session_runner import RunPlan, SessionRunner, session_clock
from tests.conftest import drain

T0 = datetime(2026, 5, 10, 12, 0, tzinfo=UTC)


class Clocks:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def wall(self) -> datetime:
        return T0 + timedelta(seconds=self.now)


def start(
    ctx: AppContext, clocks: Clocks, minutes: int, route: Route = Route.LOZENGE, chimes: bool = True
) -> tuple[SessionRunner, list[CueKind]]:
    runner = SessionRunner.start_new(
        ctx.worker, RunPlan(minutes * 60, route, 5, chimes), route, clock=clocks, wall=clocks.wall
    )
    fired: list[CueKind] = []
    runner.cue.connect(lambda cue: fired.append(cue.kind))
    drain(ctx)
    return runner, fired


def row(db: Database) -> TreatmentSession:
    with db.transaction() as s:
        found = s.scalars(select(TreatmentSession)).one()
        _ = (found.markers, found.pauses)
        return found


def test_the_session_clock_is_monotonic() -> None:
    first = session_clock()
    assert session_clock() >= first


def test_three_hours_of_irregular_ticks_fire_each_cue_once_and_end_on_time(
    ctx: AppContext, db: Database
) -> None:
    clocks = Clocks()
    runner, fired = start(ctx, clocks, minutes=180)
    rng = random.Random(7)
    while not runner.timer.ended:
        clocks.now += rng.choice((0.3, 1.0, 1.7, 29.0, 61.5, 0.01))
        if rng.random() < 0.02:
            runner.toggle_pause()
        runner.check()
    drain(ctx)
    assert fired == [CueKind.START, CueKind.SPIT, CueKind.HALFWAY, CueKind.END]
    saved = row(db)
    assert (saved.state, saved.elapsed_s) == ("finished", 180 * 60)
    paused = sum(
        ((p.resumed_at or saved.ended_at) - p.paused_at).total_seconds() for p in saved.pauses
    )
    # the wall time of the session is its length plus its pauses, give or take the last tick
    wall = (saved.ended_at - saved.started_at).total_seconds()
    assert 0 <= wall - paused - 180 * 60 <= 61.5


def test_heartbeats_keep_the_last_known_time(ctx: AppContext, db: Database) -> None:
    clocks = Clocks()
    runner, _fired = start(ctx, clocks, minutes=60)
    for _ in range(100):  # 100 seconds of once-a-second checks
        clocks.now += 1
        runner.check()
    drain(ctx)
    assert row(db).last_seen_at == T0 + timedelta(seconds=90)
    runner.end_early()
    drain(ctx)


def test_a_restored_run_past_its_end_shows_the_end_once(ctx: AppContext, db: Database) -> None:
    clocks = Clocks()
    with db.transaction() as s:
        state = runs.start_run(
            s,
            duration_s=600,
            route=Route.IV,
            mood_before=None,
            now=T0 - timedelta(minutes=30),
            local_now=datetime(2026, 5, 10),
        )
    with db.transaction() as s:
        lost = runs.resume_unfinished(s, state.id, clocks.wall())
    runner = SessionRunner.restore(ctx.worker, lost, chimes=True, clock=clocks, wall=clocks.wall)
    fired: list[CueKind] = []
    runner.cue.connect(lambda cue: fired.append(cue.kind))
    runner.check()
    runner.check()
    drain(ctx)
    assert fired == [CueKind.END]  # not the start or the halfway long past
    assert runner.timer.ended and row(db).state == "finished"


@pytest.mark.allow_warning_logs
def test_a_failed_save_is_reported_once_and_the_session_goes_on(
    ctx: AppContext, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(runs, "start_run", broken)
    clocks = Clocks()
    failures: list[BaseException] = []
    runner = SessionRunner.start_new(
        ctx.worker, RunPlan(600, Route.IV, None), Route.IV, clock=clocks, wall=clocks.wall
    )
    runner.failed.connect(failures.append)
    drain(ctx)
    runner.mark()
    clocks.now += 600
    runner.check()
    drain(ctx)
    assert [str(error) for error in failures] == ["disk full"]
    assert runner.timer.ended and len(runner.record.markers) == 1
    with db.transaction() as s:
        assert s.scalars(select(TreatmentSession)).first() is None
