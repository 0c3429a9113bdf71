"""``companion export`` and ``companion import``: exit codes 0 and 2, one line, nothing changed."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from companion.export.commands import parts_for
from companion.export.csv_export import csv_text
from companion.export.dataset import build_dataset
from companion.export.fhir_bundle import bundle
from companion.storage import paths
from companion.storage.database import Database
from companion.storage.settings import INSTALLATION_ID, get_setting
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
        rows = list(csv.DictReader(handle))
    days = [row["date"][:10] for row in rows]
    assert days and min(days) >= "2026-03-10" and max(days) <= "2026-03-20"
    # It counts the sessions the file shows (a row per entry), not every session held.
    after_session = sum(1 for row in rows if row["route"])
    assert f"{len(rows)} entries ({after_session} after a session)" in out
    assert " sessions" not in out
    code, out, _err = run_cli(
        capsys, "export", "--data-dir", data_dir, "--format", "fhir", "--output", bundle
    )
    assert code == 0
    assert "shared notes" not in out  # a FHIR file holds no written notes
    assert json.loads(bundle.read_text(encoding="utf-8"))["type"] == "collection"


def _installation(data_dir: Path) -> object:
    db = Database.open(paths.database_path(data_dir))
    try:
        with db.transaction() as session:
            return get_setting(session, INSTALLATION_ID)
    finally:
        db.close()


def test_a_fhir_export_says_only_what_the_bundle_holds_and_keeps_its_ids(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    demo_folder(data_dir, days=30)
    args = ["export", "--data-dir", data_dir, "--output"]
    assert run_cli(capsys, *args, tmp_path / "log.csv", "--format", "csv")[0] == 0
    assert _installation(data_dir) is None  # made by the first FHIR export only
    patients = []
    for name in ("first.json", "second.json"):
        code, out, _err = run_cli(capsys, *args, tmp_path / name, "--format", "fhir")
        assert code == 0
        resources = [e["resource"] for e in json.loads((tmp_path / name).read_text())["entry"]]
        patients.append(next(r["id"] for r in resources if r["resourceType"] == "Patient"))
    assert "session" not in out and "side effect" not in out
    moods = sum(
        1
        for r in resources
        if r["resourceType"] == "Observation" and r["code"]["text"].startswith("Self-rated mood")
    )
    assert f"{moods} mood ratings" in out and "PHQ-9" in out
    assert patients[0] == patients[1] and _installation(data_dir) is not None


def test_an_export_builds_only_what_its_file_shows_and_writes_the_same(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    demo_folder(data_dir, days=60)
    db = Database.open(paths.database_path(data_dir))
    try:
        with db.transaction() as session:
            full = build_dataset(session, include_private=True)
            lean = {fmt: build_dataset(session, parts=parts_for(fmt)) for fmt in ("csv", "fhir")}
            pdf = build_dataset(session, parts=parts_for("pdf"))
    finally:
        db.close()
    assert lean["csv"].course is None and lean["csv"].trends.empty
    assert not lean["fhir"].goals.texts and lean["fhir"].trends.empty
    assert full.goals.texts and full.course is not None and not full.trends.empty
    assert (pdf.trends, pdf.course) == (full.trends, full.course)
    assert lean["fhir"].course == full.course

    table, fhir = tmp_path / "log.csv", tmp_path / "log.json"
    for fmt, target in (("csv", table), ("fhir", fhir)):
        args = ["export", "--data-dir", data_dir, "--format", fmt, "--output", target]
        assert run_cli(capsys, *args, "--include-private")[0] == 0
    assert table.read_bytes() == csv_text(full).encode("utf-8")
    written = json.loads(fhir.read_text(encoding="utf-8"))
    assert written["entry"] == bundle(full)["entry"]


def test_a_csv_export_loads_no_qt_alembic_importers_or_course_module(
    data_dir: Path, tmp_path: Path
) -> None:
    """Start-up is most of a command-line export's time: the CSV loads only what it uses."""
    demo_folder(data_dir, days=10)
    script = (
        "import sys\n"
        "from companion.cli import main\n"
        f"code = main(['export', '--data-dir', {str(data_dir)!r}, '--format', 'csv', "
        f"'--output', {str(tmp_path / 'log.csv')!r}])\n"
        "print(code, sorted(m for m in sys.modules if m.startswith(("
        "'PySide6', 'alembic', 'companion.export.import', 'companion.storage.courses'))))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert done.stdout.splitlines()[-1] == "0 []", done.stderr


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
