"""History on a data folder (ten years of demo data): from navigation to the first page of
entries on screen, and to the painted trends; with the longest GUI-thread stall meanwhile.

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
from companion.ui.main_window import MainWindow
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
    window.attach(AppContext(worker, prefs, data))
    window.resize(1120, 760)
    window.navigate("prepare")
    window.show()
    worker.wait()
    settle(app)
    monitor = StallMonitor()
    app.processEvents()
    monitor.reset()

    start = time.perf_counter()
    window.navigate("history")  # the first time: the screen is imported and built, as in use
    screen = window.screens["history"]
    built_ms = (time.perf_counter() - start) * 1000
    history_ms = built_ms + wait_for(app, lambda: screen.model.rowCount() > 0)
    settle(app)  # the rows painted by the event loop, as on screen
    screen.tabs.setCurrentWidget(screen.trends)
    trends_ms = wait_for(app, lambda: screen.trends.chart.data is not None)
    settle(app)
    print(f"history-open-ms {history_ms:.1f}")
    print(f"trends-open-ms {trends_ms:.1f}")
    print(f"max-stall-ms {monitor.longest_ms:.1f}")
    worker.wait()
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
