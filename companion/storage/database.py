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
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy import exc as sql_errors
from sqlalchemy.orm import Session, sessionmaker

from companion.storage import cipher, files, paths, snapshot
from companion.storage.cipher import Key, PassphraseNeeded
from companion.storage.errors import (
    DatabaseTooNew,
    ForeignDatabase,
    NotOurDatabase,
    StorageError,
)

log = logging.getLogger("companion.storage")

MIGRATIONS = Path(__file__).with_name("migrations")


#: The migration chain, oldest first, exactly as Alembic reads it from migrations/ (a test
#: keeps the two equal). Knowing it here lets an up-to-date database open without importing
#: Alembic at all, which is a large share of the start-up time.
SCHEMA_REVISIONS = ("0001", "0002_course")


def _alembic_config() -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def known_revisions() -> list[str]:
    """Every revision in migrations/, oldest first, as Alembic reads them."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_alembic_config())
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def head_revision() -> str:
    return SCHEMA_REVISIONS[-1]


def read_only(path: Path, key: Key | None = None) -> Any:
    """A connection that can neither change the file nor leave -wal/-shm files beside it.

    A read-only connection to a WAL database creates -shm and -wal files it cannot remove.
    ``immutable`` avoids that, and is safe only while no -wal or -journal file exists, i.e.
    no other connection is writing and no crashed one left work to recover.
    With a ``key`` the connection is SQLCipher's (see ``cipher.connect``).
    """
    return cipher.connect(path, key, readonly=True)


def stored_revision(path: Path, key: Key | None = None) -> str | None:
    """Look at a database file without changing it.

    Returns None for a missing or empty file or one without tables (a new database), the
    Alembic revision for one of ours, and raises ``NotOurDatabase`` or ``DatabaseTooNew`` for
    anything else. An encrypted file needs its ``key`` (``PassphraseNeeded`` without one,
    ``WrongPassphrase`` for a wrong one); a plain file ignores the key.
    """
    if not path.exists() or path.stat().st_size == 0:
        return None
    if cipher.is_plain_sqlite(path):
        key = None
    elif key is None and cipher.is_encrypted(path):
        raise PassphraseNeeded.for_file(path)
    elif key is None:
        raise NotOurDatabase(f"{path} is not a Companion database (not an SQLite file)")
    try:
        conn = read_only(path, key)
        try:
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
            if not tables:
                return None  # no schema yet: a first start that was cut short holds no data
            if "alembic_version" not in tables or "journal_entries" not in tables:
                raise ForeignDatabase(
                    f"{path} is an SQLite file of another program, not Companion's"
                )
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            conn.close()
    except (*cipher.database_errors(), UnicodeDecodeError) as exc:  # a damaged name is not text
        fault = snapshot.disk_fault(exc)
        if fault is not None:  # a full or failing disk, not a damaged file: never "restore it"
            raise files.write_error(path, fault) from exc
        raise NotOurDatabase(f"{path} is damaged or not a Companion database ({exc})") from exc
    if row is None:
        raise ForeignDatabase(f"{path} has no schema version; it is not a Companion database")
    if row[0] not in SCHEMA_REVISIONS:
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
    # Deleted entries are zeroed, not left readable in free pages; no temporary files on disk.
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.execute("PRAGMA temp_store=MEMORY")
    cursor.close()
    # Python's sqlite3 opens no transaction before CREATE or ALTER, so a migration killed
    # half-way would stay half done. SQLAlchemy's recipe: the driver leaves transactions
    # alone and ``_begin`` opens every one, DDL included.
    dbapi_conn.isolation_level = None


def _begin(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN")


def copy_database(source: Path, target: Path, key: Key | None = None) -> None:
    """A consistent snapshot (safe while the source is open), encrypted when ``key`` is given."""
    snapshot.copy(source, key, target, key)


def _make_private(path: Path) -> None:
    """The data folder and the database file, owner-only: created so, or tightened when an
    older Companion made them readable by others. SQLite gives -wal and -shm the file's mode."""
    files.private_folder(path.parent)
    files.private_file(path)
    for other in (*files.sidecars(path), cipher.marker_path(path)):
        files.tighten(other)


def _engine(path: Path, key: Key | None) -> Engine:
    if key is None:
        engine = create_engine(f"sqlite:///{path}", connect_args={"check_same_thread": False})
    else:
        # The key goes in through the DB-API in ``cipher.connect``, never as SQL text that
        # SQLAlchemy could quote in an error message.
        engine = create_engine(
            f"sqlite:///{path}",
            module=cipher.sqlcipher(),
            creator=lambda: cipher.connect(path, key),
        )
    event.listen(engine, "connect", _set_pragmas)
    event.listen(engine, "begin", _begin)
    return engine


