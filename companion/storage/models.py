"""The database schema as typed SQLAlchemy 2 models.

Two kinds of time are stored, on purpose:
- *local wall time* (naive) for what the patient lives by: an appointment at 08:00, a journal
  entry written on Tuesday evening. It must read the same after a trip or a DST change.
- *instants* (``UTCDateTime``, aware UTC) for what a machine measures: when a session run
  started, paused or was marked. Elapsed time after a crash is computed from these.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """An aware UTC datetime, stored as naive UTC text (SQLite has no time zones)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("instants must be timezone-aware")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Course(Base):
    """A treatment course: an induction series or a maintenance phase, with its goals."""

    __tablename__ = "courses"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    route: Mapped[str] = mapped_column(String(20))
    planned_count: Mapped[int] = mapped_column(Integer, default=6)
    # Half days allowed: 3.5 is twice a week. Then an optional second phase (esketamine: weekly).
    spacing_days: Mapped[float] = mapped_column(Float, default=3)
    then_count: Mapped[int] = mapped_column(Integer, default=0)
    then_spacing_days: Mapped[int] = mapped_column(Integer, default=7)
    started_on: Mapped[datetime] = mapped_column(DateTime)
    ended_on: Mapped[datetime | None] = mapped_column(DateTime)
    expectations: Mapped[str] = mapped_column(Text, default="")
    worries: Mapped[str] = mapped_column(Text, default="")

    goals: Mapped[list[Goal]] = relationship(
        back_populates="course", cascade="all, delete-orphan", order_by="Goal.position"
    )


class Goal(Base):
    __tablename__ = "goals"

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)

    course: Mapped[Course] = relationship(back_populates="goals")
    ratings: Mapped[list[GoalRating]] = relationship(
        back_populates="goal", cascade="all, delete-orphan", order_by="GoalRating.rated_at"
    )


class GoalRating(Base):
    __tablename__ = "goal_ratings"

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goals.id", ondelete="CASCADE"), index=True)
    rated_at: Mapped[datetime] = mapped_column(DateTime)
    value: Mapped[int] = mapped_column(Integer)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("sessions.id", ondelete="SET NULL"))

    goal: Mapped[Goal] = relationship(back_populates="ratings")


class Appointment(Base):
    """A planned visit (or home session). Its session number is its rank by time."""

    __tablename__ = "appointments"

    id: Mapped[int] = mapped_column(primary_key=True)
    starts_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    timezone: Mapped[str | None] = mapped_column(String(64))
    route: Mapped[str] = mapped_column(String(20))
    clinic: Mapped[str] = mapped_column(String(300), default="")
    questions: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    intention: Mapped[str] = mapped_column(Text, default="")
    systolic: Mapped[int | None] = mapped_column(Integer)
    diastolic: Mapped[int | None] = mapped_column(Integer)
    pulse: Mapped[int | None] = mapped_column(Integer)
    course_id: Mapped[int | None] = mapped_column(ForeignKey("courses.id", ondelete="SET NULL"))

    items: Mapped[list[AppointmentItem]] = relationship(
        back_populates="appointment",
        cascade="all, delete-orphan",
        order_by="AppointmentItem.position",
    )
    sessions: Mapped[list[TreatmentSession]] = relationship(back_populates="appointment")


class ChecklistItemColumns:
    """What a checklist item holds, in a template and copied onto an appointment alike
    (mirrors ``companion.domain.checklist.ChecklistItem``)."""

    position: Mapped[int] = mapped_column(Integer)
    key: Mapped[str] = mapped_column(String(60), default="")
    text: Mapped[str] = mapped_column(String(500))
    detail: Mapped[str] = mapped_column(Text, default="")
    offset_minutes: Mapped[int | None] = mapped_column(Integer)
    category: Mapped[str] = mapped_column(String(40), default="")


class ChecklistTemplate(Base):
    """The patient's editable checklist for one route (seeded from clinic guidance)."""

    __tablename__ = "checklist_templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    route: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(200))

    items: Mapped[list[TemplateItem]] = relationship(
        back_populates="template", cascade="all, delete-orphan", order_by="TemplateItem.position"
    )


class TemplateItem(ChecklistItemColumns, Base):
    __tablename__ = "checklist_template_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(
        ForeignKey("checklist_templates.id", ondelete="CASCADE"), index=True
    )

    template: Mapped[ChecklistTemplate] = relationship(back_populates="items")


class AppointmentItem(ChecklistItemColumns, Base):
    """A checklist item copied onto one appointment, so later template edits keep history."""

    __tablename__ = "appointment_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    appointment_id: Mapped[int] = mapped_column(
        ForeignKey("appointments.id", ondelete="CASCADE"), index=True
    )
    done: Mapped[bool] = mapped_column(Boolean, default=False)

    appointment: Mapped[Appointment] = relationship(back_populates="items")


