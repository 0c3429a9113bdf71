"""initial schema

Revision ID: 0001
Revises: (none)
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "checklist_templates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("route", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checklist_templates")),
        sa.UniqueConstraint("route", name=op.f("uq_checklist_templates_route")),
    )
    op.create_table(
        "courses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("route", sa.String(length=20), nullable=False),
        sa.Column("planned_count", sa.Integer(), nullable=False),
        sa.Column("spacing_days", sa.Integer(), nullable=False),
        sa.Column("started_on", sa.DateTime(), nullable=False),
        sa.Column("ended_on", sa.DateTime(), nullable=True),
        sa.Column("expectations", sa.Text(), nullable=False),
        sa.Column("worries", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_courses")),
    )
    op.create_table(
        "drafts",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_drafts")),
    )
    op.create_table(
        "settings",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_settings")),
    )
    op.create_table(
        "appointments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("starts_at", sa.DateTime(), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=True),
        sa.Column("route", sa.String(length=20), nullable=False),
        sa.Column("clinic", sa.String(length=300), nullable=False),
        sa.Column("questions", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("intention", sa.Text(), nullable=False),
        sa.Column("systolic", sa.Integer(), nullable=True),
        sa.Column("diastolic", sa.Integer(), nullable=True),
        sa.Column("pulse", sa.Integer(), nullable=True),
        sa.Column("course_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["course_id"],
            ["courses.id"],
            name=op.f("fk_appointments_course_id_courses"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appointments")),
    )
    with op.batch_alter_table("appointments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_appointments_starts_at"), ["starts_at"], unique=False)

    op.create_table(
        "checklist_template_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("template_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("offset_minutes", sa.Integer(), nullable=True),
        sa.Column("category", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["template_id"],
            ["checklist_templates.id"],
            name=op.f("fk_checklist_template_items_template_id_checklist_templates"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checklist_template_items")),
    )
    with op.batch_alter_table("checklist_template_items", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_checklist_template_items_template_id"), ["template_id"], unique=False
        )

    op.create_table(
        "goals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["course_id"],
            ["courses.id"],
            name=op.f("fk_goals_course_id_courses"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_goals")),
    )
    op.create_table(
        "appointment_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("appointment_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("offset_minutes", sa.Integer(), nullable=True),
        sa.Column("category", sa.String(length=40), nullable=False),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["appointment_id"],
            ["appointments.id"],
            name=op.f("fk_appointment_items_appointment_id_appointments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appointment_items")),
    )
    with op.batch_alter_table("appointment_items", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_appointment_items_appointment_id"), ["appointment_id"], unique=False
        )

    op.create_table(
        "sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("appointment_id", sa.Integer(), nullable=True),
        sa.Column("route", sa.String(length=20), nullable=False),
        sa.Column("duration_s", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.Column("elapsed_s", sa.Float(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("mood_before", sa.Integer(), nullable=True),
        sa.Column("intention", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["appointment_id"],
            ["appointments.id"],
            name=op.f("fk_sessions_appointment_id_appointments"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sessions")),
    )
    with op.batch_alter_table("sessions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_sessions_appointment_id"), ["appointment_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_sessions_started_at"), ["started_at"], unique=False)

    op.create_table(
        "goal_ratings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("goal_id", sa.Integer(), nullable=False),
        sa.Column("rated_at", sa.DateTime(), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["goal_id"],
            ["goals.id"],
            name=op.f("fk_goal_ratings_goal_id_goals"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["sessions.id"],
            name=op.f("fk_goal_ratings_session_id_sessions"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_goal_ratings")),
    )
    with op.batch_alter_table("goal_ratings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_goal_ratings_goal_id"), ["goal_id"], unique=False)

    op.create_table(
        "journal_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_at", sa.DateTime(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("mood", sa.Integer(), nullable=True),
        sa.Column("anxiety", sa.Integer(), nullable=True),
        sa.Column("mood_before", sa.Integer(), nullable=True),
        sa.Column("tags", sa.Text(), nullable=False),
        sa.Column("systolic", sa.Integer(), nullable=True),
        sa.Column("diastolic", sa.Integer(), nullable=True),
        sa.Column("pulse", sa.Integer(), nullable=True),
        sa.Column("reflections", sa.Text(), nullable=False),
        sa.Column("therapist_notes", sa.Text(), nullable=False),
        sa.Column("prompt", sa.Text(), nullable=False),
        sa.Column("prompt_answer", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("import_key", sa.String(length=64), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["sessions.id"],
            name=op.f("fk_journal_entries_session_id_sessions"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_journal_entries")),
        sa.UniqueConstraint("import_key", name=op.f("uq_journal_entries_import_key")),
    )
    with op.batch_alter_table("journal_entries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_journal_entries_entry_at"), ["entry_at"], unique=False)
        batch_op.create_index(
            "ix_journal_entries_kind_entry_at", ["kind", "entry_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_journal_entries_session_id"), ["session_id"], unique=False
        )

    op.create_table(
        "session_markers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("elapsed_s", sa.Float(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["sessions.id"],
            name=op.f("fk_session_markers_session_id_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_session_markers")),
    )
    with op.batch_alter_table("session_markers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_session_markers_session_id"), ["session_id"], unique=False
        )

    op.create_table(
        "session_pauses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("paused_at", sa.DateTime(), nullable=False),
        sa.Column("resumed_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["sessions.id"],
            name=op.f("fk_session_pauses_session_id_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_session_pauses")),
    )
    with op.batch_alter_table("session_pauses", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_session_pauses_session_id"), ["session_id"], unique=False
        )

    op.create_table(
        "measure_responses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("instrument", sa.String(length=10), nullable=False),
        sa.Column("taken_at", sa.DateTime(), nullable=False),
        sa.Column("answers", sa.String(length=40), nullable=True),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("band", sa.String(length=30), nullable=False),
        sa.Column("difficulty", sa.Integer(), nullable=True),
        sa.Column("entry_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["journal_entries.id"],
            name=op.f("fk_measure_responses_entry_id_journal_entries"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_measure_responses")),
    )
    with op.batch_alter_table("measure_responses", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_measure_responses_entry_id"), ["entry_id"], unique=False
        )
        batch_op.create_index(
            "ix_measure_responses_instrument_taken_at", ["instrument", "taken_at"], unique=False
        )

    op.create_table(
        "side_effects",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("severity", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["journal_entries.id"],
            name=op.f("fk_side_effects_entry_id_journal_entries"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_side_effects")),
    )
    with op.batch_alter_table("side_effects", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_side_effects_entry_id"), ["entry_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_side_effects_name"), ["name"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("side_effects", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_side_effects_name"))
        batch_op.drop_index(batch_op.f("ix_side_effects_entry_id"))

    op.drop_table("side_effects")
    with op.batch_alter_table("measure_responses", schema=None) as batch_op:
        batch_op.drop_index("ix_measure_responses_instrument_taken_at")
        batch_op.drop_index(batch_op.f("ix_measure_responses_entry_id"))

    op.drop_table("measure_responses")
    with op.batch_alter_table("session_pauses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_session_pauses_session_id"))

    op.drop_table("session_pauses")
    with op.batch_alter_table("session_markers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_session_markers_session_id"))

    op.drop_table("session_markers")
    with op.batch_alter_table("journal_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_journal_entries_session_id"))
        batch_op.drop_index("ix_journal_entries_kind_entry_at")
        batch_op.drop_index(batch_op.f("ix_journal_entries_entry_at"))

    op.drop_table("journal_entries")
    with op.batch_alter_table("goal_ratings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_goal_ratings_goal_id"))

    op.drop_table("goal_ratings")
    with op.batch_alter_table("sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sessions_started_at"))
        batch_op.drop_index(batch_op.f("ix_sessions_appointment_id"))

    op.drop_table("sessions")
    with op.batch_alter_table("appointment_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_appointment_items_appointment_id"))

    op.drop_table("appointment_items")
    op.drop_table("goals")
    with op.batch_alter_table("checklist_template_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_checklist_template_items_template_id"))

    op.drop_table("checklist_template_items")
    with op.batch_alter_table("appointments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_appointments_starts_at"))

    op.drop_table("appointments")
    op.drop_table("settings")
    op.drop_table("drafts")
    op.drop_table("courses")
    op.drop_table("checklist_templates")
