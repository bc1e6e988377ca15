"""Storage: the `Store` interface, its implementations, the schema and its migrations."""

from __future__ import annotations

from restkeep.server.settings import Settings, SettingsError
from restkeep.server.store.base import Store


def database_url(settings: Settings) -> str:
    return settings.database or f"sqlite:///{settings.sqlite_path}"


def open_store(settings: Settings) -> Store:
    """Open the store the settings name (SQLite in the data folder unless `--database` says otherwise)."""
    if settings.database:
        raise SettingsError(
            "--database: only the embedded SQLite store is available in this version (issue #3)"
        )
    from restkeep.server.store.sqlite import SqliteStore

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return SqliteStore(settings.sqlite_path)


__all__ = ["Store", "database_url", "open_store"]