class TreatmentSession(Base):
    """One timed session run. Saved at start and at every marker, pause and end."""

    __tablename__ = "sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    appointment_id: Mapped[int | None] = mapped_column(
        ForeignKey("appointments.id", ondelete="SET NULL"), index=True
    )
    route: Mapped[str] = mapped_column(String(20))
    duration_s: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    # The last moment the app knew the session was alive (start, marker, pause, heartbeat).
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    elapsed_s: Mapped[float] = mapped_column(Float, default=0.0)
    # running, paused, finished, ended_early
    state: Mapped[str] = mapped_column(String(20), default="running")
    mood_before: Mapped[int | None] = mapped_column(Integer)
    intention: Mapped[str] = mapped_column(Text, default="")

    appointment: Mapped[Appointment | None] = relationship(back_populates="sessions")
    markers: Mapped[list[SessionMarker]] = relationship(
        back_populates="session", cascade="all, delete-orphan", order_by="SessionMarker.elapsed_s"
    )
    pauses: Mapped[list[SessionPause]] = relationship(
        back_populates="session", cascade="all, delete-orphan", order_by="SessionPause.paused_at"
    )


class SessionMarker(Base):
    __tablename__ = "session_markers"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), index=True
    )
    elapsed_s: Mapped[float] = mapped_column(Float)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    label: Mapped[str] = mapped_column(String(200), default="")

    session: Mapped[TreatmentSession] = relationship(back_populates="markers")


class SessionPause(Base):
    __tablename__ = "session_pauses"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), index=True
    )
    paused_at: Mapped[datetime] = mapped_column(UTCDateTime)
    resumed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    session: Mapped[TreatmentSession] = relationship(back_populates="pauses")


class JournalEntry(Base):
    """A journal entry: after a session, or a daily check-in.

    ``reflections`` and ``prompt_answer`` are private; only ``therapist_notes`` is shared
    unless the patient opts in at export time.
    """

    __tablename__ = "journal_entries"
    __table_args__ = (Index("ix_journal_entries_kind_entry_at", "kind", "entry_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    kind: Mapped[str] = mapped_column(String(20), default="daily")  # daily | session
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("sessions.id", ondelete="SET NULL"), index=True
    )
    mood: Mapped[int | None] = mapped_column(Integer)
    anxiety: Mapped[int | None] = mapped_column(Integer)
    mood_before: Mapped[int | None] = mapped_column(Integer)
    tags: Mapped[str] = mapped_column(Text, default="")  # comma-separated emotion tags
    systolic: Mapped[int | None] = mapped_column(Integer)
    diastolic: Mapped[int | None] = mapped_column(Integer)
    pulse: Mapped[int | None] = mapped_column(Integer)
    reflections: Mapped[str] = mapped_column(Text, default="")
    therapist_notes: Mapped[str] = mapped_column(Text, default="")
    prompt: Mapped[str] = mapped_column(Text, default="")
    prompt_answer: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(20), default="app")  # app|daylio|afterflow|csv
    # A fingerprint of an imported row, so importing the same file twice adds nothing.
    import_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    session: Mapped[TreatmentSession | None] = relationship()
    side_effects: Mapped[list[SideEffect]] = relationship(
        back_populates="entry", cascade="all, delete-orphan", order_by="SideEffect.id"
    )
    measures: Mapped[list[MeasureResponse]] = relationship(back_populates="entry")


class SideEffect(Base):
    __tablename__ = "side_effects"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(
        ForeignKey("journal_entries.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(100), index=True)
    severity: Mapped[int] = mapped_column(Integer)  # 0 none .. 3 severe
    note: Mapped[str] = mapped_column(Text, default="")

    entry: Mapped[JournalEntry] = relationship(back_populates="side_effects")


class MeasureResponse(Base):
    """A PHQ-9 or GAD-7 check-in. ``answers`` is None only for totals imported from CSV."""

    __tablename__ = "measure_responses"
    __table_args__ = (Index("ix_measure_responses_instrument_taken_at", "instrument", "taken_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    instrument: Mapped[str] = mapped_column(String(10))
    taken_at: Mapped[datetime] = mapped_column(DateTime)
    answers: Mapped[str | None] = mapped_column(String(40))  # JSON list of ints
    total: Mapped[int] = mapped_column(Integer)
    band: Mapped[str] = mapped_column(String(30))
    difficulty: Mapped[int | None] = mapped_column(Integer)
    entry_id: Mapped[int | None] = mapped_column(
        ForeignKey("journal_entries.id", ondelete="SET NULL"), index=True
    )

    entry: Mapped[JournalEntry | None] = relationship(back_populates="measures")


class Setting(Base):
    """Preferences as JSON values: theme, text size, reminders, contacts, preset lengths."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Draft(Base):
    """Autosaved unfinished input (a journal entry being written), restored after a crash."""

    __tablename__ = "drafts"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    payload: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
