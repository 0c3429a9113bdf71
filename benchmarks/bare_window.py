"""The yardstick: import Qt, show a 900x600 window, quit at the first tick after it is painted.

Prints ``first-paint <epoch seconds>`` like Companion does under COMPANION_REPORT_FIRST_PAINT,
so both are measured the same way.
"""

import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget


class _Paint(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            print(f"first-paint {time.time():.6f}", flush=True)
            watched.removeEventFilter(self)
            QTimer.singleShot(0, QApplication.quit)
        return False


app = QApplication(sys.argv[:1])
window = QWidget()
window.resize(900, 600)
spy = _Paint()
window.installEventFilter(spy)
window.show()
sys.exit(app.exec())
