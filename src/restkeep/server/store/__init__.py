"""Storage: the `Store` interface, its implementations, the schema and its migrations."""

from __future__ import annotations

import re

from restkeep.server.settings import Settings
from restkeep.server.store.base import Store

_PASSWORD = re.compile(r"(://[^:/@]*:)[^@]*@")


def database_url(settings: Settings) -> str:
    return settings.database or f"sqlite:///{settings.sqlite_path}"


def redact(url: str) -> str:
    """A database URL fit for messages and logs: the password replaced by `***`."""
    return _PASSWORD.sub(r"\1***@", url)


async def open_store(settings: Settings, *, read_cache: bool = False) -> Store:
    """Open the store the settings name (SQLite in the data folder unless `--database` says otherwise).

    `read_cache`: answer repeated reads from memory while nothing has been committed since (SQLite
    only; see `store.sqlite.cache`). The server asks for it; one-off commands need not.
    """
    store: Store
    if settings.database:
        from restkeep.server.store.postgres import PostgresStore

        store = await PostgresStore.open(settings.database, settings.db_pool_size)
    else:
        from restkeep.server.store.sqlite import SqliteStore

        settings.data_dir.mkdir(parents=True, exist_ok=True)
        store = SqliteStore(settings.sqlite_path, read_cache=read_cache)
    store.query_timeout = settings.query_timeout
    return store


__all__ = ["Store", "database_url", "open_store", "redact"]
