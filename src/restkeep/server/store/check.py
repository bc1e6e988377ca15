"""Before serving: is the database reachable and new enough? Answers in one clear sentence."""

from __future__ import annotations

import psycopg

from restkeep.server.store import redact
from restkeep.server.store.postgres.store import MIN_SERVER_VERSION


class DatabaseUnavailable(Exception):
    """The database cannot be used; the message says why, without secrets or a stack trace."""


def check_postgres(url: str) -> int:
    """Connect once; return the server version number or raise DatabaseUnavailable."""
    try:
        with psycopg.connect(url, connect_timeout=10) as conn:
            version = int(conn.execute("SHOW server_version_num").fetchone()[0])  # type: ignore[index]
    except psycopg.Error as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise DatabaseUnavailable(f"cannot connect to PostgreSQL at {redact(url)}: {reason}") from None
    if version < MIN_SERVER_VERSION:
        needed = MIN_SERVER_VERSION // 10000
        raise DatabaseUnavailable(
            f"PostgreSQL at {redact(url)} is version {version // 10000}; restkeep needs {needed}+"
        )
    return version
