"""The Journal screen: write an entry (after a session or any day), edit or delete one, and take
the PHQ-9 / GAD-7 check-in.

Nothing typed is lost: a draft is kept a few seconds after a change and on close, and the most
recent one comes back when the screen opens (after a crash too). A failed save keeps the words
on screen and in the draft.

Payloads for ``on_shown``: ``{"session_id": id}`` opens the entry about that session run;
``{"entry_id": id}`` opens a stored entry for editing; no payload resumes the latest draft.
"""

from __future__ import annotations

import errno
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from companion.domain import safety
from companion.domain.journal import EntryDraft
from companion.storage import journal as store
from companion.storage import settings
from companion.storage.errors import StorageError
from companion.storage.journal import EntrySnapshot, SavedMeasure, SessionContext
from companion.ui import journal_actions as actions
from companion.ui.announce import announce
from companion.ui.beside_or_under import BesideOrUnder
from companion.ui.context import AppContext
from companion.ui.flow_layout import FlowLayout, flow_row
from companion.ui.fold import FoldingButton
from companion.ui.goal_rating import GoalRatingPanel
from companion.ui.help_dialog import HelpDialog
from companion.ui.journal_actions import Due, Opened, Saved, Target
from companion.ui.journal_banner import Banner
from companion.ui.journal_checkin import CheckinPage
from companion.ui.journal_form import EntryForm, Page
from companion.ui.journal_session_card import day_text, session_title
from companion.ui.screen import Screen, scroll_area


def failure_text(error: BaseException, what: str, kept: str = "what you wrote") -> str:
    """A calm sentence for a failed write: what happened, that nothing is lost, what to do."""
    if isinstance(error, ValueError):
        return str(error)
    if isinstance(error, store.EntryNotFound):
        return f"{error} What you wrote is still here: press Save entry to keep it as a new entry."
    full = (isinstance(error, OSError) and error.errno == errno.ENOSPC) or "full" in str(
        error
    ).lower()
    reason = (
        "Your computer's disk is full." if full else "Companion could not write to its data folder."
    )
    return (
        f"{what} could not be saved. {reason} Nothing is lost: {kept} is still here. "
        "Free some space, then try again."
    )


def due_text(due: Due, today: date) -> str:
    """The reminder, true whether the patient chose how often or it is still the default."""
    if due.last is None:
        opening = "Time for your first check-in: two short questionnaires, about three minutes."
    else:
        days = (today - due.last).days
        opening = (
            f"It has been {days} day{'s' if days != 1 else ''} since your last check-in. "
            "Two short questionnaires, about three minutes."
        )
    every = {1: "day", 7: "week"}.get(due.interval, f"{due.interval} days")
    return f"{opening} Reminders come every {every}; you can change how often on the check-in page."


def _clock_text(moment: datetime) -> str:
    return f"{moment:%H:%M}"


