"""The rules of properties: locating their owner, validating, expanding, and conditional writes."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any, TypeVar

from restkeep.server import clock
from restkeep.server.access import SERVER as SERVER_OBJECT
from restkeep.server.access import Access
from restkeep.server.auth.principal import Principal
from restkeep.server.errors import (
    ConcurrentModification,
    DuplicatePropertyName,
    InvalidArgument,
    NoSuchArtifact,
    NoSuchObject,
    NoSuchProject,
    NoSuchProperty,
)
from restkeep.server.flow.services.artifacts import guarded as guarded_artifact
from restkeep.server.flow.services.expansion import Expansion
from restkeep.server.flow.services.paths import SERVER, PropertyPath, Root, parse_path
from restkeep.server.flow.services.projects import guarded as guarded_project
from restkeep.server.store import Store
from restkeep.server.store.errors import (
    AlreadyExists,
    IsASheet,
    Missing,
    NotAnInteger,
    NotASheet,
    RevisionMismatch,
)
from restkeep.server.store.records import HistoryRecord, PropertyChange, PropertyRecord

SERVER_SHEET_KEY = "server_property_sheet"
T = TypeVar("T")


@dataclass(frozen=True)
class PropertyView:
    """A property as a caller sees it: the record, its value after expansion, and (on request) its sheet."""

    record: PropertyRecord
    value: str | None
    children: list[PropertyView] | None = None


@dataclass(frozen=True)
class SheetView:
    sheet_id: str
    properties: list[PropertyView]


@dataclass(frozen=True)
class PropertyWrite:
    """What a caller asked to change; `None` keeps the stored value."""

    value: str | None = None
    description: str | None = None
    expandable: bool | None = None
    tracked: bool | None = None
    counter: bool | None = None
    make_sheet: bool = False
    if_match: int | None = None


def _flag(value: bool | None) -> int | None:
    return None if value is None else int(value)


class PropertyService:
    """Reading a property needs `read` on the object that owns its sheet; writing needs `modify`."""

    def __init__(self, store: Store, access: Access, max_value_size: int) -> None:
        self._store = store
        self._access = access
        # no expansion may produce more than the largest value a property can be set to
        self._max_expanded = max_value_size

    async def _root_sheet(self, principal: Principal, root: Root, privilege: str = "read") -> str:
        if root.kind == "server":
            await self._access.require(principal, SERVER_OBJECT, privilege)
            sheet_id = await self._store.get_meta(SERVER_SHEET_KEY)
            assert sheet_id is not None, "the server sheet is created when the database is prepared"
            return sheet_id
        if root.kind == "artifact":
            artifact = await self._store.get_artifact(root.name)
            if artifact is None:
                raise NoSuchArtifact(f"Artifact '{root.name}' does not exist")
            await self._access.require(principal, guarded_artifact(artifact), privilege)
            return artifact.property_sheet_id
        project = await self._store.get_project(root.name)
        if project is None:
            raise NoSuchProject(f"Project '{root.name}' does not exist")
        await self._access.require(principal, guarded_project(project), privilege)
        return project.property_sheet_id

    async def _find(self, principal: Principal, path: PropertyPath) -> PropertyRecord | None:
        if path.root.kind != "project" or not path.names:
            return await self._store.find_property(await self._root_sheet(principal, path.root), path.names)
        # the most common read: the project and the property together, in one round trip
        project, record = await self._store.find_project_property(path.root.name, path.names)
        if project is None:
            raise NoSuchProject(f"Project '{path.root.name}' does not exist")
        await self._access.require(principal, guarded_project(project), "read")
        return record

    async def _require(self, principal: Principal, path: PropertyPath) -> PropertyRecord:
        record = await self._find(principal, path)
        if record is None:
            raise NoSuchProperty(f"Property '{path}' does not exist")
        return record

    def _expansion(self, principal: Principal) -> Expansion:
        """One per call: its size limit holds for everything the call expands."""
        # a reference into another object needs `read` there too
        return Expansion(lambda path: self._find(principal, path), self._max_expanded)

    async def _expand_value(
        self, expansion: Expansion | None, record: PropertyRecord, root: Root
    ) -> str | None:
        if record.value is None or expansion is None or not record.expandable:
            return record.value
        return await expansion.value(record.value, root, f"'{record.name}'", frozenset({record.id}))

    async def get(
        self, principal: Principal, name: str, locator: Root | None, *, expand: bool = True
    ) -> PropertyView:
        path = parse_path(name, locator)
        record = await self._require(principal, path)
        expansion = self._expansion(principal) if expand else None
        return PropertyView(record, await self._expand_value(expansion, record, path.root))

    async def history(self, principal: Principal, name: str, locator: Root | None) -> list[HistoryRecord]:
        record = await self._require(principal, parse_path(name, locator))
        return await self._store.property_history(record.id)

    async def _guarded(self, path: PropertyPath, write: Callable[[], Coroutine[Any, Any, T]]) -> T:
        """Run a store write, turning store errors into the API's errors for this path."""
        try:
            return await write()
        except AlreadyExists:
            raise DuplicatePropertyName(f"Property '{path}' already exists") from None
        except NotASheet as exc:
            raise InvalidArgument(f"'{exc}' in '{path}' is a property, not a property sheet") from None
        except IsASheet:
            raise InvalidArgument(f"'{path}' is a property sheet and holds no value") from None
        except RevisionMismatch:
            raise ConcurrentModification(
                f"Property '{path}' was changed since the revision given in If-Match"
            ) from None
        except NotAnInteger as exc:
            raise InvalidArgument(f"Property '{path}' holds '{exc}', which is not an integer") from None
        except Missing:
            raise NoSuchProperty(f"Property '{path}' does not exist") from None

    async def set(
        self, principal: Principal, name: str, locator: Root | None, write: PropertyWrite, *, create: bool
    ) -> PropertyView:
        path = parse_path(name, locator)
        sheet_id = await self._root_sheet(principal, path.root, "modify")
        change = PropertyChange(
            actor=principal.user_name,
            now=clock.now_ms(),
            value=write.value,
            description=write.description,
            expandable=_flag(write.expandable),
            tracked=_flag(write.tracked),
            counter=_flag(write.counter),
            make_sheet=write.make_sheet,
            create_only=create,
            if_match=write.if_match,
        )
        record = await self._guarded(path, lambda: self._store.write_property(sheet_id, path.names, change))
        return PropertyView(record, record.value)

    async def increment(self, principal: Principal, name: str, locator: Root | None, by: int) -> PropertyView:
        path = parse_path(name, locator)
        sheet_id = await self._root_sheet(principal, path.root, "modify")
        actor = principal.user_name
        record = await self._guarded(
            path, lambda: self._store.increment_property(sheet_id, path.names, by, actor, clock.now_ms())
        )
        return PropertyView(record, record.value)

    async def delete(
        self, principal: Principal, name: str, locator: Root | None, if_match: int | None
    ) -> None:
        path = parse_path(name, locator)
        sheet_id = await self._root_sheet(principal, path.root, "modify")
        await self._guarded(path, lambda: self._store.delete_property(sheet_id, path.names, if_match))

    async def sheet(
        self,
        principal: Principal,
        path_text: str | None,
        locator: Root | None,
        *,
        recurse: bool,
        expand: bool,
    ) -> SheetView:
        path = parse_path(path_text or "", locator, allow_root=True)
        sheet_id = await self._root_sheet(principal, path.root)
        if path.names:
            record = await self._require(principal, path)
            if record.child_sheet_id is None:
                raise InvalidArgument(f"'{path}' is a property, not a property sheet")
            sheet_id = record.child_sheet_id
        return await self._sheet_view(principal, sheet_id, path.root, recurse=recurse, expand=expand)

    async def sheet_by_id(
        self, principal: Principal, sheet_id: str, *, recurse: bool, expand: bool
    ) -> SheetView:
        owner = await self._store.sheet_owner(sheet_id)
        if owner is None:
            raise NoSuchObject(f"Property sheet '{sheet_id}' does not exist")
        kind, name = owner
        root = SERVER if kind == "server" else Root(kind, name)
        await self._root_sheet(principal, root)  # checks `read` on the owner
        return await self._sheet_view(principal, sheet_id, root, recurse=recurse, expand=expand)

    async def _sheet_view(
        self, principal: Principal, sheet_id: str, root: Root, *, recurse: bool, expand: bool
    ) -> SheetView:
        return await self._sheet(sheet_id, root, recurse, self._expansion(principal) if expand else None)

    async def _sheet(
        self, sheet_id: str, root: Root, recurse: bool, expansion: Expansion | None
    ) -> SheetView:
        views = []
        for record in await self._store.list_properties(sheet_id):
            children = None
            if recurse and record.child_sheet_id is not None:
                children = (await self._sheet(record.child_sheet_id, root, True, expansion)).properties
            views.append(PropertyView(record, await self._expand_value(expansion, record, root), children))
        return SheetView(sheet_id, views)

    async def expand_string(self, principal: Principal, value: str, locator: Root | None) -> str:
        root = locator or SERVER
        await self._root_sheet(principal, root)
        return await self._expansion(principal).value(value, root, "the string")
