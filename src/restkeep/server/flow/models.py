"""The Flow API's wire shapes (msgspec Structs): responses are encoded from these, and the OpenAPI
document's schemas are generated from the same classes."""

from __future__ import annotations

import msgspec
from msgspec import UNSET, UnsetType

from restkeep.server.clock import format_ms
from restkeep.server.flow.services.artifact_versions import VersionView
from restkeep.server.flow.services.properties import PropertyView, SheetView
from restkeep.server.store.records import (
    AclEntryRecord,
    ApiTokenRecord,
    ArtifactRecord,
    ArtifactRepositoryRecord,
    ArtifactVersionRecord,
    AuditEventRecord,
    GroupRecord,
    HistoryRecord,
    ProjectRecord,
    UserRecord,
)


def _flag(value: int) -> str:
    return "1" if value else "0"


class Property(msgspec.Struct, kw_only=True, omit_defaults=True):
    propertyId: str
    propertyName: str
    counter: str
    createTime: str
    description: str
    expandable: str
    lastModifiedBy: str
    modifyTime: str
    owner: str
    tracked: str
    value: str | UnsetType = UNSET
    propertySheetId: str | UnsetType = UNSET
    revision: str
    propertySheet: PropertySheet | UnsetType = UNSET


class PropertySheet(msgspec.Struct, kw_only=True, omit_defaults=True):
    propertySheetId: str
    property: list[Property]


class PropertyResponse(msgspec.Struct):
    property: Property


class PropertySheetResponse(msgspec.Struct):
    propertySheet: PropertySheet


class PropertyChange(msgspec.Struct):
    revision: str
    value: str | None
    modifyTime: str
    lastModifiedBy: str


class PropertyHistoryResponse(msgspec.Struct):
    propertyChange: list[PropertyChange]


class ExpandStringResponse(msgspec.Struct):
    value: str


class Project(msgspec.Struct, omit_defaults=True):
    projectId: str
    projectName: str
    description: str
    owner: str
    createTime: str
    modifyTime: str
    lastModifiedBy: str
    propertySheetId: str
    # shown when set (createProject/modifyProject take them, as in the original)
    credentialName: str | None = None
    resourceName: str | None = None
    workspaceName: str | None = None
    tracked: str | None = None


class ProjectResponse(msgspec.Struct):
    project: Project


class ProjectListResponse(msgspec.Struct):
    project: list[Project]


class Artifact(msgspec.Struct):
    artifactId: str
    artifactName: str
    artifactKey: str
    createTime: str
    groupId: str
    lastModifiedBy: str
    modifyTime: str
    owner: str
    propertySheetId: str
    description: str


class ArtifactResponse(msgspec.Struct):
    artifact: Artifact


class ArtifactListResponse(msgspec.Struct):
    artifact: list[Artifact]


class VersionFileOut(msgspec.Struct):
    path: str
    size: str
    sha256: str


class ArtifactVersion(msgspec.Struct, kw_only=True, omit_defaults=True):
    artifactVersionId: str
    artifactVersionName: str
    artifactName: str
    version: str
    state: str
    repositoryName: str
    description: str
    createTime: str
    modifyTime: str
    publisher: str
    size: str
    files: list[VersionFileOut] | UnsetType = UNSET


class ArtifactVersionResponse(msgspec.Struct):
    artifactVersion: ArtifactVersion


class ArtifactVersionListResponse(msgspec.Struct):
    artifactVersion: list[ArtifactVersion]


class Repository(msgspec.Struct):
    repositoryId: str
    repositoryName: str
    description: str
    owner: str
    createTime: str
    modifyTime: str


class RepositoryResponse(msgspec.Struct):
    repository: Repository


class RepositoryListResponse(msgspec.Struct):
    repository: list[Repository]


class User(msgspec.Struct):
    userId: str
    userName: str
    email: str
    fullUserName: str
    createTime: str
    modifyTime: str
    groups: list[str]


class UserResponse(msgspec.Struct):
    user: User


class UserListResponse(msgspec.Struct):
    user: list[User]


class Group(msgspec.Struct):
    groupId: str
    groupName: str
    createTime: str
    members: list[str]


class GroupResponse(msgspec.Struct):
    group: Group


class GroupListResponse(msgspec.Struct):
    group: list[Group]


class AclEntry(msgspec.Struct):
    aclEntryId: str
    principalName: str
    principalType: str
    readPrivilege: str
    modifyPrivilege: str
    executePrivilege: str
    changePermissionsPrivilege: str


class AclEntryResponse(msgspec.Struct):
    aclEntry: AclEntry


class AclEntryListResponse(msgspec.Struct):
    aclEntry: list[AclEntry]


class ApiToken(msgspec.Struct, kw_only=True, omit_defaults=True):
    apiTokenId: str
    name: str
    userName: str
    createTime: str
    expiresAt: str
    token: str | UnsetType = UNSET


class ApiTokenResponse(msgspec.Struct):
    apiToken: ApiToken


class ApiTokenListResponse(msgspec.Struct):
    apiToken: list[ApiToken]


