"""Artifacts (`groupId:artifactKey`); each owns a property sheet, deleted with it."""

from __future__ import annotations

from msgspec.structs import astuple

from restkeep.server.store.errors import AlreadyExists, InUse, Missing
from restkeep.server.store.records import ArtifactRecord
from restkeep.server.store.sql.artifact_versions import count_live_versions, delete_versions
from restkeep.server.store.sql.db import Db, new_id
from restkeep.server.store.sql.sheets import create_sheet, delete_owner

_COLUMNS = (
    "id, name, group_id, artifact_key, description, owner, create_time, modify_time, last_modified_by,"
    " property_sheet_id"
)


async def list_artifacts(db: Db, group_id: str | None) -> list[ArtifactRecord]:
    if group_id is None:
        rows = await db.all(f"SELECT {_COLUMNS} FROM artifacts ORDER BY name")
    else:
        rows = await db.all(f"SELECT {_COLUMNS} FROM artifacts WHERE group_id = ? ORDER BY name", (group_id,))
    return [ArtifactRecord(*row) for row in rows]


async def get_artifact(db: Db, name: str) -> ArtifactRecord | None:
    row = await db.one(f"SELECT {_COLUMNS} FROM artifacts WHERE name = ?", (name,))
    return None if row is None else ArtifactRecord(*row)


async def create_artifact(
    db: Db, group_id: str, key: str, description: str, actor: str, now: int
) -> ArtifactRecord:
    name = f"{group_id}:{key}"
    if await get_artifact(db, name) is not None:
        raise AlreadyExists(name)
    artifact = ArtifactRecord(
        new_id(), name, group_id, key, description, actor, now, now, actor, await create_sheet(db, now)
    )
    await db.run(
        f"INSERT INTO artifacts ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", astuple(artifact)
    )
    return artifact


async def update_artifact(db: Db, name: str, description: str | None, actor: str, now: int) -> ArtifactRecord:
    artifact = await get_artifact(db, name)
    if artifact is None:
        raise Missing(name)
    await db.run(
        "UPDATE artifacts SET description = ?, modify_time = ?, last_modified_by = ? WHERE id = ?",
        (artifact.description if description is None else description, now, actor, artifact.id),
    )
    updated = await get_artifact(db, name)
    assert updated is not None
    return updated


async def delete_artifact(db: Db, name: str, now: int) -> None:
    """Delete an artifact with no available versions (its withdrawn ones go with it)."""
    artifact = await get_artifact(db, name)
    if artifact is None:
        raise Missing(name)
    await db.lock(f"artifact:{artifact.id}")
    if await count_live_versions(db, artifact.id, now):
        raise InUse(name)
    await delete_versions(db, artifact.id)
    await delete_owner(db, "artifacts", "artifact", artifact.id, artifact.property_sheet_id)
