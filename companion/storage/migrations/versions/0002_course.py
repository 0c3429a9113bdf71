"""course plans: half-day spacing and a second phase

Esketamine is often twice a week (every 3.5 days) for four weeks, then weekly: the course
keeps its spacing as a float and gains `then_count` / `then_spacing_days`.

Every step alters the table in place. A batch "recreate" would DROP the courses table, and
with foreign keys on (they are, inside the upgrade transaction) that drop cascades: goals
would be deleted and appointments unlinked.

Revision ID: 0002_course
Revises: 0001
"""

from alembic import op

revision = "0002_course"
down_revision = "0001"
branch_labels = None
depends_on = None


def _retype_spacing(sql_type: str, value: str) -> None:
    """Give courses.spacing_days a new declared type, keeping its values and its place."""
    op.execute(f"ALTER TABLE courses ADD COLUMN spacing_new {sql_type} NOT NULL DEFAULT 3")
    op.execute(f"UPDATE courses SET spacing_new = {value}")
    op.execute("ALTER TABLE courses DROP COLUMN spacing_days")
    op.execute("ALTER TABLE courses RENAME COLUMN spacing_new TO spacing_days")


def upgrade() -> None:
    _retype_spacing("FLOAT", "spacing_days")
    op.execute("ALTER TABLE courses ADD COLUMN then_count INTEGER NOT NULL DEFAULT 0")
    op.execute("ALTER TABLE courses ADD COLUMN then_spacing_days INTEGER NOT NULL DEFAULT 7")


def downgrade() -> None:
    op.execute("ALTER TABLE courses DROP COLUMN then_spacing_days")
    op.execute("ALTER TABLE courses DROP COLUMN then_count")
    # A half day (twice a week) becomes the next whole day.
    _retype_spacing("INTEGER", "CAST(ROUND(spacing_days + 0.49) AS INTEGER)")
