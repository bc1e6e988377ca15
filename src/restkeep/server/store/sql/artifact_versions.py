"""Artifact repositories and versions: reserve a version (state `publishing`, with a lease the uploader
renews), complete it with its files (`available`), abandon it, or yank it (`unavailable`)."""

from __future__ import annotations

from msgspec.structs import astuple

from restkeep.server.store.errors import AlreadyExists, Missing
from restkeep.server.store.records import ArtifactRepositoryRecord, ArtifactVersionRecord, VersionFile
from restkeep.server.store.sql.db import Db, new_id

PUBLISHING, AVAILABLE, UNAVAILABLE = "publishing", "available", "unavailable"
_REPO_COLUMNS = "id, name, description, owner, create_time, modify_time"
_VERSION_SELECT = (
    "SELECT v.id, v.artifact_id, a.name, v.version, v.state, r.name, v.description, v.publisher, v.size,"
    " v.create_time, v.modify_time, v.lease_until FROM artifact_versions v"
    " JOIN artifacts a ON a.id = v.artifact_id JOIN artifact_repositories r ON r.id = v.repository_id"
)


async def list_repositories(db: Db) -> list[ArtifactRepositoryRecord]:
    rows = await db.all(f"SELECT {_REPO_COLUMNS} FROM artifact_repositories ORDER BY name")
    return [ArtifactRepositoryRecord(*row) for row in rows]


async def get_repository(db: Db, name: str) -> ArtifactRepositoryRecord | None:
    row = await db.one(f"SELECT {_REPO_COLUMNS} FROM artifact_repositories WHERE name = ?", (name,))
    return None if row is None else ArtifactRepositoryRecord(*row)


async def create_repository(
    db: Db, name: str, description: str, actor: str, now: int
) -> ArtifactRepositoryRecord:
    if await get_repository(db, name) is not None:
        raise AlreadyExists(name)
    record = ArtifactRepositoryRecord(new_id(), name, description, actor, now, now)
    await db.run(
        f"INSERT INTO artifact_repositories ({_REPO_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)", astuple(record)
    )
    return record


async def list_versions(db: Db, artifact_id: str) -> list[ArtifactVersionRecord]:
    rows = await db.all(f"{_VERSION_SELECT} WHERE v.artifact_id = ?", (artifact_id,))
    return [ArtifactVersionRecord(*row) for row in rows]


async def get_version(db: Db, artifact_id: str, version: str) -> ArtifactVersionRecord | None:
    row = await db.one(f"{_VERSION_SELECT} WHERE v.artifact_id = ? AND v.version = ?", (artifact_id, version))
    return None if row is None else ArtifactVersionRecord(*row)


async def version_files(db: Db, version_id: str) -> list[VersionFile]:
    rows = await db.all(
        "SELECT path, size, sha256 FROM artifact_version_files WHERE version_id = ? ORDER BY path",
        (version_id,),
    )
    return [VersionFile(*row) for row in rows]


async def reserve_version(
    db: Db,
    artifact_id: str,
    version: str,
    repository_id: str,
    description: str,
    publisher: str,
    now: int,
    lease_until: int,
) -> str:
    """Claim the version for an upload. A name that exists in any state is taken for good, except a
    reservation whose lease ran out (its uploader died): that one is taken over."""
    await db.lock(f"artifact:{artifact_id}")
    existing = await db.one(
        "SELECT id, state, lease_until FROM artifact_versions WHERE artifact_id = ? AND version = ?",
        (artifact_id, version),
    )
    if existing is not None:
        if existing[1] != PUBLISHING or existing[2] > now:
            raise AlreadyExists(f"{existing[1]}")
        await db.run("DELETE FROM artifact_versions WHERE id = ?", (existing[0],))
    version_id = new_id()
    await db.run(
        "INSERT INTO artifact_versions (id, artifact_id, version, state, repository_id, description,"
        " publisher, size, create_time, modify_time, lease_until) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)",
        (
            version_id,
            artifact_id,
            version,
            PUBLISHING,
            repository_id,
            description,
            publisher,
            now,
            now,
            lease_until,
        ),
    )
    return version_id


async def renew_lease(db: Db, version_id: str, lease_until: int) -> None:
    await db.run(
        "UPDATE artifact_versions SET lease_until = ? WHERE id = ? AND state = ?",
        (lease_until, version_id, PUBLISHING),
    )


async def complete_version(db: Db, version_id: str, files: list[VersionFile], now: int) -> None:
    changed = await db.run(
        "UPDATE artifact_versions SET state = ?, size = ?, modify_time = ?, lease_until = 0"
        " WHERE id = ? AND state = ?",
        (AVAILABLE, sum(f.size for f in files), now, version_id, PUBLISHING),
    )
    if changed == 0:
        raise Missing(version_id)  # the reservation was taken over after its lease ran out
    await db.many(
        "INSERT INTO artifact_version_files (version_id, path, size, sha256) VALUES (?, ?, ?, ?)",
        [(version_id, f.path, f.size, f.sha256) for f in files],
    )


async def abandon_version(db: Db, version_id: str) -> None:
    await db.run("DELETE FROM artifact_versions WHERE id = ? AND state = ?", (version_id, PUBLISHING))


async def yank_version(db: Db, version_id: str, now: int) -> bool:
    changed = await db.run(
        "UPDATE artifact_versions SET state = ?, modify_time = ? WHERE id = ? AND state = ?",
        (UNAVAILABLE, now, version_id, AVAILABLE),
    )
    return changed > 0


async def count_live_versions(db: Db, artifact_id: str, now: int) -> int:
    """Versions that keep an artifact alive: available ones, and uploads still in progress."""
    row = await db.one(
        "SELECT count(*) FROM artifact_versions WHERE artifact_id = ?"
        " AND (state = ? OR (state = ? AND lease_until > ?))",
        (artifact_id, AVAILABLE, PUBLISHING, now),
    )
    return int(row[0]) if row else 0


async def delete_versions(db: Db, artifact_id: str) -> None:
    await db.run("DELETE FROM artifact_versions WHERE artifact_id = ?", (artifact_id,))
