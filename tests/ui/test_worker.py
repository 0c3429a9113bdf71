"""The database worker: one job after another, off the GUI thread, answers on the GUI thread."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy.orm import Session

from companion.storage.models import Setting
from companion.ui.context import AppContext
from tests.conftest import drain


@pytest.mark.allow_warning_logs
def test_results_and_errors_come_back_on_the_gui_thread(ctx: AppContext) -> None:
    gui_thread = threading.get_ident()
    seen: list[tuple[str, object, bool]] = []

    def write(session: Session) -> int:
        assert threading.get_ident() != gui_thread  # never on the GUI thread
        session.add(Setting(key="theme", value='"dark"'))
        return 7

    def fail(session: Session) -> None:
        session.add(Setting(key="half", value="1"))
        session.flush()
        raise ValueError("bad input")

    ctx.worker.submit(write, lambda r: seen.append(("done", r, on_gui())))
    ctx.worker.submit(fail, on_error=lambda e: seen.append(("error", str(e), on_gui())))

    def on_gui() -> bool:
        return threading.get_ident() == gui_thread

    drain(ctx)
    assert seen == [("done", 7, True), ("error", "bad input", True)]
    with ctx.worker.db.transaction() as s:
        assert s.get(Setting, "theme") is not None
        assert s.get(Setting, "half") is None  # the failed job's transaction was rolled back


def test_jobs_run_one_at_a_time_in_order(ctx: AppContext) -> None:
    running, peak, order = [0], [0], []
    lock = threading.Lock()

    def job(n: int) -> None:
        with lock:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
        order.append(n)
        with lock:
            running[0] -= 1

    for n in range(20):
        ctx.worker.submit(lambda _s, n=n: job(n))
    drain(ctx)
    assert order == list(range(20))
    assert peak == [1]


@pytest.mark.allow_warning_logs
def test_an_error_without_its_own_handler_is_reported(ctx: AppContext) -> None:
    failures: list[BaseException] = []
    ctx.worker.failed.connect(failures.append)

    def broken(_session: Session) -> None:
        raise RuntimeError("lost connection")

    ctx.worker.submit(broken)
    drain(ctx)
    assert [str(e) for e in failures] == ["lost connection"]
