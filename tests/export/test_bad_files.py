"""Files that cannot be imported: exit 2, one line naming the line and the reason, and the
data folder exactly as it was (its files hashed before and after)."""

from __future__ import annotations

import codecs
from datetime import date, timedelta
from pathlib import Path

import pytest

from companion.export import reading
from tests.export.helpers import AFTERFLOW, DAYLIO_7_YEAR, DAYLIO_8, demo_folder, run_cli, write
from tests.storage.bad_files import folder_fingerprint

OWN_HEADER = "date,mood,anxiety,notes\n"
GOAL_HEADER = "date,mood,goal: Sleep through the night\n"
PLAUSIBLE = "is not a plausible date (from 1900 to tomorrow)"
AFTER_TOMORROW = (date.today() + timedelta(days=2)).isoformat()

# name -> (format, file content, what the one line must say)
BAD_FILES: dict[str, tuple[str, bytes | str, tuple[str, ...]]] = {
    "not a CSV": ("daylio", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", ("not a CSV text file",)),
    "wrong header": ("afterflow", DAYLIO_8, ("line 1", "not an Afterflow export")),
    "another app's header": ("csv", "when,feeling\n2026-03-01,5\n", ("line 1", "'when'")),
    "impossible date": (
        "csv",
        OWN_HEADER + "2026-02-28T09:00,5,3,fine\n2026-02-30T09:00,6,2,odd\n",
        ("line 3", "'2026-02-30' is not a real date"),
    ),
    "impossible Daylio date": (
        "daylio",
        DAYLIO_8.replace("2026-03-02,March 2", "2026-13-02,March 2"),
        ("line 3", "not a real date"),
    ),
    "a Daylio date in year 9999": (
        "daylio",
        DAYLIO_8.replace("2026-03-02,March 2", "9999-12-31,March 2"),
        ("line 3", f"'9999-12-31' {PLAUSIBLE}"),
    ),
    "a Daylio year before 1900": (
        "daylio",
        DAYLIO_7_YEAR.replace("happy", "good").replace("2018,17 May", "1899,17 May"),
        ("line 3", f"'17 May 1899' {PLAUSIBLE}"),
    ),
    "an Afterflow date in year 1": (
        "afterflow",
        AFTERFLOW.replace("Feb 24, 2026", "Feb 24, 0001"),
        ("line 3", f"'Feb 24, 0001 at 10:00 AM' {PLAUSIBLE}"),
    ),
    "a date in year 1": (
        "csv",
        OWN_HEADER + "2026-02-28T09:00,5,3,fine\n0001-01-01T09:00,6,2,odd\n",
        ("line 3", f"'0001-01-01' {PLAUSIBLE}"),
    ),
    "a date with an offset in year 1": (
        "csv",
        OWN_HEADER + "0001-01-01T00:30+05:00,6,2,odd\n",
        ("line 2", f"'0001-01-01' {PLAUSIBLE}"),
    ),
    "a date after tomorrow": (
        "csv",
        OWN_HEADER + f"{AFTER_TOMORROW},6,2,odd\n",
        ("line 2", f"'{AFTER_TOMORROW}' {PLAUSIBLE}"),
    ),
    "a basic ISO date in year 9999": (
        "csv",
        OWN_HEADER + "99991231,6,2,odd\n",
        ("line 2", f"'99991231' {PLAUSIBLE}"),
    ),
    "damaged UTF-16": (
        "daylio",
        codecs.BOM_UTF16_LE + DAYLIO_8.encode("utf-16-le") + b"\n",
        ("UTF-16", "damaged", "save it as UTF-8"),
    ),
    "impossible time": (
        "daylio",
        DAYLIO_8.replace("12:05 am", "13:05 am"),
        ("line 3", "not a real time"),
    ),
    "broken UTF-8": (
        "csv",
        (OWN_HEADER + "2026-03-01T09:00,5,3,ok\n2026-03-02T09:00,5,3,ok\n").encode()
        + b"2026-03-03T09:00,5,3,caf\xe9\n",
        ("line 4", "not valid UTF-8"),
    ),
    "empty": ("daylio", b"", ("the file is empty",)),
    "only blank lines": ("csv", b"\r\n\r\n  \n", ("the file is empty",)),
    "unknown mood labels": (
        "daylio",
        DAYLIO_7_YEAR,
        ("line 2", "unknown mood label 'happy'", "--mood-map"),
    ),
    "a bad value after good rows": (
        "csv",
        OWN_HEADER + "2026-03-01T09:00,5,3,a\n2026-03-02T09:00,5,3,b\n2026-03-03T09:00,11,3,c\n",
        ("line 4", "mood must be a whole number from 0 to 10, got '11'"),
    ),
    "a row of the wrong length": (
        "csv",
        OWN_HEADER + "2026-03-01T09:00,5,3\n",
        ("line 2", "expected 4 values"),
    ),
    "broken quoting": (
        "csv",
        OWN_HEADER + '2026-03-01T09:00,5,3,"a"b\n',
        ("line 2", "quoting"),
    ),
    "two ratings of a goal on one day": (
        "csv",
        GOAL_HEADER + "2026-03-01T09:00,5,4\n2026-03-01T20:00,6,\n2026-03-01T21:00,6,7\n",
        ("line 4", "is 7 here but 4 on line 2, the same day", "one rating a day"),
    ),
    "a goal rating above 10": (
        "csv",
        GOAL_HEADER + "2026-03-01T09:00,5,12\n",
        ("line 2", "goal: Sleep through the night must be a whole number from 0 to 10"),
    ),
    "a goal column without words": (
        "csv",
        "date,mood,goal:\n2026-03-01T09:00,5,4\n",
        ("line 1", "a goal column has no words"),
    ),
    "one goal in two columns": (
        "csv",
        "date,goal: Run,goal: Walk,goal:  Walk\n2026-03-01T09:00,1,5,4\n",
        ("line 1", "two columns name the goal 'Walk'"),
    ),
}


def _assert_refused(
    capsys: pytest.CaptureFixture[str], data: Path, args: list[str | Path], says: tuple[str, ...]
) -> None:
    before = folder_fingerprint(data)
    code, out, err = run_cli(capsys, "import", "--data-dir", data, *args)
    assert code == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    for words in says:
        assert words in lines[0]
    assert "nothing was imported" in lines[0]
    assert folder_fingerprint(data) == before


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_bad_file_is_refused_and_nothing_changes(
    case: str, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fmt, content, says = BAD_FILES[case]
    demo_folder(data_dir, days=30)
    path = write(tmp_path, "bad.csv", content)
    _assert_refused(capsys, data_dir, ["--format", fmt, path], says)


def test_bad_file_into_an_empty_folder_creates_nothing(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir.mkdir()
    path = write(tmp_path, "bad.csv", b"")
    _assert_refused(capsys, data_dir, ["--format", "csv", path], ("empty",))
    assert not (data_dir / "companion.sqlite3").exists()


def test_a_huge_file_is_refused_before_it_is_read(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    demo_folder(data_dir, days=30)
    path = tmp_path / "huge.csv"
    with path.open("wb") as handle:
        handle.truncate(reading.MAX_BYTES + 1)  # sparse: as big as it says, instantly
    _assert_refused(capsys, data_dir, ["--format", "daylio", path], ("larger than 50 MB",))


def test_too_many_rows_are_refused(
    data_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(reading, "MAX_ROWS", 2)
    demo_folder(data_dir, days=30)
    path = write(tmp_path, "long.csv", DAYLIO_8)
    _assert_refused(capsys, data_dir, ["--format", "daylio", path], ("line 4", "more than 2 rows"))


def test_a_missing_file_is_refused(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    demo_folder(data_dir, days=30)
    _assert_refused(capsys, data_dir, ["--format", "csv", tmp_path / "nope.csv"], ("no such file",))


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--format", "daylio", "--mood-map", "okay=eleven"], "--mood-map"),
        (["--format", "afterflow", "--mood-map", "okay=5"], "only for Daylio"),
    ],
)
def test_bad_mood_maps_are_refused_and_nothing_changes(
    args: list[str],
    says: str,
    data_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    demo_folder(data_dir, days=30)
    path = write(tmp_path, "daylio.csv", DAYLIO_8)
    before = folder_fingerprint(data_dir)
    code, _out, err = run_cli(capsys, "import", "--data-dir", data_dir, *args, path)
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and says in err
    assert folder_fingerprint(data_dir) == before
