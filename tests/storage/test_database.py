"""The Database object on real SQLite files: creation, pragmas, migrations, refusals."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import func, inspect, select
from sqlalchemy.exc import IntegrityError

from companion.storage import database, paths
from companion.storage import models as m
from companion.storage.database import (
    Database,
    DatabaseTooNew,
    NotOurDatabase,
    copy_database,
    head_revision,
    stored_revision,
)
from tests.storage.bad_files import NOT_OURS, folder_fingerprint, sound_database


def _entry_count(path: Path, table: str = "journal_entries") -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        conn.close()


def test_open_creates_the_folder_and_a_migrated_database(tmp_path: Path) -> None:
    path = tmp_path / "new" / "deeper" / "companion.sqlite3"
    db = Database.open(path)
    try:
        assert path.is_file()
        assert db.revision() == head_revision()
        tables = set(inspect(db.engine).get_table_names())
        assert set(m.Base.metadata.tables) <= tables
        assert db.integrity_errors() == []
    finally:
        db.close()
    assert stored_revision(path) == head_revision()


def test_an_empty_file_is_treated_as_a_new_database(tmp_path: Path) -> None:
    path = tmp_path / "companion.sqlite3"
    path.touch()
    assert stored_revision(path) is None
    db = Database.open(path)
    db.close()
    assert stored_revision(path) == head_revision()


def test_every_connection_is_durable_and_strict(db: Database) -> None:
    with db.engine.connect() as first, db.engine.connect() as second:
        for conn in (first, second):
            pragma = lambda name, c=conn: c.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
            assert pragma("journal_mode") == "wal"
            assert pragma("foreign_keys") == 1
            assert pragma("busy_timeout") == 5000
            assert pragma("synchronous") == 2  # FULL


def test_foreign_keys_are_enforced(db: Database) -> None:
    with pytest.raises(IntegrityError), db.transaction() as s:
        s.add(m.SideEffect(entry_id=12345, name="Nausea", severity=1))
        s.flush()


def test_deleting_an_entry_cascades_to_its_side_effects(db: Database) -> None:
    from datetime import datetime

    with db.transaction() as s:
        entry = m.JournalEntry(entry_at=datetime(2026, 3, 1, 20, 0), mood=6)
        entry.side_effects.append(m.SideEffect(name="Nausea", severity=1))
        s.add(entry)
    with db.transaction() as s:
        # A bulk delete goes straight to SQLite: only ON DELETE CASCADE can remove the children.
        s.execute(m.JournalEntry.__table__.delete())
    with db.transaction() as s:
        assert s.scalar(select(func.count()).select_from(m.SideEffect)) == 0


def test_a_failed_transaction_writes_nothing(db: Database) -> None:
    with pytest.raises(RuntimeError), db.transaction() as s:
        s.add(m.Setting(key="theme", value='"dark"'))
        s.flush()
        raise RuntimeError("the patient closed the laptop")
    with db.transaction() as s:
        assert s.get(m.Setting, "theme") is None


def test_models_and_migrations_agree(db: Database) -> None:
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        differences = compare_metadata(context, m.Base.metadata)
    assert differences == []


def test_opening_an_up_to_date_database_keeps_no_copy(data_dir: Path) -> None:
    path = paths.database_path(data_dir)
    sound_database(path, days=30)
    Database.open(path).close()
    assert not paths.backups_dir(data_dir).exists()


NEXT_MIGRATION = '''"""a later version of the app adds a column"""

import sqlalchemy as sa
from alembic import op

revision = "9999"
down_revision = "{down}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("journal_entries") as batch:
        batch.add_column(sa.Column("weather", sa.Text(), nullable=True))
'''


def test_an_upgrade_keeps_a_copy_of_the_old_file(
    tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A newer app (simulated by one more migration after today's head) upgrades the file,
    after keeping a copy of it as it was."""
    path = paths.database_path(data_dir)
    sound_database(path, days=60)
    old_head, entries = head_revision(), _entry_count(path)
    side_effects = _entry_count(path, "side_effects")
    assert side_effects > 0
    scripts = tmp_path / "migrations"
    shutil.copytree(database.MIGRATIONS, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    (scripts / "versions" / "9999_next.py").write_text(NEXT_MIGRATION.format(down=old_head))
    monkeypatch.setattr(database, "MIGRATIONS", scripts)
    monkeypatch.setattr(database, "SCHEMA_REVISIONS", (*database.SCHEMA_REVISIONS, "9999"))

    db = Database.open(path)
    try:
        assert db.revision() == "9999"
        columns = {c["name"] for c in inspect(db.engine).get_columns("journal_entries")}
        assert "weather" in columns
    finally:
        db.close()
    assert _entry_count(path) == entries
    # The batch migration rebuilt journal_entries; rows pointing at it were not cascaded away.
    assert _entry_count(path, "side_effects") == side_effects

    (copy,) = paths.backups_dir(data_dir).glob("before-upgrade-*.sqlite3")
    assert old_head in copy.name
    monkeypatch.undo()  # read the copy as today's app would
    assert stored_revision(copy) == old_head
    assert _entry_count(copy) == entries


def test_copy_database_makes_a_consistent_snapshot_of_an_open_database(
    db: Database, tmp_path: Path
) -> None:
    with db.transaction() as s:
        s.add(m.Setting(key="contacts.clinic", value='"Riverside, 555-0100"'))
    target = tmp_path / "snapshots" / "copy.sqlite3"
    copy_database(db.path, target)  # while ``db`` is open, its last write only in the WAL
    conn = sqlite3.connect(target)
    try:
        rows = conn.execute("SELECT value FROM settings WHERE key='contacts.clinic'").fetchall()
    finally:
        conn.close()
    assert rows == [('"Riverside, 555-0100"',)]
    assert stored_revision(target) == head_revision()


def test_a_database_from_a_newer_app_is_refused_and_left_alone(data_dir: Path) -> None:
    path = paths.database_path(data_dir)
    sound_database(path, days=30)
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE alembic_version SET version_num = 'f00dcafe'")
    conn.close()
    before = folder_fingerprint(data_dir)
    with pytest.raises(DatabaseTooNew, match="newer version of Companion"):
        Database.open(path)
    assert folder_fingerprint(data_dir) == before


@pytest.mark.parametrize("make", NOT_OURS.values(), ids=NOT_OURS.keys())
def test_a_file_that_is_not_ours_is_refused_and_left_alone(
    data_dir: Path, make: Callable[[Path], None]
) -> None:
    data_dir.mkdir(parents=True)
    path = paths.database_path(data_dir)
    make(path)
    before = folder_fingerprint(data_dir)
    assert list(before) == [path.name]
    with pytest.raises(NotOurDatabase) as raised:
        Database.open(path)
    assert str(path) in str(raised.value)
    assert "\n" not in str(raised.value)
    assert folder_fingerprint(data_dir) == before  # same bytes, no -wal, -shm or backups


def test_a_database_in_use_is_read_with_its_wal(db: Database) -> None:
    """What is committed but not yet checkpointed lives in the -wal file: a look from outside
    must read it rather than ignore it."""
    with db.transaction() as s:
        s.add(m.Setting(key="contacts.trusted", value='"Sam, 555-0199"'))
    assert db.path.with_name(db.path.name + "-wal").stat().st_size > 0
    conn = database.read_only(db.path)
    try:
        rows = conn.execute("SELECT value FROM settings").fetchall()
    finally:
        conn.close()
    assert rows == [('"Sam, 555-0199"',)]
    assert stored_revision(db.path) == head_revision()


def test_the_revision_list_kept_for_start_up_matches_the_migrations() -> None:
    from companion.storage.database import SCHEMA_REVISIONS, known_revisions

    assert list(SCHEMA_REVISIONS) == known_revisions()


def test_an_up_to_date_database_opens_without_alembic(data_dir: Path) -> None:
    import subprocess
    import sys

    Database.open(paths.database_path(data_dir)).close()
    code = (
        "import sys; from pathlib import Path; from companion.storage.database import Database; "
        f"Database.open(Path({str(paths.database_path(data_dir))!r})).close(); "
        "print('alembic' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
