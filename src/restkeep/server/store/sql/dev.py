"""Development mode's shared state, in the database so that every worker and host sees it: its values
in `meta` under `dev.` (the virtual clock, the credential lifetimes), the credentials of every kind as
one list, and the credentials it expired or revoked."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from restkeep.server.store.records import CredentialRecord
from restkeep.server.store.sql import meta
from restkeep.server.store.sql.db import Db

PREFIX = "dev."
# the kinds of catalog_tokens rows, as development mode names them
_CATALOG_KINDS = {"ew": "ewtoken", "rest": "epimresttoken"}


async def get_state(db: Db) -> dict[str, str]:
    """Every value of development mode, by key (one query: it is read before each request)."""
    rows = await db.all("SELECT key, value FROM meta WHERE key LIKE ?", (PREFIX + "%",))
    return {str(key): str(value) for key, value in rows}


async def change(db: Db, key: str, update: Callable[[str | None], str]) -> str:
    """Replace a value with `update(old value)`, one change at a time across hosts."""
    await db.lock(key)
    value = update(await meta.get_meta(db, key))
    await db.run(
        "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )
    return value


async def credentials(db: Db, session_idle_ms: int) -> list[CredentialRecord]:
    """Every credential: sessions (expiring when idle), Catalog tokens, API tokens, and the revoked."""
    found = [
        CredentialRecord("session", str(user), str(secret), int(used) + session_idle_ms, int(created))
        for user, secret, created, used in await db.all(
            "SELECT u.name, s.token_hash, s.create_time, s.last_used FROM sessions s"
            " JOIN users u ON u.id = s.user_id"
        )
    ]
    found += [
        CredentialRecord(
            _CATALOG_KINDS.get(str(kind), str(kind)), str(user), str(secret), int(expires), int(created)
        )
        for kind, user, secret, created, expires in await db.all(
            "SELECT t.kind, u.name, t.token_hash, t.create_time, t.expires_at FROM catalog_tokens t"
            " JOIN users u ON u.id = t.user_id"
        )
    ]
    found += [
        CredentialRecord("apiToken", str(user), str(secret), int(expires), int(created))
        for user, secret, created, expires in await db.all(
            "SELECT u.name, a.token_hash, a.create_time, a.expires_at FROM api_tokens a"
            " JOIN users u ON u.id = a.user_id"
        )
    ]
    found += [
        CredentialRecord(str(kind), str(user), str(secret), int(expires), int(created), revoked=True)
        for kind, user, secret, created, expires in await db.all(
            "SELECT kind, user_name, secret_hash, create_time, expires_at FROM dev_revocations"
        )
    ]
    return found


async def expire(db: Db, chosen: Sequence[CredentialRecord], now: int, session_idle_ms: int) -> None:
    """Make each credential expired as of `now`, exactly as if its time had run out."""
    for credential in chosen:
        if credential.kind == "session":
            sql, value = "UPDATE sessions SET last_used = ? WHERE token_hash = ?", now - session_idle_ms - 1
        elif credential.kind == "apiToken":
            sql, value = "UPDATE api_tokens SET expires_at = ? WHERE token_hash = ?", now
        else:
            sql, value = "UPDATE catalog_tokens SET expires_at = ? WHERE token_hash = ?", now
        await db.run(sql, (value, credential.secret_hash))


async def revoke(db: Db, chosen: Sequence[CredentialRecord], now: int) -> None:
    """End each credential and remember it as revoked: refused from now on, never renewed."""
    tables = {"session": "sessions", "apiToken": "api_tokens"}
    for credential in chosen:
        await db.run(
            "INSERT INTO dev_revocations (secret_hash, kind, user_name, create_time, expires_at, revoke_time)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (secret_hash) DO NOTHING",
            (credential.secret_hash, credential.kind, credential.user, credential.create_time,
             credential.expires_at, now),
        )  # fmt: skip
        table = tables.get(credential.kind, "catalog_tokens")
        await db.run(f"DELETE FROM {table} WHERE token_hash = ?", (credential.secret_hash,))


async def is_revoked(db: Db, secret_hash: str) -> bool:
    return await db.one("SELECT 1 FROM dev_revocations WHERE secret_hash = ?", (secret_hash,)) is not None


async def expiring(db: Db, since: int, until: int, session_idle_ms: int) -> list[CredentialRecord]:
    """The credentials live at `since` and expired at `until`."""
    chosen = [
        c
        for c in await credentials(db, session_idle_ms)
        # a session is dead once idle for longer than its timeout; a token once its expiry is reached
        if not c.revoked and c.expires_at and since <= c.expires_at - (c.kind != "session") < until
    ]
    return sorted(chosen, key=lambda c: (c.expires_at, c.kind, c.user))


async def change_faults(db: Db, key: str, update: Callable[[str | None], tuple[str, Sequence[int]]]) -> str:
    """Replace the fault rules with `update(old value)`, which also says which rule ids there now are:
    a new rule's counts start at zero, a removed rule's go."""
    await db.lock(key)
    value, ids = update(await meta.get_meta(db, key))
    await db.run(
        "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )
    kept = {int(row[0]) for row in await db.all("SELECT id FROM dev_fault_counts")}
    for gone in kept - set(ids):
        await db.run("DELETE FROM dev_fault_counts WHERE id = ?", (gone,))
    for new in set(ids) - kept:
        await db.run("INSERT INTO dev_fault_counts (id, seen, fired) VALUES (?, 0, 0)", (new,))
    return value


async def fault_counts(db: Db) -> dict[int, tuple[int, int]]:
    """Each rule's matching requests and fires, by id."""
    rows = await db.all("SELECT id, seen, fired FROM dev_fault_counts")
    return {int(i): (int(seen), int(fired)) for i, seen, fired in rows}


