"""``companion check``: judge a database without changing it."""

from __future__ import annotations

import argparse
import sqlite3
from pathlib import Path

from companion.storage import paths
from companion.storage.database import head_revision, stored_revision
from companion.storage.errors import NotOurDatabase


def integrity_problems(path: Path) -> list[str]:
    """``PRAGMA integrity_check`` through a read-only connection; empty when sound."""
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        rows = [str(row[0]) for row in conn.execute("PRAGMA integrity_check")]
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    finally:
        conn.close()
    return [] if rows == ["ok"] else rows


def check_command(args: argparse.Namespace, data: Path) -> int:
    path = paths.database_path(data)
    revision = stored_revision(path)
    if revision is None:
        print(f"No database yet at {path}; Companion creates it on first start.")
        return 0
    problems = integrity_problems(path)
    if problems:
        raise NotOurDatabase(f"{path} is damaged: {problems[0]} (the file was not changed)")
    upgrade = "" if revision == head_revision() else " (its schema is upgraded at next start)"
    print(f"{path} is a sound Companion database{upgrade}.")
    return 0
