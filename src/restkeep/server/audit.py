"""The audit log: logins and their failures, password, user, group, access-control and token changes.

Events are rows in the database (every worker writes to the same log); administrators read them with
`GET /auditEvents`. Events older than `--audit-retention` are pruned as new ones arrive. An event never
holds a password, session id or token — only who, from where, what, and on what.
"""

from __future__ import annotations

from restkeep.server import clock, metrics
from restkeep.server.store import Store
from restkeep.server.store.records import AuditEventRecord

_PRUNE_EVERY = 200


class AuditLog:
    def __init__(self, store: Store, retention_seconds: float) -> None:
        self._store = store
        self._retention_ms = int(retention_seconds * 1000)
        self._since_prune = 0

    async def record(self, kind: str, user_name: str, address: str | None = None, detail: str = "") -> None:
        now = clock.now_ms()
        await self._store.record_audit_event(now, kind, user_name, address or "", detail)
        if (counted := metrics.active()) is not None:
            counted.security.labels(kind).inc()
        self._since_prune += 1
        if self._since_prune >= _PRUNE_EVERY:
            self._since_prune = 0
            await self.prune()

    async def prune(self) -> int:
        return await self._store.prune_audit_events(clock.now_ms() - self._retention_ms)

    async def events(
        self, since: int, kind: str | None, user_name: str | None, limit: int
    ) -> list[AuditEventRecord]:
        return await self._store.audit_events(since, kind, user_name, limit)
