"""``companion export`` and ``companion import``: exit codes 0 and 2, one line, nothing changed."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from tests.export.helpers import AFTERFLOW, DAYLIO_7, DAYLIO_8, demo_folder, run_cli, write
from tests.storage.bad_files import folder_fingerprint


def test_export_csv_and_fhir_succeed(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    demo_folder(data_dir, days=30)
    table, bundle = tmp_path / "log.csv", tmp_path / "log.json"
    code, out, err = run_cli(
        capsys,
        "export",
        "--data-dir",
        data_dir,
        "--format",
        "csv",
        "--output",
        table,
        "--from",
        "2026-03-10",
        "--to",
        "2026-03-20",
    )
    assert (code, err) == (0, "")
    assert "private reflections: not included" in out
    with table.open(encoding="utf-8", newline="") as handle:
        days = [row["date"][:10] for row in csv.DictReader(handle)]
    assert days and min(days) >= "2026-03-10" and max(days) <= "2026-03-20"
    code, out, _err = run_cli(
        capsys, "export", "--data-dir", data_dir, "--format", "fhir", "--output", bundle
    )
    assert code == 0
    assert "shared notes" not in out  # a FHIR file holds no written notes
    assert json.loads(bundle.read_text(encoding="utf-8"))["type"] == "collection"


@pytest.mark.parametrize(
    ("extra", "says"),
    [
        (["--from", "2026-03-20", "--to", "2026-03-10"], "is after --to"),
        (["--from", "2026-02-30"], "is not a date"),
        (["--format", "xml"], "invalid choice"),
    ],
)
def test_export_refusals_exit_2_with_one_line(
    extra: list[str],
    says: str,
    data_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    demo_folder(data_dir, days=10)
    before = folder_fingerprint(data_dir)
    args = ["export", "--data-dir", data_dir, "--output", tmp_path / "out.csv"]
    if "--format" not in extra:
        args += ["--format", "csv"]
    code, out, err = run_cli(capsys, *args, *extra)
    assert (code, out) == (2, "")
    assert len(err.strip().splitlines()) == 1 and says in err
    assert not (tmp_path / "out.csv").exists()
    assert folder_fingerprint(data_dir) == before


def test_export_to_a_missing_folder_or_a_folder_is_refused(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    demo_folder(data_dir, days=10)
    for target, says in (
        (tmp_path / "nowhere" / "out.csv", "does not exist"),
        (tmp_path, "is a folder"),
    ):
        code, _out, err = run_cli(
            capsys, "export", "--data-dir", data_dir, "--format", "csv", "--output", target
        )
        assert code == 2
        assert len(err.strip().splitlines()) == 1 and says in err


def test_export_without_data_is_refused_and_creates_nothing(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = run_cli(
        capsys,
        "export",
        "--data-dir",
        data_dir,
        "--format",
        "csv",
        "--output",
        tmp_path / "out.csv",
    )
    assert code == 2
    assert "no Companion data" in err
    assert not (data_dir / "companion.sqlite3").exists()


def test_export_keeps_an_existing_file_when_refused(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "out.csv"
    target.write_text("yesterday's export")
    run_cli(capsys, "export", "--data-dir", data_dir, "--format", "csv", "--output", target)
    assert target.read_text() == "yesterday's export"


@pytest.mark.parametrize(
    ("fmt", "content", "extra", "says"),
    [
        ("daylio", DAYLIO_8, [], "Imported 3 journal entries, 0 sessions"),
        ("daylio", DAYLIO_7, ["--mood-map", "bad=3"], "Imported 2 journal entries"),
        ("afterflow", AFTERFLOW, [], "Imported 2 journal entries, 2 sessions"),
    ],
)
def test_imports_succeed(
    fmt: str,
    content: str,
    extra: list[str],
    says: str,
    data_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = write(tmp_path, "in.csv", content)
    code, out, err = run_cli(
        capsys, "import", "--data-dir", data_dir, "--format", fmt, path, *extra
    )
    assert (code, err) == (0, "")
    assert out.startswith(says)
