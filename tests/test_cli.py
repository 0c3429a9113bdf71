"""The command-line contract: every path and its exit code (0 done, 2 refused, 1 unexpected)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from companion import __version__, cli
from companion.storage import maintenance, paths
from companion.storage.database import Database, head_revision, stored_revision
from companion.storage.errors import StorageError
from tests.storage.bad_files import folder_fingerprint, garbage, sound_database
from tests.storage.privacy_helpers import add_entry


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """``python -m companion ARGS`` in a fresh process, without a display."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "companion", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        check=False,
    )


def one_line(text: str) -> str:
    assert "Traceback" not in text
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    return lines[0]


# --- the GUI flags -------------------------------------------------------------------------


def test_exit_after_startup_creates_the_database(tmp_path: Path) -> None:
    data = tmp_path / "fresh"
    result = run("--data-dir", str(data), "--exit-after-startup")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert stored_revision(paths.database_path(data)) == head_revision()


def test_exit_after_startup_refuses_a_garbage_database(tmp_path: Path) -> None:
    data = tmp_path / "bad"
    data.mkdir()
    garbage(paths.database_path(data))
    before = folder_fingerprint(data)
    result = run("--data-dir", str(data), "--exit-after-startup")
    assert result.returncode == 2
    assert "not a Companion database" in one_line(result.stderr)
    assert folder_fingerprint(data) == before


