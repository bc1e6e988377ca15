"""Groups and their members; members of the group `admin` may do anything."""

from __future__ import annotations

from restkeep.server.store.errors import AlreadyExists, Missing
from restkeep.server.store.records import GroupRecord, UserRecord
from restkeep.server.store.sql.db import Db, new_id
from restkeep.server.store.sql.users import get_user


async def _members(db: Db, group_id: str) -> list[str]:
    rows = await db.all(
        "SELECT u.name FROM group_members m JOIN users u ON u.id = m.user_id"
        " WHERE m.group_id = ? ORDER BY u.name",
        (group_id,),
    )
    return [str(row[0]) for row in rows]


async def get_group(db: Db, name: str) -> GroupRecord | None:
    row = await db.one("SELECT id, name, create_time FROM groups WHERE name = ?", (name,))
    if row is None:
        return None
    return GroupRecord(row[0], row[1], row[2], await _members(db, row[0]))


async def list_groups(db: Db) -> list[GroupRecord]:
    rows = await db.all("SELECT id, name, create_time FROM groups ORDER BY name")
    return [GroupRecord(r[0], r[1], r[2], await _members(db, r[0])) for r in rows]


async def create_group(db: Db, name: str, now: int) -> GroupRecord:
    if await get_group(db, name) is not None:
        raise AlreadyExists(name)
    group = GroupRecord(new_id(), name, now)
    await db.run("INSERT INTO groups (id, name, create_time) VALUES (?, ?, ?)", (group.id, group.name, now))
    return group


async def delete_group(db: Db, name: str) -> None:
    if await db.run("DELETE FROM groups WHERE name = ?", (name,)) == 0:
        raise Missing(name)


async def _member_ids(db: Db, group: str, users: list[str]) -> tuple[str, list[UserRecord]]:
    found = await get_group(db, group)
    if found is None:
        raise Missing(f"group {group}", kind="group", name=group)
    records = []
    for name in users:
        user = await get_user(db, name)
        if user is None:
            raise Missing(f"user {name}", kind="user", name=name)
        records.append(user)
    return found.id, records


async def add_members(db: Db, group: str, users: list[str]) -> None:
    group_id, records = await _member_ids(db, group, users)
    for user in records:
        await db.run(
            "INSERT INTO group_members (group_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
            (group_id, user.id),
        )


async def remove_members(db: Db, group: str, users: list[str]) -> None:
    group_id, records = await _member_ids(db, group, users)
    for user in records:
        await db.run("DELETE FROM group_members WHERE group_id = ? AND user_id = ?", (group_id, user.id))


async def user_groups(db: Db, user_id: str) -> list[str]:
    rows = await db.all(
        "SELECT g.name FROM group_members m JOIN groups g ON g.id = m.group_id"
        " WHERE m.user_id = ? ORDER BY g.name",
        (user_id,),
    )
    return [str(row[0]) for row in rows]
