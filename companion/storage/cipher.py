"""SQLCipher keys and connections (reference/clinical.md, Privacy).

The key is derived here with scrypt and handed to SQLCipher as raw hex together with its salt,
so SQLCipher runs no key derivation of its own and every encrypted file carries the salt of
its key in its first 16 bytes: a backup can be opened with its passphrase alone. A small,
non-secret marker file beside the database says that it is encrypted, which tells an
encrypted database apart from a garbage file. Keys never appear in messages or logs: they are
set through the DB-API directly, never through SQLAlchemy (whose errors quote statements).
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import sqlite3
from pathlib import Path
from types import ModuleType
from typing import Any

from companion.storage.errors import StorageError

#: Said wherever a passphrase is chosen (here, so the unlock screen need not load the database).
WARNING = (
    "If you forget this passphrase, your journal cannot be opened again: not by you, not by "
    "your clinic, not by the makers of Companion. There is no reset."
)

PASSPHRASE_ENV = "COMPANION_PASSPHRASE"
SQLITE_MAGIC = b"SQLite format 3\x00"
SALT_BYTES = 16
MIN_PASSPHRASE = 8
#: OWASP's recommended scrypt cost (128 MiB, a few tenths of a second): once per unlock.
KDF = {"name": "scrypt", "n": 2**17, "r": 8, "p": 1}
_MARKER_SUFFIX = ".encrypted"


class PassphraseNeeded(StorageError):
    """The database is encrypted and no passphrase was given."""

    @classmethod
    def for_file(cls, path: Path) -> PassphraseNeeded:
        return cls(
            f"{path} is encrypted; set {PASSPHRASE_ENV} to its passphrase (nothing was changed)"
        )


class WrongPassphrase(StorageError):
    """The passphrase does not open this file (or the file is not an encrypted database)."""


class EncryptionUnavailable(StorageError):
    """SQLCipher is missing; Companion refuses to run encrypted on plain SQLite."""


class Key:
    """A derived database key with its salt. Prints as ``Key(hidden)``, never its bytes."""

    __slots__ = ("_raw", "salt")

    def __init__(self, raw: bytes, salt: bytes) -> None:
        self._raw = raw
        self.salt = salt

    def pragma_value(self) -> str:
        """SQLCipher's raw key form with an explicit salt: ``x'<key hex><salt hex>'``."""
        return f"x'{self._raw.hex()}{self.salt.hex()}'"

    def __repr__(self) -> str:
        return "Key(hidden)"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Key) and secrets.compare_digest(
            self._raw + self.salt, other._raw + other.salt
        )

    def __hash__(self) -> int:
        return hash(self.salt)


def check_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise StorageError(f"A passphrase needs at least {MIN_PASSPHRASE} characters.")


def derive_key(passphrase: str, salt: bytes) -> Key:
    raw = hashlib.scrypt(
        passphrase.encode("utf-8"),
        salt=salt,
        n=KDF["n"],
        r=KDF["r"],
        p=KDF["p"],
        maxmem=256 * 1024 * 1024,
        dklen=32,
    )
    return Key(raw, salt)


def new_key(passphrase: str) -> Key:
    return derive_key(passphrase, os.urandom(SALT_BYTES))


def header(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(len(SQLITE_MAGIC))


def is_plain_sqlite(path: Path) -> bool:
    return header(path) == SQLITE_MAGIC


def key_for_file(passphrase: str, path: Path, known: Key | None = None) -> Key:
    """The key of an encrypted file: its salt is the file's first 16 bytes.

    ``known`` is reused when the salt matches, which saves a derivation for our own backups.
    """
    salt = header(path)[:SALT_BYTES]
    if len(salt) < SALT_BYTES:
        raise WrongPassphrase(f"{path} is too short to be an encrypted Companion database")
    if known is not None and known.salt == salt:
        return known
    return derive_key(passphrase, salt)


def marker_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + _MARKER_SUFFIX)


def write_marker(db_path: Path) -> None:
    """Durably note that ``db_path`` is encrypted (written before the encrypted file lands)."""
    from companion.storage.files import fsync_dir, fsync_file, private_file

    marker = marker_path(db_path)
    temp = marker.with_name(marker.name + ".partial")
    text = json.dumps({"format": "sqlcipher4", "kdf": KDF, "key": "raw with salt"}, indent=1)
    try:
        private_file(temp).write_text(text + "\n", encoding="utf-8")
        fsync_file(temp)
        os.replace(temp, marker)
    except OSError:
        temp.unlink(missing_ok=True)
        raise
    fsync_dir(marker.parent)


