"""What the store hands back: plain, immutable records that know nothing of HTTP or JSON."""

from __future__ import annotations

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
