"""Schema migrations with Alembic, run programmatically (no alembic.ini to ship or find)."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

MIGRATIONS = Path(__file__).parent / "migrations"


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def sqlalchemy_url(database_url: str) -> str:
    """The SQLAlchemy URL (with a synchronous driver) for one of restkeep's database URLs."""
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


def upgrade(database_url: str, target: str = "head") -> None:
    """Bring the schema up to `target`; safe to run on every start and from several hosts."""
    engine = sa.create_engine(sqlalchemy_url(database_url))
    try:
        with engine.begin() as connection:
            if connection.dialect.name == "sqlite":
                # WAL is a property of the database file: set it once, before any worker opens it
                connection.exec_driver_sql("PRAGMA journal_mode=WAL")
            config = _config()
            config.attributes["connection"] = connection
            command.upgrade(config, target)
    finally:
        engine.dispose()
