"""Access control entries: one per object and principal, each privilege `allow`, `deny` or `inherit`."""

from __future__ import annotations

from restkeep.server.store.errors import Missing
from restkeep.server.store.records import AclEntryRecord
from restkeep.server.store.sql.db import Db, new_id

_COLUMNS = (
    "id, object_kind, object_id, principal_type, principal_name, read_privilege, modify_privilege,"
    " execute_privilege, change_permissions_privilege"
)


async def entries(db: Db, kind: str, object_id: str) -> list[AclEntryRecord]:
    rows = await db.all(
        f"SELECT {_COLUMNS} FROM acl_entries WHERE object_kind = ? AND object_id = ?"
        " ORDER BY principal_type, principal_name",
        (kind, object_id),
    )
    return [AclEntryRecord(*row) for row in rows]


async def put_entry(db: Db, entry: AclEntryRecord) -> AclEntryRecord:
    """Create the entry, or change the privileges of the one for the same object and principal."""
    existing = await db.one(
        "SELECT id FROM acl_entries"
        " WHERE object_kind = ? AND object_id = ? AND principal_type = ? AND principal_name = ?",
        (entry.object_kind, entry.object_id, entry.principal_type, entry.principal_name),
    )
    entry_id = str(existing[0]) if existing else new_id()
    if existing:
        await db.run(
            "UPDATE acl_entries SET read_privilege = ?, modify_privilege = ?, execute_privilege = ?,"
            " change_permissions_privilege = ? WHERE id = ?",
            (entry.read, entry.modify, entry.execute, entry.change_permissions, entry_id),
        )
    else:
        await db.run(
            f"INSERT INTO acl_entries ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                entry_id,
                entry.object_kind,
                entry.object_id,
                entry.principal_type,
                entry.principal_name,
                entry.read,
                entry.modify,
                entry.execute,
                entry.change_permissions,
            ),
        )
    return AclEntryRecord(entry_id, *(getattr(entry, f) for f in AclEntryRecord.__struct_fields__[1:]))


async def delete_entry(db: Db, kind: str, object_id: str, principal_type: str, principal_name: str) -> None:
    removed = await db.run(
        "DELETE FROM acl_entries"
        " WHERE object_kind = ? AND object_id = ? AND principal_type = ? AND principal_name = ?",
        (kind, object_id, principal_type, principal_name),
    )
    if removed == 0:
        raise Missing(principal_name)


async def delete_object_entries(db: Db, kind: str, object_id: str) -> None:
    await db.run("DELETE FROM acl_entries WHERE object_kind = ? AND object_id = ?", (kind, object_id))
