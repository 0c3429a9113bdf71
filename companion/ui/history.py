"""The History screen: every entry, newest first, with filters; and the Trends view.

Nothing here waits for the database: the list asks the worker for one page at a time (see
``HistoryModel``) and the trends load only when their tab is first shown, so ten years of
entries open as fast as ten.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSize, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from companion.storage import history as store
from companion.storage.history import SideEffectOption
from companion.ui.context import AppContext
from companion.ui.history_filters import FilterBar
from companion.ui.history_model import HistoryModel
from companion.ui.history_table import EntryTable
from companion.ui.screen import LateScrollArea, Screen
from companion.ui.trends import TrendsView

FILTERS_OPEN_FLAG = "history/filters_open"

FilterOptions = tuple[list[SideEffectOption], tuple[date, date] | None]


def load_filter_options(session: Session) -> FilterOptions:
    return store.side_effect_options(session), store.entry_span(session)


class ListArea(QStackedWidget):
    """The table or the empty state, asking only for the room of the one shown (a stacked
    widget asks for the most any page needs), so a short window scrolls only when it must."""

    def __init__(self, *pages: QWidget) -> None:
        super().__init__()
        for page in pages:
            self.addWidget(page)
        self.currentChanged.connect(lambda _i: self.updateGeometry())

    def sizeHint(self) -> QSize:
        return self.currentWidget().sizeHint()

    def minimumSizeHint(self) -> QSize:
        return self.currentWidget().minimumSizeHint().expandedTo(self.currentWidget().minimumSize())


class EmptyState(QFrame):
    """What the list area says when there is nothing to show, with the one useful next step."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("Card")
        box = QVBoxLayout(self)
        box.setContentsMargins(28, 28, 28, 28)
        box.setSpacing(10)
        self.heading = QLabel()
        self.heading.setObjectName("SectionTitle")
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.action = QPushButton()
        row = QHBoxLayout()
        row.addWidget(self.action)
        row.addStretch(1)
        box.addWidget(self.heading)
        box.addWidget(self.text)
        box.addLayout(row)
        box.addStretch(1)

    def show_state(self, heading: str, text: str, action: str) -> None:
        self.heading.setText(heading)
        self.text.setText(text)
        self.action.setText(action)
        self.action.setAccessibleName(action)


class HistoryScreen(Screen):
    title = "History"
    subtitle = "Your entries and how things have changed."
    shortcuts = (
        ("Ctrl+F", "Search entries"),
        ("Enter", "Open the selected entry in the Journal"),
        ("Alt+E / Alt+T", "Show entries / trends"),
        ("Alt+M / Alt+Y / Alt+A", "Trends for 3 months / 1 year / all"),
    )

    def __init__(self, ctx: AppContext, today: Callable[[], date] = date.today) -> None:
        super().__init__(ctx, scroll=False)
        self.model = HistoryModel(ctx.worker)
        self.model.counted.connect(self._counted)
        self.model.modelReset.connect(lambda: self.count_label.setText("Loading entries…"))
        # Only search shows at first when the text is large: the list comes first, and the
        # other filters take three lines of their own there. Then as the patient left them.
        large = ctx.prefs.text_scale >= 160
        self.filters = FilterBar(
            self._apply_filters, today, ctx.prefs.flag(FILTERS_OPEN_FLAG, default=not large)
        )
        self.filters.toggle.toggled.connect(lambda on: ctx.prefs.set_flag(FILTERS_OPEN_FLAG, on))

        self.count_label = QLabel("")
        self.count_label.setObjectName("Muted")
        self.count_label.setWordWrap(True)
        self.count_label.setAccessibleName("How many entries are shown")
        # Beside the count it changes, and only while a filter is on.
        self.clear_button = QPushButton("Clea&r filters")
        self.clear_button.setAccessibleName("Clear filters")
        self.clear_button.setAccessibleDescription("Shows every entry again")
        self.clear_button.clicked.connect(self.filters.clear)
        self.clear_button.hide()
        count_row = QHBoxLayout()
        count_row.setSpacing(12)
        count_row.addWidget(self.count_label, 1)
        count_row.addWidget(self.clear_button)

        self.table = EntryTable(self.model)
        self.table.activated.connect(self._open)
        self.empty = EmptyState()
        self.empty.action.clicked.connect(self._empty_action)
        self.list_area = ListArea(self.table, self.empty)
        entries = QWidget()
        box = QVBoxLayout(entries)
        box.setContentsMargins(0, 10, 0, 0)
        box.setSpacing(10)
        box.addWidget(self.filters)
        box.addLayout(count_row)
        box.addWidget(self.list_area, 1)
        # The list keeps room for a few rows: in a short window with large text and the
        # filters open, the page scrolls rather than squeezing or clipping anything.
        self.entries_page = LateScrollArea(entries)
        self.entries_page.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        self.trends = TrendsView(ctx, today)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.entries_page, "&Entries")
        self.tabs.addTab(self.trends, "&Trends")
        self.tabs.setAccessibleName("Entries or trends")
        self.tabs.currentChanged.connect(lambda _i: self._load_trends_if_needed())
        self.body.addWidget(self.tabs, 1)
        QWidget.setTabOrder(self.filters.last, self.clear_button)
        QWidget.setTabOrder(self.clear_button, self.table)

        find = QShortcut(QKeySequence.StandardKey.Find, self)
        find.activated.connect(self.focus_search)

    # --- showing -----------------------------------------------------------------------------
    def on_shown(self, payload: object = None) -> None:
        """Reload what may have changed in the Journal; nothing here blocks the window."""
        self.ctx.worker.submit(load_filter_options, self._options_loaded)
        self.model.reload()
        self.trends.stale = True
        self._load_trends_if_needed()

    def _options_loaded(self, options: FilterOptions) -> None:
        side_effects, span = options
        self.filters.set_side_effects(side_effects)
        self.filters.set_span(span)

    def _load_trends_if_needed(self) -> None:
        if self.tabs.currentWidget() is self.trends and self.trends.stale:
            self.trends.load()

    def focus_search(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.filters.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filters.search.selectAll()

    # --- the list ------------------------------------------------------------------------------
    def _apply_filters(self) -> None:
        self.model.set_filter(self.filters.current())

    def _counted(self, matching: int, total: int) -> None:
        if total == 0:
            self.empty.show_state(
                "No entries yet",
                "When you write in the Journal, your entries appear here, newest first.",
                "Write an entry",
            )
        elif matching == 0:
            self.empty.show_state(
                "Nothing matches these filters",
                "Try fewer or other words, another side effect or a wider range of dates.",
                "Clear filters",
            )
        self.list_area.setCurrentWidget(self.table if matching else self.empty)
        # With nothing matching, the empty card offers the same.
        self.clear_button.setVisible(self.model.filter.active and matching > 0)
        noun = "entry" if total == 1 else "entries"
        if not self.model.filter.active:
            shown = f"{total:,} {noun}, newest first."
        else:
            shown = f"{matching:,} of {total:,} {noun} match, newest first."
        hint = " Enter opens one." if matching else ""
        self.count_label.setText(shown + hint)
        if matching and not self.table.currentIndex().isValid():
            self.table.selectionModel().setCurrentIndex(
                self.model.index(0, 0), QItemSelectionModel.SelectionFlag.NoUpdate
            )

    def _empty_action(self) -> None:
        if self.model.filter.active:
            self.filters.clear()
        else:
            self.navigate.emit("journal", None)

    def _open(self, index: QModelIndex) -> None:
        if index.isValid():
            self.navigate.emit("journal", {"entry_id": self.model.entry_id(index.row())})
