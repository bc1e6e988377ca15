"""Properties in sheets: find by path, write (creating intermediate sheets), delete, increment, history."""

from __future__ import annotations

import functools
from collections.abc import Sequence

from msgspec.structs import astuple, replace

from restkeep.server.store.errors import (
    AlreadyExists,
    IsASheet,
    Missing,
    NotAnInteger,
    NotASheet,
    RevisionMismatch,
)
from restkeep.server.store.records import HistoryRecord, ProjectRecord, PropertyChange, PropertyRecord
from restkeep.server.store.sql.db import Db, Row, Rows, new_id
from restkeep.server.store.sql.projects import COLUMNS as PROJECT_COLUMNS
from restkeep.server.store.sql.sheets import create_sheet, delete_sheet_contents, delete_sheets

_COLUMNS = (
    "id, sheet_id, name, value, child_sheet_id, description, expandable, tracked, counter,"
    " owner, create_time, modify_time, last_modified_by, revision"
)
_INSERT = f"INSERT INTO properties ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
_INSERT_IF_ABSENT = f"{_INSERT} ON CONFLICT (sheet_id, name) DO NOTHING"


def _named(*names: str) -> Rows:
    """The rows of `properties` a statement touches, by name: the SQLite read cache keeps what it read
    about other names across the write (see `sql.db.Rows`)."""
    return "properties", frozenset(names)


async def find_in_sheet(db: Db, sheet_id: str, name: str) -> PropertyRecord | None:
    row = await db.one(
        f"SELECT {_COLUMNS} FROM properties WHERE sheet_id = ? AND name = ?",
        (sheet_id, name),
        rows=_named(name),
    )
    return None if row is None else PropertyRecord(*row)


@functools.lru_cache(maxsize=256)  # one per depth of path and head: a few dozen at most
def _walk(depth: int, head: str) -> str:
    """One statement that follows a path of `depth` names down from `head` (a projects row by name, or
    a sheet by id), the head first, then the last property's columns (all NULL if any step is missing
    or not a sheet). Its parameters: the names in order, then the head's name or id."""
    columns = ", ".join(f"p{depth}.{column.strip()}" for column in _COLUMNS.split(","))
    steps = " ".join(
        f"LEFT JOIN properties p{n} ON p{n}.sheet_id = p{n - 1}.child_sheet_id AND p{n}.name = ?"
        for n in range(2, depth + 1)
    )
    if head == "project":
        first = (
            "FROM projects p0 LEFT JOIN properties p1 ON p1.sheet_id = p0.property_sheet_id AND p1.name = ?"
        )
        project = ", ".join(f"p0.{column.strip()}" for column in PROJECT_COLUMNS.split(","))
        return f"SELECT {project}, {columns} {first} {steps} WHERE p0.name = ?"
    first = "FROM property_sheets p0 LEFT JOIN properties p1 ON p1.sheet_id = p0.id AND p1.name = ?"
    return f"SELECT {columns} {first} {steps} WHERE p0.id = ?"


def _found(row: Row | None) -> PropertyRecord | None:
    return None if row is None or row[0] is None else PropertyRecord(*row)


async def find_property(db: Db, sheet_id: str, path: Sequence[str]) -> PropertyRecord | None:
    """The property at `path` below the sheet, or None if any step is missing or not a sheet."""
    if not path:
        return None
    return _found(await db.one(_walk(len(path), "sheet"), (*path, sheet_id), rows=_named(*path)))


async def find_project_property(
    db: Db, project: str, path: Sequence[str]
) -> tuple[ProjectRecord | None, PropertyRecord | None]:
    """The project by name and the property at `path` (not empty) in its sheet, in one statement."""
    row = await db.one(_walk(len(path), "project"), (*path, project), rows=_named(*path))
    if row is None:
        return None, None
    width = len(ProjectRecord.__struct_fields__)
    return ProjectRecord(*row[:width]), _found(row[width:])


async def list_properties(db: Db, sheet_id: str) -> list[PropertyRecord]:
    rows = await db.all(f"SELECT {_COLUMNS} FROM properties WHERE sheet_id = ? ORDER BY name", (sheet_id,))
    return [PropertyRecord(*row) for row in rows]


async def property_history(db: Db, property_id: str) -> list[HistoryRecord]:
    rows = await db.all(
        "SELECT revision, value, modify_time, last_modified_by FROM property_history"
        " WHERE property_id = ? ORDER BY revision",
        (property_id,),
    )
    return [HistoryRecord(*row) for row in rows]


async def _record_history(db: Db, record: PropertyRecord) -> None:
    if record.tracked and not record.is_sheet:
        await db.run(
            "INSERT INTO property_history (property_id, revision, value, modify_time, last_modified_by)"
            " VALUES (?, ?, ?, ?, ?)",
            (record.id, record.revision, record.value, record.modify_time, record.last_modified_by),
        )


async def _insert(
    db: Db, sheet_id: str, name: str, change: PropertyChange, value: str | None, *, if_absent: bool = False
) -> PropertyRecord | None:
    """Insert a property; with `if_absent`, None (and nothing stored) when the name is taken."""
    child = await create_sheet(db, change.now) if change.make_sheet else None
    record = PropertyRecord(
        id=new_id(),
        sheet_id=sheet_id,
        name=name,
        value=None if child else (value or ""),
        child_sheet_id=child,
        description=change.description or "",
        expandable=1 if change.expandable is None else change.expandable,
        tracked=1 if change.tracked is None else change.tracked,
        counter=change.counter or 0,
        owner=change.actor,
        create_time=change.now,
        modify_time=change.now,
        last_modified_by=change.actor,
        revision=await db.next_revision(),
    )
    if not await db.run(_INSERT_IF_ABSENT if if_absent else _INSERT, astuple(record), rows=_named(name)):
        await delete_sheets(db, [child] if child else [])
        return None
    await _record_history(db, record)
    return record


