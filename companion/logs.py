"""One rotating log file. Never log what the patient wrote, nor any key or passphrase."""

import logging
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

    def emit(self, record: logging.LogRecord) -> None:
        if not self._opening:  # not the note of a refused chmod on the log itself: no loop
            super().emit(record)

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
            handler.close()
    handler = _PrivateLog(path)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path
