"""Display preferences, kept in an INI file in the data folder (never in the database, so the
unlock screen can be themed before the database is open, and tests never touch ~/.config)."""

from __future__ import annotations

from contextlib import suppress
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from companion.storage.files import private_file, private_folder

THEMES = ("system", "light", "dark", "night")


class Prefs:
    def __init__(self, data_dir: Path) -> None:
        self._path = private_folder(data_dir) / "display.ini"
        self._settings = QSettings(str(self._path), QSettings.Format.IniFormat)

    def _get(self, key: str, default: object) -> object:
        return self._settings.value(key, default)

    def _set(self, key: str, value: object) -> None:
        with suppress(OSError):  # a folder Companion may not write to: QSettings copes
            private_file(self._path)  # QSettings keeps the mode of the file it rewrites
        self._settings.setValue(key, value)

    @property
    def theme(self) -> str:
        value = str(self._get("theme", "system"))
        return value if value in THEMES else "system"

    @theme.setter
    def theme(self, value: str) -> None:
        self._set("theme", value if value in THEMES else "system")

    @property
    def text_scale(self) -> int:
        """Text size in percent, 100 to 200."""
        try:
            value = int(str(self._get("text_scale", 100)))
        except ValueError:
            value = 100
        return min(200, max(100, value))

    @text_scale.setter
    def text_scale(self, value: int) -> None:
        self._set("text_scale", min(200, max(100, int(value))))

    def flag(self, key: str, default: bool = False) -> bool:
        return str(self._get(key, default)).lower() in ("true", "1")

    def set_flag(self, key: str, value: bool) -> None:
        self._set(key, bool(value))

    @property
    def high_contrast(self) -> bool:
        return self.flag("high_contrast")

    @high_contrast.setter
    def high_contrast(self, value: bool) -> None:
        self.set_flag("high_contrast", value)

    @property
    def reduce_motion(self) -> bool:
        return self.flag("reduce_motion")

    @reduce_motion.setter
    def reduce_motion(self, value: bool) -> None:
        self.set_flag("reduce_motion", value)

    @property
    def lock_minutes(self) -> int:
        """Idle minutes before an encrypted journal locks itself; 0 never locks."""
        try:
            value = int(str(self._get("lock_minutes", 10)))
        except ValueError:
            value = 10
        return min(240, max(0, value))

    @lock_minutes.setter
    def lock_minutes(self, value: int) -> None:
        self._set("lock_minutes", min(240, max(0, int(value))))

    @property
    def auto_backup(self) -> bool:
        """A rolling daily backup in the data folder (the last 7 are kept)."""
        return self.flag("auto_backup", True)

    @auto_backup.setter
    def auto_backup(self, value: bool) -> None:
        self.set_flag("auto_backup", value)

    def geometry(self) -> QByteArray | None:
        value = self._settings.value("window/geometry")
        return value if isinstance(value, QByteArray) else None

    def set_geometry(self, value: QByteArray) -> None:
        self._set("window/geometry", value)

    def sync(self) -> None:
        self._settings.sync()
