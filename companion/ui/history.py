"""The History screen: every entry, newest first, with filters; and the Trends view.

Nothing here waits for the database: the list asks the worker for one page at a time (see
``HistoryModel``) and the trends load only when their tab is first shown, so ten years of
entries open as fast as ten.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from itertools import pairwise

from PySide6.QtCore import QDate, QEvent, QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from companion.export.charts import add_months
from companion.storage import history as store
from companion.storage.history import HistoryFilter, SideEffectOption
from companion.ui.context import AppContext
from companion.ui.flow_layout import FlowLayout
from companion.ui.history_model import (
    ANXIETY,
    DATE,
    KIND,
    MOOD,
    NOTES,
    SIDE_EFFECTS,
    HistoryModel,
)
from companion.ui.screen import Screen
from companion.ui.trends import TrendsView

SEARCH_DELAY_MS = 350
FILTERS_OPEN_FLAG = "history/filters_open"
KINDS = (("All entries", None), ("After a session", "session"), ("Daily check-ins", "daily"))
CUSTOM = "custom"
#: (label, months back): None is any time; CUSTOM takes the two date fields as they are.
PERIODS: tuple[tuple[str, int | str | None], ...] = (
    ("Any time", None),
    ("Last month", 1),
    ("Last 3 months", 3),
    ("Last 12 months", 12),
    ("Between these dates", CUSTOM),
)

FilterOptions = tuple[list[SideEffectOption], tuple[date, date] | None]


def load_filter_options(session: Session) -> FilterOptions:
    return store.side_effect_options(session), store.entry_span(session)


def _to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _labelled(label: str, field: QWidget) -> QWidget:
    """A field with its label above it, as one piece for the flowing filter bar."""
    holder = QWidget()
    box = QVBoxLayout(holder)
    box.setContentsMargins(0, 0, 0, 0)
    box.setSpacing(4)
    text = QLabel(label)
    text.setBuddy(field)
    box.addWidget(text)
    box.addWidget(field)
    return holder


class FilterBar(QWidget):
    """Search, then kind, side effect and dates in a panel that can be folded away (it takes
    room at 200% text). ``on_change`` runs at once for a choice, after a pause for typing."""

    def __init__(
        self,
        on_change: Callable[[], None],
        today: Callable[[], date],
        panel_open: bool = True,
    ) -> None:
        super().__init__()
        self._on_change = on_change
        self._today = today
        self._span: tuple[date, date] | None = None
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self._changed)

        self.search = QLineEdit()
        self.search.setPlaceholderText("Words in reflections, notes or tags")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search entries")
        self.search.setAccessibleDescription(
            "Shows entries whose reflections, notes for your therapist or tags contain every word"
        )
        self.search.setMinimumWidth(self.fontMetrics().averageCharWidth() * 16)  # fits 200% text
        self.search.textChanged.connect(lambda _text: self._debounce.start())

        self.kind = QComboBox()
        for label, value in KINDS:
            self.kind.addItem(label, value)
        self.kind.setAccessibleName("Kind of entry")

        self.side_effect = QComboBox()
        self.side_effect.setAccessibleName("Side effect")
        self.side_effect.setAccessibleDescription("Shows only entries that noted this side effect")
        self.set_side_effects([])

        self.period = QComboBox()
        for label, value in PERIODS:
            self.period.addItem(label, value)
        self.period.setAccessibleName("Dates")
        self.start = self._date_edit("From date")
        self.end = self._date_edit("To date")

        self.clear_button = QPushButton("Clea&r filters")
        self.clear_button.setAccessibleName("Clear filters")
        self.clear_button.clicked.connect(self.clear)

        self.toggle = QPushButton()
        self.toggle.setCheckable(True)
        self.toggle.setAccessibleName("Filters")
        self.toggle.setAccessibleDescription("Shows or hides kind, side effect and date filters")
        self.panel = QWidget()
        flow = FlowLayout(self.panel, spacing=14)
        for label, field in (
            ("&Kind", self.kind),
            ("Side &effect", self.side_effect),
            ("&Dates", self.period),
            ("&From", self.start),
            ("&To", self.end),
        ):
            flow.addWidget(_labelled(label, field))
        flow.addWidget(_labelled(" ", self.clear_button))
        self.toggle.toggled.connect(self._show_panel)
        self.toggle.setChecked(panel_open)
        self._show_panel(panel_open)

        top = QHBoxLayout()
        top.setSpacing(12)
        search_label = QLabel("&Search")
        search_label.setBuddy(self.search)
        top.addWidget(search_label)
        top.addWidget(self.search, 1)
        top.addWidget(self.toggle)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(10)
        outer.addLayout(top)
        outer.addWidget(self.panel)
        order = (self.search, self.toggle, self.kind, self.side_effect, self.period, self.start)
        for first, second in pairwise((*order, self.end, self.clear_button)):
            QWidget.setTabOrder(first, second)
        self._show_period()

        self.kind.currentIndexChanged.connect(lambda _i: self._changed())
        self.side_effect.currentIndexChanged.connect(lambda _i: self._changed())
        self.period.currentIndexChanged.connect(lambda _i: self._period_chosen())
        for edit in (self.start, self.end):
            edit.dateChanged.connect(lambda _d: self._dates_typed())

    def _changed(self) -> None:
        self._label_toggle()
        self._on_change()

    def _show_panel(self, shown: bool) -> None:
        self.panel.setVisible(shown)
        self._label_toggle()

    def _label_toggle(self) -> None:
        """Say in words whether the panel is open and how many of its filters are on."""
        on = sum(
            (
                self.kind.currentIndex() > 0,
                self.side_effect.currentIndex() > 0,
                self.period.currentIndex() > 0,
            )
        )
        arrow = "▾" if self.toggle.isChecked() else "▸"
        self.toggle.setText(f"&Filters ({on} on) {arrow}" if on else f"&Filters {arrow}")

    def _date_edit(self, name: str) -> QDateEdit:
        edit = QDateEdit()
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("d MMM yyyy")
        edit.setAccessibleName(name)
        edit.setMinimumDate(QDate(1900, 1, 1))
        return edit

    # --- what the fields say -----------------------------------------------------------------
    def set_side_effects(self, options: list[SideEffectOption]) -> None:
        """Offer the recorded side effects, keeping the current choice when it still exists."""
        chosen = self.side_effect.currentData()
        self.side_effect.blockSignals(True)
        self.side_effect.clear()
        self.side_effect.addItem("Any side effect", ())
        for option in options:
            noun = "entry" if option.entries == 1 else "entries"
            self.side_effect.addItem(f"{option.label} ({option.entries} {noun})", option.names)
        index = self.side_effect.findData(chosen) if chosen else 0
        self.side_effect.setCurrentIndex(max(0, index))
        self.side_effect.blockSignals(False)
        if chosen and index < 0:
            self._changed()  # the chosen side effect is gone (entries deleted)

    def set_span(self, span: tuple[date, date] | None) -> None:
        self._span = span
        self._show_period()

    def _period_range(self) -> tuple[date, date]:
        today = self._today()
        months = self.period.currentData()
        if isinstance(months, int):
            return add_months(today, -months) + timedelta(days=1), today
        first = self._span[0] if self._span else today
        return min(first, today), max(today, self._span[1] if self._span else today)

    def _show_period(self) -> None:
        """Fill the date fields with what a preset means (custom dates are left alone)."""
        if self.period.currentData() == CUSTOM:
            return
        first, last = self._period_range()
        for edit, day in ((self.start, first), (self.end, last)):
            edit.blockSignals(True)
            edit.setDate(_to_qdate(day))
            edit.blockSignals(False)

    def _period_chosen(self) -> None:
        self._show_period()
        self._changed()

    def _dates_typed(self) -> None:
        """Editing a date means "between these dates"."""
        self.period.blockSignals(True)
        self.period.setCurrentIndex(self.period.findData(CUSTOM))
        self.period.blockSignals(False)
        self._changed()

    def current(self) -> HistoryFilter:
        self._debounce.stop()
        period = self.period.currentData()
        start: date | None = None
        end: date | None = None
        if period == CUSTOM:
            start, end = sorted((self.start.date().toPython(), self.end.date().toPython()))
        elif isinstance(period, int):
            start, end = self._period_range()
        return HistoryFilter(
            start=start,
            end=end,
            kind=self.kind.currentData(),
            side_effects=tuple(self.side_effect.currentData() or ()),
            text=self.search.text().strip(),
        )

    def clear(self) -> None:
        for combo in (self.kind, self.side_effect, self.period):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self._show_period()
        self._changed()


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


class EntryTable(QTableView):
    """The entry list; row height and column widths follow the text size."""

    def __init__(self, model: HistoryModel) -> None:
        super().__init__()
        self.setModel(model)
        self.setAccessibleName("Journal entries")
        self.setAccessibleDescription("Newest first. Enter or double-click opens the entry.")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setShowGrid(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(NOTES, QHeaderView.ResizeMode.Stretch)
        self._fit_to_font()

    def _fit_to_font(self) -> None:
        self.verticalHeader().setDefaultSectionSize(round(self.fontMetrics().height() * 2.1))
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Date, kind and the numbers as wide as their text; side effects take a third of
        the rest and the notes all that is left (scrolling sideways only when nothing fits)."""
        metrics = self.fontMetrics()
        bold = self.horizontalHeader().fontMetrics()
        pad = metrics.averageCharWidth() * 2 + 16  # the header's padding in common.qss
        fixed = 0
        for column, sample in (
            (DATE, "Wed 28 Sep 2026"),
            (KIND, "Session 888"),
            (MOOD, "10"),
            (ANXIETY, "10"),
        ):
            heading = str(self.model().headerData(column, Qt.Orientation.Horizontal))
            width = max(metrics.horizontalAdvance(sample), bold.horizontalAdvance(heading)) + pad
            self.setColumnWidth(column, width)
            fixed += width
        least = metrics.horizontalAdvance("Nausea (mild)") + pad
        self.setColumnWidth(SIDE_EFFECTS, max(least, (self.viewport().width() - fixed) // 3))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit_to_font()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_columns()


class HistoryScreen(Screen):
    title = "History"
    subtitle = "Your entries and how things have changed over time."
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
        # Closed at first when the text is large: the open panel leaves no room for the list.
        large = ctx.prefs.text_scale >= 160
        self.filters = FilterBar(
            self._apply_filters, today, ctx.prefs.flag(FILTERS_OPEN_FLAG, default=not large)
        )
        self.filters.toggle.toggled.connect(lambda on: ctx.prefs.set_flag(FILTERS_OPEN_FLAG, on))

        self.count_label = QLabel("")
        self.count_label.setObjectName("Muted")
        self.count_label.setWordWrap(True)
        self.count_label.setAccessibleName("How many entries are shown")

        self.table = EntryTable(self.model)
        self.table.activated.connect(self._open)
        self.empty = EmptyState()
        self.empty.action.clicked.connect(self._empty_action)
        self.list_area = QStackedWidget()
        self.list_area.addWidget(self.table)
        self.list_area.addWidget(self.empty)

        entries = QWidget()
        box = QVBoxLayout(entries)
        box.setContentsMargins(0, 14, 0, 0)
        box.setSpacing(12)
        box.addWidget(self.filters)
        box.addWidget(self.count_label)
        box.addWidget(self.list_area, 1)

        self.trends = TrendsView(ctx, today)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(entries, "&Entries")
        self.tabs.addTab(self.trends, "&Trends")
        self.tabs.setAccessibleName("Entries or trends")
        self.tabs.currentChanged.connect(lambda _i: self._load_trends_if_needed())
        self.body.addWidget(self.tabs, 1)

        find = QShortcut(QKeySequence.StandardKey.Find, self)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
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
        noun = "entry" if total == 1 else "entries"
        if not self.model.filter.active:
            shown = f"{total:,} {noun}, newest first."
        else:
            shown = f"{matching:,} of {total:,} {noun} match, newest first."
        hint = " Enter or double-click opens one in the Journal." if matching else ""
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
