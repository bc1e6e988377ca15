"""The rules of artifacts: `groupId:artifactKey` names, unique; each owns a property sheet."""

from __future__ import annotations

import re

from restkeep.server import clock
from restkeep.server.access import SERVER, Access, Guarded
from restkeep.server.auth.principal import Principal
from restkeep.server.errors import ArtifactInUse, DuplicateArtifactName, InvalidArgument, NoSuchArtifact
from restkeep.server.store import Store
from restkeep.server.store.errors import AlreadyExists, InUse, Missing
from restkeep.server.store.records import ArtifactRecord

# the original allows letters, digits, '.', '_' and '-' in both parts of an artifact name
_PART = re.compile(r"[A-Za-z0-9._-]{1,255}")


def check_part(field: str, value: str) -> str:
    if not _PART.fullmatch(value):
        raise InvalidArgument(f"'{field}' must be 1 to 255 letters, digits, '.', '_' or '-', not '{value}'")
    return value


def guarded(artifact: ArtifactRecord) -> Guarded:
    return Guarded("artifact", artifact.id, artifact.owner, f"artifact '{artifact.name}'")


class ArtifactService:
    def __init__(self, store: Store, access: Access) -> None:
        self._store = store
        self._access = access

    async def list(self, principal: Principal, group_id: str | None) -> list[ArtifactRecord]:
        """The artifacts the caller may read."""
        found = await self._store.list_artifacts(group_id)
        return [a for a in found if await self._access.allows(principal, guarded(a), "read")]

    async def find(self, name: str) -> ArtifactRecord:
        artifact = await self._store.get_artifact(name)
        if artifact is None:
            raise NoSuchArtifact(f"Artifact '{name}' does not exist")
        return artifact

    async def get(self, principal: Principal, name: str, privilege: str = "read") -> ArtifactRecord:
        artifact = await self.find(name)
        await self._access.require(principal, guarded(artifact), privilege)
        return artifact

    async def create(self, principal: Principal, group_id: str, key: str, description: str) -> ArtifactRecord:
        check_part("groupId", group_id)
        check_part("artifactKey", key)
        await self._access.require(principal, SERVER, "modify")
        try:
            return await self._store.create_artifact(
                group_id, key, description, principal.user_name, clock.now_ms()
            )
        except AlreadyExists:
            raise DuplicateArtifactName(f"Artifact '{group_id}:{key}' already exists") from None

    async def modify(self, principal: Principal, name: str, description: str | None) -> ArtifactRecord:
        await self.get(principal, name, "modify")
        try:
            return await self._store.update_artifact(name, description, principal.user_name, clock.now_ms())
        except Missing:
            raise NoSuchArtifact(f"Artifact '{name}' does not exist") from None

    async def for_publish(self, principal: Principal, name: str) -> ArtifactRecord:
        """The artifact to publish a version of (changing it needs `modify`), created if missing."""
        group_id, _, key = name.partition(":")
        if await self._store.get_artifact(name) is None:
            try:
                return await self.create(principal, group_id, key, "")
            except DuplicateArtifactName:  # created meanwhile by another publish
                pass
        return await self.get(principal, name, "modify")

    async def delete(self, principal: Principal, name: str) -> None:
        await self.get(principal, name, "modify")
        try:
            await self._store.delete_artifact(name, clock.now_ms())
        except Missing:
            raise NoSuchArtifact(f"Artifact '{name}' does not exist") from None
        except InUse:
            raise ArtifactInUse(f"Artifact '{name}' has available versions; delete those first") from None
