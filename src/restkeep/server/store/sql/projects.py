"""Projects; each owns a property sheet, deleted with it."""

from __future__ import annotations

from msgspec.structs import astuple

from restkeep.server.store.errors import AlreadyExists, Missing
from restkeep.server.store.records import ProjectRecord
from restkeep.server.store.sql.db import Db, new_id
from restkeep.server.store.sql.sheets import create_sheet, delete_sheet_contents, delete_sheets

_COLUMNS = "id, name, description, owner, create_time, modify_time, last_modified_by, property_sheet_id"


def list_projects(db: Db) -> list[ProjectRecord]:
    return [ProjectRecord(*row) for row in db.all(f"SELECT {_COLUMNS} FROM projects ORDER BY name")]


def get_project(db: Db, name: str) -> ProjectRecord | None:
    row = db.one(f"SELECT {_COLUMNS} FROM projects WHERE name = ?", (name,))
    return None if row is None else ProjectRecord(*row)


def create_project(db: Db, name: str, description: str, actor: str, now: int) -> ProjectRecord:
    if get_project(db, name) is not None:
        raise AlreadyExists(name)
    project = ProjectRecord(new_id(), name, description, actor, now, now, actor, create_sheet(db, now))
    db.run(f"INSERT INTO projects ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", astuple(project))
    return project


def update_project(
    db: Db, name: str, new_name: str | None, description: str | None, actor: str, now: int
) -> ProjectRecord:
    project = get_project(db, name)
    if project is None:
        raise Missing(name)
    if new_name is not None and new_name != name and get_project(db, new_name) is not None:
        raise AlreadyExists(new_name)
    db.run(
        "UPDATE projects SET name = ?, description = ?, modify_time = ?, last_modified_by = ? WHERE id = ?",
        (
            new_name or name,
            project.description if description is None else description,
            now,
            actor,
            project.id,
        ),
    )
    updated = get_project(db, new_name or name)
    assert updated is not None
    return updated


def delete_project(db: Db, name: str) -> None:
    project = get_project(db, name)
    if project is None:
        raise Missing(name)
    sheets = delete_sheet_contents(db, project.property_sheet_id)
    db.run("DELETE FROM projects WHERE id = ?", (project.id,))
    delete_sheets(db, sheets)
