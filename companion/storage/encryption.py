"""Encrypting a database in place and changing its passphrase (``companion encrypt``, Settings).

The order of steps is what keeps data safe: the write-ahead log is folded into the file, an
encrypted copy is written beside it, synced and checked row for row, the marker is written,
and only then does the copy replace the original, whose old bytes are overwritten. Every
plain copy elsewhere in the data folder (backups, a kept copy, SQLite's leftovers) is then
encrypted too or, when it cannot be read, erased: no plaintext is left behind.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from dataclasses import dataclass, field
from pathlib import Path

from companion.errors import UserError
from companion.storage import cipher, files, paths, snapshot
from companion.storage.cipher import WARNING, Key, WrongPassphrase
from companion.storage.database import Database
from companion.storage.errors import StorageError
from companion.storage.in_use import refuse_if_open


@dataclass
class Protected:
    """What happened to the other files in the data folder."""

    encrypted: list[Path] = field(default_factory=list)
    erased: list[Path] = field(default_factory=list)

    def summary(self) -> str:
        parts = []
        if self.encrypted:
            parts.append(f"{len(self.encrypted)} backup(s) were encrypted too")
        if self.erased:
            parts.append(f"{len(self.erased)} unreadable copy(ies) were erased")
        return "; ".join(parts)


def _fold_wal(path: Path, key: Key | None) -> None:
    """Move everything from the -wal into the file and leave WAL mode, so no -wal remains.

    This needs the only connection: another Companion window on the same data refuses it.
    """
    refuse_if_open(path, key)
    conn = cipher.connect(path, key)
    try:
        conn.execute("PRAGMA busy_timeout=2000")
        conn.execute("PRAGMA secure_delete=ON")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        mode = conn.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
    except cipher.database_errors() as exc:
        raise StorageError(
            f"Companion could not get {path} to itself ({exc}); close other Companion windows "
            "and try again. Nothing was changed."
        ) from None
    finally:
        conn.close()
    if str(mode).lower() != "delete" or any(p.exists() for p in files.sidecars(path)):
        raise StorageError(
            f"{path} is in use by another program; close it and try again. Nothing was changed."
        )


def _rewrite(path: Path, old: Key | None, new: Key, *, main: bool) -> None:
    """Replace ``path`` by a copy under ``new``, checked row for row before the switch."""
    with files.replacing(path) as temp:
        snapshot.copy(path, old, temp, new)
        if snapshot.table_counts(temp, new) != snapshot.table_counts(path, old):
            raise StorageError(
                f"The encrypted copy of {path} came out incomplete; nothing changed."
            )
        if main:
            cipher.write_marker(path)


def _protect_folder(
    data: Path, main: Path, keys: dict[bytes, Key], passphrase: str | None, new: Key
) -> Protected:
    """Bring every other database file under ``data`` to the key ``new``.

    Plain SQLite files are encrypted; files under an old key (``keys`` by salt, or derived
    from ``passphrase``) are re-keyed; plain files that cannot be read, SQLite leftovers and
    unfinished temporary files are overwritten and deleted. Other files are not ours to judge.
    """
    done = Protected()
    # The open database's own files are not looked into: reading a file that SQLite holds
    # open drops this process's locks on it, and with them the sign that Companion is open.
    skip = {main, cipher.marker_path(main), *files.sidecars(main)}
    for item in sorted(p for p in data.rglob("*") if p.is_file() and p not in skip):
        if _is_leftover(item):
            files.shred(item)
            done.erased.append(item)
            continue
        try:
            plain = cipher.is_plain_sqlite(item)
            ours = item.suffix == ".sqlite3"
            old = None if plain or not ours else _old_key(item, keys, passphrase)
        except (OSError, WrongPassphrase):
            continue
        if not plain and old is None:
            continue
        try:
            _rewrite(item, old, new, main=False)
            done.encrypted.append(item)
        except (StorageError, *cipher.database_errors()):
            if plain:
                files.shred(item)
                done.erased.append(item)
    return done


def _is_leftover(item: Path) -> bool:
    """An unfinished temporary file, or what SQLite left beside a plain (or vanished) file."""
    if item.name.endswith(".partial"):
        return True
    for suffix in files.SIDECAR_SUFFIXES:
        if item.name.endswith(suffix):
            base = item.with_name(item.name.removesuffix(suffix))
            return not base.exists() or cipher.is_plain_sqlite(base)
    return False


def _old_key(item: Path, keys: dict[bytes, Key], passphrase: str | None) -> Key | None:
    """The key an encrypted copy was made with, if it is one of ours; None otherwise."""
    salt = cipher.header(item)[: cipher.SALT_BYTES]
    if salt in keys:
        return keys[salt]
    if passphrase is None:
        return None
    key = cipher.key_for_file(passphrase, item)
    conn = cipher.connect(item, key, readonly=True)  # WrongPassphrase: not under this key
    conn.close()
    keys[salt] = key
    return key


def encrypt(db: Database, passphrase: str) -> Protected:
    """Encrypt the open, plain ``db`` in place, and every plain copy in its data folder."""
    if db.encrypted:
        raise UserError("companion: the database is already encrypted; nothing was changed")
    cipher.check_passphrase(passphrase)
    key = cipher.new_key(passphrase)
    with db.offline():
        _fold_wal(db.path, None)
        _rewrite(db.path, None, key, main=True)
        db.key = key
    return _protect_folder(db.path.parent, db.path, {}, None, key)


def change_passphrase(db: Database, current: str, new: str) -> Protected:
    """Re-encrypt the open, encrypted ``db`` and its backups under a new passphrase."""
    old = db.key
    if old is None:
        raise UserError("companion: the database is not encrypted yet; nothing was changed")
    if cipher.derive_key(current, old.salt) != old:
        raise WrongPassphrase("The current passphrase is not right; nothing was changed.")
    cipher.check_passphrase(new)
    key = cipher.new_key(new)
    with db.offline():
        _fold_wal(db.path, old)
        _rewrite(db.path, old, key, main=True)
        db.key = key
    return _protect_folder(db.path.parent, db.path, {old.salt: old}, current, key)


def _ask_passphrase() -> str:
    passphrase = cipher.passphrase_from_env()
    if passphrase:
        return passphrase
    if not sys.stdin.isatty():
        raise UserError(
            f"companion: set {cipher.PASSPHRASE_ENV}, or run encrypt in a terminal to type it"
        )
    print(WARNING, file=sys.stderr)
    first = getpass.getpass("New passphrase: ")
    if getpass.getpass("The same passphrase again: ") != first:
        raise UserError("companion: the two passphrases differ; nothing was changed")
    return first


def encrypt_command(args: argparse.Namespace, data: Path) -> int:
    path = paths.database_path(data)
    if not path.exists() or path.stat().st_size == 0:
        raise UserError(f"companion: there is no database at {path} yet; nothing to encrypt")
    if cipher.is_encrypted(path):
        raise UserError(
            f"companion: {path} is already encrypted; change its passphrase in Companion's Settings"
        )
    passphrase = _ask_passphrase()
    try:
        cipher.check_passphrase(passphrase)
    except StorageError as exc:
        raise UserError(f"companion: {exc}") from None
    db = Database.open(path)
    try:
        protected = encrypt(db, passphrase)
    finally:
        db.close()
    extra = protected.summary()
    print(f"Encrypted {path}{'; ' + extra if extra else ''}. Keep your passphrase safe.")
    return 0
