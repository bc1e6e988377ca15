"""Catalog items: bulk insert, get, update, delete, and search (filters, full text, sort, keyset paging)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from restkeep.server.store.errors import Missing
from restkeep.server.store.records import AttributeRecord, Condition, ItemQuery, ItemRecord, OrderKey
from restkeep.server.store.sql import catalog_imports, catalog_saved
from restkeep.server.store.sql.catalog_repos import list_attributes, take_ids
from restkeep.server.store.sql.catalog_tables import column, keyword_condition, table
from restkeep.server.store.sql.db import Db

_SYSTEM = ("id", "create_time", "modify_time")
_COMPARISONS = {"eq": "=", "ne": "<>", "lt": "<", "lte": "<=", "gt": ">", "gte": ">="}


def _checked(name: str) -> str:
    """Column names reach SQL only after this check (they are built from integers by the services)."""
    if name in _SYSTEM or (name[:1] == "a" and name[1:].isdigit()):
        return name
    raise ValueError(f"not a catalog column: {name!r}")


async def touch(db: Db, repository_id: int, added: int, now: int) -> None:
    """Count `added` items into the repository and move its data version on."""
    await db.run(
        "UPDATE catalog_repositories SET item_count = item_count + ?, data_version = data_version + 1,"
        " modify_time = ? WHERE id = ?",
        (added, now, repository_id),
    )


async def insert_items(
    db: Db, repository_id: int, attributes: list[AttributeRecord], rows: Sequence[dict[int, Any]], now: int
) -> list[int]:
    """Insert the rows (stored values keyed by attribute id) in one go; return their new ids in order."""
    if not rows:
        return []
    await db.lock(table(repository_id))
    first = await take_ids(db, "catalog_item", len(rows))
    ids = list(range(first, first + len(rows)))
    await insert_rows(db, repository_id, attributes, rows, ids, now)
    await touch(db, repository_id, len(rows), now)
    return ids


async def insert_rows(
    db: Db,
    repository_id: int,
    attributes: list[AttributeRecord],
    rows: Sequence[dict[int, Any]],
    ids: Sequence[int],
    now: int,
) -> None:
    """Insert rows under ids already taken (the repository's count is the caller's to update)."""
    await db.lock(table(repository_id))
    columns = ["id", "create_time", "modify_time", *(column(a.id) for a in attributes)]
    marks = ", ".join("?" for _ in columns)
    values = [
        [item_id, now, now, *(row.get(a.id) for a in attributes)]
        for item_id, row in zip(ids, rows, strict=True)
    ]
    await db.many(f"INSERT INTO {table(repository_id)} ({', '.join(columns)}) VALUES ({marks})", values)
    await db.many(
        "INSERT INTO catalog_items (id, repository_id) VALUES (?, ?)", [(i, repository_id) for i in ids]
    )


async def repository_of(db: Db, item_id: int) -> int | None:
    """The repository of a visible item (one of an import in progress does not exist yet)."""
    row = await db.one(
        "SELECT repository_id FROM catalog_items WHERE id = ? AND NOT EXISTS"
        " (SELECT 1 FROM catalog_imports WHERE ? BETWEEN first_id AND last_id)",
        (item_id, item_id),
    )
    return None if row is None else int(row[0])


def _records(repository_id: int, columns: list[str], rows: Sequence[Sequence[Any]]) -> list[ItemRecord]:
    ids = [int(name[1:]) for name in columns[3:]]  # worked out once for the whole page
    return [
        ItemRecord(int(row[0]), repository_id, int(row[1]), int(row[2]), dict(zip(ids, row[3:], strict=True)))
        for row in rows
    ]


async def get_item(db: Db, item_id: int) -> ItemRecord | None:
    repository_id = await repository_of(db, item_id)
    if repository_id is None:
        return None
    columns = [*_SYSTEM, *(column(a.id) for a in await list_attributes(db, repository_id))]
    row = await db.one(f"SELECT {', '.join(columns)} FROM {table(repository_id)} WHERE id = ?", (item_id,))
    return None if row is None else _records(repository_id, columns, [row])[0]


async def update_item(db: Db, item_id: int, values: dict[int, Any], now: int) -> int:
    """Change some values of an item; return its repository id. Missing if the item does not exist."""
    repository_id = await repository_of(db, item_id)
    if repository_id is None:
        raise Missing(str(item_id))
    await db.lock(table(repository_id))
    assignments = ", ".join([*(f"{column(a)} = ?" for a in values), "modify_time = ?"])
    await db.run(
        f"UPDATE {table(repository_id)} SET {assignments} WHERE id = ?", [*values.values(), now, item_id]
    )
    await touch(db, repository_id, 0, now)
    return repository_id


async def delete_items(db: Db, item_ids: Sequence[int], now: int) -> None:
    """Delete all of the items or, if any does not exist, none (Missing names the absent ids)."""
    by_repository: dict[int, list[int]] = {}
    absent = []
    for item_id in dict.fromkeys(item_ids):
        repository_id = await repository_of(db, item_id)
        if repository_id is None:
            absent.append(item_id)
        else:
            by_repository.setdefault(repository_id, []).append(item_id)
    if absent:
        raise Missing(", ".join(str(i) for i in absent))
    for repository_id, ids in by_repository.items():
        await db.lock(table(repository_id))
        await db.many(f"DELETE FROM {table(repository_id)} WHERE id = ?", [(i,) for i in ids])
        await db.many("DELETE FROM catalog_items WHERE id = ?", [(i,) for i in ids])
        await catalog_saved.forget_items(db, ids)
        await touch(db, repository_id, -len(ids), now)


def _condition(condition: Condition, dialect: str) -> tuple[str, list[Any]]:
    col = _checked(condition.column)
    op, value = condition.op, condition.value
    if op in _COMPARISONS:
        return f"{col} {_COMPARISONS[op]} ?", [value]
    if op == "isNull":
        return f"{col} IS NULL", []
    if op == "notNull":
        return f"{col} IS NOT NULL", []
    if op == "in":
        if not value:
            return "1 = 0", []
        return f"{col} IN ({', '.join('?' for _ in value)})", list(value)
    if op == "inSet":  # the items of a saved set
        return "id IN (SELECT item_id FROM catalog_saved_set_items WHERE set_id = ?)", [value]
    if op == "contains":
        finder = "strpos" if dialect == "postgresql" else "instr"
        return f"{finder}({col}, ?) > 0", [value]
    if op == "startsWith":
        # the range lets an index help; substr makes it exact
        return f"{col} >= ? AND substr({col}, 1, ?) = ?", [value, len(value), value]
    raise ValueError(f"unknown operator {op!r}")


def _direction(key: OrderKey, reverse: bool) -> bool:
    return key.descending != reverse


def _order_by(order: list[OrderKey], reverse: bool) -> str:
    # ascending puts NULLs first and descending last, in both stores, so paging agrees everywhere; `id`
    # is never NULL and says nothing of them, so that PostgreSQL's indexes, (column NULLS FIRST, id)
    # and the primary key, give the order as they are instead of a sort of every match
    parts = []
    for key in [*order, OrderKey("id")]:
        descending = _direction(key, reverse)
        if key.column == "id":
            parts.append(f"id {'DESC' if descending else 'ASC'}")
        else:
            parts.append(f"{_checked(key.column)} {'DESC NULLS LAST' if descending else 'ASC NULLS FIRST'}")
    return ", ".join(parts)


def _keyset(order: list[OrderKey], after: list[Any]) -> list[tuple[str, list[Any]]]:
    """Rows strictly after the given sort values, in the order of `_order_by` (forward only), as
    alternatives that exclude one another, each a plain conjunction: equalities on the earlier keys and
    one range (or NULL test) on the next. An OR inside a condition keeps the database from seeking
    in an index, so each alternative becomes its own query, which can (see `search_items`)."""
    keys = [*order, OrderKey("id")]
    alternatives: list[tuple[str, list[Any]]] = []
    for i, key in enumerate(keys):
        col, value = _checked(key.column), after[i]
        parts: list[str] = []
        values: list[Any] = []
        for earlier, earlier_value in zip(keys[:i], after[:i], strict=True):
            earlier_col = _checked(earlier.column)
            if earlier_value is None:
                parts.append(f"{earlier_col} IS NULL")
            else:
                parts.append(f"{earlier_col} = ?")
                values.append(earlier_value)
        if key.descending:
            if value is None:
                continue  # nothing sorts after NULL when NULLs come last
            alternatives.append((" AND ".join([*parts, f"{col} < ?"]), [*values, value]))
            if col != "id":  # NULLs come last: after every value
                alternatives.append((" AND ".join([*parts, f"{col} IS NULL"]), values))
        elif value is None:
            alternatives.append((" AND ".join([*parts, f"{col} IS NOT NULL"]), values))
        else:
            alternatives.append((" AND ".join([*parts, f"{col} > ?"]), [*values, value]))
    return alternatives


async def _where(db: Db, query: ItemQuery) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    for first, last in await catalog_imports.pending(db, query.repository_id):
        clauses.append("id NOT BETWEEN ? AND ?")  # rows of an import in progress
        params += [first, last]
    for condition in query.conditions:
        sql, values = _condition(condition, db.dialect)
        clauses.append(sql)
        params += values
    if query.keyword_terms:
        sql, values = keyword_condition(query.repository_id, query.keyword_terms, db.dialect)
        clauses.append(sql)
        params += values
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


async def search_items(db: Db, query: ItemQuery) -> list[ItemRecord]:
    columns = [*_SYSTEM, *(_checked(c) for c in query.columns)]
    where, params = await _where(db, query)
    name, order = table(query.repository_id), _order_by(query.order, query.reverse)
    if query.after is None:
        pick, pick_params = f"SELECT id FROM {name}{where}", params
    else:
        # after a cursor: each alternative of the keyset seeks in an index and gives at most a page;
        # the page is the first rows of their union (a few pages to merge, whatever the depth)
        sort_columns = list(dict.fromkeys(["id", *(_checked(k.column) for k in query.order)]))
        branches, pick_params = [], []
        for n, (sql, values) in enumerate(_keyset(query.order, query.after)):
            clause = f"{where} AND {sql}" if where else f" WHERE {sql}"
            branches.append(
                f"SELECT * FROM (SELECT {', '.join(sort_columns)} FROM {name}{clause}"
                f" ORDER BY {order} LIMIT ?) AS after{n}"
            )
            pick_params += [*params, *values, query.limit + query.offset]
        pick = f"SELECT id FROM ({' UNION ALL '.join(branches)}) AS page"  # `id` always gives a branch
    # a deferred join: find the page's ids first, which an index can answer without touching the rows
    # it skips (an offset of 500,000 then reads the index only), then fetch just those rows
    sql = (
        f"SELECT {', '.join(columns)} FROM {name} WHERE id IN"
        f" ({pick} ORDER BY {order} LIMIT ? OFFSET ?) ORDER BY {order}"
    )
    rows = await db.all(sql, [*pick_params, query.limit, query.offset])
    return _records(query.repository_id, columns, rows)


async def search_marks(db: Db, query: ItemQuery, stride: int) -> list[list[Any]]:
    """The sort values (the order keys, then `id`) of every `stride`-th match in the query's order,
    from the `stride`-th on: from mark k, a keyset query finds position (k + 1) * stride at once."""
    where, params = await _where(db, query)
    keys = [_checked(key.column) for key in [*query.order, OrderKey("id")]]
    named = ", ".join(f"{column} AS k{n}" for n, column in enumerate(keys))
    picked = ", ".join(f"k{n}" for n in range(len(keys)))
    rows = await db.all(
        f"SELECT {picked} FROM (SELECT {named}, row_number() OVER (ORDER BY {_order_by(query.order, False)})"
        f" AS n FROM {table(query.repository_id)}{where}) AS ranked WHERE n % ? = 0 ORDER BY n",
        [*params, stride],
    )
    return [list(row) for row in rows]


async def count_items(db: Db, query: ItemQuery) -> int:
    where, params = await _where(db, query)
    row = await db.one(f"SELECT count(*) FROM {table(query.repository_id)}{where}", params)
    return int(row[0]) if row else 0


async def attribute_values(
    db: Db, repository_id: int, column: str, limit: int, offset: int
) -> tuple[list[tuple[Any, int]], int]:
    """Distinct values of a column with their item counts, in the column's order, and how many there are."""
    col = _checked(column)
    where, params = await _where(db, ItemQuery(repository_id, []))
    name = table(repository_id)
    nulls = " NULLS FIRST" if db.dialect == "postgresql" else ""
    rows = await db.all(
        f"SELECT {col}, count(*) FROM {name}{where} GROUP BY {col} ORDER BY {col}{nulls} LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    total = await db.one(
        f"SELECT count(*) FROM (SELECT {col} FROM {name}{where} GROUP BY {col}) AS v", params
    )
    return [(row[0], int(row[1])) for row in rows], int(total[0]) if total else 0
