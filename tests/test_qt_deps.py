"""``make run``'s check for the system libraries Qt's window plugin needs on Linux."""

from __future__ import annotations

import subprocess
from pathlib import Path

import PySide6
import pytest

from companion import qt_deps

LDD_MISSING = """\
\tlinux-vdso.so.1 (0x00007ffd6b5f2000)
\tlibQt6XcbQpa.so.6 => /venv/PySide6/Qt/lib/libQt6XcbQpa.so.6 (0x00007f0e1c600000)
\tlibxcb-cursor.so.0 => not found
\tlibxkbcommon-x11.so.0 => not found
\tlibxcb-icccm.so.4 => /lib/x86_64-linux-gnu/libxcb-icccm.so.4 (0x00007f0e1c5f8000)
\tlibwhatever-new.so.9 => not found
\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f0e1c200000)
"""
LDD_MISSING_TOO = "\tlibxcb-cursor.so.0 => not found\n\tlibEGL.so.1 => not found\n"
LDD_FINE = "\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f0e1c200000)\n"


@pytest.fixture
def fake_qt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A PySide6 folder holding the two files the check looks at."""
    qt = tmp_path / "PySide6" / "Qt"
    (qt / "plugins" / "platforms").mkdir(parents=True)
    (qt / "lib").mkdir()
    (qt / "plugins" / "platforms" / "libqxcb.so").touch()
    (qt / "lib" / "libQt6XcbQpa.so.6").touch()
    monkeypatch.setattr(PySide6, "__file__", str(tmp_path / "PySide6" / "__init__.py"))
    return qt


def fake_ldd(monkeypatch: pytest.MonkeyPatch, outputs: dict[str, str]) -> list[list[str]]:
    """``ldd FILE`` answers ``outputs[FILE's name]``; returns the commands run."""
    commands: list[list[str]] = []

    def run(command: list[str], **_kwargs: object) -> subprocess.CompletedProcess[str]:
        commands.append(command)
        out = outputs[Path(command[1]).name]
        return subprocess.CompletedProcess(command, 0, stdout=out, stderr="")

    monkeypatch.setattr(qt_deps.subprocess, "run", run)
    monkeypatch.setattr(qt_deps.shutil, "which", lambda name: f"/usr/bin/{name}")
    return commands


@pytest.fixture
def desktop(monkeypatch: pytest.MonkeyPatch) -> None:
    """A Linux X11 session (the tests themselves run offscreen)."""
    monkeypatch.setattr(qt_deps.sys, "platform", "linux")
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("DISPLAY", ":0")


def test_missing_libraries_are_read_from_ldd(
    fake_qt: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    commands = fake_ldd(
        monkeypatch, {"libqxcb.so": LDD_MISSING, "libQt6XcbQpa.so.6": LDD_MISSING_TOO}
    )
    assert qt_deps.missing_libraries() == [
        "libEGL.so.1",
        "libwhatever-new.so.9",
        "libxcb-cursor.so.0",
        "libxkbcommon-x11.so.0",
    ]
    assert sorted(Path(c[1]).name for c in commands) == ["libQt6XcbQpa.so.6", "libqxcb.so"]
    assert all(c[0] == "ldd" for c in commands)


@pytest.mark.usefixtures("desktop")
def test_make_run_names_the_packages_to_install(
    fake_qt: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fake_ldd(monkeypatch, {"libqxcb.so": LDD_MISSING, "libQt6XcbQpa.so.6": LDD_FINE})
    assert qt_deps.main() == 2
    out = capsys.readouterr().out
    assert "libxcb-cursor.so.0" in out
    install = next(line for line in out.splitlines() if "apt-get install" in line)
    # Known libraries by their Debian package, an unknown one by its own name.
    assert install.split("install", 1)[1].split() == [
        "libwhatever-new.so.9",
        "libxcb-cursor0",
        "libxkbcommon-x11-0",
    ]


@pytest.mark.usefixtures("desktop")
def test_nothing_is_said_when_qt_has_what_it_needs(
    fake_qt: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fake_ldd(monkeypatch, {"libqxcb.so": LDD_FINE, "libQt6XcbQpa.so.6": LDD_FINE})
    assert qt_deps.main() == 0
    assert capsys.readouterr().out == ""


@pytest.mark.usefixtures("desktop")
def test_no_display_is_explained(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("DISPLAY")
    assert qt_deps.main() == 2
    assert "No desktop display found" in capsys.readouterr().out


@pytest.mark.usefixtures("desktop")
@pytest.mark.parametrize(
    "situation",
    ["wayland", "offscreen", "windows", "no ldd"],
)
def test_the_check_stands_aside_where_it_does_not_apply(
    situation: str, fake_qt: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    commands = fake_ldd(monkeypatch, {"libqxcb.so": LDD_MISSING, "libQt6XcbQpa.so.6": LDD_FINE})
    if situation == "wayland":
        monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-0")
    elif situation == "offscreen":
        monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    elif situation == "windows":
        monkeypatch.setattr(qt_deps.sys, "platform", "win32")
    else:
        monkeypatch.setattr(qt_deps.shutil, "which", lambda _name: None)
    assert qt_deps.main() == 0
    assert commands == []
