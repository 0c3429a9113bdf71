"""The main window: a navigation rail, the screens, the menus, and "Get help now".

The window paints before the journal is open: it is cheap to build, the app shows it at
once, opens the database after the first paint, and then ``attach``es it. Each screen is
built, and its module imported, the first time it is shown. Storage modules (SQLAlchemy
behind them) are imported inside the methods that need the open journal, never at the top:
that is what lets the first paint come within budget (issue 8, ``make bench``).
"""

from __future__ import annotations

import importlib
import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QFont, QFontMetrics, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from companion.ui import icons
from companion.ui.about_dialog import AboutDialog
from companion.ui.help_dialog import HelpDialog
from companion.ui.prefs import Prefs
from companion.ui.shortcuts_dialog import ShortcutsDialog
from companion.ui.theme import current_theme

if TYPE_CHECKING:
    from companion.ui.context import AppContext
    from companion.ui.screen import Screen

log = logging.getLogger("companion.ui")


@dataclass(frozen=True)
class ScreenEntry:
    name: str
    label: str  # on the rail
    about: str  # what the rail button leads to, for screen readers
    target: str  # "module:Class", imported when the screen is first shown


SCREENS = (
    ScreenEntry("prepare", "Prepare", "Your checklist for the next appointment",
                "companion.ui.prepare:PrepareScreen"),
    ScreenEntry("session", "Session", "A calm, timed space for your session",
                "companion.ui.session:SessionScreen"),
    ScreenEntry("journal", "Journal", "How you are, before and after a session",
                "companion.ui.journal:JournalScreen"),
    ScreenEntry("history", "History", "Your entries and how things have changed",
                "companion.ui.history:HistoryScreen"),
    ScreenEntry("course", "Course", "Why you started, and how far you have come",
                "companion.ui.course:CourseScreen"),
)
_INDEX = {entry.name: index for index, entry in enumerate(SCREENS, start=1)}
WARM_UP_AFTER_MS = 400  # the first screen has its data by then, and the patient is reading
WARM_UP_STEP_MS = 30  # a pause between steps, so a paint or a key press never waits on two
# A window narrower than this many average characters of the text shows the rail's icons only,
# so a page still has a readable width at large text.
COMPACT_RAIL_BELOW_CHARS = 70
# The smallest window: 760x520 at normal text, and room for this many average characters
# and lines of text at larger sizes (never more than the screen has).
MIN_WINDOW = QSize(760, 520)
MIN_WINDOW_CHARS, MIN_WINDOW_LINES = 72, 17
RAIL_MIN_WIDTH = 200  # pixels: room around the names at normal text


def screen_class(entry: ScreenEntry) -> type[Screen]:
    module, name = entry.target.split(":")
    return getattr(importlib.import_module(module), name)  # type: ignore[no-any-return]


def preload_screens() -> None:
    """Import every screen's module. Safe off the GUI thread (importing makes no widget): the
    app does it while the journal opens, so building a screen is then widget work only."""
    for entry in SCREENS:
        screen_class(entry)

# Menu entries whose dialogs load only when used: (menu, label, shortcut, "module:function").
# Each function takes (parent window, AppContext).
DIALOG_ACTIONS = (
    ("file", "&Export for my therapist…", "Ctrl+E", "companion.ui.export_dialog:open_export"),
    ("file", "&Import from Daylio, Afterflow or CSV…", "Ctrl+I",
     "companion.ui.import_dialog:open_import"),
    ("file", "&Back up…", "", "companion.ui.backup_dialog:open_backup"),
    ("file", "&Restore a backup…", "", "companion.ui.backup_dialog:open_restore"),
    ("file", "&Settings…", "Ctrl+,", "companion.ui.settings_dialog:open_settings"),
)


