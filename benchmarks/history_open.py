"""History on a data folder (ten years of demo data): from navigation to the first page of
entries on screen, and to the painted trends; with the longest GUI-thread stall meanwhile.
As in the app, the other screens are built (warm-up) while the first is read; the longest
stall of that warm-up is reported too.

Usage: python -m benchmarks.history_open DATA_DIR
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication

from benchmarks.stall_monitor import StallMonitor
from companion.storage import paths
from companion.storage.database import Database
from companion.ui.context import AppContext
from companion.ui.main_window import MainWindow, preload_screens
from companion.ui.prefs import Prefs
from companion.ui.theme import apply_theme
from companion.ui.worker import DbWorker


def wait_for(app: QApplication, done: Callable[[], bool], limit_s: float = 30) -> float:
    """Run the event loop until ``done``; return the milliseconds it took."""
    start = time.perf_counter()
    while not done():
        app.processEvents()
        if time.perf_counter() - start > limit_s:
            raise TimeoutError("the screen did not finish loading")
        time.sleep(0.001)
    return (time.perf_counter() - start) * 1000


def settle(app: QApplication, seconds: float = 0.3) -> None:
    """Let the event loop run (layouts, paints) for a while."""
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.001)


def main() -> int:
    data = Path(sys.argv[1])
    app = QApplication(sys.argv[:1])
    prefs = Prefs(data)
    apply_theme(app, prefs)
    db = Database.open(paths.database_path(data))
    worker = DbWorker(db)
    window = MainWindow(prefs, lambda: apply_theme(app, prefs))
    window.resize(1120, 760)
    window.navigate("prepare")
    window.show()
    warmed: list[bool] = []
    window.warmed_up.connect(lambda: warmed.append(True))
    preload_screens()  # the app does this on the thread that opens the journal
    monitor = StallMonitor()
    window.attach(AppContext(worker, prefs, data), warm_up=True)  # as the app does
    wait_for(app, lambda: bool(warmed))  # the other screens are built while Prepare is read
    warm_up_stall_ms = monitor.longest_ms
    settle(app)
    monitor.reset()

    start = time.perf_counter()
    window.navigate("history")
    screen = window.screens["history"]
    history_ms = (time.perf_counter() - start) * 1000 + wait_for(
        app, lambda: screen.model.rowCount() > 0
    )
    settle(app)  # the rows painted by the event loop, as on screen
    screen.tabs.setCurrentWidget(screen.trends)
    trends_ms = wait_for(app, lambda: screen.trends.chart.data is not None)
    settle(app)
    print(f"history-open-ms {history_ms:.1f}")
    print(f"trends-open-ms {trends_ms:.1f}")
    print(f"max-stall-ms {monitor.longest_ms:.1f}")
    print(f"warm-up-stall-ms {warm_up_stall_ms:.1f}")
    worker.wait()
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
