"""What a screen is given: the database worker, the preferences and the data folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from companion.ui.prefs import Prefs

if TYPE_CHECKING:  # the worker brings SQLAlchemy, which the first paint does without
    from companion.ui.worker import DbWorker


@dataclass
class AppContext:
    worker: DbWorker
    prefs: Prefs
    data_dir: Path
