"""One Companion per data folder: a second launch brings the first window forward."""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

_WAKE = b"raise"


def _server_name(data_dir: Path) -> str:
    digest = hashlib.sha256(str(data_dir.resolve()).encode()).hexdigest()[:16]
    return f"companion-{digest}"


def wake_running_instance(data_dir: Path, timeout_ms: int = 400) -> bool:
    """Ask an instance on the same data folder to come forward; True if one answered."""
    socket = QLocalSocket()
    socket.connectToServer(_server_name(data_dir))
    if not socket.waitForConnected(timeout_ms):
        return False
    socket.write(_WAKE)
    socket.waitForBytesWritten(timeout_ms)
    socket.disconnectFromServer()
    return True


class InstanceServer(QObject):
    """Listens for later launches and emits ``wake`` when one knocks."""

    wake = Signal()

    def __init__(self, data_dir: Path) -> None:
        super().__init__()
        name = _server_name(data_dir)
        QLocalServer.removeServer(name)  # a stale socket left by a crash
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.listen(name)
        self._server.newConnection.connect(self._accept)

    def _accept(self) -> None:
        while (socket := self._server.nextPendingConnection()) is not None:
            socket.readyRead.connect(self.wake.emit)
            socket.disconnected.connect(socket.deleteLater)
