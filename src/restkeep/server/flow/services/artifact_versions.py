"""Artifact versions: publish (streamed, checked, all or nothing), read, find by range, withdraw.

Publishing reserves the version first (state `publishing`, with a lease renewed while the upload runs),
receives the files into staging, commits them to content-addressed storage, and only then marks the
version `available` with its file list. Any failure — bad input, a checksum mismatch, the client going
away, a full disk — abandons the reservation and discards the staged files: no version is left behind.

The rules of a version live here, and only here: its name is `groupId:artifactKey:version` with a
version the range syntax can compare (`parse_version`); its files have safe relative names, each
given once (`FileNames`), and match the checksum they were sent with (`check_checksum`); once
published it never changes — it may only be withdrawn, and its name is never reused: publishing it
again, even after it was withdrawn, is a 409.
"""

from __future__ import annotations

import asyncio
import errno
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import anyio

from restkeep.server import clock, metrics
from restkeep.server.access import Access
from restkeep.server.auth.principal import Principal
from restkeep.server.blobs import LocalBlobStore, StagedFile
from restkeep.server.errors import (
    DuplicateArtifactVersion,
    DuplicateRepositoryName,
    InsufficientStorage,
    InvalidArgument,
    NoSuchArtifactVersion,
    NoSuchRepository,
)
from restkeep.server.flow.services.artifacts import ArtifactService, check_part
from restkeep.server.flow.services.versions import parse_range, parse_version
from restkeep.server.store import Store
from restkeep.server.store.errors import AlreadyExists, Missing
from restkeep.server.store.records import (
    ArtifactRecord,
    ArtifactRepositoryRecord,
    ArtifactVersionRecord,
    VersionFile,
)

DEFAULT_REPOSITORY = "default"
LEASE_MS = 120_000
MAX_PATH_BYTES = 1024
AVAILABLE = "available"


@dataclass
class Received:
    path: str
    staged: StagedFile
    sha256: str = ""


Receiver = Callable[[LocalBlobStore, list[Received]], Awaitable[None]]


def normalise_path(name: str) -> str:
    """A file name from an upload as a safe relative path (`a//./b` → `a/b`); 400 for anything unsafe."""
    if not name:
        raise InvalidArgument("A file needs a name")
    if "\x00" in name or "\\" in name or any(ord(c) < 32 for c in name):
        raise InvalidArgument(f"File name {name!r}: no NUL, control characters or backslashes")
    if name.startswith("/"):
        raise InvalidArgument(f"File name '{name}' is absolute; give a relative path")
    parts = [part for part in name.split("/") if part not in ("", ".")]
    if ".." in parts:
        raise InvalidArgument(f"File name '{name}' leaves its folder ('..')")
    if not parts:
        raise InvalidArgument(f"File name '{name}' names no file")
    path = "/".join(parts)
    if len(path.encode()) > MAX_PATH_BYTES:
        raise InvalidArgument(f"File name '{path[:40]}...' is longer than {MAX_PATH_BYTES} bytes")
    return path


class FileNames:
    """The file names of one version being published: each normalised, and each given once."""

    def __init__(self) -> None:
        self._paths: set[str] = set()

    def add(self, name: str) -> str:
        path = normalise_path(name)
        if path in self._paths:
            raise InvalidArgument(f"File '{path}' is given twice")
        self._paths.add(path)
        return path


def check_checksum(path: str, expected: str | None, received: str) -> None:
    """A file must be what its sender hashed, if the sender said (`X-Checksum-Sha256`)."""
    if expected is not None and expected != received:
        raise InvalidArgument(
            f"Checksum mismatch for '{path}': X-Checksum-Sha256 says {expected},"
            f" the received file has {received}; nothing was stored"
        )


def split_version_name(name: str) -> tuple[str, str]:
    artifact, sep, version = name.rpartition(":")
    if not sep or ":" not in artifact:
        raise InvalidArgument(f"'{name}' is not an artifact version name groupId:artifactKey:version")
    return artifact, version


@dataclass(frozen=True)
class VersionView:
    record: ArtifactVersionRecord
    files: list[VersionFile]


