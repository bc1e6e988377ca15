"""Catalog repositories and their attributes (fixed when the repository is created)."""

from __future__ import annotations

from msgspec.structs import astuple

from restkeep.server.store.errors import AlreadyExists, InUse, Missing
from restkeep.server.store.records import AttributeRecord, NewAttribute, RepositoryRecord
from restkeep.server.store.sql.catalog_tables import create_statements, drop_statements
from restkeep.server.store.sql.db import Db

_REPO_COLUMNS = "id, name, description, item_count, data_version, create_time, modify_time"
_ATTR_COLUMNS = "id, repository_id, name, type, required, unique_values, position"
FIRST_REPOSITORY_ID = 10_000
# a deleted repository's id is never given again: every process caches a repository's attributes
# (they never change), so an id must always mean the same attributes
_RETIRED = "catalog.retired."


async def take_ids(db: Db, counter: str, count: int) -> int:
    """Reserve `count` consecutive ids from a counter; return the first."""
    row = await db.one(
        "UPDATE counters SET value = value + ? WHERE name = ? RETURNING value", (count, counter)
    )
    assert row is not None, f"counter {counter} is created by the migrations"
    return int(row[0]) - count + 1


async def list_repositories(db: Db) -> list[RepositoryRecord]:
    rows = await db.all(f"SELECT {_REPO_COLUMNS} FROM catalog_repositories ORDER BY id")
    return [RepositoryRecord(*row) for row in rows]


async def get_repository(db: Db, repository_id: int) -> RepositoryRecord | None:
    row = await db.one(f"SELECT {_REPO_COLUMNS} FROM catalog_repositories WHERE id = ?", (repository_id,))
    return None if row is None else RepositoryRecord(*row)


async def list_attributes(db: Db, repository_id: int) -> list[AttributeRecord]:
    rows = await db.all(
        f"SELECT {_ATTR_COLUMNS} FROM catalog_attributes WHERE repository_id = ? ORDER BY position",
        (repository_id,),
    )
    return [AttributeRecord(*row) for row in rows]


async def create_repository(
    db: Db, repository_id: int | None, name: str, description: str, attributes: list[NewAttribute], now: int
) -> RepositoryRecord:
    await db.lock("catalog_repositories")
    retired = [int(row[0][len(_RETIRED) :]) for row in await db.all(
        "SELECT key FROM meta WHERE key LIKE ?", (_RETIRED + "%",)
    )]  # fmt: skip
    if repository_id is None:
        row = await db.one("SELECT max(id) FROM catalog_repositories")
        highest = max([int(row[0] or 0) if row else 0, *retired])
        repository_id = max(FIRST_REPOSITORY_ID, highest + 1)
    elif repository_id in retired:
        raise InUse(f"Repository {repository_id} was deleted; its id is not used again")
    elif await get_repository(db, repository_id) is not None:
        raise AlreadyExists(str(repository_id))
    repository = RepositoryRecord(repository_id, name, description, 0, 0, now, now)
    await db.run(
        f"INSERT INTO catalog_repositories ({_REPO_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
        astuple(repository),
    )
    first = await take_ids(db, "catalog_attribute", len(attributes)) if attributes else 0
    records = [
        AttributeRecord(first + i, repository_id, a.name, a.type, int(a.required), int(a.unique), i)
        for i, a in enumerate(attributes)
    ]
    if records:
        await db.many(
            f"INSERT INTO catalog_attributes ({_ATTR_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [astuple(r) for r in records],
        )
    for statement in create_statements(repository_id, records, db.dialect):
        await db.run(statement)
    return repository


async def delete_repository(db: Db, repository_id: int, now: int) -> None:
    """The repository, its items and everything kept about it (attributes, saved sets and searches,
    job history, access entries). Refused (InUse) while an import into it runs."""
    await db.lock("catalog_repositories")
    if await get_repository(db, repository_id) is None:
        raise Missing(str(repository_id))
    if await db.one("SELECT 1 FROM catalog_imports WHERE repository_id = ?", (repository_id,)):
        raise InUse(f"An import into repository {repository_id} is running")
    attributes = await list_attributes(db, repository_id)
    for statement in drop_statements(repository_id, attributes, db.dialect):
        await db.run(statement)
    await db.run(
        "DELETE FROM catalog_saved_set_items WHERE set_id IN"
        " (SELECT id FROM catalog_saved_sets WHERE repository_id = ?)",
        (repository_id,),
    )
    for table in ("catalog_items", "catalog_saved_sets", "catalog_saved_searches", "catalog_jobs",
                  "catalog_attributes"):  # fmt: skip
        await db.run(f"DELETE FROM {table} WHERE repository_id = ?", (repository_id,))
    await db.run(
        "DELETE FROM acl_entries WHERE object_kind = 'catalogRepository' AND object_id = ?",
        (str(repository_id),),
    )
    await db.run("DELETE FROM catalog_repositories WHERE id = ?", (repository_id,))
    await db.run("INSERT INTO meta (key, value) VALUES (?, ?)", (f"{_RETIRED}{repository_id}", str(now)))
