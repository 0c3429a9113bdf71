"""Where Companion keeps its files: one data folder, overridable for tests and portable use."""

import os
from pathlib import Path

import platformdirs

APP_NAME = "Companion"
DB_FILENAME = "companion.sqlite3"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """``--data-dir`` wins, then ``COMPANION_DATA_DIR``, then the platform's user data folder."""
    chosen = override or os.environ.get("COMPANION_DATA_DIR")
    if chosen:
        return Path(chosen).expanduser().resolve()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def log_dir(data: Path) -> Path:
    """The platform's log folder; beside the data when the data folder is overridden."""
    if data == Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)):
        return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))
    return data / "logs"


def database_path(data: Path) -> Path:
    return data / DB_FILENAME


def backups_dir(data: Path) -> Path:
    return data / "backups"
