"""The record of Catalog jobs: imports, exports and bulk deletes."""

from __future__ import annotations

from restkeep.server.store.records import JobRecord
from restkeep.server.store.sql.catalog_repos import take_ids
from restkeep.server.store.sql.db import Db

_COLUMNS = "id, repository_id, kind, user_name, start_time, end_time, item_count, outcome, message"


async def record(db: Db, job: JobRecord) -> int:
    job_id = await take_ids(db, "catalog_job", 1)
    await db.run(
        f"INSERT INTO catalog_jobs ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (job_id, job.repository_id, job.kind, job.user_name, job.start_time, job.end_time,
         job.item_count, job.outcome, job.message),
    )  # fmt: skip
    return job_id


async def jobs(
    db: Db, repository_id: int, since: int, until: int, limit: int, offset: int
) -> tuple[list[JobRecord], int]:
    """The repository's jobs that started in [since, until], newest first, one page; and how many."""
    where = " WHERE repository_id = ? AND start_time BETWEEN ? AND ?"
    params = [repository_id, since, until]
    rows = await db.all(
        f"SELECT {_COLUMNS} FROM catalog_jobs{where} ORDER BY start_time DESC, id DESC LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    total = await db.one(f"SELECT count(*) FROM catalog_jobs{where}", params)
    return [JobRecord(*row) for row in rows], int(total[0]) if total else 0
