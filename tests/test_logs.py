"""One rotating log file per data folder, and only one handler however often it is set up."""

import logging
import os
from logging.handlers import RotatingFileHandler
from pathlib import Path

import pytest

from companion.logs import LOG_NAME, setup_logging
from tests.storage.privacy_helpers import mode, permissive_umask

__all__ = ["permissive_umask"]


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


def test_nothing_is_made_before_the_first_message(tmp_path: Path) -> None:
    """A command refused for a mistyped data folder must leave no folder behind."""
    path = setup_logging(tmp_path / "typo" / "logs")
    assert not (tmp_path / "typo").exists()
    logging.getLogger("companion.cli").info("started")
    assert path.is_file()


@pytest.mark.skipif(os.name != "posix", reason="file modes are a POSIX matter")
@pytest.mark.usefixtures("permissive_umask")
def test_the_log_is_the_owners_alone_even_when_an_older_version_made_it(tmp_path: Path) -> None:
    folder = tmp_path / "logs"
    folder.mkdir(mode=0o755)
    (folder / LOG_NAME).write_text("an older version's line\n", encoding="utf-8")
    os.chmod(folder / LOG_NAME, 0o644)
    path = setup_logging(folder)
    logging.getLogger("companion.storage").info("opened the database")
    assert (mode(folder), mode(path)) == (0o700, 0o600)