def key_for(path: Path, passphrase: str | None = None) -> Key | None:
    """The key to open ``path`` with: an encrypted file takes ``passphrase`` or the
    environment's; a new file is created encrypted only when ``passphrase`` is given."""
    if cipher.is_encrypted(path):
        passphrase = passphrase or cipher.passphrase_from_env()
        if not passphrase:
            raise PassphraseNeeded.for_file(path)
        return cipher.key_for_file(passphrase, path)
    if passphrase is not None and (not path.exists() or path.stat().st_size == 0):
        cipher.check_passphrase(passphrase)
        return cipher.new_key(passphrase)
    return None


class Database:
    """Owns the engine and the session factory of one database file."""

    def __init__(self, path: Path, engine: Engine, key: Key | None = None) -> None:
        self.path = path
        self.engine = engine
        self.key = key
        self.sessions = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def open(cls, path: Path, passphrase: str | None = None) -> Database:
        """Open (or create) the database at ``path`` and bring its schema up to date.

        An encrypted database takes ``passphrase``, else ``COMPANION_PASSPHRASE``; a new one is
        created encrypted when ``passphrase`` is given. Before an upgrade a copy of the old
        file is kept in the backups folder. A folder or file Companion may not write to is
        refused first.
        """
        paths.check_writable(path)
        key = key_for(path, passphrase)
        revision = stored_revision(path, key)
        head = head_revision()
        _make_private(path)
        if revision is not None and revision != head:
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            backups = files.private_folder(paths.backups_dir(path.parent))
            keep = backups / f"before-upgrade-{revision}-{stamp}.sqlite3"
            copy_database(path, keep, key)
            log.info("kept a copy of the database before upgrading: %s", keep)
        if revision is None and key is not None:
            cipher.write_marker(path)
        elif revision is None:
            cipher.marker_path(path).unlink(missing_ok=True)
        engine = _engine(path, key)
        db = cls(path, engine, key)
        try:
            if revision != head:
                db.upgrade()
        except Exception:
            engine.dispose()
            raise
        return db

    def upgrade(self) -> None:
        """Apply the migrations this file lacks, in one transaction.

        Foreign keys are off meanwhile: a batch migration rebuilds a table by dropping it,
        and with them on the drop would cascade into every row that points at it. The keys
        are checked before the transaction commits.
        """
        from alembic import command

        config = _alembic_config()
        with self.engine.connect() as conn:
            raw = conn.connection.dbapi_connection
            assert raw is not None
            raw.execute("PRAGMA foreign_keys=OFF")  # outside a transaction, as SQLite needs
            try:
                with conn.begin():
                    config.attributes["connection"] = conn
                    command.upgrade(config, "head")
                    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise StorageError(
                            f"upgrading {self.path} would break links between rows "
                            f"({broken[0][0]}); the database was not changed"
                        )
            finally:
                raw.execute("PRAGMA foreign_keys=ON")

    def revision(self) -> str | None:
        from alembic.runtime.migration import MigrationContext

        with self.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: commits on success, rolls back on any error.

        A full, read-only or failing disk is a refusal with its reason, not a fault: the work
        was rolled back, so nothing was changed.
        """
        try:
            with self.sessions.begin() as session:
                yield session
        except sql_errors.OperationalError as error:
            fault = snapshot.disk_fault(error.orig)
            if fault is None:
                raise
            raise files.write_error(self.path, fault) from error

    def integrity_errors(self) -> list[str]:
        """``PRAGMA integrity_check`` findings; empty when the file is sound."""
        return self._findings("integrity_check")

    def quick_check(self) -> list[str]:
        """``PRAGMA quick_check``: the start-up test, fast even on years of entries."""
        return self._findings("quick_check")

    def _findings(self, pragma: str) -> list[str]:
        """The check's findings. A page damaged badly enough stops the check itself with
        "database disk image is malformed": that is a finding too, not a fault. A file the
        check could not read at all (locked, an I/O error) is refused, not called damaged."""
        try:
            with self.engine.connect() as conn:
                rows = conn.exec_driver_sql(f"PRAGMA {pragma}").fetchall()
        except sql_errors.OperationalError as error:
            raise StorageError(
                f"{self.path} could not be checked ({error.orig}); nothing was changed"
            ) from error
        except sql_errors.DatabaseError as error:
            return [str(error.orig)]
        found = [str(row[0]) for row in rows]
        return [] if found == ["ok"] else found

    @property
    def encrypted(self) -> bool:
        return self.key is not None

    @contextmanager
    def offline(self) -> Iterator[None]:
        """Close every connection for work on the file itself (encrypt, restore).

        The body may switch the file and set ``self.key``; the engine is rebuilt afterwards,
        also after an error, and the schema brought up to date. Run it where no other
        database work can interleave (the GUI's worker thread, or the command line).
        """
        self.engine.dispose()
        try:
            yield
        finally:
            self.engine = _engine(self.path, self.key)
            self.sessions.configure(bind=self.engine)
        self.upgrade()

    def close(self) -> None:
        """Close every connection and forget the key (the app lock relies on this)."""
        self.engine.dispose()
        self.key = None


__all__ = ["Database", "DatabaseTooNew", "NotOurDatabase", "StorageError"]
