"""The PostgreSQL store: many workers and hosts on one database."""

from restkeep.server.store.postgres.store import PostgresStore

__all__ = ["PostgresStore"]
