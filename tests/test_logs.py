"""One rotating log file per data folder, and only one handler however often it is set up."""

import errno
import io
import logging
import os
from logging.handlers import RotatingFileHandler
from pathlib import Path

import pytest

from companion.logs import LOG_NAME, logged_to, setup_logging
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
    assert logged_to(path)


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


def _log_a_fault() -> None:
    """A fault logged the way ``cli.main`` logs one: with its traceback."""
    try:
        raise RuntimeError("a bug")
    except RuntimeError:
        logging.getLogger("companion.cli").exception("unexpected fault")


@pytest.mark.allow_warning_logs
def test_a_log_that_cannot_be_made_says_nothing_on_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A data folder that is a file: Python's "--- Logging error ---" report must not appear."""
    not_a_folder = tmp_path / "data"
    not_a_folder.write_text("a file", encoding="utf-8")
    path = setup_logging(not_a_folder / "logs")
    _log_a_fault()
    assert capsys.readouterr().err == ""
    assert not logged_to(path)
    assert not_a_folder.read_text(encoding="utf-8") == "a file"


class _FullDisk(io.StringIO):
    def write(self, _text: str) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.allow_warning_logs
def test_a_log_on_a_full_disk_says_nothing_on_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = setup_logging(tmp_path / "logs")
    logging.getLogger("companion.storage").info("opened the database")
    assert logged_to(path)
    (handler,) = _file_handlers()
    handler.close()
    monkeypatch.setattr(handler, "_open", _FullDisk)
    _log_a_fault()
    assert capsys.readouterr().err == ""
    assert not logged_to(path)
    assert not logged_to(None)
