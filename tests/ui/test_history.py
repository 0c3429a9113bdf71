"""The History screen with demo data: filters change the rows, scrolling loads more, Enter opens
the entry in the Journal, and nothing waits for the database on the GUI thread."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime
from html import escape

import pytest
from PySide6.QtCore import QDate, QModelIndex, QPoint, QRect, Qt
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QMainWindow,
    QPushButton,
    QTableView,
    QWidget,
)
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from companion.storage import models as m
from companion.storage.database import Database
from companion.storage.demo import fill
from companion.storage.history import SNIPPET_CHARS
from companion.ui.context import AppContext
from companion.ui.history import FILTERS_OPEN_FLAG, HistoryScreen
from companion.ui.history_filters import CUSTOM
from companion.ui.history_model import (
    ANXIETY,
    COLUMNS,
    DATE,
    ENTRY_ID_ROLE,
    KIND,
    MOOD,
    NOTES,
    PAGE_SIZE,
    SIDE_EFFECTS,
    HistoryModel,
)
from companion.ui.history_table import LEAST_NOTES
from companion.ui.theme import apply_theme
from tests.conftest import drain

TODAY = date(2026, 3, 15)


@pytest.fixture
def make_screen(qtbot: QtBot, ctx: AppContext) -> Iterator[Callable[[], HistoryScreen]]:
    made: list[HistoryScreen] = []

    def make() -> HistoryScreen:
        screen = HistoryScreen(ctx, today=lambda: TODAY)
        qtbot.addWidget(screen)
        screen.resize(1100, 800)
        screen.show()
        made.append(screen)
        return screen

    yield make
    drain(ctx)


@pytest.fixture
def screen(db: Database, make_screen: Callable[[], HistoryScreen]) -> HistoryScreen:
    fill(db, 400, today=TODAY)
    screen = make_screen()
    screen.on_shown()
    drain(screen.ctx)
    return screen


def _entries(db: Database) -> list[m.JournalEntry]:
    with db.transaction() as s:
        entries = s.scalars(select(m.JournalEntry)).all()
        for entry in entries:
            _ = entry.side_effects
    return sorted(entries, key=lambda e: (e.entry_at, e.id), reverse=True)


def _ids(model: HistoryModel) -> list[int]:
    return [model.index(row, 0).data(ENTRY_ID_ROLE) for row in range(model.rowCount())]


def _column(model: HistoryModel, column: int) -> list[str]:
    return [model.index(row, column).data() for row in range(model.rowCount())]


def _load_everything(screen: HistoryScreen) -> None:
    while screen.model.canFetchMore(QModelIndex()):
        screen.model.fetchMore(QModelIndex())
        drain(screen.ctx)


def test_the_first_page_arrives_from_the_worker(
    db: Database, make_screen: Callable[[], HistoryScreen]
) -> None:
    fill(db, 400, today=TODAY)
    screen = make_screen()
    screen.on_shown()
    assert screen.model.rowCount() == 0  # nothing was read on the GUI thread
    assert screen.count_label.text() == "Loading entries…"
    drain(screen.ctx)
    entries = _entries(db)
    assert screen.model.rowCount() == PAGE_SIZE
    assert _ids(screen.model) == [e.id for e in entries[:PAGE_SIZE]]
    assert screen.count_label.text().startswith(f"{len(entries):,} entries, newest first.")
    assert screen.list_area.currentWidget() is screen.table


def test_rows_read_clearly(screen: HistoryScreen, db: Database) -> None:
    entries = _entries(db)
    session = next(n for n, e in enumerate(entries[:PAGE_SIZE]) if e.kind == "session")
    model = screen.model
    day = entries[session].entry_at
    assert model.index(session, DATE).data() == f"{day:%a} {day.day} {day:%b %Y}"
    assert model.index(session, KIND).data().startswith("Session ")
    effects = model.index(session, SIDE_EFFECTS).data()
    assert effects
    assert all(e.name.casefold() in effects.casefold() for e in entries[session].side_effects)
    anxiety = model.index(session, ANXIETY).data(Qt.ItemDataRole.AccessibleTextRole)
    assert anxiety.startswith(f"Anxiety {entries[session].anxiety} of 10, ")
    daily = next(n for n, e in enumerate(entries[:PAGE_SIZE]) if e.kind == "daily")
    assert model.index(daily, KIND).data() == "Daily"


def test_scrolling_to_the_end_fetches_the_next_page(screen: HistoryScreen, db: Database) -> None:
    assert screen.model.canFetchMore(QModelIndex())
    entries = _entries(db)
    assert len(entries) > PAGE_SIZE
    screen.table.scrollToBottom()
    drain(screen.ctx)
    assert screen.model.rowCount() == min(2 * PAGE_SIZE, len(entries))
    _load_everything(screen)
    assert _ids(screen.model) == [e.id for e in entries]
    assert not screen.model.canFetchMore(QModelIndex())


def test_filter_by_kind(screen: HistoryScreen, db: Database) -> None:
    screen.filters.kind.setCurrentIndex(screen.filters.kind.findData("session"))
    drain(screen.ctx)
    sessions = [e.id for e in _entries(db) if e.kind == "session"]
    assert _ids(screen.model) == sessions
    assert all(kind.startswith("Session") for kind in _column(screen.model, KIND))
    total = len(_entries(db))
    assert screen.count_label.text().startswith(f"{len(sessions)} of {total:,} entries match")
    assert "1 on" in screen.filters.toggle.text()


def test_filter_by_side_effect(screen: HistoryScreen, db: Database) -> None:
    combo = screen.filters.side_effect
    index = next(i for i in range(combo.count()) if combo.itemText(i).startswith("Nausea"))
    combo.setCurrentIndex(index)
    drain(screen.ctx)
    expected = [
        e.id for e in _entries(db) if any(se.name.casefold() == "nausea" for se in e.side_effects)
    ]
    assert expected and _ids(screen.model) == expected[:PAGE_SIZE]
    assert combo.itemText(index) == f"Nausea ({len(expected)} entries)"
    assert all("Nausea" in text for text in _column(screen.model, SIDE_EFFECTS))


def test_search_waits_for_a_pause_in_typing(
    qtbot: QtBot, screen: HistoryScreen, db: Database
) -> None:
    qtbot.keyClicks(screen.filters.search, "Sister")
    assert screen.model.filter.text == ""  # not on every key press
    qtbot.waitUntil(lambda: screen.model.filter.text == "Sister", timeout=3000)
    drain(screen.ctx)
    expected = [
        e.id
        for e in _entries(db)
        if "sister" in f"{e.reflections} {e.therapist_notes} {e.tags} {e.prompt_answer}".lower()
    ]
    assert expected and _ids(screen.model) == expected[:PAGE_SIZE]
    tips = [screen.model.index(r, NOTES).data(Qt.ItemDataRole.ToolTipRole) for r in range(5)]
    assert all("sister" in tip.lower() for tip in tips)


def test_a_date_range_typed_into_the_fields(screen: HistoryScreen, db: Database) -> None:
    screen.filters.start.setDate(QDate(2026, 1, 5))
    screen.filters.end.setDate(QDate(2026, 1, 18))
    drain(screen.ctx)
    assert screen.filters.period.currentData() == CUSTOM
    expected = [
        e.id for e in _entries(db) if date(2026, 1, 5) <= e.entry_at.date() <= date(2026, 1, 18)
    ]
    assert expected and _ids(screen.model) == expected


def test_a_preset_period_fills_in_the_dates(screen: HistoryScreen, db: Database) -> None:
    filters = screen.filters
    filters.period.setCurrentIndex(filters.period.findData(1))  # the last month
    drain(screen.ctx)
    assert filters.start.date() == QDate(2026, 2, 16)
    assert filters.end.date() == QDate(2026, 3, 15)
    expected = [e.id for e in _entries(db) if e.entry_at.date() >= date(2026, 2, 16)]
    assert _ids(screen.model) == expected
    filters.period.setCurrentIndex(0)  # any time: the dates show the whole history
    drain(screen.ctx)
    first = _entries(db)[-1].entry_at.date()
    assert filters.start.date().toPython() == first
    assert screen.model.rowCount() == PAGE_SIZE


def test_nothing_matches_then_clear_filters(screen: HistoryScreen, db: Database) -> None:
    screen.filters.search.setText("zebra crossing")
    screen.filters.kind.setCurrentIndex(1)
    drain(screen.ctx)
    assert screen.model.rowCount() == 0
    assert screen.list_area.currentWidget() is screen.empty
    assert screen.empty.heading.text() == "Nothing matches these filters"
    screen.empty.action.click()
    drain(screen.ctx)
    assert screen.filters.search.text() == ""
    assert screen.model.rowCount() == PAGE_SIZE
    assert screen.list_area.currentWidget() is screen.table


def test_an_answer_for_an_older_filter_is_dropped(screen: HistoryScreen, db: Database) -> None:
    screen.filters.kind.setCurrentIndex(screen.filters.kind.findData("session"))
    screen.filters.kind.setCurrentIndex(screen.filters.kind.findData("daily"))
    drain(screen.ctx)
    assert _ids(screen.model) == [e.id for e in _entries(db) if e.kind == "daily"][:PAGE_SIZE]


def test_enter_opens_the_entry_in_the_journal(qtbot: QtBot, screen: HistoryScreen) -> None:
    table = screen.table
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Down)
    row = table.currentIndex().row()
    with qtbot.waitSignal(screen.navigate) as opened:
        qtbot.keyClick(table, Qt.Key.Key_Return)
    assert opened.args == ["journal", {"entry_id": screen.model.entry_id(row)}]


def test_double_click_opens_the_entry(qtbot: QtBot, screen: HistoryScreen) -> None:
    index = screen.model.index(3, KIND)
    centre = screen.table.visualRect(index).center()
    viewport = screen.table.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=centre)
    with qtbot.waitSignal(screen.navigate, timeout=1000) as opened:
        qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=centre)
    assert opened.args == ["journal", {"entry_id": screen.model.entry_id(3)}]


def test_an_empty_history_invites_a_first_entry(
    qtbot: QtBot, make_screen: Callable[[], HistoryScreen]
) -> None:
    screen = make_screen()
    screen.on_shown()
    drain(screen.ctx)
    assert screen.list_area.currentWidget() is screen.empty
    assert screen.empty.heading.text() == "No entries yet"
    with qtbot.waitSignal(screen.navigate) as opened:
        screen.empty.action.click()
    assert opened.args == ["journal", None]


def test_coming_back_shows_what_changed_in_the_journal(screen: HistoryScreen, db: Database) -> None:
    with db.transaction() as s:
        s.add(m.JournalEntry(entry_at=datetime(2026, 3, 15, 23, 30), mood=4, reflections="New."))
    screen.on_shown()
    drain(screen.ctx)
    assert screen.model.index(0, NOTES).data() == "New."


def test_the_filter_panel_folds_away_and_is_remembered(
    screen: HistoryScreen, make_screen: Callable[[], HistoryScreen]
) -> None:
    assert screen.filters.kind.isVisible()
    screen.filters.toggle.click()
    assert not screen.filters.kind.isVisible()
    assert screen.ctx.prefs.flag(FILTERS_OPEN_FLAG, default=True) is False
    assert not make_screen().filters.kind.isVisible()


def test_ctrl_f_goes_to_search(qtbot: QtBot, screen: HistoryScreen) -> None:
    screen.tabs.setCurrentIndex(1)
    drain(screen.ctx)
    screen.trends.setFocus()
    qtbot.keyClick(screen.trends, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert screen.tabs.currentIndex() == 0
    assert QApplication.focusWidget() is screen.filters.search


def test_ctrl_f_works_with_the_focus_outside_the_screen(qtbot: QtBot, ctx: AppContext) -> None:
    """As after Ctrl+4: the focus stays on the window's rail, outside the screen."""
    window = QMainWindow()
    qtbot.addWidget(window)
    holder = QWidget()
    rail = QPushButton("History", holder)
    screen = HistoryScreen(ctx, today=lambda: TODAY)
    box = QHBoxLayout(holder)
    box.addWidget(rail)
    box.addWidget(screen)
    window.setCentralWidget(holder)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    rail.setFocus()
    qtbot.keyClick(rail, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is screen.filters.search


def test_ten_years_open_without_a_pause(
    db: Database, make_screen: Callable[[], HistoryScreen]
) -> None:
    fill(db, 3650, today=TODAY)
    screen = make_screen()
    screen.on_shown()
    assert screen.model.rowCount() == 0  # handed to the worker: nothing loaded on this thread
    drain(screen.ctx)
    assert screen.model.rowCount() == PAGE_SIZE
    assert screen.model.matching > 3000


@pytest.mark.allow_warning_logs
def test_a_failed_page_can_be_asked_for_again(
    screen: HistoryScreen, monkeypatch: pytest.MonkeyPatch
) -> None:
    failures: list[BaseException] = []
    screen.ctx.worker.failed.connect(failures.append)
    with monkeypatch.context() as patch:
        patch.setattr("companion.ui.history_model.entry_page", _broken_page)
        screen.model.fetchMore(QModelIndex())
        drain(screen.ctx)
    assert [str(error) for error in failures] == ["disk unplugged"]
    assert screen.model.rowCount() == PAGE_SIZE
    assert screen.model.canFetchMore(QModelIndex())  # not stuck "loading"
    screen.model.fetchMore(QModelIndex())
    drain(screen.ctx)
    assert screen.model.rowCount() > PAGE_SIZE


def _broken_page(*_args: object, **_kwargs: object) -> None:
    raise OSError("disk unplugged")


# --- large text and small windows ------------------------------------------------------------
#: The first window, the screen beside the navigation rail at 200% text, and a small window.
SIZES = [(1120, 760), (804, 760), (760, 560)]


@pytest.fixture
def in_window(
    qtbot: QtBot, ctx: AppContext, db: Database, app_look: QApplication
) -> Callable[..., HistoryScreen]:
    """The screen over demo data in a main window of a size, text size and theme."""
    fill(db, 400, today=TODAY)
    windows: list[QMainWindow] = []  # kept alive for the test

    def make(size: tuple[int, int], text_scale: int = 200, theme: str = "light") -> HistoryScreen:
        ctx.prefs.text_scale, ctx.prefs.theme = text_scale, theme
        apply_theme(app_look, ctx.prefs)
        screen = HistoryScreen(ctx, today=lambda: TODAY)
        window = QMainWindow()
        window.setCentralWidget(screen)
        qtbot.addWidget(window)
        windows.append(window)
        window.resize(*size)
        window.show()
        qtbot.waitExposed(window)
        screen.on_shown()
        drain(ctx)
        assert window.size().toTuple() == size  # nothing made the window grow
        return screen

    return make


def _columns_fit(table: QTableView) -> None:
    shown = [c for c in range(table.model().columnCount()) if not table.isColumnHidden(c)]
    assert not table.horizontalScrollBar().isVisible()
    assert sum(table.columnWidth(c) for c in shown) <= table.viewport().width()
    assert {DATE, MOOD, NOTES} <= set(shown)
    metrics = table.fontMetrics()
    assert table.columnWidth(NOTES) >= metrics.averageCharWidth() * LEAST_NOTES
    assert table.rowHeight(0) >= metrics.height() * 1.5  # rows grow with the text


@pytest.mark.parametrize("size", SIZES, ids=["1120x760", "804x760", "760x560"])
@pytest.mark.parametrize("text_scale", [100, 200])
def test_the_list_fits_its_width_without_scrolling_sideways(
    in_window: Callable[..., HistoryScreen], size: tuple[int, int], text_scale: int
) -> None:
    screen = in_window(size, text_scale)
    _columns_fit(screen.table)
    if text_scale == 100 and size[0] == 1120:
        assert not any(screen.table.isColumnHidden(c) for c in range(len(COLUMNS)))


def test_a_narrow_list_says_what_its_hidden_columns_would(
    in_window: Callable[..., HistoryScreen], db: Database
) -> None:
    screen = in_window((760, 560))
    table, model = screen.table, screen.model
    assert table.isColumnHidden(KIND) and table.isColumnHidden(SIDE_EFFECTS)
    entries = _entries(db)
    row = next(
        n for n, e in enumerate(entries[:PAGE_SIZE]) if e.kind == "session" and e.reflections
    )
    day = entries[row].entry_at
    assert model.index(row, DATE).data() == f"{day.day} {day:%b %Y}"  # no weekday
    spoken_date = model.index(row, DATE).data(Qt.ItemDataRole.AccessibleTextRole)
    assert spoken_date == f"{day:%a} {day.day} {day:%b %Y}, {day:%H:%M}"
    notes = model.index(row, NOTES).data()
    assert notes.startswith("Session ") and " · " in notes  # the kind, in words
    spoken = model.index(row, NOTES).data(Qt.ItemDataRole.AccessibleTextRole)
    assert "Session " in spoken and "Anxiety " in spoken and "ide effects" in spoken
    tip = model.index(row, NOTES).data(Qt.ItemDataRole.ToolTipRole)
    assert f"Mood {entries[row].mood} of 10" in tip and "Session " in tip


def test_an_elided_note_shows_in_full_in_its_tooltip(
    in_window: Callable[..., HistoryScreen], db: Database
) -> None:
    screen = in_window((1120, 760))
    table, model = screen.table, screen.model
    width = table.columnWidth(NOTES)
    entries = _entries(db)
    elided = [
        row
        for row in range(model.rowCount())
        if table.fontMetrics().horizontalAdvance(model.index(row, NOTES).data()) > width
        and (entries[row].reflections.strip() or entries[row].therapist_notes.strip())
    ]
    assert elided
    for row in elided[:20]:
        index = model.index(row, NOTES)
        written = (entries[row].reflections, entries[row].therapist_notes)
        full = next(" ".join(text[:SNIPPET_CHARS].split()) for text in written if text.strip())
        assert escape(full) in index.data(Qt.ItemDataRole.ToolTipRole)
        assert full in index.data(Qt.ItemDataRole.AccessibleTextRole)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_at_200_percent_every_filter_is_shown_whole_and_reached_by_tab(
    in_window: Callable[..., HistoryScreen], qtbot: QtBot, theme: str
) -> None:
    screen = in_window((1120, 760), theme=theme)
    filters = screen.filters
    assert not filters.kind.isVisible()  # large text: only search until the patient asks
    filters.toggle.click()
    filters.period.setCurrentIndex(filters.period.findData(CUSTOM))
    filters.kind.setCurrentIndex(1)
    drain(screen.ctx)
    window = screen.window()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    expected = [
        filters.search,
        filters.toggle,
        filters.kind,
        filters.side_effect,
        filters.period,
        filters.start,
        filters.end,
        screen.clear_button,
        screen.table,
    ]
    page = screen.entries_page.viewport()

    def cut_off(widget: QWidget) -> bool:
        """Not wholly in the part of the page shown (the page scrolls to what Tab reaches)."""
        if widget is screen.table:  # the list scrolls by itself
            return False
        shown = QRect(widget.mapTo(page, QPoint(0, 0)), widget.size())
        return not page.rect().contains(shown) or widget.width() < widget.minimumSizeHint().width()

    filters.search.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(filters.search.hasFocus)
    reached = [filters.search]
    for _ in range(30):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        now = QApplication.focusWidget()
        if now is not reached[-1]:  # a date box takes Tab to its month and year first
            reached.append(now)
        assert not cut_off(now), f"{now.accessibleName()} is cut off"
        if now is screen.table:
            break
    assert reached == expected
    assert all(widget.accessibleName() for widget in reached)


def test_changing_the_text_size_refits_the_list_and_the_filters(
    in_window: Callable[..., HistoryScreen], app_look: QApplication
) -> None:
    screen = in_window((1120, 760), text_scale=100)
    screen.filters.toggle.setChecked(True)
    QApplication.processEvents()
    assert screen.filters.grid.columns == 3  # kind, side effect and dates in one row
    small_row = screen.table.rowHeight(0)
    screen.ctx.prefs.text_scale = 200
    apply_theme(app_look, screen.ctx.prefs)
    drain(screen.ctx)
    assert screen.filters.grid.columns == 1  # a form, labels lined up
    assert screen.table.rowHeight(0) > small_row * 1.5
    _columns_fit(screen.table)


def test_clear_filters_shows_while_a_filter_is_on(screen: HistoryScreen) -> None:
    assert not screen.clear_button.isVisible()
    screen.filters.kind.setCurrentIndex(1)
    drain(screen.ctx)
    assert screen.clear_button.isVisible()
    screen.clear_button.click()
    drain(screen.ctx)
    assert screen.filters.kind.currentIndex() == 0
    assert not screen.model.filter.active
    assert not screen.clear_button.isVisible()


def test_the_date_fields_show_for_chosen_dates_only(screen: HistoryScreen) -> None:
    filters = screen.filters
    assert not filters.start.isVisible() and not filters.end.isVisible()
    filters.period.setCurrentIndex(filters.period.findData(CUSTOM))
    assert filters.start.isVisible() and filters.end.isVisible()
    filters.toggle.click()  # folded: every filter but search goes
    assert not filters.start.isVisible() and not filters.period.isVisible()
    filters.toggle.click()
    assert filters.start.isVisible()
