"""One rotating log file. Never log what the patient wrote, nor any key or passphrase."""

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

LOG_NAME = "companion.log"


def setup_logging(folder: Path) -> Path:
    """Send the ``companion`` loggers to a rotating file in ``folder``; return the file's path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOG_NAME
    root = logging.getLogger("companion")
    for handler in list(root.handlers):
        if isinstance(handler, RotatingFileHandler):
            root.removeHandler(handler)
            handler.close()
    handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path
