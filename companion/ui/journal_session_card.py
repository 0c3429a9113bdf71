"""The card at the top of a session entry: which session, how long, the marked moments, the
mood before and the intention, so the patient writes with the session in front of them."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout

from companion.domain.journal import MOOD, anchor_text
from companion.storage.journal import SessionContext


def length_text(seconds: float) -> str:
    """58 minutes, 1 hour, 2 hours 5 minutes."""
    minutes = round(seconds / 60)
    hours, rest = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if rest or not hours:
        parts.append(f"{rest} minute{'s' if rest != 1 else ''}")
    return " ".join(parts)


def day_text(moment: datetime) -> str:
    """Tuesday 3 March, 09:30 (local wall time)."""
    return f"{moment:%A} {moment.day} {moment:%B}, {moment:%H:%M}"


def session_title(context: SessionContext) -> str:
    number = f"session {context.number}" if context.number is not None else "your session"
    return f"After {number}"


def _marker_line(elapsed_s: float, label: str) -> str:
    words = label.strip() or "a moment you marked, without words"
    when = "In the first minute" if elapsed_s < 60 else f"At {int(elapsed_s // 60)} min"
    return f"• {when}: {words}"


class SessionCard(QFrame):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("Card")
        box = QVBoxLayout(self)
        box.setContentsMargins(22, 18, 22, 18)
        box.setSpacing(6)
        self.title = QLabel()
        self.title.setObjectName("SectionTitle")
        self.title.setWordWrap(True)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.addWidget(self.title)
        box.addWidget(self.details)

    def show_context(self, context: SessionContext | None) -> None:
        self.setVisible(context is not None)
        if context is None:
            return
        started = context.started_at.astimezone().replace(tzinfo=None)
        ended_early = " (ended early)" if context.state == "ended_early" else ""
        self.title.setText(
            f"{session_title(context)} · {context.route_label} · "
            f"{length_text(context.length_s)}{ended_early}"
        )
        lines = [f"Started {day_text(started)}"]
        if context.mood_before is not None:
            lines.append(f"Mood before: {anchor_text(MOOD, context.mood_before)}")
        if context.intention.strip():
            lines.append(f"Your intention: {context.intention.strip()}")
        if context.markers:
            lines.append("Moments you marked:")
            lines += [_marker_line(mk.elapsed_s, mk.label) for mk in context.markers]
        else:
            lines.append("No moments were marked during this session.")
        self.details.setText("\n".join(lines))
        self.setAccessibleName(self.title.text())
        self.setAccessibleDescription(self.details.text())
