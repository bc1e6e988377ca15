"""Adding many items at once, all or nothing, without holding up other writers.

The rows go in batches, each its own short transaction (on SQLite the one writer serves everyone
else between two batches), under a range of item ids reserved first. Every read hides that range
until the last batch is in; then one small transaction makes all the rows visible at once. If
anything fails, the rows written so far are deleted, again in short transactions. A lease, renewed
by every batch, marks the import as alive; one whose process died is cleaned up by `sweep`.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from typing import Any

import anyio

from restkeep.server import clock
from restkeep.server.store import Store
from restkeep.server.store.records import AttributeRecord

LEASE_MS = 60_000


async def add_items(
    store: Store,
    repository_id: int,
    attributes: list[AttributeRecord],
    batches: Iterable[Sequence[dict[int, Any]]],
    count: int,
) -> int:
    """Insert the `count` rows that `batches` yields, made visible together; return how many."""
    if count == 0:
        return 0
    import_id = uuid.uuid4().hex
    first = await store.begin_import(import_id, repository_id, count, clock.now_ms() + LEASE_MS)
    written = 0
    try:
        for batch in batches:
            if written + len(batch) > count:
                raise ValueError(f"more than the {count} rows announced")
            now = clock.now_ms()
            await store.write_import_batch(
                import_id, repository_id, attributes, batch, first + written, now, now + LEASE_MS
            )
            written += len(batch)
        if written != count:
            raise ValueError(f"{written} rows where {count} were announced")
        await store.finish_import(import_id, repository_id, count, clock.now_ms())
    except BaseException:
        with anyio.CancelScope(shield=True):
            await store.abandon_import(import_id)
        raise
    return count


async def sweep(store: Store) -> int:
    """Remove the rows of imports whose process died (their lease is over); return how many imports."""
    abandoned = await store.expired_imports(clock.now_ms())
    for import_id in abandoned:
        await store.abandon_import(import_id)
    return len(abandoned)
