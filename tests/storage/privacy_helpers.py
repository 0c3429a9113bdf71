"""Privacy test helpers: the real command line in a child process (as a patient or a script
would run it), rows to compare, and file modes."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from companion.storage import cipher
from companion.storage import models as m
from companion.storage.cipher import Key
from companion.storage.database import Database


def run_cli(
    *args: str, passphrase: str | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.pop("COMPANION_PASSPHRASE", None)
    if passphrase is not None:
        env["COMPANION_PASSPHRASE"] = passphrase
    return subprocess.run(
        [sys.executable, "-m", "companion", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
        cwd=Path(__file__).parents[2],
    )


def one_line_refusal(result: subprocess.CompletedProcess[str]) -> str:
    """Exit 2 with exactly one clear line on stderr and no traceback; returns the line."""
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


@pytest.fixture
def fast_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """A cheap scrypt for in-process tests; the child processes keep the real cost."""
    monkeypatch.setitem(cipher.KDF, "n", 2**10)


def all_rows(path: Path, key: Key | None = None) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, in a stable order: equal dicts mean equal data."""
    conn = cipher.connect(path, key, readonly=True)
    try:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {
            t: sorted(conn.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables
        }
    finally:
        conn.close()


def add_entry(db: Database, reflections: str) -> None:
    with db.transaction() as s:
        s.add(m.JournalEntry(entry_at=datetime(2026, 3, 1, 20, 0), reflections=reflections))


def grep_folder(folder: Path, needle: bytes) -> list[Path]:
    """Every file below ``folder`` whose bytes contain ``needle``."""
    return [p for p in folder.rglob("*") if p.is_file() and needle in p.read_bytes()]


@pytest.fixture
def permissive_umask() -> Iterator[None]:
    """The common default umask, under which a file nobody protects is readable by all."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def not_private(folder: Path) -> dict[str, str]:
    """Everything at or below ``folder`` that other accounts could reach: folders not 0700,
    files not 0600 (empty when all is private)."""
    return {
        str(p): oct(mode(p))
        for p in (folder, *folder.rglob("*"))
        if mode(p) != (0o700 if p.is_dir() else 0o600)
    }
