"""CPU used by the calming display while a session runs, as a percentage of one core.

Runs the display offscreen at a typical full-screen size for a while (10 s by default), as
a session would: animated, and then still (reduce motion). The budget is 5% of one core.

    python -m benchmarks.calm_display_cpu [--seconds S] [--size WxH]

Prints one line per mode, e.g. ``calm-display moving 2.1% of one core (budget 5%)``, and exits
1 when a mode is over budget.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

BUDGET_PERCENT = 5.0


def measure(seconds: float, still: bool, size: tuple[int, int]) -> float:
    """CPU percent of one core used by this process while the display runs ``seconds``."""
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from companion.domain.session import SessionTimer
    from companion.ui.calm_display import CalmDisplay, DisplayLook

    app = QApplication.instance() or QApplication(sys.argv[:1])
    display = CalmDisplay()
    display.resize(*size)
    timer = SessionTimer(3600)
    timer.start()
    display.set_look(DisplayLook(still=still, phases=True))
    display.set_timer(timer)
    display.show()
    settle = QEventLoop()
    QTimer.singleShot(500, settle.quit)  # first paint and font loading are start-up, not running
    settle.exec()

    loop = QEventLoop()
    QTimer.singleShot(round(seconds * 1000), loop.quit)
    cpu, wall = time.process_time(), time.perf_counter()
    loop.exec()
    used = (time.process_time() - cpu) / (time.perf_counter() - wall)
    display.close()
    display.deleteLater()
    app.processEvents()
    return used * 100


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--size", default="1920x1080", help="display size, WxH")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    width, height = (int(part) for part in args.size.lower().split("x"))
    over = False
    for name, still in (("moving", False), ("still", True)):
        percent = measure(args.seconds, still, (width, height))
        over |= percent > BUDGET_PERCENT
        print(
            f"calm-display {name} {percent:.1f}% of one core (budget {BUDGET_PERCENT:g}%)",
            flush=True,
        )
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