class AuditEvent(msgspec.Struct):
    auditEventId: str
    time: str
    type: str
    userName: str
    address: str
    detail: str


class AuditEventListResponse(msgspec.Struct):
    auditEvent: list[AuditEvent]


class SessionResponse(msgspec.Struct):
    sessionId: str
    userName: str


class ServerStatus(msgspec.Struct):
    serverState: str


class ServerStatusResponse(msgspec.Struct):
    serverStatus: ServerStatus


class ServerInfo(msgspec.Struct):
    version: str
    apiVersion: str
    database: str


class ServerInfoResponse(msgspec.Struct):
    serverInfo: ServerInfo


class Empty(msgspec.Struct):
    """Deletes answer `{}`, as the original does."""


def property_out(view: PropertyView) -> Property:
    record = view.record
    sheet = (
        UNSET
        if view.children is None
        else PropertySheet(
            propertySheetId=record.child_sheet_id or "",
            property=[property_out(child) for child in view.children],
        )
    )
    return Property(
        propertyId=record.id,
        propertyName=record.name,
        counter=_flag(record.counter),
        createTime=format_ms(record.create_time),
        description=record.description,
        expandable=_flag(record.expandable),
        lastModifiedBy=record.last_modified_by,
        modifyTime=format_ms(record.modify_time),
        owner=record.owner,
        tracked=_flag(record.tracked),
        value=UNSET if view.value is None else view.value,
        propertySheetId=record.child_sheet_id or UNSET,
        revision=str(record.revision),
        propertySheet=sheet,
    )


def sheet_out(view: SheetView) -> PropertySheetResponse:
    return PropertySheetResponse(
        PropertySheet(propertySheetId=view.sheet_id, property=[property_out(p) for p in view.properties])
    )


def history_out(changes: list[HistoryRecord]) -> PropertyHistoryResponse:
    return PropertyHistoryResponse(
        [
            PropertyChange(str(c.revision), c.value, format_ms(c.modify_time), c.last_modified_by)
            for c in changes
        ]
    )


def project_out(record: ProjectRecord) -> Project:
    return Project(
        projectId=record.id,
        projectName=record.name,
        description=record.description,
        owner=record.owner,
        createTime=format_ms(record.create_time),
        modifyTime=format_ms(record.modify_time),
        lastModifiedBy=record.last_modified_by,
        propertySheetId=record.property_sheet_id,
        **msgspec.json.decode(record.settings),
    )


def artifact_out(record: ArtifactRecord) -> Artifact:
    return Artifact(
        artifactId=record.id,
        artifactName=record.name,
        artifactKey=record.artifact_key,
        createTime=format_ms(record.create_time),
        groupId=record.group_id,
        lastModifiedBy=record.last_modified_by,
        modifyTime=format_ms(record.modify_time),
        owner=record.owner,
        propertySheetId=record.property_sheet_id,
        description=record.description,
    )


def artifact_version_out(record: ArtifactVersionRecord, view: VersionView | None = None) -> ArtifactVersion:
    return ArtifactVersion(
        artifactVersionId=record.id,
        artifactVersionName=f"{record.artifact_name}:{record.version}",
        artifactName=record.artifact_name,
        version=record.version,
        state=record.state,
        repositoryName=record.repository_name,
        description=record.description,
        createTime=format_ms(record.create_time),
        modifyTime=format_ms(record.modify_time),
        publisher=record.publisher,
        size=str(record.size),
        files=UNSET if view is None else [VersionFileOut(f.path, str(f.size), f.sha256) for f in view.files],
    )


def repository_out(record: ArtifactRepositoryRecord) -> Repository:
    return Repository(
        repositoryId=record.id,
        repositoryName=record.name,
        description=record.description,
        owner=record.owner,
        createTime=format_ms(record.create_time),
        modifyTime=format_ms(record.modify_time),
    )


def user_out(record: UserRecord, groups: list[str]) -> User:
    return User(
        userId=record.id,
        userName=record.name,
        email=record.email,
        fullUserName=record.full_name,
        createTime=format_ms(record.create_time),
        modifyTime=format_ms(record.modify_time),
        groups=groups,
    )


def group_out(record: GroupRecord) -> Group:
    return Group(record.id, record.name, format_ms(record.create_time), list(record.members))


def acl_entry_out(record: AclEntryRecord) -> AclEntry:
    return AclEntry(
        record.id,
        record.principal_name,
        record.principal_type,
        record.read,
        record.modify,
        record.execute,
        record.change_permissions,
    )


def api_token_out(record: ApiTokenRecord, token: str | None = None) -> ApiToken:
    return ApiToken(
        apiTokenId=record.id,
        name=record.name,
        userName=record.user_name,
        createTime=format_ms(record.create_time),
        expiresAt=format_ms(record.expires_at) if record.expires_at else "",
        token=UNSET if token is None else token,
    )


def audit_event_out(record: AuditEventRecord) -> AuditEvent:
    return AuditEvent(
        record.id, format_ms(record.time), record.type, record.user_name, record.address, record.detail
    )
