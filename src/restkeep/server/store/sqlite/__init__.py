"""The embedded SQLite store (WAL, one writer thread per process with group commit)."""

from restkeep.server.store.sqlite.store import SqliteStore

__all__ = ["SqliteStore"]
