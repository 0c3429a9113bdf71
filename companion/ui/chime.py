"""The session's gentle chimes, played with QtMultimedia when the machine can.

QtMultimedia is imported only when a session starts, and anything that goes wrong with it
(a missing audio library such as libpulse, no sound device, a file that will not load) leaves
the session silent: the cues still show on screen, and nothing is ever raised to the session.
"""

from __future__ import annotations

import logging
from contextlib import ExitStack
from importlib.resources import as_file
from typing import Any

from PySide6.QtCore import QObject, QUrl

from companion.assets import asset
from companion.domain.session import CueKind

log = logging.getLogger("companion.ui.chime")

VOLUME = 0.6
SOUND_FILES = {kind: f"{kind.value}.wav" for kind in CueKind}


def load_sound_effect_class() -> Any:
    """QSoundEffect, or None when QtMultimedia cannot be loaded on this machine."""
    try:
        from PySide6.QtMultimedia import QSoundEffect
    except Exception as exc:  # ImportError, or OSError from a missing system library
        log.info("chimes are off: QtMultimedia is not available here (%s)", exc)
        return None
    return QSoundEffect


class ChimePlayer(QObject):
    """Plays the chime of a cue. ``play`` returns whether a sound was started."""

    def __init__(self, parent: QObject | None = None, loader: Any = load_sound_effect_class):
        super().__init__(parent)
        self._loader = loader
        self._effects: dict[CueKind, Any] | None = None
        self._files = ExitStack()
        self.destroyed.connect(lambda _obj=None, files=self._files: files.close())

    @property
    def available(self) -> bool:
        return bool(self._load())

    def prepare(self) -> None:
        """Load the sounds now (at the start of a session), so the first cue is on time."""
        self._load()

    def play(self, kind: CueKind) -> bool:
        effect = self._load().get(kind)
        if effect is None:
            return False
        try:
            effect.play()
        except Exception:
            log.info("could not play the %s chime", kind.value, exc_info=True)
            return False
        return True

    def _load(self) -> dict[CueKind, Any]:
        if self._effects is None:
            self._effects = {}
            effect_class = self._loader()
            if effect_class is not None:
                try:
                    self._effects = {
                        kind: self._effect(effect_class, name) for kind, name in SOUND_FILES.items()
                    }
                except Exception:
                    log.info("chimes are off: the sounds could not be loaded", exc_info=True)
                    self._effects = {}
        return self._effects

    def _effect(self, effect_class: Any, name: str) -> Any:
        path = self._files.enter_context(as_file(asset("sounds", name)))
        effect = effect_class(self)
        effect.setSource(QUrl.fromLocalFile(str(path)))
        effect.setVolume(VOLUME)
        return effect
