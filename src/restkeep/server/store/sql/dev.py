"""Development mode's shared state, in the database so that every worker and host sees it: the
virtual clock (one JSON value in `meta`), and the credentials a clock step makes expire."""

from __future__ import annotations

from collections.abc import Callable

from restkeep.server.store.records import CredentialRecord
from restkeep.server.store.sql import meta
from restkeep.server.store.sql.db import Db

CLOCK = "dev.clock"
# the kinds of catalog_tokens rows, as development mode names them
_CATALOG_KINDS = {"ew": "ewtoken", "rest": "epimresttoken"}


async def get_clock(db: Db) -> str | None:
    return await meta.get_meta(db, CLOCK)


async def change_clock(db: Db, change: Callable[[str | None], str]) -> str:
    """Replace the clock's state with `change(old state)`, one change at a time across hosts."""
    await db.lock(CLOCK)
    state = change(await meta.get_meta(db, CLOCK))
    await db.run(
        "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (CLOCK, state),
    )
    return state


async def expiring(db: Db, since: int, until: int, session_idle_ms: int) -> list[CredentialRecord]:
    """The credentials live at `since` and expired at `until`: sessions idle past their timeout,
    Catalog tokens and API tokens past their expiry."""
    found = [
        CredentialRecord("session", str(user), str(token_hash), int(expires))
        for user, token_hash, expires in await db.all(
            "SELECT u.name, s.token_hash, s.last_used + ? FROM sessions s JOIN users u ON u.id = s.user_id"
            " WHERE s.last_used + ? >= ? AND s.last_used + ? < ?",
            (session_idle_ms, session_idle_ms, since, session_idle_ms, until),
        )
    ]
    found += [
        CredentialRecord(_CATALOG_KINDS.get(str(kind), str(kind)), str(user), str(token_hash), int(expires))
        for kind, user, token_hash, expires in await db.all(
            "SELECT t.kind, u.name, t.token_hash, t.expires_at FROM catalog_tokens t"
            " JOIN users u ON u.id = t.user_id WHERE t.expires_at > ? AND t.expires_at <= ?",
            (since, until),
        )
    ]
    found += [
        CredentialRecord("apiToken", str(user), str(token_hash), int(expires))
        for user, token_hash, expires in await db.all(
            "SELECT u.name, a.token_hash, a.expires_at FROM api_tokens a JOIN users u ON u.id = a.user_id"
            " WHERE a.expires_at > ? AND a.expires_at <= ?",
            (since, until),
        )
    ]
    return sorted(found, key=lambda c: (c.expires_at, c.kind, c.user))
