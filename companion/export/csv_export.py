"""The CSV export: UTF-8, a header row, one row per entry, oldest first (docs/export-formats.md).

No byte-order mark: scripts that read the documented ``date`` column by name would otherwise
find a column called "\\ufeffdate". LibreOffice detects UTF-8 on its own; Excel users open the
file through Data > From Text/CSV. Lines end in CRLF, as RFC 4180 and Excel expect.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from companion.export.dataset import Dataset, ExportCancelled, Measure, Row
from companion.export.files import (
    Cancelled,
    Progress,
    never_cancelled,
    no_progress,
    write_atomically,
)

COLUMNS: tuple[str, ...] = (
    "date",
    "mood",
    "anxiety",
    "mood_before",
    "session_number",
    "route",
    "session_minutes",
    "phq9_total",
    "phq9_band",
    "gad7_total",
    "gad7_band",
    "side_effects",
    "tags",
    "notes",
)
PRIVATE_COLUMN = "reflections"
GOAL_PREFIX = "goal: "
"""Goal-rating columns are named by the goal's words: ``goal: Sleep through the night``."""
SIDE_EFFECT_SEPARATOR = "; "
TAG_SEPARATOR = ", "
LINE_END = "\r\n"

# A spreadsheet runs a cell starting with one of these as a formula (OWASP "CSV injection").
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_CHECKED_STARTS = frozenset(("'", *_FORMULA_STARTS))
_CHUNK = 500


def header(include_private: bool, goals: Sequence[str] = ()) -> list[str]:
    """The column names: the fixed ones, a column per goal, then private reflections."""
    names = [*COLUMNS, *(neutralise(GOAL_PREFIX + text) for text in goals)]
    return [*names, PRIVATE_COLUMN] if include_private else names


def neutralise(text: str) -> str:
    """Prefix ' to a cell a spreadsheet would run as a formula.

    A cell that already starts with ' before such a character gets one more, so that
    ``restore`` gives back exactly what was written (the round trip stays byte-identical).
    """
    # Most cells start with neither (checked first: ten years are hundreds of thousands).
    if text[:1] in _CHECKED_STARTS and text.lstrip("'").startswith(_FORMULA_STARTS):
        return "'" + text
    return text


def restore(text: str) -> str:
    """Undo ``neutralise`` on a cell read back from one of our files."""
    if text.startswith("'") and text.lstrip("'").startswith(_FORMULA_STARTS):
        return text[1:]
    return text


def _number(value: int | None) -> str:
    return "" if value is None else str(value)


def _total(measure: Measure | None) -> tuple[str, str]:
    return ("", "") if measure is None else (str(measure.total), measure.band)


def cells(row: Row, include_private: bool, goals: Sequence[int | None] = ()) -> list[str]:
    """The row's cells; ``goals`` are the goal ratings of its day, one per goal column."""
    phq9 = _total(row.phq9)
    gad7 = _total(row.gad7)
    values = [
        row.at.isoformat(timespec="minutes"),
        _number(row.mood),
        _number(row.anxiety),
        _number(row.mood_before),
        _number(row.session_number),
        row.route.label if row.route is not None else "",
        _number(row.session_minutes),
        *phq9,
        *gad7,
        SIDE_EFFECT_SEPARATOR.join(effect.label for effect in row.side_effects),
        TAG_SEPARATOR.join(tag.strip() for tag in row.tags),
        row.notes,
        *(_number(rating) for rating in goals),
    ]
    if include_private:
        values.append(row.reflections)
    return [neutralise(value) for value in values]


def _lines(dataset: Dataset, rows: Sequence[Row]) -> Iterator[list[str]]:
    """The cells of ``rows``, each with the goal ratings of its day."""
    for row in rows:
        yield cells(row, dataset.include_private, dataset.goals.on(row.at.date()))


def csv_text(dataset: Dataset) -> str:
    """The whole file as text (for small exports and tests)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator=LINE_END)
    writer.writerow(header(dataset.include_private, dataset.goals.texts))
    writer.writerows(_lines(dataset, dataset.rows))
    return buffer.getvalue()


def write_csv(
    dataset: Dataset,
    path: Path,
    progress: Progress = no_progress,
    cancelled: Cancelled = never_cancelled,
) -> None:
    """Write the export file; ExportCancelled (and no file) when the patient stops it."""
    rows = dataset.rows

    def write(out: BinaryIO) -> None:
        text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
        writer = csv.writer(text, lineterminator=LINE_END)
        writer.writerow(header(dataset.include_private, dataset.goals.texts))
        for start in range(0, len(rows), _CHUNK):
            if cancelled():
                raise ExportCancelled()
            writer.writerows(_lines(dataset, rows[start : start + _CHUNK]))
            progress(min(start + _CHUNK, len(rows)), len(rows))
        text.flush()
        text.detach()

    write_atomically(path, write)