def is_encrypted(db_path: Path) -> bool:
    """A marked database whose file is not plain SQLite (the marker alone can be stale)."""
    if not marker_path(db_path).exists() or not db_path.exists():
        return False
    return db_path.stat().st_size > 0 and not is_plain_sqlite(db_path)


def passphrase_from_env() -> str | None:
    return os.environ.get(PASSPHRASE_ENV) or None


def sqlcipher() -> ModuleType:
    """The SQLCipher DB-API module, or a clear refusal when it is not installed."""
    try:
        from sqlcipher3 import dbapi2
    except ImportError:
        raise EncryptionUnavailable(
            "This installation of Companion has no SQLCipher (the sqlcipher3 package), so it "
            "cannot open or create an encrypted database."
        ) from None
    return dbapi2


def database_errors() -> tuple[type[Exception], ...]:
    """Errors a damaged or foreign file can raise, from plain SQLite and from SQLCipher."""
    try:
        return (sqlite3.DatabaseError, sqlcipher().DatabaseError)
    except EncryptionUnavailable:
        return (sqlite3.DatabaseError,)


def readonly_mode(path: Path) -> str:
    """URI parameters for a look that can neither change the file nor leave -wal/-shm files.

    ``immutable`` is safe only while no -wal or -journal file exists, i.e. no other connection
    is writing and no crashed one left work to recover; otherwise plain ``mode=ro``.
    """
    busy = any(path.with_name(path.name + end).exists() for end in ("-wal", "-journal"))
    return "mode=ro" if busy else "mode=ro&immutable=1"


def _hot_journal(path: Path) -> bool:
    journal = path.with_name(path.name + "-journal")
    return journal.exists() and journal.stat().st_size > 0


def _roll_back(path: Path, key: Key | None, with_cipher: bool) -> None:
    """Finish SQLite's own crash recovery, which a read-only connection cannot do.

    A process killed in a rollback-journal write (switching to WAL mode, say) leaves a hot
    journal; the next writable connection puts the file back as it was before that write.
    This is what opening Companion would do anyway: it restores, it never changes, content.
    """
    conn = connect(path, key, with_cipher=with_cipher)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    finally:
        conn.close()


def connect(
    path: Path, key: Key | None, *, readonly: bool = False, with_cipher: bool = False, **extra: Any
) -> Any:
    """A DB-API connection: plain SQLite without a key, SQLCipher with one (verified).

    ``with_cipher`` opens a plain file through SQLCipher too (for ``sqlcipher_export``).
    Raises ``WrongPassphrase`` when the key does not open the file and
    ``EncryptionUnavailable`` when the SQLCipher library does not really encrypt.
    """
    if readonly and _hot_journal(path):
        _roll_back(path, key, with_cipher)
    uri = f"{path.as_uri()}?{readonly_mode(path) if readonly else 'mode=rwc'}"
    if key is None and not with_cipher:
        return sqlite3.connect(uri, uri=True, check_same_thread=False, **extra)
    module = sqlcipher()
    conn = module.connect(uri, uri=True, check_same_thread=False, **extra)
    try:
        cursor = conn.cursor()
        cursor.execute("PRAGMA cipher_log_level = NONE")  # no "hmac check failed" on stderr
        if not cursor.execute("PRAGMA cipher_version").fetchone():
            raise EncryptionUnavailable(
                "The installed SQLCipher library does not encrypt; Companion will not store "
                "your journal unencrypted while you asked for a passphrase."
            )
        if key is None:
            return conn
        cursor.execute(f'PRAGMA key = "{key.pragma_value()}"')
        try:
            cursor.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except module.DatabaseError as exc:
            if "not a database" not in str(exc):
                raise  # damage, a locked or a read-only file: not a matter of the key
            raise WrongPassphrase(
                f"The passphrase does not open {path} (or it is not a Companion database)."
            ) from None
        cursor.execute("PRAGMA temp_store = MEMORY")
        cursor.close()
    except BaseException:
        conn.close()
        raise
    return conn
