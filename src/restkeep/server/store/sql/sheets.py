"""Property sheets: create one, check one, and delete a whole tree of them."""

from __future__ import annotations

from restkeep.server.store.sql.db import Db, new_id

_TREE = (
    "WITH RECURSIVE tree(id) AS (SELECT CAST(? AS TEXT) UNION ALL"
    " SELECT p.child_sheet_id FROM properties p JOIN tree ON p.sheet_id = tree.id"
    " WHERE p.child_sheet_id IS NOT NULL) SELECT id FROM tree"
)


async def create_sheet(db: Db, now: int) -> str:
    sheet_id = new_id()
    await db.run("INSERT INTO property_sheets (id, create_time) VALUES (?, ?)", (sheet_id, now))
    return sheet_id


async def sheet_exists(db: Db, sheet_id: str) -> bool:
    return await db.one("SELECT 1 FROM property_sheets WHERE id = ?", (sheet_id,)) is not None


async def delete_sheet_contents(db: Db, sheet_id: str) -> list[str]:
    """Delete every property in the sheet and its nested sheets; return the sheet ids (root first)."""
    tree = [str(row[0]) for row in await db.all(_TREE, (sheet_id,))]
    for tree_sheet in reversed(tree):
        await db.run("DELETE FROM properties WHERE sheet_id = ?", (tree_sheet,))
    return tree


async def delete_sheets(db: Db, sheet_ids: list[str]) -> None:
    for tree_sheet in sheet_ids:
        await db.run("DELETE FROM property_sheets WHERE id = ?", (tree_sheet,))


async def delete_owner(db: Db, table: str, kind: str, row_id: str, sheet_id: str) -> None:
    """Delete a row of `table` (a project or an artifact) with its whole property sheet and its ACL."""
    await db.lock(sheet_id)
    await db.run("DELETE FROM acl_entries WHERE object_kind = ? AND object_id = ?", (kind, row_id))
    sheets = await delete_sheet_contents(db, sheet_id)
    await db.run(f"DELETE FROM {table} WHERE id = ?", (row_id,))
    await delete_sheets(db, sheets)


async def sheet_owner(db: Db, sheet_id: str) -> tuple[str, str] | None:
    """`(kind, name)` of the object a sheet belongs to, nested sheets included: a project, an artifact
    or the server (name ""); None for an unknown sheet."""
    current = sheet_id
    while True:
        row = await db.one("SELECT name FROM projects WHERE property_sheet_id = ?", (current,))
        if row is not None:
            return "project", str(row[0])
        row = await db.one("SELECT name FROM artifacts WHERE property_sheet_id = ?", (current,))
        if row is not None:
            return "artifact", str(row[0])
        if await db.one("SELECT 1 FROM meta WHERE key = 'server_property_sheet' AND value = ?", (current,)):
            return "server", ""
        parent = await db.one("SELECT sheet_id FROM properties WHERE child_sheet_id = ?", (current,))
        if parent is None:
            return None
        current = str(parent[0])