class JournalScreen(Screen):
    title = "Journal"
    subtitle = "How are you? Write as much or as little as you like."
    shortcuts = (
        ("Ctrl+S", "Save entry (or the check-in)"),
        ("Ctrl+N", "New entry"),
        ("Ctrl+K", "PHQ-9 and GAD-7 check-in"),
        ("Alt+U", "Undo deleting an entry"),
    )
    #: How long after a change the draft is kept (tests make it shorter).
    autosave_delay_ms = 3000

    def __init__(self, ctx: AppContext, clock: Callable[[], datetime] = datetime.now) -> None:
        super().__init__(ctx, scroll=False)
        self.clock = clock
        self._target: Target | None = None
        self._baseline = EntryDraft()
        self._unsaved = False
        self._saving = False
        self._opened_once = False
        self._due_dismissed = False
        self._undo: tuple[EntrySnapshot, EntryDraft] | None = None
        self._after_open: EntryDraft | None = None
        self._context: SessionContext | None = None
        self._focus_after_open = False
        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.timeout.connect(self._keep_draft)
        self.help_dialog: HelpDialog | None = None

        self.pages = QStackedWidget()
        self.entry_page = self._build_entry_page()
        self._checkin_page: CheckinPage | None = None
        self.pages.addWidget(self.entry_page)
        self.body.addWidget(self.pages, 1)
        QShortcut(QKeySequence.StandardKey.New, self, activated=self.new_entry)
        QShortcut(QKeySequence("Ctrl+K"), self, activated=self.open_checkin)

    # --- building -------------------------------------------------------------------------
    def _build_toolbar(self) -> FlowLayout:
        self.new_button = QPushButton("New entry")
        self.new_button.setToolTip("Start a new entry (Ctrl+N)")
        self.new_button.clicked.connect(self.new_entry)
        self.checkin_button = FoldingButton("PHQ-9 and GAD-7 check-in")
        self.checkin_button.setToolTip("Two short questionnaires (Ctrl+K)")
        self.checkin_button.clicked.connect(self.open_checkin)
        return flow_row(self.new_button, self.checkin_button)

    def _build_banners(self, into: QVBoxLayout) -> None:
        """The banners that belong to the top of the entry; they scroll away with it."""
        self.restored = Banner("Kept for you")
        self.discard_button = self.restored.add_button(
            "Discard these changes",
            self.discard_changes,
            description="Go back to the entry as it was saved",
        )
        self.undo_bar = Banner("Entry deleted")
        self.undo_button = self.undo_bar.add_button(
            "&Undo", self.undo_delete, description="Bring the entry back"
        )
        self.due = Banner("Check-in reminder")
        self.due.add_button("Take PHQ-9 and GAD-7 now", self.open_checkin, primary=True)
        self.due.add_button("Not now", self._dismiss_due)
        for banner in (self.restored, self.undo_bar, self.due):
            into.addWidget(banner)

    def _build_entry_page(self) -> QWidget:
        """The toolbar, banners and form scroll together, so at large text the form gets the
        room; problems and the footer with Save stay in view below them."""
        page = Page()
        outer = QVBoxLayout(page)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(12)
        holder = QWidget()
        box = QVBoxLayout(holder)
        box.setContentsMargins(0, 0, 8, 8)
        box.setSpacing(16)
        box.addLayout(self._build_toolbar())
        self._build_banners(box)
        self.form = EntryForm()
        self.form.changed.connect(self._changed)
        box.addWidget(self.form)
        # After a session: "how close do you feel to your goals?" (the Course screen's panel).
        self.goals = GoalRatingPanel(self.ctx, show_save=False, framed=True)
        self.goals.hide()
        box.addWidget(self.goals)
        box.addStretch(1)
        self.scroll: QScrollArea = scroll_area(holder, "Journal entry, page", late=True)
        outer.addWidget(self.scroll, 1)
        self.alert = Banner("Problem", tone="alert")
        outer.addWidget(self.alert)

        self.status = QLabel()
        self.status.setObjectName("Muted")
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Entry status")
        self.delete_button = QPushButton("Delete entry")
        self.delete_button.setAccessibleDescription("You can undo this right after")
        self.delete_button.clicked.connect(self.delete_entry)
        self.save_button = QPushButton("Save entry")
        self.save_button.setObjectName("Primary")
        self.save_button.setToolTip("Save entry (Ctrl+S)")
        self.save_button.clicked.connect(self.save)
        self.footer = BesideOrUnder(self.status)
        self.footer.add_button(self.delete_button)
        self.footer.add_button(self.save_button)
        outer.addWidget(self.footer)
        QShortcut(QKeySequence.StandardKey.Save, page, activated=self.save)
        return page

    def _say(self, text: str, *, refused: bool = False) -> None:
        """The line beside Save: what happened to the entry, or why it was not saved (in
        stronger type, and said aloud, since the patient is looking at the button)."""
        self.footer.say(text)
        wanted = "FormMessage" if refused else "Muted"
        if self.status.objectName() != wanted:
            self.status.setObjectName(wanted)
            self.status.style().unpolish(self.status)
            self.status.style().polish(self.status)
        if refused:
            announce(self.save_button, text)

    @property
    def checkin_page(self) -> CheckinPage:
        """Built when first opened: its answer buttons are most of this screen's build time."""
        if self._checkin_page is None:
            self._checkin_page = CheckinPage()
            self.pages.addWidget(self._checkin_page)
            self._wire_checkin(self._checkin_page)
        return self._checkin_page

    def _wire_checkin(self, page: CheckinPage) -> None:
        page.save_requested.connect(self.save_checkin)
        page.back_requested.connect(self.show_entry_page)
        page.crisis_answer.connect(lambda: self.get_help(safety.ITEM9_LINE))
        page.help_requested.connect(lambda: self.get_help(safety.ITEM9_LINE))
        page.interval_changed.connect(self._set_interval)

    # --- opening --------------------------------------------------------------------------
    def on_shown(self, payload: object = None) -> None:
        wanted = payload if isinstance(payload, dict) else {}
        if wanted.get("entry_id") is not None:
            entry_id = int(wanted["entry_id"])
            self._open(lambda s: actions.open_requested_entry(s, entry_id))
        elif wanted.get("session_id") is not None:
            session_id = int(wanted["session_id"])
            self._open(lambda s: actions.open_for_session(s, session_id))
        elif not self._opened_once:
            self._open(actions.open_latest)
        self._opened_once = True
        self._refresh_due()

    def new_entry(self) -> None:
        self._open(actions.open_new, focus=True)

    def _open(
        self, op: Callable[[Session], Opened], words: EntryDraft | None = None, focus: bool = False
    ) -> None:
        """Keep what is on screen as a draft, then show what ``op`` opens."""
        self._keep_draft()
        self.show_entry_page()
        self._after_open = words
        self._focus_after_open = focus
        self.form.setEnabled(False)
        self.ctx.worker.submit(op, self._show_opened, self._open_failed)

    def _show_opened(self, opened: Opened) -> None:
        day = self.clock().date()
        self._target, self._context = opened.target, opened.context
        self.form.set_entry(opened.baseline, opened.context, day=day, skip=opened.prompt_skip)
        # The baseline as the form reads it, so "changed?" compares like with like.
        self._baseline = actions.normalised(self.form.draft())
        words = self._after_open or opened.restored
        self._after_open = None
        if words is not None:
            self.form.set_entry(words, opened.context, day=day, skip=opened.prompt_skip)
        self._unsaved = False
        self.form.setEnabled(True)
        if opened.target.session_id is not None:
            self.goals.load(opened.target.session_id)
        else:
            self.goals.hide()
        self.alert.say(opened.notice)
        self._say("")
        editing = opened.target.entry_id is not None
        self.delete_button.setVisible(editing)
        self.form.heading.setText(self._heading())
        restored = opened.restored is not None and self._dirty()
        self.restored.say(self._restored_text(editing) if restored else "")
        self.discard_button.setVisible(editing)
        self.scroll.verticalScrollBar().setValue(0)
        if self._focus_after_open:
            self.form.mood.slider.setFocus()
        if words is not None and opened.restored is None and self._dirty():
            self._changed()  # words put back after an undo: keep them as a draft

    def _heading(self) -> str:
        target, context = self._target or Target(), self._context
        if target.entry_at is not None:
            about = f" · {session_title(context).lower()}" if context else ""
            return f"Your entry from {day_text(target.entry_at)}{about}"
        if context is not None:
            return f"Your entry {session_title(context).lower()}"
        today = self.clock()
        return f"New entry · {today:%A} {today.day} {today:%B}"

    @staticmethod
    def _restored_text(editing: bool) -> str:
        if editing:
            return "Welcome back. Changes to this entry that you had not saved yet are here again."
        return "Welcome back. What you were writing has been kept; you can carry on."

    def _open_failed(self, error: BaseException) -> None:
        if self._target is None:
            self._target = Target()
            self._baseline = actions.normalised(self.form.draft())
        self.form.setEnabled(True)
        detail = f" ({error})" if isinstance(error, StorageError) else ""
        self.alert.say(
            f"The journal could not open this just now{detail}. You can still write here; "
            "nothing is lost."
        )

    def discard_changes(self) -> None:
        if self._target is None:
            return
        target = self._target
        self._autosave.stop()
        self._unsaved = False
        self._open(lambda s: actions.discard_draft(s, target))

    def show_entry_page(self) -> None:
        self.pages.setCurrentWidget(self.entry_page)
        self._refresh_due()

    # --- drafts ---------------------------------------------------------------------------
    def _dirty(self) -> bool:
        return actions.normalised(self.form.draft()) != self._baseline

    def _changed(self) -> None:
        if self._target is None:
            return
        self._unsaved = True
        if not self._saving and not self._autosave.isActive():
            self._autosave.start(self.autosave_delay_ms)

    def _keep_draft(self) -> None:
        self._autosave.stop()
        if not self._unsaved or self._target is None or self._saving:
            return
        self._unsaved = False
        target, skip = self._target, self.form.prompt_skip
        draft = self.form.draft() if self._dirty() else None
        self.ctx.worker.submit(
            lambda s: actions.keep_draft(s, target, draft, skip),
            lambda _none: self._draft_kept(draft is not None),
            self._draft_failed,
        )

    def _draft_kept(self, kept: bool) -> None:
        if kept:
            self._say(f"Draft kept at {_clock_text(self.clock())}. Save it when you are ready.")

    def _draft_failed(self, error: BaseException) -> None:
        self._unsaved = True
        self._say(
            "A draft could not be kept just now; your words are still here. "
            "Please save before closing.",
            refused=True,
        )

    def flush(self) -> None:
        self._keep_draft()

    # --- saving ---------------------------------------------------------------------------
    def save(self) -> None:
        if self._target is None or self._saving:
            return
        draft = actions.normalised(self.form.draft())
        try:
            draft.validate(
                saving=True,
                session_mood_before=self._context.mood_before if self._context else None,
                goal_ratings=len(self.goals.ratings()) if self.goals.isVisible() else 0,
            )
        except ValueError as error:
            self._say(str(error), refused=True)
            return
        self._autosave.stop()
        self._saving = True
        self._unsaved = False
        self.save_button.setEnabled(False)
        target, now = self._target, self.clock()
        self.ctx.worker.submit(
            lambda s: actions.save_entry(s, target, draft, now), self._saved, self._save_failed
        )

    def _saved(self, saved: Saved) -> None:
        if self.goals.isVisible() and self.goals.ratings():
            self.goals.save()
        self._saving = False
        self.save_button.setEnabled(True)
        self._target = saved.target
        self._baseline = saved.draft
        for banner in (self.alert, self.restored, self.undo_bar):
            banner.say("")
        self.delete_button.setVisible(True)
        self.form.heading.setText(self._heading())
        self._say(
            f"Saved at {_clock_text(self.clock())}. You can keep adding to "
            "this entry, or start a new one."
        )
        if self._unsaved:
            self._autosave.start(self.autosave_delay_ms)

    def _save_failed(self, error: BaseException) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        if isinstance(error, store.EntryNotFound) and self._target is not None:
            self._target = Target(session_id=self._target.session_id)
            self.delete_button.hide()
        self.alert.say(failure_text(error, "Your entry"))
        self._unsaved = True
        self._keep_draft()

    # --- deleting -------------------------------------------------------------------------
    def delete_entry(self) -> None:
        if self._target is None or self._target.entry_id is None or self._saving:
            return
        entry_id, entry_at = self._target.entry_id, self._target.entry_at
        self._autosave.stop()
        self._unsaved = False
        words = self.form.draft()
        self.ctx.worker.submit(
            lambda s: actions.delete_entry(s, entry_id),
            lambda snapshot: self._deleted(snapshot, words, entry_at),
            self._delete_failed,
        )

    def _delete_failed(self, _error: BaseException) -> None:
        self.alert.say("The entry could not be deleted; it is unchanged. Please try again.")
        self._unsaved = True
        self._keep_draft()

    def _deleted(
        self, snapshot: EntrySnapshot, words: EntryDraft, entry_at: datetime | None
    ) -> None:
        self._undo = (snapshot, words)
        when = f" from {day_text(entry_at)}" if entry_at else ""
        self._target = None
        self._open(actions.open_new)
        self.undo_bar.say(f"The entry{when} was deleted.")
        self.undo_button.setFocus()

    def undo_delete(self) -> None:
        if self._undo is None:
            return
        snapshot, words = self._undo
        self._undo = None
        self.undo_bar.say("")
        self._open(lambda s: actions.undo_delete(s, snapshot), words=words)

    # --- check-ins ------------------------------------------------------------------------
    def open_checkin(self) -> None:
        self.pages.setCurrentWidget(self.checkin_page)
        self.due.say("")
        self.checkin_page.start()
        self.ctx.worker.submit(store.checkin_interval, self.checkin_page.set_interval)

    def save_checkin(self) -> None:
        page = self.checkin_page
        try:
            answered = page.collect()
        except ValueError as error:
            page.show_message(str(error))
            page.go_to_first_missing()
            return
        page.show_message("")
        page.save_button.setEnabled(False)
        entry_id = self._target.entry_id if self._target is not None else None
        now = self.clock()
        self.ctx.worker.submit(
            lambda s: actions.save_checkin(s, answered, now, entry_id),
            self._checkin_saved,
            self._checkin_failed,
        )

    def _checkin_saved(self, saved: list[SavedMeasure]) -> None:
        self.checkin_page.show_saved(saved)

    def _checkin_failed(self, error: BaseException) -> None:
        self.checkin_page.save_button.setEnabled(True)
        self.checkin_page.show_message(failure_text(error, "The check-in", kept="every answer"))

    def _set_interval(self, days: int) -> None:
        self.ctx.worker.submit(lambda s: store.set_checkin_interval(s, days))

    def _refresh_due(self) -> None:
        if self._due_dismissed:
            return
        today = self.clock().date()
        self.ctx.worker.submit(
            lambda s: actions.due_checkins(s, today), self._show_due, lambda _error: None
        )

    def _show_due(self, due: Due) -> None:
        if (
            not due.instruments
            or self._due_dismissed
            or self.pages.currentWidget() is not self.entry_page
        ):
            self.due.say("")
            return
        self.due.say(due_text(due, self.clock().date()))

    def _dismiss_due(self) -> None:
        self._due_dismissed = True
        self.due.say("")

    # --- help -----------------------------------------------------------------------------
    def get_help(self, reason: str) -> None:
        """Crisis resources at once, without blocking anything (non-modal)."""
        window: Any = self.window()
        if window is not self and callable(getattr(window, "show_help", None)):
            window.show_help(reason=reason)
            return
        dialog = HelpDialog(self, reason=reason)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.contacts_edited.connect(self._save_contacts)
        self.ctx.worker.submit(
            lambda s: (
                settings.get_setting(s, settings.CLINIC_CONTACT, ""),
                settings.get_setting(s, settings.TRUSTED_CONTACT, ""),
            ),
            lambda contacts: dialog.set_contacts(*contacts),
        )
        dialog.show()
        self.help_dialog = dialog

    def _save_contacts(self, clinic: str, trusted: str) -> None:
        def op(s: Session) -> None:
            settings.set_setting(s, settings.CLINIC_CONTACT, clinic)
            settings.set_setting(s, settings.TRUSTED_CONTACT, trusted)

        self.ctx.worker.submit(op)