async def count_fault(db: Db, rule_id: int, fires: Callable[[int, int], bool]) -> int | None:
    """Count one more request matching the rule; whether it fires is `fires(seen, fired before)`.
    The ordinal of the request (from 1) if it fires, else None; None too for a rule since removed."""
    await db.lock(f"dev.fault.{rule_id}")
    row = await db.one(
        "UPDATE dev_fault_counts SET seen = seen + 1 WHERE id = ? RETURNING seen, fired", (rule_id,)
    )
    if row is None or not fires(int(row[0]), int(row[1])):
        return None
    await db.run("UPDATE dev_fault_counts SET fired = fired + 1 WHERE id = ?", (rule_id,))
    return int(row[0])


async def credential(db: Db, secret_hash: str, session_idle_ms: int) -> CredentialRecord | None:
    """The credential whose secret has this hash, of whichever kind, revoked ones included."""
    row = await db.one(
        "SELECT u.name, s.create_time, s.last_used FROM sessions s JOIN users u ON u.id = s.user_id"
        " WHERE s.token_hash = ?",
        (secret_hash,),
    )
    if row is not None:
        return CredentialRecord(
            "session", str(row[0]), secret_hash, int(row[2]) + session_idle_ms, int(row[1])
        )
    row = await db.one(
        "SELECT t.kind, u.name, t.create_time, t.expires_at FROM catalog_tokens t"
        " JOIN users u ON u.id = t.user_id WHERE t.token_hash = ?",
        (secret_hash,),
    )
    if row is not None:
        kind = _CATALOG_KINDS.get(str(row[0]), str(row[0]))
        return CredentialRecord(kind, str(row[1]), secret_hash, int(row[3]), int(row[2]))
    row = await db.one(
        "SELECT u.name, a.create_time, a.expires_at FROM api_tokens a JOIN users u ON u.id = a.user_id"
        " WHERE a.token_hash = ?",
        (secret_hash,),
    )
    if row is not None:
        return CredentialRecord("apiToken", str(row[0]), secret_hash, int(row[2]), int(row[1]))
    row = await db.one(
        "SELECT kind, user_name, create_time, expires_at FROM dev_revocations WHERE secret_hash = ?",
        (secret_hash,),
    )
    if row is not None:
        return CredentialRecord(str(row[0]), str(row[1]), secret_hash, int(row[3]), int(row[2]), revoked=True)
    return None
