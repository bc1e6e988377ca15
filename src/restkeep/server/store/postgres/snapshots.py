"""Development mode's snapshots on PostgreSQL: each one a schema of its own (`restkeep_snapshot_<hash
of the name>`, the name and time in the schema's comment) holding a copy of every table, the
repositories' own item tables included, and the sequences' values.

Saving is one REPEATABLE READ transaction (every table as of one instant); restoring is one
transaction too: every table emptied and filled from the copy, the item tables dropped and made again
from the restored repositories' attributes (with their indexes and full-text column), the sequences
set back. Other connections see the database before it or after it.
"""

from __future__ import annotations

import hashlib
import json

from restkeep.server.store import snapshot_file
from restkeep.server.store.records import SnapshotRecord
from restkeep.server.store.sql import catalog_repos, catalog_tables
from restkeep.server.store.sql.db import Db

LOCK = "dev.snapshots"
_PREFIX = "restkeep_snapshot_"
_SEQUENCES = "restkeep_sequences"


def schema_of(name: str) -> str:
    return _PREFIX + hashlib.sha256(name.encode()).hexdigest()[:24]


async def _item_tables(db: Db, namespace: str) -> list[str]:
    rows = await db.all(
        "SELECT tablename FROM pg_tables WHERE schemaname = ? AND tablename ~ '^catalog_r[0-9]+$'",
        (namespace,),
    )
    return [str(r[0]) for r in rows]


async def _stored_columns(db: Db, namespace: str, table: str) -> list[str]:
    """The columns that hold values (a generated column is computed again on the way back)."""
    rows = await db.all(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = ? AND table_name = ?"
        " AND is_generated = 'NEVER' ORDER BY ordinal_position",
        (namespace, table),
    )
    return [f'"{r[0]}"' for r in rows]