class MainWindow(QMainWindow):
    theme_changed = Signal()
    warmed_up = Signal()  # every screen is built

    def __init__(self, prefs: Prefs, apply_display: Callable[[], None]) -> None:
        super().__init__()
        self.prefs = prefs
        self.ctx: AppContext | None = None  # set by attach() once the journal is open
        self._apply_display = apply_display
        self.setWindowTitle("Companion")
        self.screens: dict[str, Screen] = {}  # the screens built so far
        self._wanted: tuple[str, object] = ("prepare", None)  # shown once attached
        self._journal_actions: list[QAction] = []  # they need the open journal
        self._nav = QButtonGroup(self)
        self._nav.setExclusive(True)
        self._stack = QStackedWidget()
        self._opening = QLabel("Opening your journal…")
        self._opening.setObjectName("Muted")
        self._opening.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._stack.addWidget(self._opening)

        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self._build_rail())
        row.addWidget(self._stack, 1)
        self.setCentralWidget(central)
        for index, entry in enumerate(SCREENS, start=1):
            self._add_rail_button(index, entry)
        self._build_menus()
        self._tint_icons()
        self.theme_changed.connect(self._tint_icons)
        self.theme_changed.connect(self._fit_to_text)
        self._fit_to_text()

        geometry = prefs.geometry()
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1120, 760)

    # --- building -------------------------------------------------------------------------
    def _build_rail(self) -> QWidget:
        self._rail = rail = QFrame()
        rail.setObjectName("NavRail")
        box = QVBoxLayout(rail)
        box.setContentsMargins(10, 22, 10, 18)
        box.setSpacing(6)
        self._app_name = QLabel("Companion")
        self._app_name.setObjectName("AppName")
        box.addWidget(self._app_name)
        # In a short window at large text the screens' buttons scroll; "Get help now" below
        # them is always in view.
        buttons = QWidget()
        self._rail_buttons = QVBoxLayout(buttons)
        self._rail_buttons.setContentsMargins(0, 0, 0, 0)
        self._rail_buttons.setSpacing(4)
        self._rail_buttons.addStretch(1)
        self._rail_scroll = QScrollArea()
        self._rail_scroll.setWidget(buttons)
        self._rail_scroll.setWidgetResizable(True)
        self._rail_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self._rail_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._rail_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        box.addWidget(self._rail_scroll, 1)
        self.help_button = QPushButton("&Get help now")  # Alt+H is the Help menu
        self.help_button.setObjectName("HelpButton")
        self.help_button.setAccessibleName("Get help now")
        self.help_button.setAccessibleDescription("Crisis lines and your own contacts")
        self.help_button.setToolTip("Crisis lines and your own contacts (F2)")
        self.help_button.clicked.connect(lambda: self.show_help())
        box.addWidget(self.help_button)
        return rail

    def _add_rail_button(self, index: int, entry: ScreenEntry) -> None:
        button = QPushButton(entry.label)
        button.setObjectName("NavButton")
        button.setCheckable(True)
        button.setAccessibleName(f"{entry.label} screen")
        button.setAccessibleDescription(entry.about)
        button.setToolTip(f"{entry.about} (Ctrl+{index})")
        button.setShortcut(QKeySequence(f"Ctrl+{index}"))
        button.clicked.connect(lambda _=False, n=entry.name: self.navigate(n))
        self._nav.addButton(button, index)
        self._rail_buttons.insertWidget(index - 1, button)

    def _tint_icons(self) -> None:
        """Rail icons in the theme's text colour, sized with the text; redrawn on a change."""
        theme = current_theme(self.prefs)
        side = round(QFontMetrics(QApplication.font()).height() * 1.15)
        ratio = self.devicePixelRatioF()
        for index, entry in enumerate(SCREENS, start=1):
            button = self._nav.button(index)
            button.setIcon(icons.icon(entry.name, theme.colour("text"),
                                      theme.colour("accent_text"), side, ratio))
            button.setIconSize(QSize(side, side))
        self.help_button.setIcon(icons.icon("help", theme.colour("help_text"), size=side,
                                            ratio=ratio))
        self.help_button.setIconSize(QSize(side, side))

    def _fit_to_text(self) -> None:
        """A window too small for its text would cut it: the minimum grows with the text size."""
        metrics = QFontMetrics(QApplication.font())
        wanted = MIN_WINDOW.expandedTo(QSize(metrics.averageCharWidth() * MIN_WINDOW_CHARS,
                                             metrics.lineSpacing() * MIN_WINDOW_LINES))
        # The window's screen once it has one. Not QWidget.screen() here: asked of the window
        # before it is shown it led to crashes in a later restyle (seen in the tests).
        handle = self.windowHandle()
        where = handle.screen() if handle is not None else QApplication.primaryScreen()
        screen = where.availableGeometry().size() * 0.9
        self.setMinimumSize(wanted.boundedTo(screen).expandedTo(MIN_WINDOW.boundedTo(screen)))
        if self.isVisible():  # else the resize as it is first shown fits the rail, once styled
            self._fit_rail()

    def _fit_rail(self) -> None:
        """Size the rail to what it shows, for the text size and the window's width.

        Its width is that of its widest label in bold (the chosen screen's), so no label is
        ever cut and the rail does not shift as the choice moves. In a narrow window at large
        text the screens' names give way to their icons (names stay in the tooltips and for
        screen readers) and "Get help now" takes two lines, leaving the page room to read.
        """
        self.ensurePolished()
        chars = QFontMetrics(QApplication.font()).averageCharWidth()
        compact = self.width() < chars * COMPACT_RAIL_BELOW_CHARS
        self._app_name.setVisible(not compact)
        self.help_button.setText("&Get help\nnow" if compact else "&Get help now")
        widths = [self.help_button.sizeHint().width()]
        for index, entry in enumerate(SCREENS, start=1):
            button = self._nav.button(index)
            button.setText("" if compact else entry.label)
            if button.property("compact") != compact:  # icons alone sit in the middle
                button.setProperty("compact", compact)
                button.style().unpolish(button)
                button.style().polish(button)
            button.ensurePolished()
            bold = QFont(button.font())
            bold.setBold(True)
            extra = (QFontMetrics(bold).horizontalAdvance(button.text())
                     - button.fontMetrics().horizontalAdvance(button.text()))
            widths.append(button.sizeHint().width() + extra)
        if not compact:
            widths += [self._app_name.sizeHint().width(), RAIL_MIN_WIDTH]
        scroll_bar = self._rail_scroll.verticalScrollBar()
        if scroll_bar.isVisible():
            widths[1:] = [width + scroll_bar.width() for width in widths[1:]]
        margins = self._rail.layout().contentsMargins()
        self._rail.setFixedWidth(max(widths) + margins.left() + margins.right())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_rail()
        QTimer.singleShot(0, self._show_current_in_rail)  # once the rail has its new height

    def _show_current_in_rail(self) -> None:
        """In a short window the rail scrolls: the current screen's button stays in view, the
        one sign of where the patient is."""
        button = self._nav.checkedButton()
        if button is not None:
            self._rail_scroll.ensureWidgetVisible(button, 0, 0)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        menus = {"file": bar.addMenu("&File")}
        for menu, label, shortcut, target in DIALOG_ACTIONS:
            action = self._action(menus[menu], label, shortcut,
                                  lambda t=target: self._open_dialog(t))
            action.setEnabled(False)
            self._journal_actions.append(action)
        menus["file"].addSeparator()
        self._action(menus["file"], "&Quit", QKeySequence.StandardKey.Quit, self.close)

        view = bar.addMenu("&View")
        theme_menu = view.addMenu("&Theme")
        for key, label in (("system", "Follow the system"), ("light", "Light"),
                           ("dark", "Dark"), ("night", "Night (dim and warm)")):
            action = self._action(theme_menu, label, "", lambda k=key: self.set_theme(k))
            action.setCheckable(True)
            action.setChecked(self.prefs.theme == key)
            action.setData(key)
        self._theme_menu = theme_menu
        # Ctrl+= too: what most people press for "Ctrl++"; and the number pad's keys.
        self._action(view, "&Larger text", ("Ctrl++", "Ctrl+=", "Ctrl+Num++"),
                     lambda: self.change_text_scale(+20))
        self._action(view, "&Smaller text", ("Ctrl+-", "Ctrl+Num+-"),
                     lambda: self.change_text_scale(-20))
        self._action(view, "&Normal text size", "Ctrl+0",
                     lambda: self.change_text_scale(100 - self.prefs.text_scale))
        contrast = self._action(view, "&High contrast", "", self.toggle_high_contrast)
        contrast.setCheckable(True)
        contrast.setChecked(self.prefs.high_contrast)
        motion = self._action(view, "&Reduce motion", "", self.toggle_reduce_motion)
        motion.setCheckable(True)
        motion.setChecked(self.prefs.reduce_motion)
        view.addSeparator()
        self._action(view, "&Full screen", "F11", self.toggle_full_screen)

        help_menu = bar.addMenu("&Help")
        self._action(help_menu, "&Get help now", "F2", lambda: self.show_help())
        self._action(help_menu, "&Keyboard shortcuts", "F1", self.show_shortcuts)
        self._action(help_menu, "&About Companion", "", lambda: AboutDialog(self).exec())

    def _action(self, menu: QWidget, label: str, shortcut: object,
                slot: Callable[[], object]) -> QAction:
        """A menu entry; ``shortcut`` is a key sequence, or a tuple of them (the first shown)."""
        action = QAction(label, self)
        if isinstance(shortcut, tuple):
            action.setShortcuts([QKeySequence(key) for key in shortcut])
        elif shortcut:
            action.setShortcut(QKeySequence(shortcut))  # type: ignore[arg-type]
        action.triggered.connect(lambda _=False: slot())
        menu.addAction(action)
        return action

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.DevicePixelRatioChange:  # moved to another screen
            self._tint_icons()
        return super().event(event)

    # --- the open journal -----------------------------------------------------------------
    def attach(self, ctx: AppContext, *, warm_up: bool = False) -> None:
        """The journal is open: show the screen asked for and enable what needs the journal.

        With ``warm_up`` the other screens are built soon after, while the patient reads.
        """
        self.ctx = ctx
        ctx.worker.failed.connect(self._show_failure)
        for action in self._journal_actions:
            action.setEnabled(True)
        name, payload = self._wanted
        self.navigate(name, payload)
        self._stack.removeWidget(self._opening)
        self._opening.deleteLater()
        if name != "session":
            self._offer_unfinished_session()
        if warm_up:
            QTimer.singleShot(WARM_UP_AFTER_MS, self._build_next)

    def _build_next(self) -> None:
        """Warm-up: have every screen built before it is asked for, so navigating never waits.

        One step at a time, with a pause between, so the window keeps answering: import a
        screen's module (unless ``preload_screens`` did), build the screen, then place it in
        the window (styling a whole screen as it joins the window costs about as much as
        building it), then the next.
        """
        if self.ctx is None:
            return
        unplaced = [s for s in self.screens.values() if self._stack.indexOf(s) < 0]
        missing = [entry for entry in SCREENS if entry.name not in self.screens]
        if unplaced:
            self._stack.addWidget(unplaced[0])
            # With the window as context: a window closed meanwhile (a lock) cancels it.
            QTimer.singleShot(WARM_UP_STEP_MS, self, lambda s=unplaced[0]: self._join_pages(s))
            return
        elif not missing:
            self.warmed_up.emit()
            return
        elif (module := missing[0].target.split(":")[0]) not in sys.modules:
            importlib.import_module(module)
        else:
            self._build(missing[0].name)
        QTimer.singleShot(WARM_UP_STEP_MS, self._build_next)

    def _join_pages(self, screen: Screen) -> None:
        """Warm-up, after placing a screen: its pages join their scroll areas and are styled
        in the window, one step of their own (see LateScrollArea), then the next screen."""
        from companion.ui.screen import LateScrollArea

        for area in screen.findChildren(LateScrollArea):
            area.join()
        QTimer.singleShot(WARM_UP_STEP_MS, self._build_next)

    def _offer_unfinished_session(self) -> None:
        """A session left running (a crash, a closed window) is offered first thing."""
        from companion.storage.models import utcnow
        from companion.storage.session_runs import unfinished_run

        assert self.ctx is not None
        self.ctx.worker.submit(
            lambda s: unfinished_run(s, utcnow()) is not None,
            lambda found: self.navigate("session") if found else None,
        )

    def screen(self, name: str) -> Screen:
        """The screen called ``name``, built (and placed in the window) when first asked for."""
        screen = self.screens.get(name) or self._build(name)
        if self._stack.indexOf(screen) < 0:
            self._stack.addWidget(screen)
        return screen

    def _build(self, name: str) -> Screen:
        assert self.ctx is not None, "screens are built once the journal is open"
        screen = screen_class(SCREENS[_INDEX[name] - 1])(self.ctx)
        screen.navigate.connect(self.navigate)
        self.screens[name] = screen
        return screen

    # --- navigation -----------------------------------------------------------------------
    def navigate(self, name: str, payload: object = None) -> None:
        button = self._nav.button(_INDEX[name])
        button.setChecked(True)
        for index, entry in enumerate(SCREENS, start=1):  # heard, not only seen, as current
            current = "The screen shown now. " if index == _INDEX[name] else ""
            self._nav.button(index).setAccessibleDescription(current + entry.about)
        self._show_current_in_rail()
        if self.focusWidget() in (None, self.help_button):
            # Start where the patient is, not on "Get help now" (Enter would open it).
            button.setFocus()
        if self.ctx is None:  # not open yet: shown by attach()
            self._wanted = (name, payload)
            return
        screen = self.screen(name)
        self._stack.setCurrentWidget(screen)
        screen.on_shown(payload)

    def current_screen(self) -> Screen | None:
        current = self._stack.currentWidget()
        return current if current is not self._opening else None  # type: ignore[return-value]

    def current_name(self) -> str:
        """The screen shown, or the one to show once the journal is open."""
        current = self.current_screen()
        return next((n for n, s in self.screens.items() if s is current), self._wanted[0])

    # --- display --------------------------------------------------------------------------
    def set_theme(self, key: str) -> None:
        self.prefs.theme = key
        for action in self._theme_menu.actions():
            action.setChecked(action.data() == key)
        self._refresh_display()

    def change_text_scale(self, delta: int) -> None:
        self.prefs.text_scale = self.prefs.text_scale + delta
        self.statusBar().showMessage(f"Text size {self.prefs.text_scale}%", 3000)
        self._refresh_display()

    def toggle_high_contrast(self) -> None:
        self.prefs.high_contrast = not self.prefs.high_contrast
        self._refresh_display()

    def toggle_reduce_motion(self) -> None:
        self.prefs.reduce_motion = not self.prefs.reduce_motion
        self._refresh_display()

    def toggle_full_screen(self) -> None:
        screen = self.current_screen()
        if screen is not None and screen.toggle_full_screen():  # e.g. the session's own full screen
            return
        self.showNormal() if self.isFullScreen() else self.showFullScreen()

    def _refresh_display(self) -> None:
        self._apply_display()
        self.theme_changed.emit()

    # --- dialogs --------------------------------------------------------------------------
    def show_help(self, reason: str = "") -> HelpDialog:
        dialog = HelpDialog(self, reason=reason)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if self.ctx is None:  # the crisis lines need no journal; the contacts come with it
            for field in (dialog.clinic, dialog.trusted):
                field.setEnabled(False)
        else:
            from companion.storage import settings

            dialog.contacts_edited.connect(self._save_contacts)
            self.ctx.worker.submit(
                lambda s: (settings.get_setting(s, settings.CLINIC_CONTACT, ""),
                           settings.get_setting(s, settings.TRUSTED_CONTACT, "")),
                lambda contacts: dialog.set_contacts(*contacts),
            )
        dialog.show()
        return dialog

    def _save_contacts(self, clinic: str, trusted: str) -> None:
        from companion.storage import settings

        def op(s: object) -> None:
            settings.set_setting(s, settings.CLINIC_CONTACT, clinic)  # type: ignore[arg-type]
            settings.set_setting(s, settings.TRUSTED_CONTACT, trusted)  # type: ignore[arg-type]

        assert self.ctx is not None
        self.ctx.worker.submit(op)

    def show_shortcuts(self) -> None:
        pairs = [(a.shortcut().toString(QKeySequence.SequenceFormat.NativeText),
                  a.text().replace("&", ""))
                 for menu in self.menuBar().findChildren(QWidget)
                 for a in menu.actions() if not a.shortcut().isEmpty()]
        pairs += [(f"Ctrl+{i}", f"Go to {entry.label}") for i, entry in enumerate(SCREENS, 1)]
        screens = [screen_class(entry) for entry in SCREENS]
        for cls in screens:
            pairs += [(keys, f"{cls.title}: {what}") for keys, what in cls.shortcuts]
        ShortcutsDialog(pairs, self, screens=screens).exec()

    def _open_dialog(self, target: str) -> None:
        if self.ctx is None:
            return
        module, function = target.split(":")
        dialog = getattr(importlib.import_module(module), function)(self, self.ctx)
        imported = getattr(dialog, "imported", None)  # the import dialog's signal
        if imported is not None:
            imported.connect(lambda _result: self.reload_current_screen())

    def reload_current_screen(self) -> None:
        """Show newly imported data on the open screen, as if the patient came back to it.

        Prepare, Journal (which keeps its draft), History and Course reload harmlessly; the
        Session screen is left alone: it may be running, or hold a half-filled setup.
        """
        screen = self.current_screen()
        if screen is not None and screen is not self.screens.get("session"):
            screen.on_shown(None)

    def _show_failure(self, error: BaseException) -> None:
        from companion.ui.fault import show_error

        show_error(self, "Something went wrong while saving or loading.", error)

    # --- closing --------------------------------------------------------------------------
    def flush(self) -> None:
        for screen in self.screens.values():
            screen.flush()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not all(screen.can_close() for screen in self.screens.values()):
            event.ignore()
            return
        self.flush()
        self.prefs.set_geometry(self.saveGeometry())
        self.prefs.sync()
        if self.ctx is not None:
            self.ctx.worker.wait()
        event.accept()
