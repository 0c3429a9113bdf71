"""Where the data lives: --data-dir, then COMPANION_DATA_DIR, then the platform's folder."""

from pathlib import Path

import platformdirs
import pytest

from companion.storage import paths


def test_the_command_line_wins_over_the_environment(tmp_path: Path, data_dir: Path) -> None:
    assert paths.data_dir(tmp_path / "chosen") == tmp_path / "chosen"
    assert paths.data_dir(None) == data_dir  # COMPANION_DATA_DIR, set by conftest


def test_a_relative_or_home_path_is_made_absolute(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    assert paths.data_dir("~/companion") == tmp_path / "companion"
    assert paths.data_dir("here") == tmp_path / "here"


def test_without_a_choice_the_platform_folders_are_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COMPANION_DATA_DIR")
    data = paths.data_dir()
    assert data == Path(platformdirs.user_data_dir("Companion", appauthor=False))
    assert paths.log_dir(data) == Path(platformdirs.user_log_dir("Companion", appauthor=False))


def test_a_chosen_data_folder_keeps_its_logs_and_backups_inside(data_dir: Path) -> None:
    assert paths.log_dir(data_dir) == data_dir / "logs"
    assert paths.backups_dir(data_dir) == data_dir / "backups"
    assert paths.database_path(data_dir) == data_dir / "companion.sqlite3"
