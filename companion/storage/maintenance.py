"""``companion check``: judge a database without changing it."""

from __future__ import annotations

import argparse
from pathlib import Path

from companion.storage import cipher, paths
from companion.storage.cipher import Key
from companion.storage.database import head_revision, key_for, read_only, stored_revision
from companion.storage.errors import NotOurDatabase


def integrity_problems(path: Path, key: Key | None = None) -> list[str]:
    """``PRAGMA integrity_check`` through a read-only connection; empty when sound.

    One finding per line, without SQLite's "*** in database main ***" headings, so that the
    first one can be shown as the one line a refusal gives.
    """
    conn = read_only(path, key)
    try:
        rows = [
            line
            for row in conn.execute("PRAGMA integrity_check")
            for line in str(row[0]).splitlines()
            if line.strip() and not line.startswith("*** in database")
        ]
    except cipher.database_errors() as exc:
        return [str(exc)]
    finally:
        conn.close()
    return [] if rows == ["ok"] else rows


def check_command(args: argparse.Namespace, data: Path) -> int:
    path = paths.database_path(data)
    key = key_for(path)  # an encrypted database takes COMPANION_PASSPHRASE
    revision = stored_revision(path, key)
    if revision is None:
        print(f"No database yet at {path}; Companion creates it on first start.")
        return 0
    problems = integrity_problems(path, key)
    if problems:
        raise NotOurDatabase(f"{path} is damaged: {problems[0]} (the file was not changed)")
    upgrade = "" if revision == head_revision() else " (its schema is upgraded at next start)"
    print(f"{path} is a sound Companion database{upgrade}.")
    return 0
