"""One Companion per data folder: a later launch knocks, the running one comes forward."""

import socket
from pathlib import Path

import pytest
from PySide6.QtCore import QDir
from pytestqt.qtbot import QtBot

from companion.single_instance import InstanceServer, _server_name, wake_running_instance


def test_nobody_answers_when_no_instance_runs(qapp: object, data_dir: Path) -> None:
    assert wake_running_instance(data_dir, timeout_ms=100) is False


def test_a_running_instance_is_woken(qtbot: QtBot, data_dir: Path) -> None:
    server = InstanceServer(data_dir)
    with qtbot.waitSignal(server.wake, timeout=2000):
        assert wake_running_instance(data_dir) is True


def test_instances_on_other_data_folders_are_left_alone(
    qtbot: QtBot, data_dir: Path, tmp_path: Path
) -> None:
    server = InstanceServer(data_dir)
    with qtbot.assertNotEmitted(server.wake, wait=200):
        assert wake_running_instance(tmp_path / "elsewhere", timeout_ms=100) is False


def test_the_same_folder_by_another_path_is_the_same_instance(qtbot: QtBot, data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    server = InstanceServer(data_dir)
    with qtbot.waitSignal(server.wake, timeout=2000):
        assert wake_running_instance(data_dir / ".." / data_dir.name) is True


def _leave_a_stale_socket(data_dir: Path) -> Path:
    """What a crashed instance leaves behind: a socket file nobody listens on."""
    path = Path(QDir.tempPath()) / _server_name(data_dir)
    path.unlink(missing_ok=True)
    stale = socket.socket(socket.AF_UNIX)
    stale.bind(str(path))
    stale.close()
    return path


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="local sockets are files on Unix")
def test_a_stale_socket_left_by_a_crash_does_not_block_the_next_start(
    qtbot: QtBot, data_dir: Path
) -> None:
    stale = _leave_a_stale_socket(data_dir)
    try:
        assert wake_running_instance(data_dir, timeout_ms=100) is False
        server = InstanceServer(data_dir)
        with qtbot.waitSignal(server.wake, timeout=2000):
            assert wake_running_instance(data_dir) is True
    finally:
        stale.unlink(missing_ok=True)
