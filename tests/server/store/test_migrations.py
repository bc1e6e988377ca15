"""Migrations: they build exactly the schema the model describes, on both backends; upgrading twice
(or from several hosts) is harmless."""

from __future__ import annotations

import sqlite3
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from restkeep.server.store.migrate import current_revision, head_revision, sqlalchemy_url, upgrade
from restkeep.server.store.schema import metadata


@pytest.fixture
def url(fresh_database: str, tmp_path: Path) -> str:
    return fresh_database or f"sqlite:///{tmp_path / 'db.sqlite'}"


def test_migrations_match_the_schema_model(url: str) -> None:
    upgrade(url)
    engine = sa.create_engine(sqlalchemy_url(url))
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    engine.dispose()
    assert differences == []


def test_upgrade_is_idempotent_and_recorded(url: str) -> None:
    assert current_revision(url) is None
    upgrade(url)
    upgrade(url)
    assert current_revision(url) == head_revision()


def test_concurrent_upgrades_from_several_processes(url: str) -> None:
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda _: upgrade(url), range(4)))
    assert current_revision(url) == head_revision()


def test_sqlite_database_is_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite"
    upgrade(f"sqlite:///{path}")
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0] == "wal"
