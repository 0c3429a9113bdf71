"""The history list as a lazily fetched table model (after Anki's browser table).

Rows arrive a page at a time from the database worker: the first page with the counts when the
filter changes, the next ones when the view scrolls near the end and asks ``fetchMore``. Only
the rows fetched so far are held, already formatted for display, so painting never formats or
queries anything. A page that comes back for an older filter is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from html import escape
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from companion.domain.journal import Severity, anchor_text
from companion.storage.history import HistoryFilter, HistoryPage, HistoryRow, entry_page
from companion.ui.worker import DbWorker

PAGE_SIZE = 200
COLUMNS = ("Date", "Kind", "Mood", "Anxiety", "Side effects", "Notes")
DATE, KIND, MOOD, ANXIETY, SIDE_EFFECTS, NOTES = range(len(COLUMNS))
ENTRY_ID_ROLE = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _sentence(text: str) -> str:
    return text if text.endswith((".", "!", "?", "…")) else f"{text}."


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def date_text(when: date, *, short: bool = False) -> str:
    """A day as "Wed 25 Nov 2026"; ``short`` leaves out the weekday (for a narrow list)."""
    day = f"{when.day} {when:%b %Y}"
    return day if short else f"{when:%a} {day}"


@dataclass(frozen=True)
class Fit:
    """How the list fits its width: the columns left out (what they say moves into the notes
    column, its tooltip and what a screen reader says) and whether dates drop the weekday."""

    hidden: frozenset[int] = frozenset()
    short_dates: bool = False


@dataclass(frozen=True)
class DisplayRow:
    """A row as shown: cell texts (and the narrow forms of two), what a screen reader says for
    each cell, and a tooltip that holds everything whatever columns are shown."""

    entry_id: int
    cells: tuple[str, ...]
    short_date: str
    notes_with_kind: str
    spoken: tuple[str, ...]
    tooltip: str


def _tooltip(lines: list[tuple[str, str]]) -> str:
    """Rich text, so that a long reflection wraps instead of running off the screen."""
    shown = [
        f"<b>{escape(label)}</b> {escape(text)}" if label else escape(text) for label, text in lines
    ]
    return "<qt>" + "<br>".join(shown) + "</qt>"


def display_row(row: HistoryRow) -> DisplayRow:
    when = row.entry_at
    day = date_text(when)
    if row.kind == "session":
        kind = f"Session {row.session_number}" if row.session_number else "Session"
    else:
        kind = "Daily"
    effects = ", ".join(
        f"{_sentence_case(name)} ({Severity(severity).label.lower()})"
        for name, severity in row.side_effects
    )
    tags = ", ".join(tag.strip() for tag in row.tags.split(",") if tag.strip())
    reflections, notes = _one_line(row.reflections), _one_line(row.therapist_notes)
    snippet = reflections or (f"For my therapist: {notes}" if notes else "")
    if not snippet and tags:
        snippet = f"Tags: {tags}"
    mood = "" if row.mood is None else str(row.mood)
    anxiety = "" if row.anxiety is None else str(row.anxiety)
    measures = " · ".join(
        f"{name} {value} of 10" for name, value in (("Mood", mood), ("Anxiety", anxiety)) if value
    )
    details = [
        ("", f"{day}, {when:%H:%M} · {kind}"),
        ("", measures),
        ("Side effects:", effects),
        ("Reflections:", reflections),
        ("For my therapist:", notes),
        ("Tags:", tags),
    ]
    spoken = (
        f"{day}, {when:%H:%M}",
        kind,
        "Mood not noted" if row.mood is None else f"Mood {anchor_text('mood', row.mood)}",
        "Anxiety not noted"
        if row.anxiety is None
        else f"Anxiety {anchor_text('anxiety', row.anxiety)}",
        f"Side effects: {effects}" if effects else "No side effects noted",
        snippet or "No notes",
    )
    return DisplayRow(
        entry_id=row.id,
        cells=(day, kind, mood, anxiety, effects, snippet),
        short_date=date_text(when, short=True),
        notes_with_kind=" · ".join(part for part in (kind, snippet) if part)
        if row.kind == "session"
        else snippet,
        spoken=spoken,
        tooltip=_tooltip([(label, text) for label, text in details if text]),
    )


class HistoryModel(QAbstractTableModel):
    """Journal entries, newest first, for the current ``HistoryFilter``."""

    #: Emitted when a first page has arrived: (entries matching, entries in all).
    counted = Signal(int, int)

    def __init__(self, worker: DbWorker, page_size: int = PAGE_SIZE) -> None:
        super().__init__()
        self._worker = worker
        self._page_size = page_size
        self._filter = HistoryFilter()
        self._rows: list[DisplayRow] = []
        self._matching = 0
        self._generation = 0
        self._loading = False
        self._fit = Fit()

    # --- loading ---------------------------------------------------------------------------
    @property
    def filter(self) -> HistoryFilter:
        return self._filter

    @property
    def loading(self) -> bool:
        return self._loading

    @property
    def matching(self) -> int:
        return self._matching

    @property
    def fit(self) -> Fit:
        return self._fit

    def set_fit(self, fit: Fit) -> None:
        """Show the rows for a table that leaves out ``fit.hidden`` columns."""
        if fit == self._fit:
            return
        self._fit = fit
        if self._rows:
            last = len(self._rows) - 1
            for column in (DATE, NOTES):
                self.dataChanged.emit(self.index(0, column), self.index(last, column))

    def set_filter(self, flt: HistoryFilter) -> None:
        self._filter = flt
        self.reload()

    def reload(self) -> None:
        """Forget every row and ask for the first page (with counts) again."""
        self._generation += 1
        self.beginResetModel()
        self._rows = []
        self._matching = 0
        self.endResetModel()
        self._request(0, with_counts=True)

    def _request(self, offset: int, *, with_counts: bool) -> None:
        generation, flt, size = self._generation, self._filter, self._page_size
        self._loading = True
        self._worker.submit(
            lambda s: entry_page(s, flt, offset, size, with_counts=with_counts),
            lambda page: self._receive(generation, page),
            lambda error: self._failed(generation, error),
        )

    def _receive(self, generation: int, page: HistoryPage) -> None:
        if generation != self._generation:
            return  # an answer for a filter that is no longer shown
        self._loading = False
        if page.offset != len(self._rows):
            return
        if page.matching is not None:
            self._matching = page.matching
        if page.rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page.rows) - 1)
            self._rows.extend(display_row(row) for row in page.rows)
            self.endInsertRows()
        if len(page.rows) < self._page_size:
            # The end; fewer than counted if entries were deleted in the meantime.
            self._matching = len(self._rows)
        if page.matching is not None:
            self.counted.emit(self._matching, page.total or 0)

    def _failed(self, generation: int, error: BaseException) -> None:
        if generation == self._generation:
            self._loading = False
        self._worker.failed.emit(error)

    def canFetchMore(self, parent: Index = ROOT) -> bool:
        return not parent.isValid() and not self._loading and len(self._rows) < self._matching

    def fetchMore(self, parent: Index = ROOT) -> None:
        if self.canFetchMore(parent):
            self._request(len(self._rows), with_counts=False)

    # --- the table -------------------------------------------------------------------------
    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def entry_id(self, row: int) -> int:
        return self._rows[row].entry_id

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == DATE and self._fit.short_dates:
                return row.short_date
            if column == NOTES and KIND in self._fit.hidden:
                return row.notes_with_kind
            return row.cells[column]
        if role == Qt.ItemDataRole.AccessibleTextRole:
            if column == NOTES:  # then what the hidden columns would have said
                return " ".join(
                    _sentence(row.spoken[c]) for c in (NOTES, *sorted(self._fit.hidden))
                )
            return row.spoken[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.tooltip
        if role == ENTRY_ID_ROLE:
            return row.entry_id
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (MOOD, ANXIETY):
            return Qt.AlignmentFlag.AlignCenter
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            centred = section in (MOOD, ANXIETY)
            horizontal = Qt.AlignmentFlag.AlignHCenter if centred else Qt.AlignmentFlag.AlignLeft
            return horizontal | Qt.AlignmentFlag.AlignVCenter
        return None