async def save(db: Db, name: str, now: int) -> SnapshotRecord:
    await db.run("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
    await db.lock(LOCK)
    target = schema_of(name)
    await db.run(f"DROP SCHEMA IF EXISTS {target} CASCADE")
    await db.run(f"CREATE SCHEMA {target}")
    for table in [*snapshot_file.static_tables(), *await _item_tables(db, "public")]:
        columns = ", ".join(await _stored_columns(db, "public", table))
        await db.run(f"CREATE TABLE {target}.{table} AS SELECT {columns} FROM public.{table}")
    await db.run(
        f"CREATE TABLE {target}.{_SEQUENCES} AS SELECT sequencename AS name, last_value AS value"
        " FROM pg_sequences WHERE schemaname = 'public'"
    )
    about = json.dumps({"name": name, "createTime": now}).replace("'", "''")
    await db.run(f"COMMENT ON SCHEMA {target} IS '{about}'")
    return (await _records(db, target))[0]


async def restore(db: Db, name: str) -> bool:
    await db.lock(LOCK)
    source = schema_of(name)
    if await db.one("SELECT 1 FROM pg_namespace WHERE nspname = ?", (source,)) is None:
        return False
    for table in await _item_tables(db, "public"):
        await db.run(f"DROP TABLE public.{table}")
    static = snapshot_file.static_tables()
    await db.run(f"TRUNCATE {', '.join(static)}")
    for table in static:
        await _fill(db, source, table)
    for repository in await catalog_repos.list_repositories(db):
        attributes = await catalog_repos.list_attributes(db, repository.id)
        for statement in catalog_tables.create_statements(repository.id, attributes, "postgresql"):
            await db.run(statement)
        await db.run(catalog_tables.created_index(repository.id))
        await _fill(db, source, catalog_tables.table(repository.id))
    for sequence, value in await db.all(f"SELECT name, value FROM {source}.{_SEQUENCES}"):
        await db.run(f"SELECT setval('public.{sequence}', ?, ?)", (value or 1, value is not None))
    return True


async def _fill(db: Db, source: str, table: str) -> None:
    columns = ", ".join(await _stored_columns(db, source, table))
    if columns:  # a table the snapshot lacks (added since by a migration) stays empty
        await db.run(f"INSERT INTO public.{table} ({columns}) SELECT {columns} FROM {source}.{table}")


async def delete(db: Db, name: str) -> bool:
    await db.lock(LOCK)
    target = schema_of(name)
    found = await db.one("SELECT 1 FROM pg_namespace WHERE nspname = ?", (target,)) is not None
    await db.run(f"DROP SCHEMA IF EXISTS {target} CASCADE")
    return found


async def records(db: Db) -> list[SnapshotRecord]:
    return sorted(await _records(db, None), key=lambda r: r.name)


async def _records(db: Db, only: str | None) -> list[SnapshotRecord]:
    rows = await db.all(
        "SELECT n.nspname, obj_description(n.oid, 'pg_namespace'),"
        " (SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c"
        "  WHERE c.relnamespace = n.oid AND c.relkind = 'r')"
        " FROM pg_namespace n WHERE n.nspname LIKE ? AND (? = '' OR n.nspname = ?)",
        (_PREFIX + "%", only or "", only or ""),
    )
    found = []
    for _, comment, size in rows:
        about = json.loads(comment or "{}")
        if "name" in about:
            found.append(SnapshotRecord(about["name"], int(about.get("createTime", 0)), int(size)))
    return found


async def contents(db: Db, name: str) -> snapshot_file.Contents | None:
    """What the snapshot holds, to be written as an export file (in a transaction: the search path is
    set to the snapshot's schema for its length, so the repositories are read from the copy)."""
    source = schema_of(name)
    if await db.one("SELECT 1 FROM pg_namespace WHERE nspname = ?", (source,)) is None:
        return None
    found = snapshot_file.Contents()
    for table in snapshot_file.static_tables():
        columns = await _stored_columns(db, source, table)
        if columns:
            found.tables[table] = (
                columns,
                await db.all(f"SELECT {', '.join(columns)} FROM {source}.{table}"),
            )
    await db.run(f"SET LOCAL search_path TO {source}")
    for repository in await catalog_repos.list_repositories(db):
        table = catalog_tables.table(repository.id)
        columns = await _stored_columns(db, source, table)
        found.items[repository.id] = (columns, await db.all(f"SELECT {', '.join(columns)} FROM {table}"))
        found.attributes[repository.id] = await catalog_repos.list_attributes(db, repository.id)
    row = await db.one(f"SELECT value FROM {_SEQUENCES} WHERE name = 'property_revision_seq'")
    found.revision = int(row[0]) if row and row[0] is not None else 0
    return found


async def _table(db: Db, namespace: str, table: str) -> snapshot_file.Table:
    columns = await _stored_columns(db, namespace, table)
    rows = await db.all(f"SELECT {', '.join(columns)} FROM {namespace}.{table}") if columns else []
    return columns, rows


async def _put(db: Db, table: str, given: snapshot_file.Table) -> None:
    columns, rows = given
    if rows:
        marks = ", ".join("?" * len(columns))
        await db.many(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)


async def adopt(db: Db, name: str, given: snapshot_file.Contents, now: int) -> SnapshotRecord:
    """Make snapshot `name` of what an export file holds: the fixed tables as this server has them, the
    item tables as the file's repositories say."""
    await db.lock(LOCK)
    target = schema_of(name)
    await db.run(f"DROP SCHEMA IF EXISTS {target} CASCADE")
    await db.run(f"CREATE SCHEMA {target}")
    for table in snapshot_file.static_tables():
        await db.run(f"CREATE TABLE {target}.{table} (LIKE public.{table})")
        await _put(db, f"{target}.{table}", given.tables.get(table, ([], [])))
    await db.run(f"SET LOCAL search_path TO {target}")
    for repository in await catalog_repos.list_repositories(db):
        attributes = await catalog_repos.list_attributes(db, repository.id)
        for statement in catalog_tables.create_statements(repository.id, attributes, "postgresql"):
            await db.run(statement)
        await _put(db, catalog_tables.table(repository.id), given.items.get(repository.id, ([], [])))
    await db.run(f"CREATE TABLE {_SEQUENCES} (name TEXT, value BIGINT)")
    await db.run(f"INSERT INTO {_SEQUENCES} VALUES ('property_revision_seq', ?)", (given.revision or None,))
    about = json.dumps({"name": name, "createTime": now}).replace("'", "''")
    await db.run(f"COMMENT ON SCHEMA {target} IS '{about}'")
    return (await _records(db, target))[0]
