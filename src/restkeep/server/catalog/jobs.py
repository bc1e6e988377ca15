"""The record of Catalog jobs — imports, exports, bulk deletes — that `GET /items/auditHistories`
lists: who ran each, when it started and ended, on how many items, and how it ended.

A job is recorded when it ends, successful or not (an import refused for bad rows is a job that
failed, with the reason); a call refused before it touched the repository (no right to it) is not.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import anyio

from restkeep.server import clock
from restkeep.server.auth.principal import Principal
from restkeep.server.catalog.repositories import RepositoryService
from restkeep.server.errors import ApiError, BadRequest
from restkeep.server.store import Store
from restkeep.server.store.records import JobRecord

KINDS = ("import", "export", "delete")
MAX_PAGE_SIZE = 1000


@dataclass
class Progress:
    """What a running job has done so far (its item count)."""

    items: int = 0


class JobLog:
    def __init__(self, store: Store, repositories: RepositoryService) -> None:
        self._store = store
        self._repositories = repositories

    @asynccontextmanager
    async def job(self, kind: str, repository_id: int, principal: Principal) -> AsyncIterator[Progress]:
        """Record the job the `async with` block runs, with the outcome it ends with."""
        started, progress = clock.now_ms(), Progress()
        try:
            yield progress
        except Exception as exc:
            reason = exc.message if isinstance(exc, ApiError) else "the job failed; the server log has why"
            await self._record(kind, repository_id, principal, started, progress, "error", reason)
            raise
        await self._record(kind, repository_id, principal, started, progress, "success", "")

    async def _record(
        self,
        kind: str,
        repository_id: int,
        principal: Principal,
        started: int,
        progress: Progress,
        outcome: str,
        message: str,
    ) -> None:
        job = JobRecord(
            0,
            repository_id,
            kind,
            principal.user_name,
            started,
            clock.now_ms(),
            progress.items,
            outcome,
            message,
        )
        with anyio.CancelScope(shield=True):
            await self._store.record_job(job)

    async def list(
        self, principal: Principal, repository_id: int, since: int, until: int, page: int, page_size: int
    ) -> tuple[list[JobRecord], int]:
        if page < 1 or not 1 <= page_size <= MAX_PAGE_SIZE:
            raise BadRequest(f"'page' must be at least 1 and 'pageSize' between 1 and {MAX_PAGE_SIZE}")
        await self._repositories.get(principal, repository_id)
        return await self._store.list_jobs(repository_id, since, until, page_size, (page - 1) * page_size)
