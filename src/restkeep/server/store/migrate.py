"""Schema migrations with Alembic, run programmatically (no alembic.ini to ship or find)."""

from __future__ import annotations

import contextlib
import fcntl
from collections.abc import Iterator
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

MIGRATIONS = Path(__file__).parent / "migrations"
# any fixed number: every host that migrates the same PostgreSQL database takes this lock first
_MIGRATION_LOCK = 7_248_113_002


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def sqlalchemy_url(database_url: str) -> str:
    """The SQLAlchemy URL (with psycopg as the driver) for one of restkeep's database URLs."""
    if database_url.startswith("sqlite:"):
        return database_url
    for prefix in ("postgresql://", "postgres://"):
        if database_url.startswith(prefix):
            return "postgresql+psycopg://" + database_url[len(prefix) :]
    raise ValueError("unsupported database URL: expected sqlite:///path or postgresql://...")


def head_revision() -> str:
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def current_revision(database_url: str) -> str | None:
    engine = sa.create_engine(sqlalchemy_url(database_url))
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()


@contextlib.contextmanager
def _sqlite_migration_lock(database_url: str) -> Iterator[None]:
    """Several processes may start on one SQLite file; Alembic's SQLite DDL is not transactional."""
    path = Path(database_url.removeprefix("sqlite:///") + ".migrate-lock")
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def upgrade(database_url: str, target: str = "head") -> None:
    """Bring the schema up to `target`; safe to run on every start and from several hosts at once."""
    if database_url.startswith("sqlite:///"):
        with _sqlite_migration_lock(database_url):
            _upgrade(database_url, target)
    else:
        _upgrade(database_url, target)


def _upgrade(database_url: str, target: str) -> None:
    engine = sa.create_engine(sqlalchemy_url(database_url))
    try:
        with engine.begin() as connection:
            if connection.dialect.name == "sqlite":
                # WAL is a property of the database file: set it once, before any worker opens it
                connection.exec_driver_sql("PRAGMA journal_mode=WAL")
            else:
                connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
            config = _config()
            config.attributes["connection"] = connection
            command.upgrade(config, target)
    finally:
        engine.dispose()
