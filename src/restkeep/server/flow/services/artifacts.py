"""The rules of artifacts: `groupId:artifactKey` names, unique; each owns a property sheet."""

from __future__ import annotations

import re

from restkeep.server import clock
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


class ArtifactService:
    def __init__(self, store: Store) -> None:
        self._store = store

    async def list(self, group_id: str | None) -> list[ArtifactRecord]:
        return await self._store.list_artifacts(group_id)

    async def get(self, name: str) -> ArtifactRecord:
        artifact = await self._store.get_artifact(name)
        if artifact is None:
            raise NoSuchArtifact(f"Artifact '{name}' does not exist")
        return artifact

    async def create(self, group_id: str, key: str, description: str, actor: str) -> ArtifactRecord:
        check_part("groupId", group_id)
        check_part("artifactKey", key)
        try:
            return await self._store.create_artifact(group_id, key, description, actor, clock.now_ms())
        except AlreadyExists:
            raise DuplicateArtifactName(f"Artifact '{group_id}:{key}' already exists") from None

    async def modify(self, name: str, description: str | None, actor: str) -> ArtifactRecord:
        try:
            return await self._store.update_artifact(name, description, actor, clock.now_ms())
        except Missing:
            raise NoSuchArtifact(f"Artifact '{name}' does not exist") from None

    async def get_or_create(self, name: str, actor: str) -> ArtifactRecord:
        """The artifact `groupId:artifactKey`, created if missing (publishing creates artifacts)."""
        group_id, _, key = name.partition(":")
        existing = await self._store.get_artifact(name)
        if existing is not None:
            return existing
        try:
            return await self.create(group_id, key, "", actor)
        except DuplicateArtifactName:  # created meanwhile by another publish
            return await self.get(name)

    async def delete(self, name: str) -> None:
        try:
            await self._store.delete_artifact(name, clock.now_ms())
        except Missing:
            raise NoSuchArtifact(f"Artifact '{name}' does not exist") from None
        except InUse:
            raise ArtifactInUse(f"Artifact '{name}' has available versions; delete those first") from None
