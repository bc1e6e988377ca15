"""The audit log: security events, newest first, pruned by age."""

from __future__ import annotations

from restkeep.server.store.records import AuditEventRecord
from restkeep.server.store.sql.db import Db, new_id


async def record(db: Db, time: int, kind: str, user_name: str, address: str, detail: str) -> None:
    await db.run(
        "INSERT INTO audit_events (id, time, type, user_name, address, detail) VALUES (?, ?, ?, ?, ?, ?)",
        (new_id(), time, kind, user_name, address, detail),
    )


async def events(
    db: Db, since: int, kind: str | None, user_name: str | None, limit: int
) -> list[AuditEventRecord]:
    clauses: list[str] = ["time >= ?"]
    params: list[object] = [since]
    if kind is not None:
        clauses.append("type = ?")
        params.append(kind)
    if user_name is not None:
        clauses.append("user_name = ?")
        params.append(user_name)
    query = (
        "SELECT id, time, type, user_name, address, detail FROM audit_events WHERE "
        + " AND ".join(clauses)
        + " ORDER BY time DESC, id LIMIT ?"
    )
    rows = await db.all(query, [*params, limit])
    return [AuditEventRecord(*row) for row in rows]


async def prune(db: Db, before: int) -> int:
    return await db.run("DELETE FROM audit_events WHERE time < ?", (before,))
