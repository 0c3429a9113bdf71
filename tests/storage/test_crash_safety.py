"""A process killed at any moment leaves a database that passes ``companion check``."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from companion.storage import models as m
from companion.storage.database import Database
from companion.storage.errors import StorageError
from tests.storage.privacy_helpers import run_cli

PASSPHRASE = "quiet river at dawn"


def _kill_during(
    rng: random.Random, signs: tuple[Path, ...], *args: str, passphrase: str | None = None
) -> None:
    """Start ``companion ARGS`` and SIGKILL it at a random moment soon after one of ``signs``
    (files that appear when it starts writing) shows up: that is when a kill can hurt."""
    env = dict(os.environ)
    env.pop("COMPANION_PASSPHRASE", None)
    if passphrase:
        env["COMPANION_PASSPHRASE"] = passphrase
    child = subprocess.Popen(
        [sys.executable, "-m", "companion", *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while child.poll() is None and time.monotonic() < deadline:
        if any(sign.exists() for sign in signs):
            time.sleep(rng.uniform(0, 0.15))
            break
        time.sleep(0.002)
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_during_demo_data_and_encrypt_never_leaves_a_failing_check(
    data_dir: Path,
) -> None:
    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    db = data_dir / "companion.sqlite3"
    for attempt in range(5):
        shutil.rmtree(data_dir, ignore_errors=True)
        _kill_during(rng, (db.with_name(db.name + "-wal"),), "demo-data", "--days", "3650")
        result = run_cli("check")
        assert result.returncode == 0, (seed, attempt, result.stderr)

    for attempt in range(3):
        shutil.rmtree(data_dir, ignore_errors=True)
        assert run_cli("demo-data", "--days", "1500").returncode == 0
        signs = (db.with_name(f".{db.name}.partial"), db.with_name(db.name + ".encrypted"))
        _kill_during(rng, signs, "encrypt", passphrase=PASSPHRASE)
        result = run_cli("check", passphrase=PASSPHRASE)
        assert result.returncode == 0, (seed, attempt, result.stderr)
        assert "sound Companion database" in result.stdout


_CRASH_IN_A_WRITE = """
import os, sys
from datetime import datetime
from pathlib import Path
from companion.storage import cipher
path = Path(sys.argv[1])
key = cipher.key_for_file(sys.argv[2], path) if sys.argv[2] else None
conn = cipher.connect(path, key, isolation_level=None)
conn.execute("PRAGMA journal_mode=DELETE")
conn.execute("PRAGMA cache_size=1")  # spill to the file at once: the journal is hot
conn.execute("BEGIN")
conn.execute("UPDATE journal_entries SET reflections = 'half written'")
os._exit(9)
"""


@pytest.mark.parametrize("passphrase", ["", PASSPHRASE], ids=["plain", "encrypted"])
def test_a_write_cut_off_in_rollback_mode_is_recovered_by_check(
    data_dir: Path, passphrase: str
) -> None:
    """A kill while SQLite switches journal modes leaves a hot -journal beside the file; a
    read-only look cannot roll it back, so the check does it first, like any next start."""
    assert run_cli("demo-data", "--days", "60").returncode == 0
    if passphrase:
        assert run_cli("encrypt", passphrase=passphrase).returncode == 0
    db = data_dir / "companion.sqlite3"
    crashed = subprocess.run(
        [sys.executable, "-c", _CRASH_IN_A_WRITE, str(db), passphrase], capture_output=True
    )
    assert crashed.returncode == 9, crashed.stderr
    assert db.with_name(db.name + "-journal").stat().st_size > 0

    result = run_cli("check", passphrase=passphrase or None)

    assert result.returncode == 0, result.stderr
    assert not db.with_name(db.name + "-journal").exists()


def test_a_full_disk_while_saving_is_a_refusal_and_changes_nothing(db: Database) -> None:
    """SQLite's "database or disk is full" (a page limit stands in for the disk here): the
    work is rolled back and said plainly, as any failed write is, not an unexpected fault."""
    def count() -> int:
        with db.transaction() as session:
            return int(session.scalar(select(func.count()).select_from(m.JournalEntry)) or 0)

    before = count()
    with pytest.raises(StorageError) as raised, db.transaction() as session:
        pages = session.execute(text("PRAGMA page_count")).scalar()
        session.execute(text(f"PRAGMA max_page_count = {pages}"))
        session.add_all(
            m.JournalEntry(entry_at=datetime(2026, 1, 1, 9, 0), reflections="x" * 50_000)
            for _ in range(20)
        )
        session.flush()
    assert str(raised.value) == (
        f"Could not write {db.path}: the disk is full. Nothing was changed."
    )
    assert count() == before
