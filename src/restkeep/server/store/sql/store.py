"""Every `Store` method, written once on top of two primitives a backend supplies: `_read` and `_write`."""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Sequence
from functools import partial
from typing import Any, TypeVar

from restkeep.server.store.records import (
    AclEntryRecord,
    ApiTokenRecord,
    ArtifactRecord,
    ArtifactRepositoryRecord,
    ArtifactVersionRecord,
    AttributeRecord,
    AuditEventRecord,
    CredentialRecord,
    GroupRecord,
    HistoryRecord,
    ItemQuery,
    ItemRecord,
    JobRecord,
    NewAttribute,
    ProjectRecord,
    PropertyChange,
    PropertyRecord,
    RepositoryRecord,
    SavedSearchRecord,
    SavedSetRecord,
    SessionRecord,
    TokenRecord,
    UserRecord,
    VersionFile,
)
from restkeep.server.store.sql import (
    acl,
    api_tokens,
    artifact_versions,
    artifacts,
    audit,
    catalog_imports,
    catalog_items,
    catalog_jobs,
    catalog_repos,
    catalog_saved,
    catalog_tokens,
    dev,
    dev_scopes,
    groups,
    meta,
    projects,
    properties,
    sheets,
    throttling,
    users,
)
from restkeep.server.store.sql.db import Db

T = TypeVar("T")
Step = Callable[[Db], Coroutine[Any, Any, T]]
# rows of an abandoned import deleted per transaction (each a fraction of a second)
IMPORT_CLEANUP_CHUNK = 5000


