"""The rules of projects: valid and unique names; each project owns a property sheet."""

from __future__ import annotations

import msgspec

from restkeep.server import clock
from restkeep.server.access import SERVER, Access, Guarded
from restkeep.server.auth.principal import Principal
from restkeep.server.errors import DuplicateProjectName, InvalidProjectName, NoSuchProject
from restkeep.server.store import Store
from restkeep.server.store.errors import AlreadyExists, Missing
from restkeep.server.store.records import ProjectRecord

MAX_PROJECT_NAME = 255


def check_project_name(name: str) -> str:
    if not name or not name.strip():
        raise InvalidProjectName("A project name must not be empty")
    if name != name.strip():
        raise InvalidProjectName("A project name must not start or end with white space")
    if len(name) > MAX_PROJECT_NAME:
        raise InvalidProjectName(f"A project name must be at most {MAX_PROJECT_NAME} characters")
    if "/" in name or any(ord(char) < 32 for char in name):
        raise InvalidProjectName(f"'{name}' is not a valid project name: no '/' or control characters")
    return name


def guarded(project: ProjectRecord) -> Guarded:
    return Guarded("project", project.id, project.owner, f"project '{project.name}'")


class ProjectService:
    def __init__(self, store: Store, access: Access) -> None:
        self._store = store
        self._access = access

    async def list(self, principal: Principal) -> list[ProjectRecord]:
        """The projects the caller may read."""
        return [
            p
            for p in await self._store.list_projects()
            if await self._access.allows(principal, guarded(p), "read")
        ]

    async def find(self, name: str) -> ProjectRecord:
        project = await self._store.get_project(name)
        if project is None:
            raise NoSuchProject(f"Project '{name}' does not exist")
        return project

    async def get(self, principal: Principal, name: str, privilege: str = "read") -> ProjectRecord:
        project = await self.find(name)
        await self._access.require(principal, guarded(project), privilege)
        return project

    async def create(
        self, principal: Principal, name: str, description: str, settings: dict[str, str] | None = None
    ) -> ProjectRecord:
        """`settings`: what the original's createProject takes besides (credentialName, resourceName,
        workspaceName, tracked): kept and shown back, used for nothing here."""
        check_project_name(name)
        await self._access.require(principal, SERVER, "modify")
        stored = msgspec.json.encode(settings or {}).decode()
        try:
            return await self._store.create_project(
                name, description, principal.user_name, clock.now_ms(), stored
            )
        except AlreadyExists:
            raise DuplicateProjectName(f"Project '{name}' already exists") from None

    async def modify(
        self,
        principal: Principal,
        name: str,
        new_name: str | None,
        description: str | None,
        settings: dict[str, str] | None = None,
    ) -> ProjectRecord:
        """`settings` given here change those keys and keep the others."""
        if new_name is not None:
            check_project_name(new_name)
        current = await self.get(principal, name, "modify")
        merged = None
        if settings:
            merged = msgspec.json.encode({**msgspec.json.decode(current.settings), **settings}).decode()
        try:
            return await self._store.update_project(
                name, new_name, description, principal.user_name, clock.now_ms(), merged
            )
        except Missing:
            raise NoSuchProject(f"Project '{name}' does not exist") from None
        except AlreadyExists:
            raise DuplicateProjectName(f"Project '{new_name}' already exists") from None

    async def delete(self, principal: Principal, name: str) -> None:
        await self.get(principal, name, "modify")
        try:
            await self._store.delete_project(name)
        except Missing:
            raise NoSuchProject(f"Project '{name}' does not exist") from None
