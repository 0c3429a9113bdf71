"""The command line and the app's start on data Companion cannot use: exit 2, one line, and the
files exactly as they were; the app says so in a window instead of hanging."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from companion import cli
from companion.storage import paths
from tests.storage.bad_files import damaged_pages, folder_fingerprint, sound_database
from tests.storage.test_unusable_files import AS_ROOT, deny_writing
from tests.test_cli import one_line
from tests.ui.test_fault import drive_message_box

COMMANDS = [
    ["check"],
    ["demo-data", "--days", "3"],
    ["export", "--format", "csv", "--output", "OUT"],
    ["import", "--format", "csv", "OUT"],
    ["backup", "--output", "OUT"],
    ["restore", "OUT"],
    ["encrypt"],
]


def _argv(command: list[str], tmp_path: Path) -> list[str]:
    return [str(tmp_path / "out.csv") if word == "OUT" else word for word in command]


@pytest.fixture
def a_file(tmp_path: Path) -> Path:
    file = tmp_path / "c_file"
    file.write_text("not a folder\n")
    return file


# --- a file given as the data folder ---------------------------------------------------------


@pytest.mark.parametrize("command", COMMANDS, ids=lambda command: command[0])
def test_every_command_refuses_a_file_as_the_data_folder(
    command: list[str], a_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main([*_argv(command, tmp_path), "--data-dir", str(a_file)]) == 2
    captured = capsys.readouterr()
    assert one_line(captured.err) == (
        f"companion: {a_file} is a file, not a folder; give --data-dir (or COMPANION_DATA_DIR) "
        "a folder"
    )
    assert captured.out == ""
    assert a_file.read_text() == "not a folder\n"


def test_a_file_in_the_environment_is_refused_too(
    a_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("COMPANION_DATA_DIR", str(a_file / "inside"))
    assert cli.main(["check"]) == 2
    assert "c_file is a file, not a folder" in one_line(capsys.readouterr().err)


def test_the_app_refuses_a_file_as_the_data_folder_in_a_window(
    gui_in_process: None,
    a_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    shown = drive_message_box(monkeypatch)
    assert cli.main(["--data-dir", str(a_file), "--exit-after-startup"]) == 2
    assert "is a file, not a folder" in one_line(capsys.readouterr().err)
    assert shown == []  # a headless run has no one to show a window to

    assert cli.main(["--data-dir", str(a_file)]) == 2
    (box,) = shown
    assert box.text() == "Companion could not open your journal."
    assert "is a file, not a folder" in box.informativeText()
    assert "What you typed" not in box.informativeText()
    assert a_file.read_text() == "not a folder\n"


# --- a damaged page --------------------------------------------------------------------------


def test_start_up_refuses_a_journal_with_damaged_pages_and_does_not_hang(
    tmp_path: Path,
) -> None:
    data = tmp_path / "damaged"
    data.mkdir()
    damaged_pages(paths.database_path(data))
    before = folder_fingerprint(data)
    result = subprocess.run(
        [sys.executable, "-m", "companion", "--data-dir", str(data), "--exit-after-startup"],
        capture_output=True,
        text=True,
        timeout=40,  # it used to wait for a click on a crash dialog for ever
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=False,
    )
    assert result.returncode == 2
    line = one_line(result.stderr)
    assert line == (
        f"companion: {paths.database_path(data)} is damaged: database disk image is malformed "
        "(the file was not changed)"
    )
    assert folder_fingerprint(data) == before


# --- a read-only data folder -----------------------------------------------------------------


@pytest.fixture
def journal(data_dir: Path) -> Path:
    data_dir.mkdir()
    sound_database(paths.database_path(data_dir), days=5)
    return data_dir


@pytest.mark.parametrize("command", COMMANDS[1:-2], ids=lambda command: command[0])
def test_a_read_only_data_folder_is_refused_with_the_reason(
    command: list[str],
    journal: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (tmp_path / "out.csv").write_text("date,mood\n2026-03-02,6\n")  # what the import reads
    before = folder_fingerprint(journal)
    deny_writing(monkeypatch, journal)
    assert cli.main(_argv(command, tmp_path)) == 2
    assert one_line(capsys.readouterr().err) == (
        f"companion: The data folder {journal} is read-only: Companion cannot save there."
    )
    assert folder_fingerprint(journal) == before


def test_check_still_reads_a_read_only_data_folder(
    journal: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    deny_writing(monkeypatch, journal)
    assert cli.main(["check"]) == 0
    assert "is a sound Companion database" in capsys.readouterr().out


def test_the_app_says_at_start_that_it_cannot_save(
    gui_in_process: None,
    journal: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    database = paths.database_path(journal)
    before = folder_fingerprint(journal)
    deny_writing(monkeypatch, database)
    assert cli.main(["--exit-after-startup"]) == 2
    assert "The journal file" in one_line(capsys.readouterr().err)

    shown = drive_message_box(monkeypatch)
    assert cli.main([]) == 2
    (box,) = shown
    assert box.icon() == QMessageBox.Icon.Warning
    assert box.informativeText() == (
        f"The journal file {database} is read-only: Companion cannot save there."
    )
    assert folder_fingerprint(journal) == before


@pytest.mark.skipif(AS_ROOT or os.name != "posix", reason="chmod does not restrict root")
def test_a_really_read_only_folder_is_refused(
    journal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    journal.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        before = folder_fingerprint(journal)
        assert cli.main(["export", "--format", "csv", "--output", str(tmp_path / "out.csv")]) == 2
        assert folder_fingerprint(journal) == before
    finally:
        journal.chmod(stat.S_IRWXU)
    assert "is read-only: Companion cannot save there" in one_line(capsys.readouterr().err)
