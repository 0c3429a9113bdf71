"""One rotating log file per data folder, and only one handler however often it is set up."""

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

from companion.logs import setup_logging


def _file_handlers() -> list[RotatingFileHandler]:
    root = logging.getLogger("companion")
    return [h for h in root.handlers if isinstance(h, RotatingFileHandler)]


def test_the_log_folder_is_made_and_messages_reach_the_file(tmp_path: Path) -> None:
    path = setup_logging(tmp_path / "logs")
    logging.getLogger("companion.storage").info("opened the database")
    for handler in _file_handlers():
        handler.flush()
    assert path == tmp_path / "logs" / "companion.log"
    assert "INFO companion.storage: opened the database" in path.read_text(encoding="utf-8")


def test_setting_up_again_replaces_the_file_instead_of_adding_one(tmp_path: Path) -> None:
    setup_logging(tmp_path / "first")
    second = setup_logging(tmp_path / "second")
    (handler,) = _file_handlers()
    assert Path(handler.baseFilename) == second
    assert handler.maxBytes > 0 and handler.backupCount > 0  # it rotates, never grows forever
