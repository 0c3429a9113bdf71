"""One rotating log file. Never log what the patient wrote, nor any key or passphrase."""

import logging
import os
from contextlib import suppress
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import TextIO

from companion.storage.files import private_file, private_folder

LOG_NAME = "companion.log"


class _PrivateLog(RotatingFileHandler):
    """Made with the first message, not before: a command refused for a mistyped data folder
    leaves nothing behind. The folder and the files are the owner's alone, like the data."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8", delay=True)
        self._opening = False
        self.reached = False  # whether the last message is in the file

    def emit(self, record: logging.LogRecord) -> None:
        if not self._opening:  # not the note of a refused chmod on the log itself: no loop
            self.reached = True
            super().emit(record)  # a failure ends in handleError

    def handleError(self, record: logging.LogRecord) -> None:
        """A log that cannot be written (a read-only or full disk, a data folder that is a
        file) loses the message quietly. Python's default prints its own traceback to stderr,
        where a refusal must stay one line; the fault itself is reported there anyway."""
        self.reached = False

    def _open(self) -> TextIO:
        path = Path(self.baseFilename)
        self._opening = True
        try:
            private_file(private_folder(path.parent) / path.name)
        finally:
            self._opening = False
        return super()._open()


def setup_logging(folder: Path) -> Path:
    """Send the ``companion`` loggers to a rotating file in ``folder``; return the file's path."""
    path = folder / LOG_NAME
    root = logging.getLogger("companion")
    for handler in list(root.handlers):
        if isinstance(handler, RotatingFileHandler):
            root.removeHandler(handler)
            with suppress(OSError):  # what a full disk kept from the file stays lost
                handler.close()
    handler = _PrivateLog(path)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path


def logged_to(path: Path | None) -> bool:
    """Whether the last message went into the log file at ``path``.

    Not when the file could not be made or written: a message pointing there would send the
    patient looking for a file that does not exist, or does not hold the details.
    """
    return path is not None and any(
        isinstance(handler, _PrivateLog)
        and handler.reached
        and handler.baseFilename == os.path.abspath(path)
        for handler in logging.getLogger("companion").handlers
    )