class ArtifactVersionService:
    def __init__(self, store: Store, artifacts: ArtifactService, access: Access, data_dir: Path) -> None:
        self._store = store
        self._artifacts = artifacts
        self._access = access
        self._root = data_dir / "artifacts"
        self._blobs: dict[str, LocalBlobStore] = {}

    def blobs(self, repository: str) -> LocalBlobStore:
        if repository not in self._blobs:
            self._blobs[repository] = LocalBlobStore(self._root / repository)
        return self._blobs[repository]

    async def repositories(self) -> list[ArtifactRepositoryRecord]:
        return await self._store.list_artifact_repositories()

    async def create_repository(
        self, principal: Principal, name: str, description: str
    ) -> ArtifactRepositoryRecord:
        check_part("repositoryName", name)
        await self._access.require_admin(principal, "create repositories")
        try:
            return await self._store.create_artifact_repository(
                name, description, principal.user_name, clock.now_ms()
            )
        except AlreadyExists:
            raise DuplicateRepositoryName(f"Repository '{name}' already exists") from None

    async def _repository(self, name: str) -> ArtifactRepositoryRecord:
        repository = await self._store.get_artifact_repository(name)
        if repository is None:
            raise NoSuchRepository(f"Repository '{name}' does not exist")
        return repository

    async def publish(
        self,
        principal: Principal,
        artifact_name: str,
        version: str,
        repository_name: str,
        description: str,
        receive: Receiver,
    ) -> VersionView:
        parse_version(version)
        repository = await self._repository(repository_name)
        artifact = await self._artifacts.for_publish(principal, artifact_name)
        actor = principal.user_name
        now = clock.now_ms()
        try:
            version_id = await self._store.reserve_artifact_version(
                artifact.id, version, repository.id, description, actor, now, now + LEASE_MS
            )
        except AlreadyExists as exc:
            raise DuplicateArtifactVersion(
                f"Version '{artifact_name}:{version}' exists ({exc}); a published version never changes"
            ) from None
        received: list[Received] = []
        renewing = asyncio.create_task(self._renew(version_id, received))
        try:
            blobs = self.blobs(repository.name)
            await receive(blobs, received)
            if not received:
                raise InvalidArgument("Publish at least one file (multipart field 'files')")
            await anyio.to_thread.run_sync(_commit_all, blobs, received)
            files = [VersionFile(r.path, r.staged.size, r.sha256) for r in received]
            if (counted := metrics.active()) is not None:
                counted.artifact_bytes.labels("in").inc(sum(f.size for f in files))
            await self._store.complete_artifact_version(version_id, files, clock.now_ms())
        except BaseException as exc:
            renewing.cancel()
            for item in received:
                item.staged.discard()
            with anyio.CancelScope(shield=True):
                await self._store.abandon_artifact_version(version_id)
            if isinstance(exc, OSError):
                raise _storage_error(exc) from None
            if isinstance(exc, Missing):
                raise DuplicateArtifactVersion(
                    f"'{artifact_name}:{version}' was taken over by another publish"
                ) from None
            raise
        renewing.cancel()
        return await self.get(principal, f"{artifact_name}:{version}")

    async def _renew(self, version_id: str, received: list[Received]) -> None:
        while True:
            await asyncio.sleep(LEASE_MS / 3000)
            await self._store.renew_artifact_version_lease(version_id, clock.now_ms() + LEASE_MS)
            for item in received:  # an upload's staged files live as long as its lease (see `sweep_staging`)
                item.staged.touch()

    async def sweep_staging(self) -> int:
        """Remove files staged by uploads whose process died (their lease is over); return how many."""
        removed = 0
        for repository in await self._store.list_artifact_repositories():
            blobs = self.blobs(repository.name)
            removed += await anyio.to_thread.run_sync(blobs.sweep, LEASE_MS / 1000)
        return removed

    async def _record(
        self, principal: Principal, name: str, privilege: str = "read"
    ) -> tuple[ArtifactRecord, ArtifactVersionRecord]:
        artifact_name, version = split_version_name(name)
        artifact = await self._artifacts.get(principal, artifact_name, privilege)
        record = await self._store.get_artifact_version(artifact.id, version)
        if record is None:
            raise NoSuchArtifactVersion(f"Artifact version '{name}' does not exist")
        return artifact, record

    async def get(self, principal: Principal, name: str) -> VersionView:
        _, record = await self._record(principal, name)
        files = await self._store.artifact_version_files(record.id) if record.state == AVAILABLE else []
        return VersionView(record, files)

    async def available(self, principal: Principal, name: str) -> VersionView:
        view = await self.get(principal, name)
        if view.record.state != AVAILABLE:
            raise NoSuchArtifactVersion(
                f"Artifact version '{name}' is {view.record.state}; its files cannot be read"
            )
        return view

    async def file(self, principal: Principal, name: str, path: str) -> tuple[VersionFile, Path]:
        view = await self.available(principal, name)
        wanted = normalise_path(path)
        for entry in view.files:
            if entry.path == wanted:
                return entry, self.blobs(view.record.repository_name).path(entry.sha256)
        raise NoSuchArtifactVersion(f"'{name}' has no file '{wanted}'")

    async def versions(
        self, principal: Principal, artifact_name: str, version_range: str | None = None
    ) -> list[ArtifactVersionRecord]:
        """Newest first. With a range: only available versions inside it."""
        artifact = await self._artifacts.get(principal, artifact_name)
        records = await self._store.list_artifact_versions(artifact.id)
        if version_range is not None:
            wanted = parse_range(version_range)
            records = [r for r in records if r.state == AVAILABLE and parse_version(r.version) in wanted]
        return sorted(records, key=lambda r: parse_version(r.version), reverse=True)

    async def withdraw(self, principal: Principal, name: str) -> VersionView:
        _, record = await self._record(principal, name, "modify")
        if record.state == AVAILABLE:
            await self._store.yank_artifact_version(record.id, clock.now_ms())
        return await self.get(principal, name)


def _storage_error(exc: OSError) -> InsufficientStorage:
    if exc.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
        return InsufficientStorage("The server has no room for these files; nothing was stored")
    return InsufficientStorage(f"The files could not be stored ({exc.strerror}); nothing was stored")


def _commit_all(blobs: LocalBlobStore, received: list[Received]) -> None:
    for item in received:
        blobs.commit(item.staged, item.sha256)
