"""``companion export`` and ``companion import`` (the command-line contract in DESIGN.md).

Exit 2 with one line for anything refused: a bad range, an unwritable file, a file that cannot
be imported (its first bad line named). An import parses and checks the whole file before
the database is even opened, so a refused file leaves the data folder exactly as it was.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from companion.errors import UserError
from companion.export.dataset import Dataset, Part, build_dataset
from companion.export.files import Cancelled, Progress
from companion.storage import paths
from companion.storage.database import Database

if TYPE_CHECKING:  # an export does without the importers (see ``import_command``)
    from companion.export.import_store import ImportResult
    from companion.export.importers import ImportedEntry

Writer = Callable[[Dataset, Path, Progress, Cancelled], None]

_gui_app: object = None  # keeps the offscreen QGuiApplication of a PDF export alive


def writer_for(fmt: str) -> Writer:
    """The file writer of an export format; PDF loads Qt only when asked for."""
    if fmt == "csv":
        from companion.export.csv_export import write_csv

        return write_csv
    if fmt == "fhir":
        from companion.export.fhir_bundle import write_fhir

        return write_fhir
    if fmt == "pdf":
        from companion.export.pdf_report import write_pdf

        return write_pdf
    raise UserError(f"companion: unknown export format {fmt!r} (expected csv, pdf or fhir)")


def parts_for(fmt: str) -> Part:
    """What a file of ``fmt`` shows beyond rows, sessions and check-ins: an export builds no
    more than that (the export dialog's preview counts for any format: it builds everything but
    the installation id, which only a FHIR file needs and the first one makes)."""
    return {
        "csv": Part.GOALS,
        "pdf": Part.TRENDS | Part.COURSE,
        "fhir": Part.COURSE | Part.INSTALLATION,
    }[fmt]


def contents_of(fmt: str, dataset: Dataset) -> str:
    """What a file of ``fmt`` holds, in words: a FHIR bundle has no sessions, side effects or
    written notes, so its count names only the ratings, check-ins and goals in it; a CSV has
    a row per entry, so it counts the sessions that have one."""
    contents = dataset.contents()
    if fmt == "fhir":
        return contents.describe_fhir()
    return contents.describe(rows_only=fmt == "csv")


#: The endings each format's files are known by. An output named for another format is refused:
#: a PDF saved as ``report.csv`` would open in the wrong program. Other endings are accepted.
ENDINGS = {"csv": (".csv",), "pdf": (".pdf",), "fhir": (".json", ".fhir")}
_NAMES = {"csv": "CSV", "pdf": "PDF", "fhir": "FHIR JSON"}


def check_ending(fmt: str, output: Path) -> None:
    ending = output.suffix.lower()
    for other, endings in ENDINGS.items():
        if other != fmt and ending in endings:
            raise UserError(
                f"companion: {output.name} is named like a {_NAMES[other]} file, but --format is "
                f"{fmt}; end the name in {ENDINGS[fmt][0]}, or choose --format {other}"
            )


def check_range(date_from: date | None, date_to: date | None) -> None:
    if date_from is not None and date_to is not None and date_from > date_to:
        raise UserError(
            f"companion: --from {date_from.isoformat()} is after --to {date_to.isoformat()}"
        )


def _open_existing(data: Path) -> Database:
    """The data folder's database (encrypted ones take COMPANION_PASSPHRASE); never a new one."""
    path = paths.database_path(data)
    if not path.exists() or path.stat().st_size == 0:
        raise UserError(f"companion: there is no Companion data in {data} (nothing to export)")
    return Database.open(path)


def _ensure_gui_application() -> None:
    """QPdfWriter needs a QGuiApplication; a command-line export draws offscreen."""
    global _gui_app
    from PySide6.QtGui import QGuiApplication

    from companion.qt_import_hook import read_sources_directly

    read_sources_directly()
    if QGuiApplication.instance() is None:
        _gui_app = QGuiApplication(
            [sys.argv[0] if sys.argv else "companion", "-platform", "offscreen"]
        )


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection meanwhile.

    An export builds tens of thousands of small objects that all live until the file is
    written: each pass of the collector would find nothing to free, only walk them (and all of
    SQLAlchemy and Qt) again. Ten years of data cost it a tenth of the export's time.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def export_command(args: argparse.Namespace, data: Path) -> int:
    check_range(args.date_from, args.date_to)
    write = writer_for(args.format)
    output = Path(os.path.expanduser(args.output))
    check_ending(args.format, output)
    if output.is_dir():
        raise UserError(f"companion: {output} is a folder; give a file name for the export")
    if args.format == "pdf":
        _ensure_gui_application()
    with _collector_paused():
        db = _open_existing(data)
        try:
            with db.transaction() as session:
                dataset = build_dataset(
                    session,
                    args.date_from,
                    args.date_to,
                    args.include_private,
                    parts=parts_for(args.format),
                )
        finally:
            db.close()
        write(dataset, output, lambda _done, _total: None, lambda: False)
    print(f"Wrote {output}: {contents_of(args.format, dataset)}.")
    return 0


def import_file(db: Database, entries: list[ImportedEntry], source: str) -> ImportResult:
    from companion.export.import_store import store

    with db.transaction() as session:
        return store(session, entries, source)


def import_command(args: argparse.Namespace, data: Path) -> int:
    from companion.export.importers import parse, parse_mood_map

    mood_map = parse_mood_map(args.mood_map)
    entries = parse(args.format, Path(os.path.expanduser(args.file)), mood_map)
    db = Database.open(paths.database_path(data))
    try:
        result = import_file(db, entries, args.format)
    finally:
        db.close()
    print(result.describe())
    return 0
