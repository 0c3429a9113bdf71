"""Reading a CSV file someone hands us, refusing anything odd with its line and reason.

The whole file is checked before anything is imported: size, text encoding, CSV quoting and
the header. Errors name the first bad line, as a spreadsheet would number it (the header is
line 1).
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from companion.errors import UserError

MAX_BYTES = 50 * 1024 * 1024
MAX_ROWS = 200_000
_DELIMITERS = (",", ";", "\t")
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_BINARY = "this is not a CSV text file (it holds binary data)"


class ImportRefused(UserError):
    """A file that cannot be imported. Nothing was written."""

    def __init__(self, file: Path | str, reason: str, line: int | None = None) -> None:
        self.file = Path(file)
        self.reason = reason
        self.line = line
        where = f"{self.file.name}, line {line}" if line is not None else self.file.name
        super().__init__(f"companion: {where}: {reason} (nothing was imported)")

    @property
    def sentence(self) -> str:
        """The refusal as a sentence for a dialog."""
        where = f"Line {self.line}: " if self.line is not None else ""
        reason = self.reason[:1].upper() + self.reason[1:] if not where else self.reason
        return f"{where}{reason}. Nothing was imported."


class UnknownMoods(ImportRefused):
    """Mood labels without a number: the GUI asks for them, the command line names them."""

    def __init__(self, file: Path | str, labels: Sequence[str], line: int) -> None:
        self.labels = tuple(labels)
        shown = ", ".join(repr(label) for label in self.labels)
        example = ",".join(f"{label}=N" for label in self.labels[:2])
        super().__init__(
            file,
            f"unknown mood label {self.labels[0]!r} (all unknown labels: {shown}); "
            f"give each a number from 0 to 10 with --mood-map '{example}'",
            line,
        )


@dataclass(frozen=True)
class Record:
    line: int
    """Where the record starts in the file (the header is line 1)."""
    values: dict[str, str]


@dataclass(frozen=True)
class Table:
    path: Path
    columns: tuple[str, ...]
    records: tuple[Record, ...]

    def refuse(self, record: Record, reason: str) -> ImportRefused:
        return ImportRefused(self.path, reason, record.line)


def _text(path: Path) -> str:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ImportRefused(path, "there is no such file") from None
    except OSError as exc:
        raise ImportRefused(path, f"the file cannot be read ({exc.strerror or exc})") from None
    if not path.is_file():
        raise ImportRefused(path, "this is a folder, not a CSV file")
    if size > MAX_BYTES:
        raise ImportRefused(
            path,
            f"the file is larger than {MAX_BYTES // 1024 // 1024} MB, the most Companion "
            "imports at once (split it into smaller files)",
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportRefused(path, f"the file cannot be read ({exc.strerror or exc})") from None
    if not data.strip():
        raise ImportRefused(path, "the file is empty")
    if data.startswith(_UTF16_BOMS):
        return _utf16(path, data)
    if b"\x00" in data:
        raise ImportRefused(path, _BINARY)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ImportRefused(
            path,
            f"the text is not valid UTF-8 (byte 0x{data[exc.start]:02x}); "
            "save the file as UTF-8 and try again",
            line,
        ) from None


def _utf16(path: Path, data: bytes) -> str:
    """Excel's "Unicode Text" save: UTF-16 with a byte-order mark (and tabs, see _DELIMITERS)."""
    try:
        text = data.decode("utf-16")  # reads the byte order from the mark and drops it
    except UnicodeDecodeError:
        raise ImportRefused(
            path, "the file starts as UTF-16 text but is damaged; save it as UTF-8 and try again"
        ) from None
    if "\x00" in text:
        raise ImportRefused(path, _BINARY)
    return text


def _delimiter(first_line: str, expected: Sequence[str]) -> str:
    """Comma, unless the header only makes sense split by ; or a tab (a spreadsheet's resave)."""
    wanted = {name.casefold() for name in expected}
    for delimiter in _DELIMITERS:
        names = {name.strip().casefold() for name in first_line.split(delimiter)}
        if wanted & names and len(names) > 1:
            return delimiter
    return ","


def _rows(text: str, delimiter: str, path: Path) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    start = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ImportRefused(path, f"the CSV quoting is broken ({exc})", start) from None
        yield start, row
        start = reader.line_num + 1


def read_table(path: Path | str, expected: Sequence[str]) -> Table:
    """Decode and split the file; ``expected`` are header names that help find the delimiter.

    The caller checks the header itself (formats differ in what they accept).
    """
    path = Path(path)
    text = _text(path)
    first = text.split("\n", 1)[0]
    rows = _rows(text, _delimiter(first, expected), path)
    _line, head = next(rows, (1, []))
    columns = tuple(name.strip() for name in head)
    if not any(columns):
        raise ImportRefused(path, "the first line should be a header row, but it is blank", 1)
    records = []
    for line, values in rows:
        if not any(value.strip() for value in values):
            continue  # a blank line, as spreadsheets leave at the end
        if len(records) >= MAX_ROWS:
            raise ImportRefused(
                path,
                f"the file has more than {MAX_ROWS:,} rows; split it into smaller files",
                line,
            )
        if len(values) != len(columns):
            raise ImportRefused(
                path, f"expected {len(columns)} values like the header, found {len(values)}", line
            )
        records.append(Record(line, dict(zip(columns, values, strict=True))))
    return Table(path, columns, tuple(records))
