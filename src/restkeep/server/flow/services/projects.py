"""The rules of projects: valid and unique names; each project owns a property sheet."""

from __future__ import annotations

from restkeep.server import clock
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


class ProjectService:
    def __init__(self, store: Store) -> None:
        self._store = store

    async def list(self) -> list[ProjectRecord]:
        return await self._store.list_projects()

    async def get(self, name: str) -> ProjectRecord:
        project = await self._store.get_project(name)
        if project is None:
            raise NoSuchProject(f"Project '{name}' does not exist")
        return project

    async def create(self, name: str, description: str, actor: str) -> ProjectRecord:
        check_project_name(name)
        try:
            return await self._store.create_project(name, description, actor, clock.now_ms())
        except AlreadyExists:
            raise DuplicateProjectName(f"Project '{name}' already exists") from None

    async def modify(
        self, name: str, new_name: str | None, description: str | None, actor: str
    ) -> ProjectRecord:
        if new_name is not None:
            check_project_name(new_name)
        try:
            return await self._store.update_project(name, new_name, description, actor, clock.now_ms())
        except Missing:
            raise NoSuchProject(f"Project '{name}' does not exist") from None
        except AlreadyExists:
            raise DuplicateProjectName(f"Project '{new_name}' already exists") from None

    async def delete(self, name: str) -> None:
        try:
            await self._store.delete_project(name)
        except Missing:
            raise NoSuchProject(f"Project '{name}' does not exist") from None