class SqlStore:
    """Base of the SQL stores. `_read` runs a function outside any write transaction; `_write` runs it
    in one transaction and returns only after the commit."""

    async def _read(self, fn: Step[T]) -> T:
        raise NotImplementedError

    async def _write(self, fn: Step[T]) -> T:
        raise NotImplementedError

    # the time limit of heavy reads (`read_heavy`); the server sets it from --query-timeout
    query_timeout: float = 10.0

    async def read_heavy(self, fn: Step[T], timeout: float) -> T:
        """Run a read that may take long without holding up other requests; past `timeout` seconds it
        is stopped with `QueryTimeout`."""
        raise NotImplementedError

    async def close(self) -> None:
        raise NotImplementedError

    async def schema_revision(self) -> str | None:
        row = await self._read(lambda db: db.one("SELECT version_num FROM alembic_version"))
        return None if row is None else str(row[0])

    def pool_usage(self) -> dict[str, int] | None:
        return None  # SQLite: no pool

    async def live_credentials(self, now: int) -> dict[str, int]:
        return await self._read(lambda db: users.live_credentials(db, now))

    async def get_meta(self, key: str) -> str | None:
        return await self._read(lambda db: meta.get_meta(db, key))

    async def put_meta_if_absent(self, key: str, value: str) -> str:
        return await self._write(lambda db: meta.put_meta_if_absent(db, key, value))

    async def get_user(self, name: str) -> UserRecord | None:
        return await self._read(lambda db: users.get_user(db, name))

    async def get_user_by_id(self, user_id: str) -> UserRecord | None:
        return await self._read(lambda db: users.get_user_by_id(db, user_id))

    async def create_user(
        self, name: str, password_hash: str, now: int, email: str = "", full_name: str = ""
    ) -> UserRecord:
        return await self._write(lambda db: users.create_user(db, name, password_hash, now, email, full_name))

    async def set_password(self, user_id: str, password_hash: str, now: int) -> None:
        await self._write(lambda db: users.set_password(db, user_id, password_hash, now))

    async def credentials_version(self, user_id: str) -> int | None:
        return await self._read(lambda db: users.credentials_version(db, user_id))

    async def create_session(self, token_hash: str, user_id: str, now: int) -> None:
        await self._write(lambda db: users.create_session(db, token_hash, user_id, now))

    async def get_session(self, token_hash: str) -> SessionRecord | None:
        return await self._read(lambda db: users.get_session(db, token_hash))

    async def touch_session(self, token_hash: str, now: int) -> None:
        await self._write(lambda db: users.touch_session(db, token_hash, now))

    async def delete_session(self, token_hash: str) -> None:
        await self._write(lambda db: users.delete_session(db, token_hash))

    async def delete_sessions_idle_since(self, before: int) -> int:
        return await self._write(lambda db: users.delete_sessions_idle_since(db, before))

    async def list_projects(self) -> list[ProjectRecord]:
        return await self._read(projects.list_projects)

    async def get_project(self, name: str) -> ProjectRecord | None:
        return await self._read(lambda db: projects.get_project(db, name))

    async def create_project(
        self, name: str, description: str, actor: str, now: int, settings: str = "{}"
    ) -> ProjectRecord:
        return await self._write(
            lambda db: projects.create_project(db, name, description, actor, now, settings)
        )

    async def update_project(
        self,
        name: str,
        new_name: str | None,
        description: str | None,
        actor: str,
        now: int,
        settings: str | None = None,
    ) -> ProjectRecord:
        return await self._write(
            lambda db: projects.update_project(db, name, new_name, description, actor, now, settings)
        )

    async def delete_project(self, name: str) -> None:
        await self._write(lambda db: projects.delete_project(db, name))

    async def list_artifacts(self, group_id: str | None) -> list[ArtifactRecord]:
        return await self._read(lambda db: artifacts.list_artifacts(db, group_id))

    async def get_artifact(self, name: str) -> ArtifactRecord | None:
        return await self._read(lambda db: artifacts.get_artifact(db, name))

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

    async def delete_artifact(self, name: str, now: int) -> None:
        await self._write(lambda db: artifacts.delete_artifact(db, name, now))

    async def list_artifact_repositories(self) -> list[ArtifactRepositoryRecord]:
        return await self._read(artifact_versions.list_repositories)

    async def get_artifact_repository(self, name: str) -> ArtifactRepositoryRecord | None:
        return await self._read(lambda db: artifact_versions.get_repository(db, name))

    async def create_artifact_repository(
        self, name: str, description: str, actor: str, now: int
    ) -> ArtifactRepositoryRecord:
        return await self._write(
            lambda db: artifact_versions.create_repository(db, name, description, actor, now)
        )

    async def list_artifact_versions(self, artifact_id: str) -> list[ArtifactVersionRecord]:
        return await self._read(lambda db: artifact_versions.list_versions(db, artifact_id))

    async def get_artifact_version(self, artifact_id: str, version: str) -> ArtifactVersionRecord | None:
        return await self._read(lambda db: artifact_versions.get_version(db, artifact_id, version))

    async def artifact_version_files(self, version_id: str) -> list[VersionFile]:
        return await self._read(lambda db: artifact_versions.version_files(db, version_id))

    async def reserve_artifact_version(
        self,
        artifact_id: str,
        version: str,
        repository_id: str,
        description: str,
        publisher: str,
        now: int,
        lease_until: int,
    ) -> str:
        return await self._write(
            lambda db: artifact_versions.reserve_version(
                db, artifact_id, version, repository_id, description, publisher, now, lease_until
            )
        )

    async def renew_artifact_version_lease(self, version_id: str, lease_until: int) -> None:
        await self._write(lambda db: artifact_versions.renew_lease(db, version_id, lease_until))

    async def complete_artifact_version(self, version_id: str, files: list[VersionFile], now: int) -> None:
        await self._write(lambda db: artifact_versions.complete_version(db, version_id, files, now))

    async def abandon_artifact_version(self, version_id: str) -> None:
        await self._write(lambda db: artifact_versions.abandon_version(db, version_id))

    async def yank_artifact_version(self, version_id: str, now: int) -> bool:
        return await self._write(lambda db: artifact_versions.yank_version(db, version_id, now))

    async def create_sheet(self, now: int) -> str:
        return await self._write(lambda db: sheets.create_sheet(db, now))

    async def sheet_owner(self, sheet_id: str) -> tuple[str, str] | None:
        return await self._read(lambda db: sheets.sheet_owner(db, sheet_id))

    async def find_property(self, sheet_id: str, path: Sequence[str]) -> PropertyRecord | None:
        return await self._read(lambda db: properties.find_property(db, sheet_id, path))

    async def find_project_property(
        self, project: str, path: Sequence[str]
    ) -> tuple[ProjectRecord | None, PropertyRecord | None]:
        return await self._read(lambda db: properties.find_project_property(db, project, path))

    async def list_properties(self, sheet_id: str) -> list[PropertyRecord]:
        return await self._read(lambda db: properties.list_properties(db, sheet_id))

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
        return await self._read(lambda db: properties.property_history(db, property_id))

    async def create_token(
        self, token_hash: str, kind: str, user_id: str, login_hash: str | None, now: int, expires_at: int
    ) -> None:
        await self._write(
            lambda db: catalog_tokens.create_token(db, token_hash, kind, user_id, login_hash, now, expires_at)
        )

    async def get_token(self, token_hash: str) -> TokenRecord | None:
        return await self._read(lambda db: catalog_tokens.get_token(db, token_hash))

    async def delete_login(self, login_hash: str) -> int:
        return await self._write(lambda db: catalog_tokens.delete_login(db, login_hash))

    async def delete_expired_tokens(self, now: int) -> int:
        return await self._write(lambda db: catalog_tokens.delete_expired(db, now))

    async def dev_state(self) -> dict[str, str]:
        return await self._read(dev.get_state)

    async def change_dev(self, key: str, update: Callable[[str | None], str]) -> str:
        return await self._write(lambda db: dev.change(db, key, update))

    async def change_faults(self, key: str, update: Callable[[str | None], tuple[str, Sequence[int]]]) -> str:
        return await self._write(lambda db: dev.change_faults(db, key, update))

    async def fault_counts(self) -> dict[int, tuple[int, int]]:
        return await self._read(dev.fault_counts)

    async def count_fault(self, rule_id: int, fires: Callable[[int, int], bool]) -> int | None:
        return await self._write(lambda db: dev.count_fault(db, rule_id, fires))

    # development mode's snapshots: whole copies (data, credentials, clock, faults) by the backend;
    # `keep` names the scopes a restore leaves as they are (see sql.dev_scopes)
    async def restore_snapshot(self, name: str, keep: Sequence[str] = ()) -> bool:
        kept = await self._read(lambda db: dev_scopes.keep(db, keep)) if keep else None
        if not await self._restore_whole(name):
            return False
        if kept is not None:
            await self._write(lambda db: dev_scopes.put_back(db, keep, kept))
        return True

    async def clear_scopes(self, scopes: Sequence[str]) -> None:
        await self._write(lambda db: dev_scopes.clear(db, scopes))

    async def _restore_whole(self, name: str) -> bool:
        raise NotImplementedError

    async def dev_credential(self, secret_hash: str, session_idle_ms: int) -> CredentialRecord | None:
        return await self._read(lambda db: dev.credential(db, secret_hash, session_idle_ms))

    async def dev_credentials(self, session_idle_ms: int) -> list[CredentialRecord]:
        return await self._read(lambda db: dev.credentials(db, session_idle_ms))

    async def expire_credentials(
        self, chosen: Sequence[CredentialRecord], now: int, session_idle_ms: int
    ) -> None:
        await self._write(lambda db: dev.expire(db, chosen, now, session_idle_ms))

    async def revoke_credentials(self, chosen: Sequence[CredentialRecord], now: int) -> None:
        await self._write(lambda db: dev.revoke(db, chosen, now))

    async def is_revoked(self, secret_hash: str) -> bool:
        return await self._read(lambda db: dev.is_revoked(db, secret_hash))

    async def credentials_expiring(
        self, since: int, until: int, session_idle_ms: int
    ) -> list[CredentialRecord]:
        return await self._read(lambda db: dev.expiring(db, since, until, session_idle_ms))

    async def list_repositories(self) -> list[RepositoryRecord]:
        return await self._read(catalog_repos.list_repositories)

    async def get_repository(self, repository_id: int) -> RepositoryRecord | None:
        return await self._read(lambda db: catalog_repos.get_repository(db, repository_id))

    async def list_attributes(self, repository_id: int) -> list[AttributeRecord]:
        return await self._read(lambda db: catalog_repos.list_attributes(db, repository_id))

    async def create_repository(
        self, repository_id: int | None, name: str, description: str, attributes: list[NewAttribute], now: int
    ) -> RepositoryRecord:
        return await self._write(
            lambda db: catalog_repos.create_repository(db, repository_id, name, description, attributes, now)
        )

    async def delete_repository(self, repository_id: int, now: int) -> None:
        await self._write(lambda db: catalog_repos.delete_repository(db, repository_id, now))

    async def insert_items(
        self, repository_id: int, attributes: list[AttributeRecord], rows: Sequence[dict[int, Any]], now: int
    ) -> list[int]:
        return await self._write(
            lambda db: catalog_items.insert_items(db, repository_id, attributes, rows, now)
        )

    async def begin_import(self, import_id: str, repository_id: int, count: int, lease_until: int) -> int:
        return await self._write(
            lambda db: catalog_imports.begin(db, import_id, repository_id, count, lease_until)
        )

    async def write_import_batch(
        self,
        import_id: str,
        repository_id: int,
        attributes: list[AttributeRecord],
        rows: Sequence[dict[int, Any]],
        first_id: int,
        now: int,
        lease_until: int,
    ) -> None:
        async def write(db: Db) -> None:
            ids = range(first_id, first_id + len(rows))
            await catalog_items.insert_rows(db, repository_id, attributes, rows, ids, now)
            await catalog_imports.renew(db, import_id, lease_until)

        await self._write(write)

    async def finish_import(self, import_id: str, repository_id: int, count: int, now: int) -> None:
        async def finish(db: Db) -> None:
            await catalog_imports.end(db, import_id)
            await catalog_items.touch(db, repository_id, count, now)

        await self._write(finish)

    async def abandon_import(self, import_id: str) -> None:
        found = await self._read(lambda db: catalog_imports.find(db, import_id))
        if found is None:
            return
        repository_id, (first, last) = found
        for start in range(first, last + 1, IMPORT_CLEANUP_CHUNK):
            end = min(last, start + IMPORT_CLEANUP_CHUNK - 1)
            await self._write(
                partial(catalog_imports.remove_rows, repository_id=repository_id, first=start, last=end)
            )
        await self._write(lambda db: catalog_imports.end(db, import_id))

    async def expired_imports(self, now: int) -> list[str]:
        return await self._read(lambda db: catalog_imports.expired(db, now))

    async def get_item(self, item_id: int) -> ItemRecord | None:
        return await self._read(lambda db: catalog_items.get_item(db, item_id))

    async def update_item(self, item_id: int, values: dict[int, Any], now: int) -> int:
        return await self._write(lambda db: catalog_items.update_item(db, item_id, values, now))

    async def delete_items(self, item_ids: Sequence[int], now: int) -> None:
        await self._write(lambda db: catalog_items.delete_items(db, item_ids, now))

    async def repository_of_item(self, item_id: int) -> int | None:
        return await self._read(lambda db: catalog_items.repository_of(db, item_id))

    async def search_items(self, query: ItemQuery) -> list[ItemRecord]:
        return await self.read_heavy(lambda db: catalog_items.search_items(db, query), self.query_timeout)

    async def attribute_values(
        self, repository_id: int, column: str, limit: int, offset: int
    ) -> tuple[list[tuple[Any, int]], int]:
        return await self.read_heavy(
            lambda db: catalog_items.attribute_values(db, repository_id, column, limit, offset),
            self.query_timeout,
        )

    async def create_saved_set(
        self, repository_id: int, name: str, owner: str, now: int, item_ids: Sequence[int]
    ) -> int:
        return await self._write(
            lambda db: catalog_saved.create_set(db, repository_id, name, owner, now, item_ids)
        )

    async def list_saved_sets(self, repository_id: int) -> list[SavedSetRecord]:
        return await self._read(lambda db: catalog_saved.list_sets(db, repository_id))

    async def get_saved_set(self, set_id: int) -> SavedSetRecord | None:
        return await self._read(lambda db: catalog_saved.get_set(db, set_id))

    async def saved_set_items(self, set_id: int) -> list[int]:
        return await self._read(lambda db: catalog_saved.set_items(db, set_id))

    async def add_to_saved_set(self, set_id: int, item_ids: Sequence[int]) -> None:
        await self._write(lambda db: catalog_saved.add_items(db, set_id, item_ids))

    async def remove_from_saved_set(self, set_id: int, item_ids: Sequence[int]) -> None:
        await self._write(lambda db: catalog_saved.remove_items(db, set_id, item_ids))

    async def delete_saved_set(self, set_id: int) -> None:
        await self._write(lambda db: catalog_saved.delete_set(db, set_id))

    async def create_saved_search(
        self, repository_id: int, name: str, owner: str, body: str, now: int
    ) -> int:
        return await self._write(
            lambda db: catalog_saved.create_search(db, repository_id, name, owner, body, now)
        )

    async def list_saved_searches(self, repository_id: int) -> list[SavedSearchRecord]:
        return await self._read(lambda db: catalog_saved.list_searches(db, repository_id))

    async def get_saved_search(self, search_id: int) -> SavedSearchRecord | None:
        return await self._read(lambda db: catalog_saved.get_search(db, search_id))

    async def delete_saved_search(self, search_id: int) -> None:
        await self._write(lambda db: catalog_saved.delete_search(db, search_id))

    async def record_job(self, job: JobRecord) -> int:
        return await self._write(lambda db: catalog_jobs.record(db, job))

    async def list_jobs(
        self, repository_id: int, since: int, until: int, limit: int, offset: int
    ) -> tuple[list[JobRecord], int]:
        return await self._read(lambda db: catalog_jobs.jobs(db, repository_id, since, until, limit, offset))

    async def search_marks(self, query: ItemQuery, stride: int) -> list[list[Any]]:
        return await self.read_heavy(
            lambda db: catalog_items.search_marks(db, query, stride), self.query_timeout
        )

    async def count_items(self, query: ItemQuery) -> int:
        return await self.read_heavy(lambda db: catalog_items.count_items(db, query), self.query_timeout)

    async def list_users(self) -> list[UserRecord]:
        return await self._read(users.list_users)

    async def update_profile(self, user_id: str, email: str | None, full_name: str | None, now: int) -> None:
        await self._write(lambda db: users.update_profile(db, user_id, email, full_name, now))

    async def delete_user(self, name: str) -> None:
        await self._write(lambda db: users.delete_user(db, name))

    async def list_groups(self) -> list[GroupRecord]:
        return await self._read(groups.list_groups)

    async def get_group(self, name: str) -> GroupRecord | None:
        return await self._read(lambda db: groups.get_group(db, name))

    async def create_group(self, name: str, now: int) -> GroupRecord:
        return await self._write(lambda db: groups.create_group(db, name, now))

    async def delete_group(self, name: str) -> None:
        await self._write(lambda db: groups.delete_group(db, name))

    async def add_group_members(self, group: str, user_names: list[str]) -> None:
        await self._write(lambda db: groups.add_members(db, group, user_names))

    async def remove_group_members(self, group: str, user_names: list[str]) -> None:
        await self._write(lambda db: groups.remove_members(db, group, user_names))

    async def user_groups(self, user_id: str) -> list[str]:
        return await self._read(lambda db: groups.user_groups(db, user_id))

    async def login_blocked_until(self, keys: list[str]) -> int:
        return await self._read(lambda db: throttling.blocked_until(db, keys))

    async def record_login_failure(self, key: str, now: int, window_ms: int) -> int:
        return await self._write(lambda db: throttling.record_failure(db, key, now, window_ms))

    async def block_login(self, key: str, until: int) -> None:
        await self._write(lambda db: throttling.block(db, key, until))

    async def clear_login_failures(self, key: str) -> None:
        await self._write(lambda db: throttling.clear(db, key))

    async def acl_entries(self, kind: str, object_id: str) -> list[AclEntryRecord]:
        return await self._read(lambda db: acl.entries(db, kind, object_id))

    async def put_acl_entry(self, entry: AclEntryRecord) -> AclEntryRecord:
        return await self._write(lambda db: acl.put_entry(db, entry))

    async def delete_acl_entry(
        self, kind: str, object_id: str, principal_type: str, principal_name: str
    ) -> None:
        await self._write(lambda db: acl.delete_entry(db, kind, object_id, principal_type, principal_name))

    async def create_api_token(
        self, token_hash: str, user_id: str, name: str, now: int, expires_at: int
    ) -> str:
        return await self._write(
            lambda db: api_tokens.create_token(db, token_hash, user_id, name, now, expires_at)
        )

    async def api_token_by_hash(self, token_hash: str) -> ApiTokenRecord | None:
        return await self._read(lambda db: api_tokens.token_by_hash(db, token_hash))

    async def api_token_by_id(self, token_id: str) -> ApiTokenRecord | None:
        return await self._read(lambda db: api_tokens.token_by_id(db, token_id))

    async def user_api_tokens(self, user_id: str) -> list[ApiTokenRecord]:
        return await self._read(lambda db: api_tokens.user_tokens(db, user_id))

    async def revoke_api_token(self, token_id: str) -> None:
        await self._write(lambda db: api_tokens.revoke_token(db, token_id))

    async def record_audit_event(
        self, time: int, kind: str, user_name: str, address: str, detail: str
    ) -> None:
        await self._write(lambda db: audit.record(db, time, kind, user_name, address, detail))

    async def audit_events(
        self, since: int, kind: str | None, user_name: str | None, limit: int
    ) -> list[AuditEventRecord]:
        return await self._read(lambda db: audit.events(db, since, kind, user_name, limit))

    async def prune_audit_events(self, before: int) -> int:
        return await self._write(lambda db: audit.prune(db, before))
