"""Importers fed with hostile files: every outcome is a parsed list or one clear refusal.

Hypothesis builds files from each format's real header and sample rows, then mutates them
(cut, spliced, cells replaced by odd text), and also throws raw bytes at every format.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from companion.errors import UserError
from companion.export import csv_export
from companion.export.importers import ImportedEntry, parse
from tests.export.helpers import AFTERFLOW, DAYLIO_7, DAYLIO_8

FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
OWN_CSV = ",".join((*csv_export.COLUMNS, csv_export.PRIVATE_COLUMN)) + "\n"
SAMPLES = {"daylio": (DAYLIO_7, DAYLIO_8), "afterflow": (AFTERFLOW,), "csv": (OWN_CSV,)}
ODD = st.sampled_from(
    [
        "",
        '"',
        '""',
        ",",
        "\n",
        "\r\n",
        "=1+1",
        "-3",
        "11",
        "99999999999999999999",
        "2026-02-30",
        "25:61",
        "6:50 xm",
        "  ",
        "\x00",
        "é\u202e",
        "NaN",
        "1e309",
        "|",
        " | ",
        "a" * 3000,
    ]
)


def _outcome(fmt: str, path: Path) -> None:
    try:
        entries = parse(fmt, path)
    except UserError as refusal:
        message = str(refusal)
        assert message and "\n" not in message.strip()
        assert "Traceback" not in message
    else:
        assert all(isinstance(e, ImportedEntry) for e in entries)


@FUZZ
@given(
    fmt=st.sampled_from(sorted(SAMPLES)),
    pick=st.integers(0, 1),
    cells=st.lists(st.tuples(st.integers(0, 400), ODD | st.text(max_size=12)), max_size=6),
    cut=st.floats(0.1, 1.0),
)
def test_mutated_exports_parse_or_are_refused_clearly(
    tmp_path: Path, fmt: str, pick: int, cells: list[tuple[int, str]], cut: float
) -> None:
    text = SAMPLES[fmt][pick % len(SAMPLES[fmt])]
    header, _, body = text.partition("\n")
    for where, odd in cells:
        at = where % (len(body) + 1)
        body = body[:at] + odd + body[at + len(odd) // 2 :]
    body = body[: max(0, int(len(body) * cut))]
    path = tmp_path / f"{fmt}.csv"
    path.write_text(header + "\n" + body, encoding="utf-8")
    _outcome(fmt, path)


@FUZZ
@given(fmt=st.sampled_from(sorted(SAMPLES)), content=st.binary(max_size=3000))
def test_raw_bytes_are_refused_clearly(tmp_path: Path, fmt: str, content: bytes) -> None:
    path = tmp_path / "random.csv"
    path.write_bytes(content)
    _outcome(fmt, path)
