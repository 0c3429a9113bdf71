"""The yardstick: import Qt, show a 900x600 window, quit at the first tick after it is painted."""

import sys

from PySide6.QtWidgets import QApplication, QWidget

from benchmarks.first_paint import QuitAfterFirstPaint

app = QApplication(sys.argv[:1])
window = QWidget()
window.resize(900, 600)
spy = QuitAfterFirstPaint()
window.installEventFilter(spy)
window.show()
sys.exit(app.exec())
