"""What a screen is given: the database worker, the preferences and the data folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from companion.ui.prefs import Prefs
from companion.ui.worker import DbWorker


@dataclass
class AppContext:
    worker: DbWorker
    prefs: Prefs
    data_dir: Path
