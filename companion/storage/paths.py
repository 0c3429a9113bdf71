"""Where Companion keeps its files: one data folder, overridable for tests and portable use."""

import os
from pathlib import Path

import platformdirs

from companion.storage.errors import StorageError

APP_NAME = "Companion"
DB_FILENAME = "companion.sqlite3"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """``--data-dir`` wins, then ``COMPANION_DATA_DIR``, then the platform's user data folder."""
    chosen = override or os.environ.get("COMPANION_DATA_DIR")
    if chosen:
        return Path(chosen).expanduser().resolve()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def _nearest_existing(folder: Path) -> Path:
    """``folder`` or the closest of its parents that exists (a missing folder is made there)."""
    return next(path for path in (folder, *folder.parents) if path.exists())


def check_folder(data: Path) -> None:
    """Refuse a data folder that is a file, or lies inside one, before anything is written.

    Without this a file given as the folder fails deep inside with FileExistsError, or ``check``
    calls it a folder without a database yet.
    """
    existing = _nearest_existing(data)
    if not existing.is_dir():
        raise StorageError(
            f"{existing} is a file, not a folder; give --data-dir (or COMPANION_DATA_DIR) a folder"
        )


def check_writable(database: Path) -> None:
    """Refuse to open ``database`` where Companion could not save, before a byte is written.

    SQLite keeps -wal and -shm files beside the database, so its folder must take new files,
    not only the file its changes. Otherwise the first write fails half-way into start-up.
    """
    folder = database.parent
    check_folder(folder)
    existing = _nearest_existing(folder)
    if not os.access(existing, os.W_OK | os.X_OK):
        if existing == folder:
            raise StorageError(
                f"The data folder {folder} is read-only: Companion cannot save there."
            )
        raise StorageError(f"The data folder {folder} cannot be made: {existing} is read-only.")
    if database.exists() and not os.access(database, os.R_OK | os.W_OK):
        raise StorageError(
            f"The journal file {database} is read-only: Companion cannot save there."
        )


def log_dir(data: Path) -> Path:
    """The platform's log folder; beside the data when the data folder is overridden."""
    if data == Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)):
        return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))
    return data / "logs"


def database_path(data: Path) -> Path:
    return data / DB_FILENAME


def backups_dir(data: Path) -> Path:
    return data / "backups"
