"""Memory after a simulated 3-hour session: the calming display painted frame after frame
with a clock that runs three hours fast. Prints the resident memory growth from the first
warm frames to the end (budget: no growth beyond noise, 5 MB).

Usage: python -m benchmarks.long_session_memory
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from companion.domain.session import SessionTimer
from companion.ui.calm_display import CalmDisplay, DisplayLook

HOURS = 3
FRAMES = 4000  # one frame every 2.7 s of session time: every phase, breath and colour


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def main() -> int:
    app = QApplication(sys.argv[:1])
    now = [0.0]
    clock = lambda: now[0]  # noqa: E731 (a fake monotonic clock)
    display = CalmDisplay(clock=clock)
    display.resize(960, 540)
    timer = SessionTimer(HOURS * 3600, clock=clock)
    timer.start()
    display.set_look(DisplayLook(phases=True))
    display.set_timer(timer)
    frame = QImage(display.size(), QImage.Format.Format_RGB32)
    warm = 0.0
    for index in range(FRAMES):
        now[0] = index * HOURS * 3600 / FRAMES
        display.render(frame)
        app.processEvents()
        if index == FRAMES // 10:
            warm = rss_mb()
    print(f"rss-growth-mb {rss_mb() - warm:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
