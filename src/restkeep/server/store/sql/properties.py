"""Properties in sheets: find by path, write (creating intermediate sheets), delete, increment, history."""

from __future__ import annotations

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
from restkeep.server.store.records import HistoryRecord, PropertyChange, PropertyRecord
from restkeep.server.store.sql.db import Db, new_id
from restkeep.server.store.sql.sheets import create_sheet, delete_sheet_contents, delete_sheets

_COLUMNS = (
    "id, sheet_id, name, value, child_sheet_id, description, expandable, tracked, counter,"
    " owner, create_time, modify_time, last_modified_by, revision"
)
_INSERT = f"INSERT INTO properties ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"


async def find_in_sheet(db: Db, sheet_id: str, name: str) -> PropertyRecord | None:
    row = await db.one(f"SELECT {_COLUMNS} FROM properties WHERE sheet_id = ? AND name = ?", (sheet_id, name))
    return None if row is None else PropertyRecord(*row)


async def find_property(db: Db, sheet_id: str, path: Sequence[str]) -> PropertyRecord | None:
    """The property at `path` below the sheet, or None if any step is missing or not a sheet."""
    current = sheet_id
    record: PropertyRecord | None = None
    for name in path:
        if record is not None:
            if record.child_sheet_id is None:
                return None
            current = record.child_sheet_id
        record = await find_in_sheet(db, current, name)
        if record is None:
            return None
    return record


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
    db: Db, sheet_id: str, name: str, change: PropertyChange, value: str | None
) -> PropertyRecord:
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
    await db.run(_INSERT, astuple(record))
    await _record_history(db, record)
    return record


async def _parent_sheet(db: Db, sheet_id: str, path: Sequence[str], change: PropertyChange) -> str:
    """The sheet that holds the last name of `path`, creating missing intermediate sheets."""
    current = sheet_id
    for name in path[:-1]:
        record = await find_in_sheet(db, current, name)
        if record is None:
            sheet_change = PropertyChange(actor=change.actor, now=change.now, make_sheet=True)
            record = await _insert(db, current, name, sheet_change, None)
        if record.child_sheet_id is None:
            raise NotASheet(name)
        current = record.child_sheet_id
    return current


def _check_revision(existing: PropertyRecord | None, if_match: int | None) -> None:
    # 0 is `If-Match: *`: any revision, as long as the property exists
    if if_match is not None and (existing is None or (if_match and existing.revision != if_match)):
        raise RevisionMismatch()


async def write_property(
    db: Db, sheet_id: str, path: Sequence[str], change: PropertyChange
) -> PropertyRecord:
    await db.lock(sheet_id)
    parent = await _parent_sheet(db, sheet_id, path, change)
    existing = await find_in_sheet(db, parent, path[-1])
    if existing is not None and change.create_only:
        raise AlreadyExists(path[-1])
    _check_revision(existing, change.if_match)
    if existing is None:
        return await _insert(db, parent, path[-1], change, change.value)
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
        revision=await db.next_revision(),
    )
    await db.run(
        "UPDATE properties SET value = ?, description = ?, expandable = ?, tracked = ?, counter = ?,"
        " modify_time = ?, last_modified_by = ?, revision = ? WHERE id = ?",
        (
            updated.value,
            updated.description,
            updated.expandable,
            updated.tracked,
            updated.counter,
            updated.modify_time,
            updated.last_modified_by,
            updated.revision,
            updated.id,
        ),
    )
    if updated.value != existing.value:
        await _record_history(db, updated)
    return updated


async def increment_property(
    db: Db, sheet_id: str, path: Sequence[str], by: int, actor: str, now: int
) -> PropertyRecord:
    await db.lock(sheet_id)
    change = PropertyChange(actor=actor, now=now)
    parent = await _parent_sheet(db, sheet_id, path, change)
    existing = await find_in_sheet(db, parent, path[-1])
    if existing is None:
        return await _insert(db, parent, path[-1], change, str(by))
    if existing.is_sheet:
        raise IsASheet(path[-1])
    try:
        current = int((existing.value or "0").strip())
    except ValueError:
        raise NotAnInteger(existing.value or "") from None
    return await write_property(
        db, sheet_id, path, PropertyChange(actor=actor, now=now, value=str(current + by))
    )


async def delete_property(db: Db, sheet_id: str, path: Sequence[str], if_match: int | None) -> None:
    await db.lock(sheet_id)
    existing = await find_property(db, sheet_id, path)
    if existing is None:
        raise Missing("/".join(path))
    _check_revision(existing, if_match)
    sheets = await delete_sheet_contents(db, existing.child_sheet_id) if existing.child_sheet_id else []
    await db.run("DELETE FROM properties WHERE id = ?", (existing.id,))
    await delete_sheets(db, sheets)
