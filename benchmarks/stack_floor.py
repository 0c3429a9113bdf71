"""A second yardstick for memory: the least any app on Companion's stack holds.

Import Qt and SQLAlchemy's ORM, map one table of the given journal file, count its rows,
show a 900x600 window with that count in a line of text, quit at the first tick after it is
painted. No Companion code runs, except the fix any PySide6 app can make to its import hook
(``companion.qt_import_hook``), so this is a floor the app could never go under. ``make
bench`` shows it beside the bare Qt window: the room left between the two is what the
memory budget leaves for the app itself.

Prints ``first-paint <epoch seconds>`` like the bare window does.
"""

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QLabel

from benchmarks.first_paint import QuitAfterFirstPaint
from companion.qt_import_hook import read_sources_directly

read_sources_directly()

from sqlalchemy import create_engine, func, select  # noqa: E402 (after the hook, as the app)
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column  # noqa: E402


class _Base(DeclarativeBase):
    pass


class _Entry(_Base):
    __tablename__ = "journal_entries"
    id: Mapped[int] = mapped_column(primary_key=True)


app = QApplication(sys.argv[:1])
engine = create_engine(f"sqlite:///{Path(sys.argv[1]) / 'companion.sqlite3'}")
with Session(engine) as session:
    entries = session.scalar(select(func.count()).select_from(_Entry))
window = QLabel(f"{entries} journal entries")
window.resize(900, 600)
spy = QuitAfterFirstPaint()
window.installEventFilter(spy)
window.show()
sys.exit(app.exec())
