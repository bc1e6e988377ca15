"""The embedded store: one SQLite file in WAL mode.

Reads run inline on a read-only connection (indexed lookups take microseconds, less than a thread
hop); writes go to the process's single writer thread, which commits them in batches.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from restkeep.server.store.records import (
    ArtifactRecord,
    HistoryRecord,
    ProjectRecord,
    PropertyChange,
    PropertyRecord,
    SessionRecord,
    UserRecord,
)
from restkeep.server.store.sql import artifacts, meta, projects, properties, sheets, users
from restkeep.server.store.sql.db import Db
from restkeep.server.store.sqlite.connection import connect
from restkeep.server.store.sqlite.db import SqliteDb
from restkeep.server.store.sqlite.writer import Writer

T = TypeVar("T")


class SqliteStore:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._reader = SqliteDb(connect(path, readonly=True))
        self._read_conn: sqlite3.Connection = self._reader._conn
        self._writer = Writer(path)

    async def _write(self, fn: Callable[[Db], T]) -> T:
        return await self._writer.run(lambda conn: fn(SqliteDb(conn)))

    async def close(self) -> None:
        self._writer.close()
        self._read_conn.close()

    async def get_meta(self, key: str) -> str | None:
        return meta.get_meta(self._reader, key)

    async def put_meta_if_absent(self, key: str, value: str) -> str:
        return await self._write(lambda db: meta.put_meta_if_absent(db, key, value))

    async def get_user(self, name: str) -> UserRecord | None:
        return users.get_user(self._reader, name)

    async def get_user_by_id(self, user_id: str) -> UserRecord | None:
        return users.get_user_by_id(self._reader, user_id)

    async def create_user(
        self, name: str, password_hash: str, now: int, email: str = "", full_name: str = ""
    ) -> UserRecord:
        return await self._write(lambda db: users.create_user(db, name, password_hash, now, email, full_name))

    async def set_password(self, user_id: str, password_hash: str, now: int) -> None:
        await self._write(lambda db: users.set_password(db, user_id, password_hash, now))

    async def credentials_version(self, user_id: str) -> int | None:
        return users.credentials_version(self._reader, user_id)

    async def create_session(self, token_hash: str, user_id: str, now: int) -> None:
        await self._write(lambda db: users.create_session(db, token_hash, user_id, now))

    async def get_session(self, token_hash: str) -> SessionRecord | None:
        return users.get_session(self._reader, token_hash)

    async def touch_session(self, token_hash: str, now: int) -> None:
        await self._write(lambda db: users.touch_session(db, token_hash, now))

    async def delete_session(self, token_hash: str) -> None:
        await self._write(lambda db: users.delete_session(db, token_hash))

    async def delete_sessions_idle_since(self, before: int) -> int:
        return await self._write(lambda db: users.delete_sessions_idle_since(db, before))

    async def list_projects(self) -> list[ProjectRecord]:
        return projects.list_projects(self._reader)

    async def get_project(self, name: str) -> ProjectRecord | None:
        return projects.get_project(self._reader, name)

    async def create_project(self, name: str, description: str, actor: str, now: int) -> ProjectRecord:
        return await self._write(lambda db: projects.create_project(db, name, description, actor, now))

    async def update_project(
        self, name: str, new_name: str | None, description: str | None, actor: str, now: int
    ) -> ProjectRecord:
        return await self._write(
            lambda db: projects.update_project(db, name, new_name, description, actor, now)
        )

    async def delete_project(self, name: str) -> None:
        await self._write(lambda db: projects.delete_project(db, name))

    async def list_artifacts(self, group_id: str | None) -> list[ArtifactRecord]:
        return artifacts.list_artifacts(self._reader, group_id)

    async def get_artifact(self, name: str) -> ArtifactRecord | None:
        return artifacts.get_artifact(self._reader, name)

    async def create_artifact(
        self, group_id: str, key: str, description: str, actor: str, now: int
    ) -> ArtifactRecord:
        return await self._write(
            lambda db: artifacts.create_artifact(db, group_id, key, description, actor, now)
        )

    async def update_artifact(
        self, name: str, description: str | None, actor: str, now: int
    ) -> ArtifactRecord:
        return await self._write(lambda db: artifacts.update_artifact(db, name, description, actor, now))

    async def delete_artifact(self, name: str) -> None:
        await self._write(lambda db: artifacts.delete_artifact(db, name))

    async def create_sheet(self, now: int) -> str:
        return await self._write(lambda db: sheets.create_sheet(db, now))

    async def sheet_exists(self, sheet_id: str) -> bool:
        return sheets.sheet_exists(self._reader, sheet_id)

    async def find_property(self, sheet_id: str, path: Sequence[str]) -> PropertyRecord | None:
        return properties.find_property(self._reader, sheet_id, path)

    async def list_properties(self, sheet_id: str) -> list[PropertyRecord]:
        return properties.list_properties(self._reader, sheet_id)

    async def write_property(
        self, sheet_id: str, path: Sequence[str], change: PropertyChange
    ) -> PropertyRecord:
        return await self._write(lambda db: properties.write_property(db, sheet_id, path, change))

    async def delete_property(self, sheet_id: str, path: Sequence[str], if_match: int | None) -> None:
        await self._write(lambda db: properties.delete_property(db, sheet_id, path, if_match))

    async def increment_property(
        self, sheet_id: str, path: Sequence[str], by: int, actor: str, now: int
    ) -> PropertyRecord:
        return await self._write(lambda db: properties.increment_property(db, sheet_id, path, by, actor, now))

    async def property_history(self, property_id: str) -> list[HistoryRecord]:
        return properties.property_history(self._reader, property_id)