@pytest.mark.allow_warning_logs
def test_exit_after_startup_refuses_a_garbage_database_in_process(
    gui_in_process: None, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir.mkdir()
    garbage(paths.database_path(data_dir))
    before = folder_fingerprint(data_dir)
    assert cli.main(["--exit-after-startup"]) == 2
    assert "not a Companion database" in one_line(capsys.readouterr().err)
    assert folder_fingerprint(data_dir) == before


@pytest.mark.parametrize("screen", ["prepare", "session", "journal", "history"])
def test_each_screen_can_be_opened_from_the_command_line(
    gui_in_process: None, data_dir: Path, screen: str
) -> None:
    assert cli.main(["--data-dir", str(data_dir), "--screen", screen, "--exit-after-startup"]) == 0


def test_screenshot_saves_the_window_as_png(gui_in_process: None, tmp_path: Path) -> None:
    shot = tmp_path / "shot.png"
    assert cli.main(["--screen", "journal", "--screenshot", str(shot)]) == 0
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    image = QImage(str(shot))
    assert image.width() >= 760 and image.height() >= 520  # the window's minimum size


def test_a_screenshot_that_cannot_be_written_is_reported(
    gui_in_process: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shot = tmp_path / "no such folder" / "shot.png"
    assert cli.main(["--screenshot", str(shot), "--exit-after-startup"]) == 2
    assert "could not write the screenshot" in one_line(capsys.readouterr().err)
    assert not shot.exists()


def test_exit_after_leaves_after_the_given_time(gui_in_process: None, data_dir: Path) -> None:
    assert cli.main(["--exit-after", "0.5"]) == 0
    assert stored_revision(paths.database_path(data_dir)) == head_revision()


# --- companion check -----------------------------------------------------------------------


def test_check_judges_a_sound_database_without_touching_it(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir.mkdir()
    sound_database(paths.database_path(data_dir))
    before = folder_fingerprint(data_dir)
    assert cli.main(["check"]) == 0
    assert "is a sound Companion database" in capsys.readouterr().out
    assert folder_fingerprint(data_dir) == before


def test_check_refuses_garbage_and_leaves_it_byte_for_byte(tmp_path: Path) -> None:
    data = tmp_path / "bad"
    data.mkdir()
    garbage(paths.database_path(data))
    before = folder_fingerprint(data)
    result = run("check", "--data-dir", str(data))
    assert result.returncode == 2
    line = one_line(result.stderr)
    assert line.startswith("companion: ") and "not a Companion database" in line
    assert result.stdout == ""
    assert folder_fingerprint(data) == before


def _lose_cells(page: bytearray) -> None:
    page[8:] = bytes(len(page) - 8)


def _miscount_fragments(page: bytearray) -> None:
    page[7] = 0x40  # SQLite reports this under a "*** in database main ***" heading


@pytest.mark.parametrize(
    ("name", "damage"),
    [("ix_journal_entries_entry_at", _lose_cells), ("journal_entries", _miscount_fragments)],
    ids=["an index page lost its cells", "a page miscounts its free bytes"],
)
def test_check_finds_damage_inside_a_sound_looking_file(
    data_dir: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    damage: Callable[[bytearray], None],
) -> None:
    data_dir.mkdir()
    path = paths.database_path(data_dir)
    sound_database(path, days=400)
    conn = sqlite3.connect(path)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    (root,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (name,)).fetchone()
    conn.close()
    data = bytearray(path.read_bytes())
    start = (root - 1) * page_size
    page = data[start : start + page_size]
    damage(page)
    data[start : start + page_size] = page
    path.write_bytes(bytes(data))
    before = folder_fingerprint(data_dir)

    assert cli.main(["check"]) == 2
    line = one_line(capsys.readouterr().err)
    assert "is damaged" in line and "***" not in line
    assert folder_fingerprint(data_dir) == before


def test_check_on_a_missing_database_says_so_and_creates_nothing(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["check", "--data-dir", str(data_dir)]) == 0
    assert "No database yet" in capsys.readouterr().out
    assert not paths.database_path(data_dir).exists()


def test_the_data_folder_may_be_given_before_or_after_the_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before, after = tmp_path / "before", tmp_path / "after"
    assert cli.main(["--data-dir", str(before), "check"]) == 0
    assert str(before) in capsys.readouterr().out
    assert cli.main(["check", "--data-dir", str(after)]) == 0
    assert str(after) in capsys.readouterr().out


# --- companion demo-data -------------------------------------------------------------------


def test_demo_data_fills_an_empty_database_and_then_refuses(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["demo-data", "--days", "90", "--seed", "4"]) == 0
    assert "journal entries" in capsys.readouterr().out
    before = folder_fingerprint(data_dir)

    assert cli.main(["demo-data", "--days", "90"]) == 2
    assert "already holds data" in one_line(capsys.readouterr().err)
    assert folder_fingerprint(data_dir) == before


def test_demo_data_refuses_a_garbage_database(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir.mkdir()
    garbage(paths.database_path(data_dir))
    before = folder_fingerprint(data_dir)
    assert cli.main(["demo-data", "--days", "10"]) == 2
    assert "not a Companion database" in one_line(capsys.readouterr().err)
    assert folder_fingerprint(data_dir) == before


def test_demo_data_refuses_an_impossible_number_of_days(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert cli.main(["demo-data", "--days", "0"]) == 2
    assert "--days" in one_line(capsys.readouterr().err)


# --- bad arguments -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["--screen", "nowhere"], "invalid choice"),
        (["--exit-after", "0"], "not a positive number"),
        (["--exit-after", "soon"], "not a positive number"),
        (["--start-session", "0"], "whole number of minutes"),
        (["--start-session", "601"], "whole number of minutes"),
        (["--exit-after-startup", "--exit-after", "1"], "not both"),
        (["frobnicate"], "invalid choice"),
        (["demo-data"], "required: --days"),
        (["demo-data", "--days", "many"], "invalid int value"),
        (["check", "--colour"], "unrecognized arguments"),
        (["--data-dir"], "expected one argument"),
    ],
)
def test_bad_arguments_give_one_clear_line_and_exit_2(
    argv: list[str], says: str, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(argv) == 2
    captured = capsys.readouterr()
    line = one_line(captured.err)
    assert line.startswith("companion")
    assert says in line
    assert captured.out == ""
    assert not paths.database_path(data_dir).exists()


def test_bad_arguments_in_a_real_process() -> None:
    result = run("--screen", "nowhere")
    assert result.returncode == 2
    assert "invalid choice" in one_line(result.stderr)


def test_version_and_help_in_a_real_process() -> None:
    version = run("--version")
    assert (version.returncode, version.stdout.strip()) == (0, f"Companion {__version__}")
    help_text = run("--help")
    assert help_text.returncode == 0
    for word in ("--data-dir", "--exit-after-startup", "check", "demo-data"):
        assert word in help_text.stdout


# --- faults --------------------------------------------------------------------------------


@pytest.mark.allow_warning_logs
def test_an_unexpected_fault_exits_1_with_the_log_path(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(_args: object, _data: Path) -> int:
        raise RuntimeError("a bug, not the patient's fault")

    monkeypatch.setattr(maintenance, "check_command", broken)
    assert cli.main(["check"]) == 1
    line = one_line(capsys.readouterr().err)
    log_file = paths.log_dir(data_dir) / "companion.log"
    assert "unexpected problem" in line
    assert str(log_file) in line
    logged = log_file.read_text(encoding="utf-8")
    assert "Traceback" in logged and "a bug, not the patient's fault" in logged


@pytest.mark.allow_warning_logs
def test_an_unexpected_fault_without_a_log_leaves_out_its_path(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The log cannot be made (its folder is a file): no path to a file that does not exist,
    and none of Python's own report on the failed log either."""
    data_dir.mkdir()
    paths.log_dir(data_dir).write_text("not a folder", encoding="utf-8")

    def broken(_args: object, _data: Path) -> int:
        raise RuntimeError("a bug, not the patient's fault")

    monkeypatch.setattr(maintenance, "check_command", broken)
    assert cli.main(["check"]) == 1
    assert one_line(capsys.readouterr().err) == "companion: an unexpected problem (RuntimeError)."


def test_an_interruption_exits_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted(_args: object, _data: Path) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(maintenance, "check_command", interrupted)
    assert cli.main(["check"]) == 2
    assert one_line(capsys.readouterr().err) == "companion: interrupted"


def test_a_storage_fault_reads_like_every_other_refusal(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def refused(_args: object, _data: Path) -> int:
        raise StorageError("the file is damaged:\n  page 3 is missing")

    monkeypatch.setattr(maintenance, "check_command", refused)
    assert cli.main(["check"]) == 2
    assert one_line(capsys.readouterr().err) == "companion: the file is damaged: page 3 is missing"


# --- a mistyped data folder ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "code"),
    [
        (["check"], 0),  # "No database yet": said, not refused
        (["export", "--format", "csv", "--output", "OUT"], 2),
        (["export", "--format", "pdf", "--output", "OUT"], 2),
        (["backup", "--output", "OUT"], 2),
        (["encrypt"], 2),
        (["import", "--format", "csv", "MISSING"], 2),
        (["restore", "MISSING"], 2),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) else str(value),
)
def test_a_mistyped_data_folder_leaves_nothing_behind(
    command: list[str], code: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    typo = tmp_path / "typo"
    out, missing = tmp_path / "out.file", tmp_path / "missing.csv"
    argv = [{"OUT": str(out), "MISSING": str(missing)}.get(word, word) for word in command]
    assert cli.main([*argv, "--data-dir", str(typo)]) == code
    if code == 2:
        assert one_line(capsys.readouterr().err).startswith("companion")
    assert not typo.exists()
    assert not out.exists()


# --- companion export: help and file names ---------------------------------------------------


def test_export_help_explains_every_option() -> None:
    result = run("export", "--help")
    assert result.returncode == 0
    text = " ".join(result.stdout.split())
    for said in (
        "csv: a table for a spreadsheet; pdf: a report for your therapist; fhir: FHIR R4 JSON",
        "--output FILE the file to write, named to match --format (.csv, .pdf, .json)",
        "--from YYYY-MM-DD the first day to export, inclusive",
        "--to YYYY-MM-DD the last day to export, inclusive",
    ):
        assert said in text


@pytest.mark.parametrize(
    ("fmt", "name", "looks_like"),
    [
        ("pdf", "report.csv", "CSV"),
        ("csv", "table.PDF", "PDF"),
        ("fhir", "bundle.csv", "CSV"),
        ("csv", "table.json", "FHIR JSON"),
    ],
)
def test_an_output_named_for_another_format_is_refused(
    fmt: str,
    name: str,
    looks_like: str,
    db: Database,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    add_entry(db, "a private thought")
    out = tmp_path / name
    assert cli.main(["export", "--format", fmt, "--output", str(out)]) == 2
    captured = capsys.readouterr()
    line = one_line(captured.err)
    assert line.startswith(f"companion: {name} is named like a {looks_like} file")
    assert f"--format is {fmt}" in line
    assert captured.out == ""
    assert not out.exists()


@pytest.mark.parametrize(("fmt", "name"), [("fhir", "bundle.fhir"), ("csv", "table.txt")])
def test_an_output_with_another_ending_is_written(
    fmt: str, name: str, db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add_entry(db, "a private thought")
    out = tmp_path / name
    assert cli.main(["export", "--format", fmt, "--output", str(out)]) == 0
    assert capsys.readouterr().out.startswith(f"Wrote {out}")
    assert out.stat().st_size > 0
