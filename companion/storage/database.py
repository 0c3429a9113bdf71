"""The one object that owns the SQLite engine and the session factory.

Opening is careful with files that are not ours: a database is first looked at through a
read-only connection, and anything unexpected is refused before a single byte is written.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from companion.storage import paths
from companion.storage.errors import DatabaseTooNew, NotOurDatabase, StorageError

log = logging.getLogger("companion.storage")

SQLITE_MAGIC = b"SQLite format 3\x00"
MIGRATIONS = Path(__file__).with_name("migrations")


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def known_revisions() -> list[str]:
    """Every revision this app knows, oldest first."""
    script = ScriptDirectory.from_config(_alembic_config())
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def head_revision() -> str:
    return known_revisions()[-1]


def stored_revision(path: Path) -> str | None:
    """Look at a database file without changing it.

    Returns None for a missing or empty file (a new database), the Alembic revision for one of
    ours, and raises ``NotOurDatabase`` or ``DatabaseTooNew`` for anything else.
    """
    if not path.exists() or path.stat().st_size == 0:
        return None
    with path.open("rb") as handle:
        if handle.read(16) != SQLITE_MAGIC:
            raise NotOurDatabase(f"{path} is not a Companion database (not an SQLite file)")
    try:
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        try:
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
            if "alembic_version" not in tables or "journal_entries" not in tables:
                raise NotOurDatabase(
                    f"{path} is an SQLite file of another program, not Companion's"
                )
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise NotOurDatabase(f"{path} is damaged or not a Companion database ({exc})") from exc
    if row is None:
        raise NotOurDatabase(f"{path} has no schema version; it is not a Companion database")
    if row[0] not in known_revisions():
        raise DatabaseTooNew(
            f"{path} was written by a newer version of Companion; please update the app "
            "(your data has not been changed)"
        )
    return str(row[0])


def _set_pragmas(dbapi_conn: sqlite3.Connection, _record: object) -> None:
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA journal_mode=WAL")
    # FULL makes a committed transaction survive a power cut, not only a crash.
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()


def copy_database(source: Path, target: Path) -> None:
    """A consistent snapshot through SQLite's backup API (safe while the source is open)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(f"{source.as_uri()}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


class Database:
    """Owns the engine and the session factory of one database file."""

    def __init__(self, path: Path, engine: Engine) -> None:
        self.path = path
        self.engine = engine
        self.sessions = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def open(cls, path: Path) -> Database:
        """Open (or create) the database at ``path`` and bring its schema up to date.

        Before an upgrade a copy of the old file is kept in the backups folder.
        """
        revision = stored_revision(path)
        head = head_revision()
        if revision is not None and revision != head:
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            keep = paths.backups_dir(path.parent) / f"before-upgrade-{revision}-{stamp}.sqlite3"
            copy_database(path, keep)
            log.info("kept a copy of the database before upgrading: %s", keep)
        path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(f"sqlite:///{path}", connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _set_pragmas)
        db = cls(path, engine)
        try:
            db.upgrade()
        except Exception:
            engine.dispose()
            raise
        return db

    def upgrade(self) -> None:
        config = _alembic_config()
        with self.engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, "head")

    def revision(self) -> str | None:
        with self.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: commits on success, rolls back on any error."""
        with self.sessions.begin() as session:
            yield session

    def integrity_errors(self) -> list[str]:
        """``PRAGMA integrity_check`` findings; empty when the file is sound."""
        with self.engine.connect() as conn:
            rows = conn.exec_driver_sql("PRAGMA integrity_check").fetchall()
        found = [str(row[0]) for row in rows]
        return [] if found == ["ok"] else found

    def close(self) -> None:
        self.engine.dispose()


__all__ = ["Database", "DatabaseTooNew", "NotOurDatabase", "StorageError"]
