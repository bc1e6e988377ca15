"""Projects; each owns a property sheet, deleted with it."""

from __future__ import annotations

from msgspec.structs import astuple

from restkeep.server.store.errors import AlreadyExists, Missing
from restkeep.server.store.records import ProjectRecord
from restkeep.server.store.sql.db import Db, new_id
from restkeep.server.store.sql.sheets import create_sheet, delete_owner

COLUMNS = (
    "id, name, description, owner, create_time, modify_time, last_modified_by, property_sheet_id, settings"
)


async def list_projects(db: Db) -> list[ProjectRecord]:
    return [ProjectRecord(*row) for row in await db.all(f"SELECT {COLUMNS} FROM projects ORDER BY name")]


async def get_project(db: Db, name: str) -> ProjectRecord | None:
    row = await db.one(f"SELECT {COLUMNS} FROM projects WHERE name = ?", (name,))
    return None if row is None else ProjectRecord(*row)


async def create_project(
    db: Db, name: str, description: str, actor: str, now: int, settings: str = "{}"
) -> ProjectRecord:
    if await get_project(db, name) is not None:
        raise AlreadyExists(name)
    sheet = await create_sheet(db, now)
    project = ProjectRecord(new_id(), name, description, actor, now, now, actor, sheet, settings)
    await db.run(f"INSERT INTO projects ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", astuple(project))
    return project


async def update_project(
    db: Db,
    name: str,
    new_name: str | None,
    description: str | None,
    actor: str,
    now: int,
    settings: str | None = None,
) -> ProjectRecord:
    project = await get_project(db, name)
    if project is None:
        raise Missing(name)
    if new_name is not None and new_name != name and await get_project(db, new_name) is not None:
        raise AlreadyExists(new_name)
    await db.run(
        "UPDATE projects SET name = ?, description = ?, modify_time = ?, last_modified_by = ?, settings = ?"
        " WHERE id = ?",
        (
            new_name or name,
            project.description if description is None else description,
            now,
            actor,
            project.settings if settings is None else settings,
            project.id,
        ),
    )
    updated = await get_project(db, new_name or name)
    assert updated is not None
    return updated


async def delete_project(db: Db, name: str) -> None:
    project = await get_project(db, name)
    if project is None:
        raise Missing(name)
    await delete_owner(db, "projects", "project", project.id, project.property_sheet_id)
