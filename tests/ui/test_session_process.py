"""The whole app as a process: `--start-session`, a kill in the middle, and the next start."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from pytestqt.qtbot import QtBot

from companion.storage import paths
from companion.storage import session_runs as runs
from companion.storage.database import Database
from companion.storage.models import utcnow
from companion.ui.context import AppContext
from companion.ui.session import SessionScreen
from tests.conftest import drain

STARTUP_LIMIT_S = 90  # a loaded test machine can be slow to start Qt


def companion(data: Path, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.Popen(
        [sys.executable, "-m", "companion", "--data-dir", str(data), *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def saved_runs(data: Path) -> Sequence[tuple[str, int]]:
    """(state, duration) of each stored run, read without disturbing the app."""
    path = paths.database_path(data)
    if not path.exists():
        return []
    try:
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=5)
        try:
            return conn.execute("SELECT state, duration_s FROM sessions").fetchall()
        finally:
            conn.close()
    except sqlite3.OperationalError:  # the schema is still being written
        return []


def test_a_killed_session_is_resumed_with_the_right_time(
    qtbot: QtBot, ctx: AppContext, db: Database, data_dir: Path
) -> None:
    app = companion(data_dir, "--start-session", "30")
    try:
        deadline = time.monotonic() + STARTUP_LIMIT_S
        while not saved_runs(data_dir):
            assert app.poll() is None, app.communicate()[1]
            assert time.monotonic() < deadline, "the session was never saved"
            time.sleep(0.2)
        time.sleep(3)
    finally:
        app.send_signal(signal.SIGKILL)  # no goodbye: no end, no last heartbeat
        app.communicate()
    assert saved_runs(data_dir) == [("running", 1800)]

    with db.transaction() as s:
        lost = runs.unfinished_run(s, utcnow())
    assert lost is not None
    by_the_clock = (utcnow() - lost.started_at).total_seconds()
    assert 3 <= lost.elapsed_s <= by_the_clock

    screen = SessionScreen(ctx)  # the next start
    qtbot.addWidget(screen)
    screen.on_shown(None)
    drain(ctx)
    assert screen.pages.currentWidget() is screen.recovery
    screen.recovery.resume_button.click()
    drain(ctx)
    runner = screen.runner
    assert runner is not None and runner.session_id == lost.id
    expected = (utcnow() - lost.started_at).total_seconds()  # the session went on meanwhile
    assert abs(runner.timer.elapsed - expected) < 1.0
    assert not runner.timer.paused
    runner.end_early()
    drain(ctx)


def test_start_session_then_exit_after_leaves_cleanly(data_dir: Path) -> None:
    started = time.monotonic()
    app = companion(data_dir, "--start-session", "20", "--exit-after", "10")
    _out, err = app.communicate(timeout=STARTUP_LIMIT_S + 10)
    assert app.returncode == 0, err
    assert time.monotonic() - started >= 10
    assert saved_runs(data_dir) == [("running", 1200)]  # left as it was: resumable next time
    database = Database.open(paths.database_path(data_dir))
    try:
        with database.transaction() as s:
            found = runs.unfinished_run(s, utcnow())
    finally:
        database.close()
    # leaving saved the last known time: the session ran, then the app closed
    assert found is not None and found.last_seen_at > found.started_at
