"""Fixtures of the export tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from companion.storage import paths
from companion.storage.database import Database
from tests.export.helpers import demo_folder


@pytest.fixture
def demo_db(data_dir: Path) -> Iterator[Database]:
    """An open database with 120 days of demo history ending on TODAY."""
    demo_folder(data_dir)
    db = Database.open(paths.database_path(data_dir))
    yield db
    db.close()
