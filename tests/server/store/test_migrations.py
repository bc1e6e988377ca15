"""Migrations: they build exactly the schema the model describes, and upgrading twice is harmless."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from restkeep.server.store.migrate import current_revision, head_revision, upgrade
from restkeep.server.store.schema import metadata


def test_migrations_match_the_schema_model(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    upgrade(url)
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    engine.dispose()
    assert differences == []


def test_upgrade_is_idempotent_and_recorded(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    assert current_revision(url) is None
    upgrade(url)
    upgrade(url)
    assert current_revision(url) == head_revision()


def test_sqlite_database_is_in_wal_mode(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "db.sqlite"
    upgrade(f"sqlite:///{path}")
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0] == "wal"