async def _created(
    db: Db, sheet_id: str, name: str, change: PropertyChange, value: str | None
) -> PropertyRecord:
    record = await _insert(db, sheet_id, name, change, value)
    assert record is not None, "a plain insert stores the row or raises"
    return record


async def _parent_sheet(db: Db, sheet_id: str, path: Sequence[str], change: PropertyChange) -> str:
    """The sheet that holds the last name of `path`, creating missing intermediate sheets."""
    current = sheet_id
    for name in path[:-1]:
        record = await find_in_sheet(db, current, name)
        if record is None:
            # writers of other properties in this new sheet may be making it at the same time (they
            # hold its path's lock shared): the first insert wins, and the others use its sheet
            sheet_change = PropertyChange(actor=change.actor, now=change.now, make_sheet=True)
            record = await _insert(db, current, name, sheet_change, None, if_absent=True)
            record = record or await find_in_sheet(db, current, name)
            assert record is not None, "a sheet that won the insert cannot go while its path is locked"
        if record.child_sheet_id is None:
            raise NotASheet(name)
        current = record.child_sheet_id
    return current


async def _lock_path(db: Db, sheet_id: str, path: Sequence[str]) -> None:
    """Writers of one property take turns; writers of different properties of a sheet do not wait for
    each other. Each holds the sheet and the sheets on its path shared, so deleting one of those (or the
    whole sheet, `delete_owner`) waits for the writers inside it, and they for it."""
    keys = [sheet_id, *("/".join((sheet_id, *path[:depth])) for depth in range(1, len(path) + 1))]
    await db.lock(keys[-1], shared=keys[:-1])


def _check_revision(existing: PropertyRecord | None, if_match: int | None) -> None:
    # 0 is `If-Match: *`: any revision, as long as the property exists
    if if_match is not None and (existing is None or (if_match and existing.revision != if_match)):
        raise RevisionMismatch()


async def write_property(
    db: Db, sheet_id: str, path: Sequence[str], change: PropertyChange
) -> PropertyRecord:
    await _lock_path(db, sheet_id, path)
    return await _write_locked(db, sheet_id, path, change)


async def _located(
    db: Db, sheet_id: str, path: Sequence[str], change: PropertyChange
) -> tuple[str, PropertyRecord | None]:
    """The sheet that holds the last name of `path` (made, with the sheets above it, if missing) and
    the property there, if any. A property that exists is found in one statement."""
    found = await find_property(db, sheet_id, path)
    if found is not None:
        return found.sheet_id, found
    parent = await _parent_sheet(db, sheet_id, path, change)
    return parent, await find_in_sheet(db, parent, path[-1])


async def _write_locked(
    db: Db,
    sheet_id: str,
    path: Sequence[str],
    change: PropertyChange,
    located: tuple[str, PropertyRecord | None] | None = None,
) -> PropertyRecord:
    parent, existing = located or await _located(db, sheet_id, path, change)
    if existing is not None and change.create_only:
        raise AlreadyExists(path[-1])
    _check_revision(existing, change.if_match)
    if existing is None:
        return await _created(db, parent, path[-1], change, change.value)
    if existing.is_sheet and change.value is not None:
        raise IsASheet(path[-1])
    updated = replace(
        existing,
        value=existing.value if change.value is None else change.value,
        description=existing.description if change.description is None else change.description,
        expandable=existing.expandable if change.expandable is None else change.expandable,
        tracked=existing.tracked if change.tracked is None else change.tracked,
        counter=existing.counter if change.counter is None else change.counter,
        modify_time=change.now,
        last_modified_by=change.actor,
    )
    revision, values = await db.revision()
    stored = await db.one(
        "UPDATE properties SET value = ?, description = ?, expandable = ?, tracked = ?, counter = ?,"
        f" modify_time = ?, last_modified_by = ?, revision = {revision} WHERE id = ? RETURNING revision",
        (
            updated.value,
            updated.description,
            updated.expandable,
            updated.tracked,
            updated.counter,
            updated.modify_time,
            updated.last_modified_by,
            *values,
            updated.id,
        ),
        rows=_named(existing.name),
    )
    assert stored is not None, "a property cannot go while its path is locked"
    updated = replace(updated, revision=int(stored[0]))
    if updated.value != existing.value:
        await _record_history(db, updated)
    return updated


async def increment_property(
    db: Db, sheet_id: str, path: Sequence[str], by: int, actor: str, now: int
) -> PropertyRecord:
    await _lock_path(db, sheet_id, path)
    change = PropertyChange(actor=actor, now=now)
    parent, existing = await _located(db, sheet_id, path, change)
    if existing is None:
        return await _created(db, parent, path[-1], change, str(by))
    if existing.is_sheet:
        raise IsASheet(path[-1])
    try:
        current = int((existing.value or "0").strip())
    except ValueError:
        raise NotAnInteger(existing.value or "") from None
    increment = PropertyChange(actor=actor, now=now, value=str(current + by))
    return await _write_locked(db, sheet_id, path, increment, (parent, existing))


async def delete_property(db: Db, sheet_id: str, path: Sequence[str], if_match: int | None) -> None:
    await _lock_path(db, sheet_id, path)
    existing = await find_property(db, sheet_id, path)
    if existing is None:
        raise Missing("/".join(path))
    _check_revision(existing, if_match)
    sheets = await delete_sheet_contents(db, existing.child_sheet_id) if existing.child_sheet_id else []
    await db.run("DELETE FROM properties WHERE id = ?", (existing.id,), rows=_named(existing.name))
    await delete_sheets(db, sheets)
