"""The history list as a lazily fetched table model (after Anki's browser table).

Rows arrive a page at a time from the database worker: the first page with the counts when the
filter changes, the next ones when the view scrolls near the end and asks ``fetchMore``. Only
the rows fetched so far are held, already formatted for display, so painting never formats or
queries anything. A page that comes back for an older filter is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
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


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class DisplayRow:
    """A row as shown: cell texts, their tooltips and what a screen reader says."""

    entry_id: int
    cells: tuple[str, ...]
    spoken: tuple[str, ...]
    tooltip: str


def display_row(row: HistoryRow) -> DisplayRow:
    when = row.entry_at
    date_text = f"{when:%a} {when.day} {when:%b %Y}"
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
    details = [f"{date_text}, {when:%H:%M}"]
    details += [
        f"{label}: {text}"
        for label, text in (
            ("Reflections", reflections),
            ("For my therapist", notes),
            ("Tags", tags),
        )
        if text
    ]
    mood = "" if row.mood is None else str(row.mood)
    anxiety = "" if row.anxiety is None else str(row.anxiety)
    cells = (date_text, kind, mood, anxiety, effects, snippet)
    spoken = (
        f"{date_text}, {when:%H:%M}",
        kind,
        "Mood not noted" if row.mood is None else f"Mood {anchor_text('mood', row.mood)}",
        "Anxiety not noted"
        if row.anxiety is None
        else f"Anxiety {anchor_text('anxiety', row.anxiety)}",
        f"Side effects: {effects}" if effects else "No side effects noted",
        snippet or "No notes",
    )
    return DisplayRow(row.id, cells, spoken, "\n".join(details))


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
            return row.cells[column]
        if role == Qt.ItemDataRole.AccessibleTextRole:
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
