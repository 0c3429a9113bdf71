"""Backups and restores: ``companion backup`` / ``companion restore`` and the same in the GUI.

A backup is a consistent snapshot, encrypted with the database's key when the database is
encrypted, checked after writing and switched into place atomically. A restore first checks
the file completely (ours, a known schema version, a sound integrity check), keeps the current
database as a dated copy, and only then switches; a refusal touches nothing. It is refused
while another Companion has the journal open, which would go on writing into the old file.
"""

from __future__ import annotations

import argparse
import codecs
from contextlib import closing
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from companion.errors import UserError
from companion.storage import cipher, files, paths, snapshot
from companion.storage.cipher import Key
from companion.storage.database import Database, stored_revision
from companion.storage.errors import NotOurDatabase, StorageError
from companion.storage.in_use import refuse_if_open
from companion.storage.maintenance import integrity_problems
from companion.storage.settings import INSTALLATION_ID

AUTO_PREFIX = "auto-"
AUTO_KEEP = 7


def sound_revision(path: Path, key: Key | None) -> str:
    """The schema revision of a file that is ours, known and sound; refuses anything else."""
    revision = stored_revision(path, key)
    if revision is None:
        raise NotOurDatabase(f"{path} is empty; it is not a Companion backup")
    problems = integrity_problems(path, key)
    if problems:
        raise NotOurDatabase(f"{path} is damaged: {problems[0]}")
    return revision


def _refuse_own_files(db_path: Path, target: Path) -> None:
    own = {db_path, cipher.marker_path(db_path), *files.sidecars(db_path)}
    if target.resolve() in {p.resolve() for p in own}:
        raise UserError(f"companion: {target} is the database itself; choose another file")
    if target.is_dir():
        raise UserError(f"companion: {target} is a folder; give a file name for the backup")


def write_backup(db: Database, output: Path) -> Path:
    """Write a checked snapshot of ``db`` to ``output`` (replacing it only when complete)."""
    output = output.expanduser().absolute()
    _refuse_own_files(db.path, output)
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise files.write_error(output, exc) from exc
    with files.replacing(output) as temp:
        snapshot.copy(db.path, db.key, temp, db.key)
        sound_revision(temp, db.key)
    return output


def automatic_backup(db: Database, today: date | None = None) -> Path | None:
    """Today's rolling backup in the data folder's backups/, if there is none yet; keeps 7."""
    folder = files.private_folder(paths.backups_dir(db.path.parent))
    target = folder / f"{AUTO_PREFIX}{(today or date.today()).isoformat()}.sqlite3"
    if target.exists():
        return None
    write_backup(db, target)
    for old in sorted(folder.glob(f"{AUTO_PREFIX}*.sqlite3"))[:-AUTO_KEEP]:
        files.shred(old)
    return target


def latest_backup(data: Path) -> Path | None:
    """The newest backup in the data folder (automatic or kept before an upgrade or restore)."""
    found = [
        p
        for p in paths.backups_dir(data).glob("*.sqlite3")
        if p.is_file() and not p.name.startswith("damaged-")
    ]
    return max(found, key=lambda p: p.stat().st_mtime, default=None)


@dataclass(frozen=True)
class Checked:
    """A backup file that passed every check, and the key that opens it."""

    source: Path
    key: Key | None
    revision: str


@dataclass(frozen=True)
class Restored:
    revision: str
    kept: Path | None  # the dated copy of the database that was replaced
    key: Key | None  # the key of the restored database (None: not encrypted)


#: How much of a file's start tells text (a CSV, say) from the random bytes of an encrypted file.
_LOOK = 1024


def _plainly_no_backup(source: Path) -> str | None:
    """The refusal for an empty or a text file, which cannot be an encrypted backup either.

    Text has no NUL bytes and next to no control characters; the first kilobyte of an
    encrypted file, being random, has dozens. Text in another encoding than UTF-8 counts too.
    """
    with source.open("rb") as handle:
        start = handle.read(_LOOK)
    if not start:
        return f"companion: {source} is empty; it is not a Companion backup (nothing was changed)"
    text = codecs.getincrementaldecoder("utf-8")(errors="replace").decode(start)
    readable = sum(char.isprintable() or char in "\t\r\n" for char in text)
    if b"\0" not in start and readable >= 0.95 * len(text):
        return f"companion: {source} is a text file, not a Companion backup (nothing was changed)"
    return None


def _source_key(source: Path, current: Key | None, passphrase: str | None) -> Key | None:
    try:
        if cipher.is_plain_sqlite(source):
            return None
        if (what := _plainly_no_backup(source)) is not None:
            raise UserError(what)
        if current is not None and cipher.header(source)[: cipher.SALT_BYTES] == current.salt:
            return current
        if passphrase:
            return cipher.key_for_file(passphrase, source)
    except OSError as exc:
        raise UserError(f"companion: could not read {source}: {exc.strerror}") from exc
    except cipher.WrongPassphrase:
        pass  # too short to be encrypted: the refusal below says what it can be
    raise UserError(
        f"companion: {source} is not a Companion backup, or it is an encrypted one and "
        f"{cipher.PASSPHRASE_ENV} does not hold its passphrase (nothing was changed)"
    )


