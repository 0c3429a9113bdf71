"""Display preferences in display.ini: sane values whatever the file says."""

import os
from pathlib import Path

import pytest

from companion.ui.prefs import Prefs
from tests.storage.privacy_helpers import mode, permissive_umask

__all__ = ["permissive_umask"]


def test_defaults_for_a_new_data_folder(data_dir: Path) -> None:
    prefs = Prefs(data_dir)
    assert (prefs.theme, prefs.text_scale) == ("system", 100)
    assert (prefs.high_contrast, prefs.reduce_motion) == (False, False)
    assert prefs.geometry() is None


def test_choices_survive_a_restart(data_dir: Path) -> None:
    prefs = Prefs(data_dir)
    prefs.theme = "night"
    prefs.text_scale = 160
    prefs.high_contrast = True
    prefs.reduce_motion = True
    prefs.sync()
    again = Prefs(data_dir)
    assert (again.theme, again.text_scale, again.high_contrast, again.reduce_motion) == (
        "night",
        160,
        True,
        True,
    )
    assert (data_dir / "display.ini").is_file()


def test_a_hand_edited_file_cannot_break_the_display(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    (data_dir / "display.ini").write_text(
        "[General]\ntheme=purple\ntext_scale=lots\nhigh_contrast=maybe\n", encoding="utf-8"
    )
    prefs = Prefs(data_dir)
    assert (prefs.theme, prefs.text_scale, prefs.high_contrast) == ("system", 100, False)


def test_text_size_stays_between_100_and_200_percent(data_dir: Path) -> None:
    prefs = Prefs(data_dir)
    prefs.text_scale = 250
    assert prefs.text_scale == 200
    prefs.text_scale = 40
    assert prefs.text_scale == 100


@pytest.mark.skipif(os.name != "posix", reason="file modes are a POSIX matter")
@pytest.mark.usefixtures("permissive_umask")
def test_the_data_folder_and_display_ini_are_the_owners_alone(data_dir: Path) -> None:
    prefs = Prefs(data_dir)
    assert mode(data_dir) == 0o700
    assert not (data_dir / "display.ini").exists()  # nothing is written before a choice
    prefs.theme = "dark"
    prefs.sync()
    assert mode(data_dir / "display.ini") == 0o600
