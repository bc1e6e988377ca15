"""Repositories and their typed attributes; resolving `F_<id>` keys and attribute names."""

from __future__ import annotations

import re

import msgspec

from restkeep.server import clock
from restkeep.server.access import Access, Guarded
from restkeep.server.auth.principal import Principal
from restkeep.server.catalog.types import TYPES, check_name
from restkeep.server.errors import BadRequest, Conflict, NotFound
from restkeep.server.store import Store
from restkeep.server.store.errors import AlreadyExists, InUse, Missing
from restkeep.server.store.records import AttributeRecord, NewAttribute, RepositoryRecord

MAX_ATTRIBUTES = 200
_F_KEY = re.compile(r"F_(\d+)")


class Schema(msgspec.Struct, frozen=True):
    """A repository's attributes, with lookups by id and by name (names are case-sensitive)."""

    repository_id: int
    attributes: list[AttributeRecord]

    def by_id(self, attribute_id: int) -> AttributeRecord | None:
        for attribute in self.attributes:
            if attribute.id == attribute_id:
                return attribute
        return None

    def resolve(self, reference: str) -> AttributeRecord | None:
        """An attribute by `F_<id>` or by its name."""
        match = _F_KEY.fullmatch(reference)
        if match:
            return self.by_id(int(match.group(1)))
        for attribute in self.attributes:
            if attribute.name == reference:
                return attribute
        return None

    @property
    def has_text(self) -> bool:
        return any(a.type == "string" for a in self.attributes)


def _check_new(name: str, attributes: list[NewAttribute]) -> None:
    try:
        check_name("'name'", name)
        for i, attribute in enumerate(attributes):
            check_name(f"attributes[{i}].name", attribute.name)
    except ValueError as exc:
        raise BadRequest(str(exc)) from None
    if len(attributes) > MAX_ATTRIBUTES:
        raise BadRequest(f"A repository may have at most {MAX_ATTRIBUTES} attributes")
    seen: set[str] = set()
    for i, attribute in enumerate(attributes):
        where = f"attributes[{i}]"
        if (
            not attribute.name.strip()
            or _F_KEY.fullmatch(attribute.name)
            or attribute.name in ("id", "repositoryId")
        ):
            raise BadRequest(f"{where}: '{attribute.name}' is not a valid attribute name")
        if attribute.type not in TYPES:
            raise BadRequest(f"{where}: type must be one of {', '.join(TYPES)}, not '{attribute.type}'")
        if attribute.name in seen:
            raise BadRequest(f"{where}: the attribute name '{attribute.name}' is used twice")
        seen.add(attribute.name)


def guarded(repository_id: int) -> Guarded:
    return Guarded("catalogRepository", str(repository_id), None, f"repository {repository_id}")


class RepositoryService:
    """Seeing a repository and searching it needs `read`; changing its items needs `modify`;
    creating and deleting repositories is for administrators."""

    def __init__(self, store: Store, access: Access) -> None:
        self._store = store
        self._access = access
        # attributes never change once a repository exists, so each process may keep them
        self._schemas: dict[int, Schema] = {}

    def forget(self) -> None:
        """Drop the cached attributes (development mode put the data back: an id may mean another
        repository now)."""
        self._schemas.clear()

    async def list_all(self, principal: Principal) -> list[RepositoryRecord]:
        found = await self._store.list_repositories()
        return [r for r in found if await self._access.allows(principal, guarded(r.id), "read")]

    async def rights(self, principal: Principal, repository_id: int) -> tuple[bool, bool]:
        """Whether the caller may read the repository, and whether they may change its items."""
        target = guarded(repository_id)
        return (
            await self._access.allows(principal, target, "read"),
            await self._access.allows(principal, target, "modify"),
        )

    async def find(self, repository_id: int) -> RepositoryRecord:
        repository = await self._store.get_repository(repository_id)
        if repository is None:
            raise NotFound(f"Repository {repository_id} does not exist")
        return repository

    async def get(
        self, principal: Principal, repository_id: int, privilege: str = "read"
    ) -> RepositoryRecord:
        repository = await self.find(repository_id)
        await self._access.require(principal, guarded(repository_id), privilege)
        return repository

    async def schema(self, repository_id: int) -> Schema:
        """The attributes (no access check: callers check the repository first)."""
        schema = self._schemas.get(repository_id)
        if schema is None:
            await self.find(repository_id)
            schema = Schema(repository_id, await self._store.list_attributes(repository_id))
            self._schemas[repository_id] = schema
        return schema

    async def create(
        self,
        principal: Principal,
        name: str,
        description: str,
        attributes: list[NewAttribute],
        repository_id: int | None = None,
    ) -> RepositoryRecord:
        _check_new(name, attributes)
        await self._access.require_admin(principal, "create repositories")
        if repository_id is not None and repository_id < 1:
            raise BadRequest("'id' must be a positive integer")
        try:
            return await self._store.create_repository(
                repository_id, name, description, attributes, clock.now_ms()
            )
        except AlreadyExists:
            raise Conflict(f"Repository {repository_id} already exists") from None
        except InUse as exc:
            raise Conflict(str(exc)) from None

    async def delete(self, principal: Principal, repository_id: int) -> None:
        """The repository with its items, saved sets and searches, history and access entries."""
        await self.find(repository_id)
        await self._access.require_admin(principal, "delete repositories")
        try:
            await self._store.delete_repository(repository_id, clock.now_ms())
        except Missing:
            raise NotFound(f"Repository {repository_id} does not exist") from None
        except InUse as exc:
            raise Conflict(str(exc)) from None
        self._schemas.pop(repository_id, None)
