"""A database made by every known migration, filled with data, upgrades with every row intact.

The loop runs over ``known_revisions()``, so each new migration is covered the day it lands.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import MetaData, create_engine, insert, select, types

from companion.storage import database
from companion.storage.database import Database, head_revision, known_revisions, stored_revision

ROWS = 4


def _value(column: object, row: int) -> object:
    """A value of the column's type; integer keys are 1..ROWS so foreign keys find a parent."""
    kind = column.type  # type: ignore[attr-defined]
    if isinstance(kind, types.Boolean):
        return row % 2 == 0
    if isinstance(kind, types.Integer):
        return row
    if isinstance(kind, types.Float | types.Numeric):
        return row + 0.5
    if isinstance(kind, types.DateTime):
        return datetime(2025, 1, row, 9, 30)
    length = getattr(kind, "length", None) or 40
    return f"{column.name} {row} ünïcode"[:length]  # type: ignore[attr-defined]


def _make_at(path: Path, revision: str) -> dict[str, list[dict[str, object]]]:
    """A database stopped at ``revision`` with ROWS rows in every table; returns the rows."""
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        config = database._alembic_config()
        config.attributes["connection"] = conn
        command.upgrade(config, revision)
    meta = MetaData()
    meta.reflect(engine)
    written: dict[str, list[dict[str, object]]] = {}
    with engine.begin() as conn:
        for table in meta.sorted_tables:
            if table.name == "alembic_version":
                continue
            rows = [{c.name: _value(c, n) for c in table.columns} for n in range(1, ROWS + 1)]
            conn.execute(insert(table), rows)
            written[table.name] = rows
    engine.dispose()
    return written


@pytest.mark.parametrize("revision", known_revisions())
def test_every_revision_upgrades_to_head_with_every_row_intact(
    tmp_path: Path, revision: str
) -> None:
    path = tmp_path / "companion.sqlite3"
    written = _make_at(path, revision)
    assert stored_revision(path) == revision
    assert written  # the test fills tables, so it can fail

    db = Database.open(path)
    try:
        assert db.revision() == head_revision()
        assert db.integrity_errors() == []
        meta = MetaData()
        meta.reflect(db.engine)
        with db.engine.connect() as conn:
            for name, rows in written.items():
                table = meta.tables[name]
                kept = [c for c in rows[0] if c in table.columns]
                found = conn.execute(
                    select(*(table.c[c] for c in kept)).order_by(*table.primary_key.columns)
                ).all()
                assert [tuple(r) for r in found] == [tuple(row[c] for c in kept) for row in rows]
    finally:
        db.close()
