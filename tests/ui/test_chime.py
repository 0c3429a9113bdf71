"""Tests for the chimes (player and sound files) and the screen-awake hold."""

import importlib.util
import struct
import wave
from pathlib import Path
from types import ModuleType
from typing import Any, ClassVar

import pytest
from PySide6.QtCore import QUrl

from companion.assets import asset
from companion.domain.session import CueKind
from companion.ui.chime import SOUND_FILES, ChimePlayer
from companion.ui.keep_awake import ScreenAwake

ROOT = Path(__file__).resolve().parents[2]


def make_chimes() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_chimes", ROOT / "scripts/make_chimes.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class FakeEffect:
    played: ClassVar[list[str]] = []

    def __init__(self, parent: object) -> None:
        self.source = ""

    def setSource(self, url: QUrl) -> None:
        self.source = url.toLocalFile()

    def setVolume(self, volume: float) -> None:
        assert 0 < volume <= 1

    def play(self) -> None:
        FakeEffect.played.append(Path(self.source).name)


def test_plays_the_chime_of_each_cue(qapp: Any) -> None:
    FakeEffect.played = []
    player = ChimePlayer(loader=lambda: FakeEffect)
    assert player.available
    for kind in CueKind:
        assert player.play(kind)
    assert FakeEffect.played == ["start.wav", "halfway.wav", "end.wav", "spit.wav"]


def test_without_qtmultimedia_the_session_is_silent(qapp: Any) -> None:
    player = ChimePlayer(loader=lambda: None)
    assert not player.available
    assert player.play(CueKind.END) is False


def test_on_this_machine_a_failing_import_is_not_an_error(qapp: Any) -> None:
    player = ChimePlayer()  # the real loader: QtMultimedia may or may not load here
    player.prepare()
    assert player.play(CueKind.START) in (True, False)


def test_a_broken_sound_backend_never_reaches_the_session(qapp: Any) -> None:
    class Broken(FakeEffect):
        def play(self) -> None:
            raise RuntimeError("no audio device")

    class Unloadable(FakeEffect):
        def setSource(self, url: QUrl) -> None:
            raise OSError("cannot open")

    assert ChimePlayer(loader=lambda: Broken).play(CueKind.END) is False
    assert ChimePlayer(loader=lambda: Unloadable).play(CueKind.END) is False


# --- the sound files ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(SOUND_FILES.values()))
def test_sound_files_are_gentle(name: str) -> None:
    with wave.open(str(asset("sounds", name))) as sound:
        assert (sound.getnchannels(), sound.getsampwidth()) == (1, 2)
        seconds = sound.getnframes() / sound.getframerate()
        samples = struct.unpack(f"<{sound.getnframes()}h", sound.readframes(sound.getnframes()))
    assert 1.4 <= seconds <= 3.5
    peak = max(abs(s) for s in samples) / 32767
    assert 0.3 <= peak <= 0.5  # audible, never startling
    assert samples[0] == 0 and max(abs(s) for s in samples[-50:]) < 40  # soft in, faded out


def samples(path: object) -> tuple[tuple[int, int, int], tuple[int, ...]]:
    with wave.open(str(path)) as sound:
        shape = (sound.getnchannels(), sound.getsampwidth(), sound.getframerate())
        data = sound.readframes(sound.getnframes())
    return shape, struct.unpack(f"<{len(data) // 2}h", data)


def test_committed_sounds_are_what_the_script_makes(tmp_path: Path) -> None:
    made = make_chimes().make_all(tmp_path)
    assert {path.name for path in made} == set(SOUND_FILES.values())
    for path in made:
        (shape, new), (committed_shape, committed) = (
            samples(path),
            samples(asset("sounds", path.name)),
        )
        assert shape == committed_shape and len(new) == len(committed), path.name
        # another machine's maths library may round a sample the other way, never more
        assert max(abs(a - b) for a, b in zip(new, committed, strict=True)) <= 1, path.name


def test_sounds_have_an_open_licence() -> None:
    text = asset("sounds", "LICENSE.md").read_text(encoding="utf-8")
    assert "CC0" in text and "make_chimes.py" in text


# --- keeping the screen awake -------------------------------------------------------------------


def test_screen_awake_degrades_silently(qapp: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/companion-test-bus")
    awake = ScreenAwake()
    awake.hold()
    awake.hold()  # twice is fine
    assert awake.held
    awake.release()
    awake.release()
    assert not awake.held
