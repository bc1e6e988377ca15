"""What the store hands back: plain, immutable records that know nothing of HTTP or JSON."""

from __future__ import annotations

from typing import Any

import msgspec


class UserRecord(msgspec.Struct, frozen=True):
    id: str
    name: str
    password_hash: str
    email: str
    full_name: str
    credentials_version: int
    create_time: int
    modify_time: int


class SessionRecord(msgspec.Struct, frozen=True):
    user_id: str
    user_name: str
    create_time: int
    last_used: int


class ProjectRecord(msgspec.Struct, frozen=True):
    id: str
    name: str
    description: str
    owner: str
    create_time: int
    modify_time: int
    last_modified_by: str
    property_sheet_id: str
    # credentialName, resourceName, workspaceName, tracked: kept and shown back, used for nothing
    settings: str = "{}"


class PropertyRecord(msgspec.Struct, frozen=True):
    id: str
    sheet_id: str
    name: str
    value: str | None
    child_sheet_id: str | None
    description: str
    expandable: int
    tracked: int
    counter: int
    owner: str
    create_time: int
    modify_time: int
    last_modified_by: str
    revision: int

    @property
    def is_sheet(self) -> bool:
        return self.child_sheet_id is not None


class HistoryRecord(msgspec.Struct, frozen=True):
    revision: int
    value: str | None
    modify_time: int
    last_modified_by: str


class PropertyChange(msgspec.Struct, frozen=True):
    """One write to a property. `None` fields keep the stored value (or take the default on create)."""

    actor: str
    now: int
    value: str | None = None
    description: str | None = None
    expandable: int | None = None
    tracked: int | None = None
    counter: int | None = None
    make_sheet: bool = False
    create_only: bool = False
    if_match: int | None = None


class ArtifactRecord(msgspec.Struct, frozen=True):
    id: str
    name: str
    group_id: str
    artifact_key: str
    description: str
    owner: str
    create_time: int
    modify_time: int
    last_modified_by: str
    property_sheet_id: str


class TokenRecord(msgspec.Struct, frozen=True):
    kind: str
    user_id: str
    user_name: str
    login_hash: str | None
    create_time: int
    expires_at: int


class AttributeRecord(msgspec.Struct, frozen=True):
    id: int
    repository_id: int
    name: str
    type: str
    required: int
    unique_values: int
    position: int


class RepositoryRecord(msgspec.Struct, frozen=True):
    id: int
    name: str
    description: str
    item_count: int
    data_version: int
    create_time: int
    modify_time: int


class NewAttribute(msgspec.Struct, frozen=True):
    name: str
    type: str
    required: bool = False
    unique: bool = False


class ItemRecord(msgspec.Struct, frozen=True):
    """An item's stored values, keyed by attribute id."""

    id: int
    repository_id: int
    create_time: int
    modify_time: int
    values: dict[int, Any]


class SavedSetRecord(msgspec.Struct, frozen=True):
    id: int
    repository_id: int
    name: str
    owner: str
    create_time: int
    item_count: int


class SavedSearchRecord(msgspec.Struct, frozen=True):
    id: int
    repository_id: int
    name: str
    owner: str
    # the search body as JSON: filters, keyword, sort
    body: str
    create_time: int


class JobRecord(msgspec.Struct, frozen=True):
    """A Catalog import, export or bulk delete: who ran it, when, on how many items, how it ended."""

    id: int
    repository_id: int
    kind: str
    user_name: str
    start_time: int
    end_time: int
    item_count: int
    outcome: str
    message: str


class Condition(msgspec.Struct, frozen=True):
    """One filter on a column: `id`, `create_time`, `modify_time` or `a<attribute id>`."""

    column: str
    op: str
    value: Any = None


class OrderKey(msgspec.Struct, frozen=True):
    column: str
    descending: bool = False


class ItemQuery(msgspec.Struct, frozen=True):
    """A search, in store terms. `id` ascending is always the last sort key (the store adds it)."""

    repository_id: int
    columns: list[str]
    conditions: list[Condition] = []
    keyword_terms: list[str] = []
    order: list[OrderKey] = []
    limit: int = 20
    offset: int = 0
    # keyset paging: the values of the order keys and the id of the last item already seen
    after: list[Any] | None = None
    # read from the far end (the service flips offset and order for deep pages, then reverses rows)
    reverse: bool = False


class ArtifactRepositoryRecord(msgspec.Struct, frozen=True):
    id: str
    name: str
    description: str
    owner: str
    create_time: int
    modify_time: int


class VersionFile(msgspec.Struct, frozen=True):
    path: str
    size: int
    sha256: str


class ArtifactVersionRecord(msgspec.Struct, frozen=True):
    id: str
    artifact_id: str
    artifact_name: str
    version: str
    state: str
    repository_name: str
    description: str
    publisher: str
    size: int
    create_time: int
    modify_time: int
    lease_until: int


class GroupRecord(msgspec.Struct, frozen=True):
    id: str
    name: str
    create_time: int
    members: list[str] = []


class AclEntryRecord(msgspec.Struct, frozen=True):
    id: str
    object_kind: str
    object_id: str
    principal_type: str
    principal_name: str
    read: str
    modify: str
    execute: str
    change_permissions: str

    def privilege(self, name: str) -> str:
        return {"read": self.read, "modify": self.modify, "execute": self.execute}.get(
            name, self.change_permissions
        )


class ApiTokenRecord(msgspec.Struct, frozen=True):
    id: str
    user_id: str
    user_name: str
    name: str
    create_time: int
    expires_at: int  # 0: never


class AuditEventRecord(msgspec.Struct, frozen=True):
    id: str
    time: int
    type: str
    user_name: str
    address: str
    detail: str


class CredentialRecord(msgspec.Struct, frozen=True):
    """A credential as development mode lists it: its kind (`session`, `ewtoken`, `epimresttoken`,
    `apiToken`), its user, the SHA-256 of its secret (never the secret) and when it expires."""

    kind: str
    user: str
    secret_hash: str
    # 0: never
    expires_at: int
    create_time: int = 0
    revoked: bool = False


class SnapshotRecord(msgspec.Struct, frozen=True):
    """A snapshot of development mode: its name, when it was taken (virtual ms), its size in bytes."""

    name: str
    create_time: int
    size: int
