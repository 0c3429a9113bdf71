"""GUI start-up: one instance, the first paint, Qt's own messages."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from PySide6.QtCore import QtMsgType
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from companion import app, cli
from companion.single_instance import InstanceServer, wake_running_instance
from companion.storage import paths

pytestmark = pytest.mark.usefixtures("gui_in_process")


def test_a_second_launch_wakes_the_first_and_leaves(
    qtbot: QtBot, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    running = InstanceServer(data_dir)
    with qtbot.waitSignal(running.wake, timeout=2000):
        assert cli.main([]) == 0
    assert "already open" in capsys.readouterr().out
    assert not paths.database_path(data_dir).exists()  # the second launch opened nothing


def test_a_headless_run_leaves_a_running_window_reachable(qtbot: QtBot, data_dir: Path) -> None:
    running = InstanceServer(data_dir)
    assert cli.main(["--exit-after-startup"]) == 0
    with qtbot.waitSignal(running.wake, timeout=2000):
        assert wake_running_instance(data_dir) is True


def test_the_first_paint_is_reported_once(qtbot: QtBot) -> None:
    calls: list[int] = []
    widget = QWidget()
    qtbot.addWidget(widget)
    watcher = app._FirstPaint(lambda: calls.append(1))
    widget.installEventFilter(watcher)
    widget.show()
    qtbot.waitUntil(lambda: calls == [1])
    widget.repaint()
    qtbot.wait(50)
    assert calls == [1]


@pytest.mark.allow_warning_logs
def test_qt_warnings_go_to_the_log(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="companion.qt")
    app._qt_messages(QtMsgType.QtWarningMsg, None, "QPainter::begin: Paint device returned 0")
    app._qt_messages(QtMsgType.QtDebugMsg, None, "just chatter")
    levels = {r.getMessage(): r.levelno for r in caplog.records if r.name == "companion.qt"}
    assert levels["QPainter::begin: Paint device returned 0"] == logging.WARNING
    assert levels["just chatter"] == logging.DEBUG