def check_backup(
    db_path: Path, source: Path, *, current_key: Key | None, passphrase: str | None
) -> Checked:
    """Everything a restore needs to know about ``source``, found without writing a byte.

    Refuses what is not a Companion database of a known version passing its integrity check.
    """
    source = source.expanduser().absolute()
    if not source.is_file():
        raise UserError(f"companion: {source} is not a file")
    _refuse_own_files(db_path, source)
    key = _source_key(source, current_key, passphrase)
    try:
        revision = sound_revision(source, key)
    except cipher.WrongPassphrase:
        raise UserError(
            f"companion: {source} is not a Companion backup, or its passphrase is different "
            "(nothing was changed)"
        ) from None
    return Checked(source, key, revision)


def _keep_copy(path: Path, label: str) -> Path | None:
    """A byte-for-byte dated copy of the database (and of a -wal left by a crash)."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    kept = files.private_folder(paths.backups_dir(path.parent)) / f"{label}-{stamp}.sqlite3"
    try:
        for original, copy in zip(
            (path, *files.sidecars(path)), (kept, *files.sidecars(kept)), strict=True
        ):
            if original.exists():
                files.copy_private(original, copy)
                files.fsync_file(copy)
    except OSError:
        files.discard(kept)
        raise
    return kept


def restore_file(
    path: Path, checked: Checked, *, current_key: Key | None, keep_as: str = "before-restore"
) -> Restored:
    """Replace the database file at ``path`` by the checked backup.

    No connection to ``path`` may be open: one elsewhere (another Companion) is refused. The
    backup keeps its own encryption, or takes ``current_key`` when the current database is
    encrypted (restoring never drops encryption). ``keep_as`` names the dated copy of the
    replaced file in backups/.
    """
    refuse_if_open(path, current_key)
    target_key = current_key or checked.key
    files.private_folder(path.parent)  # a restore may be the first thing in a new data folder
    with files.replacing(path) as temp:
        snapshot.copy(checked.source, checked.key, temp, target_key)
        copied = snapshot.table_counts(temp, target_key)
        if copied != snapshot.table_counts(checked.source, checked.key):
            raise StorageError(
                f"The copy of {checked.source} came out incomplete; nothing was changed."
            )
        sound_revision(temp, target_key)
        _carry_installation_id(path, current_key, temp, target_key)
        kept = _keep_copy(path, keep_as)
        for sidecar in files.sidecars(path):
            sidecar.unlink(missing_ok=True)  # kept above; they belong to the old file
        if target_key is not None:
            cipher.write_marker(path)
    if target_key is None:
        cipher.marker_path(path).unlink(missing_ok=True)
    return Restored(checked.revision, kept, target_key)


def _carry_installation_id(
    path: Path, key: Key | None, restored: Path, restored_key: Key | None
) -> None:
    """The installation's id goes on into the restored file when that has none (a backup made
    before the first FHIR export): else every later export would name the same patient and
    readings anew, and a clinic would hold them twice."""
    if not path.exists() or path.stat().st_size == 0:
        return
    try:
        with closing(cipher.connect(path, key, readonly=True)) as current:
            row = current.execute(
                "SELECT value FROM settings WHERE key = ?", (INSTALLATION_ID,)
            ).fetchone()
    except cipher.database_errors():
        return  # the damaged file a recovery replaces: nothing to carry
    if row is None:
        return
    with closing(cipher.connect(restored, restored_key)) as copy:
        copy.execute(
            "INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)", (INSTALLATION_ID, row[0])
        )
        copy.commit()


def restore_into(db: Database, source: Path, passphrase: str | None = None) -> Restored:
    """Restore ``source`` in place of the open ``db``, which stays usable afterwards."""
    passphrase = passphrase or cipher.passphrase_from_env()
    checked = check_backup(db.path, source, current_key=db.key, passphrase=passphrase)
    with db.offline():
        restored = restore_file(db.path, checked, current_key=db.key)
        db.key = restored.key
    return restored


def recover_from(path: Path, source: Path, passphrase: str | None) -> Restored:
    """Replace a database that cannot be opened; it is kept as a dated "damaged" copy.

    An encrypted data folder stays encrypted (with ``passphrase``); no connection may be open.
    """
    key = cipher.new_key(passphrase) if passphrase and cipher.marker_path(path).exists() else None
    checked = check_backup(path, source, current_key=None, passphrase=passphrase)
    return restore_file(path, checked, current_key=key, keep_as="damaged")


def backup_command(args: argparse.Namespace, data: Path) -> int:
    path = paths.database_path(data)
    if not path.exists():
        raise UserError(f"companion: there is no database at {path} yet; nothing to back up")
    db = Database.open(path)
    try:
        output = write_backup(db, Path(args.output))
        how = "encrypted with your passphrase" if db.encrypted else "not encrypted"
    finally:
        db.close()
    print(f"Backed up {path} to {output} ({how}).")
    return 0


def restore_command(args: argparse.Namespace, data: Path) -> int:
    path = paths.database_path(data)
    source = Path(args.file)
    passphrase = cipher.passphrase_from_env()
    if not path.exists() or path.stat().st_size == 0:
        restored = recover_from(path, source, passphrase)
    else:
        try:
            db = Database.open(path)
        except NotOurDatabase:
            restored = recover_from(path, source, passphrase)
        else:
            try:
                restored = restore_into(db, source, passphrase)
            finally:
                db.close()
    kept = f"; the previous database is kept as {restored.kept}" if restored.kept else ""
    print(f"Restored {source} into {path}{kept}.")
    return 0
