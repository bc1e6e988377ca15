"""The Flow API's calls, each declared once: what to send and how to read the answer.

`FlowApi` turns them into methods of `FlowClient` and `AsyncFlowClient`; the uploads, downloads and the
session itself are written by hand in each client.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from restkeep.client.calls import Call, Endpoint
from restkeep.client.models import ArtifactVersion, Project, Property

Json = dict[str, Any]


def locator(project: str | None, artifact: str | None) -> dict[str, str]:
    if project is not None:
        return {"projectName": project}
    if artifact is not None:
        return {"artifactName": artifact}
    return {}


def as_given(path: str) -> str:
    """A path for a URL, each segment percent-encoded as given. `?`, `#` and `%` stay part of the
    name, and `.`/`..` segments reach the server (which refuses them) instead of being resolved on the
    way by the URL library, which would write to another property than the one named."""
    return "/".join("%2E" * len(s) if s in (".", "..") else quote(s, safe="") for s in path.split("/"))


def property_path(name: str) -> str:
    return "/properties/" + as_given(name)


def _flag(value: bool) -> str:
    return "1" if value else "0"


def _nothing(_: Any) -> None:
    return None


def _property(body: Json) -> Property:
    return Property.of(body["property"])


def _properties(body: Json) -> list[Property]:
    return [Property.of(p) for p in body["propertySheet"]["property"]]


def _project(body: Json) -> Project:
    return Project.of(body["project"])


def _version(body: Json) -> ArtifactVersion:
    return ArtifactVersion.of(body["artifactVersion"])


def _versions(body: Json) -> list[ArtifactVersion]:
    return [ArtifactVersion.of(v) for v in body["artifactVersion"]]


def _field(name: str) -> Any:
    def read(body: Json) -> Any:
        return body[name]

    return read


# server
def get_server_status() -> Call[Json]:
    """Whether the server is up (no credentials needed)."""
    return Call("GET", "/server/status", _field("serverStatus"), True)


def get_server_info() -> Call[Json]:
    """The server's version and storage backend."""
    return Call("GET", "/server/info", _field("serverInfo"), True)


# properties
def get_property(
    name: str, *, project: str | None = None, artifact: str | None = None, expand: bool = True
) -> Call[Property]:
    """One property; `$[...]` references in its value are expanded unless `expand=False`."""
    params = {**locator(project, artifact), "expand": _flag(expand)}
    return Call("GET", property_path(name), _property, True, params)


def set_property(
    name: str, value: str, *, project: str | None = None, artifact: str | None = None, **fields: str
) -> Call[Property]:
    """Set a property's value, creating it (and the sheets on its path) if needed. The value goes in
    the body, so that its size has no URL limit."""
    body = {"value": value, **fields}
    return Call("PUT", property_path(name), _property, True, locator(project, artifact), json=body)


def create_property(
    name: str,
    value: str | None = None,
    *,
    project: str | None = None,
    artifact: str | None = None,
    sheet: bool = False,
    **fields: str,
) -> Call[Property]:
    """Create a property, or a nested sheet with `sheet=True`; `Conflict` if it exists."""
    body = {"propertyName": name, **fields}
    if sheet:
        body["propertyType"] = "sheet"
    elif value is not None:
        body["value"] = value
    return Call("POST", "/properties", _property, False, locator(project, artifact), json=body)


def delete_property(name: str, *, project: str | None = None, artifact: str | None = None) -> Call[None]:
    return Call("DELETE", property_path(name), _nothing, True, locator(project, artifact))


def increment_property(
    name: str, by: int = 1, *, project: str | None = None, artifact: str | None = None
) -> Call[int]:
    """Add `by` atomically and return the new value (never retried: it could count twice)."""
    params = {**locator(project, artifact), "request": "incrementProperty", "incrementBy": str(by)}
    return Call("PUT", property_path(name), lambda body: int(_property(body).value or 0), False, params)


def get_properties(
    *, project: str | None = None, artifact: str | None = None, path: str | None = None, recurse: bool = False
) -> Call[list[Property]]:
    """The properties of a sheet (`path` inside it), nested sheets included with `recurse=True`."""
    params = {**locator(project, artifact), "recurse": _flag(recurse), **({"path": path} if path else {})}
    return Call("GET", "/properties", _properties, True, params)


def get_property_sheet(sheet_id: str, *, recurse: bool = False) -> Call[list[Property]]:
    return Call("GET", f"/propertySheets/{sheet_id}", _properties, True, {"recurse": _flag(recurse)})


def get_property_history(
    name: str, *, project: str | None = None, artifact: str | None = None
) -> Call[list[Json]]:
    """The recorded changes of a tracked property, oldest first."""
    params = {**locator(project, artifact), "request": "getPropertyHistory"}
    return Call("GET", property_path(name), lambda body: list(body["propertyChange"]), True, params)


def expand_string(value: str, *, project: str | None = None, artifact: str | None = None) -> Call[str]:
    """Expand the `$[...]` references in `value` as seen from a project or artifact."""
    body = {"value": value}
    return Call(
        "POST", "/expandString", lambda body: str(body["value"]), True, locator(project, artifact), body
    )


def get_project_property(project: str, name: str) -> Call[Property]:
    """A project's property by the short path `/projects/{project}/{name}`."""
    return Call("GET", f"/projects/{as_given(project)}/{as_given(name)}", _property, True)


# projects
def get_projects() -> Call[list[Project]]:
    return Call("GET", "/projects", lambda body: [Project.of(p) for p in body["project"]], True)


def get_project(name: str) -> Call[Project]:
    return Call("GET", f"/projects/{name}", _project, True)


def create_project(name: str, description: str = "") -> Call[Project]:
    return Call("POST", "/projects", _project, False, {"projectName": name, "description": description})


def modify_project(
    name: str, *, new_name: str | None = None, description: str | None = None
) -> Call[Project]:
    params = {k: v for k, v in (("newName", new_name), ("description", description)) if v is not None}
    return Call("PUT", f"/projects/{name}", _project, True, params)


def delete_project(name: str) -> Call[None]:
    return Call("DELETE", f"/projects/{name}", _nothing, True)


# artifacts, versions, repositories
def get_artifacts(group_id: str | None = None) -> Call[list[Json]]:
    params = {"groupId": group_id} if group_id else {}
    return Call("GET", "/artifacts", lambda body: list(body["artifact"]), True, params)


def get_artifact(name: str) -> Call[Json]:
    """One artifact, by `groupId:artifactKey`."""
    return Call("GET", f"/artifacts/{name}", _field("artifact"), True)


def create_artifact(group_id: str, key: str, description: str = "") -> Call[Json]:
    params = {"groupId": group_id, "artifactKey": key, "description": description}
    return Call("POST", "/artifacts", _field("artifact"), False, params)


def modify_artifact(name: str, *, description: str) -> Call[Json]:
    return Call("PUT", f"/artifacts/{name}", _field("artifact"), True, {"description": description})


def delete_artifact(name: str) -> Call[None]:
    return Call("DELETE", f"/artifacts/{name}", _nothing, True)


def get_artifact_versions(artifact: str) -> Call[list[ArtifactVersion]]:
    return Call("GET", "/artifactVersions", _versions, True, {"artifactName": artifact})


def find_artifact_versions(artifact: str, version_range: str) -> Call[list[ArtifactVersion]]:
    """The versions in a Maven-style range such as `[1.0,2.0)`, oldest first."""
    params = {"artifactName": artifact, "versionRange": version_range, "request": "findArtifactVersions"}
    return Call("GET", "/artifactVersions", _versions, True, params)


def get_artifact_version(name: str) -> Call[ArtifactVersion]:
    """One version, by `groupId:artifactKey:version`, with its files and their SHA-256."""
    return Call("GET", f"/artifactVersions/{name}", _version, True)


def delete_artifact_version(name: str) -> Call[ArtifactVersion]:
    """Withdraw a version; its name is never reused."""
    return Call("DELETE", f"/artifactVersions/{name}", _version, True)


def get_repositories() -> Call[list[Json]]:
    return Call("GET", "/repositories", lambda body: list(body["repository"]), True)


def create_repository(name: str, description: str = "") -> Call[Json]:
    params = {"repositoryName": name, "description": description}
    return Call("POST", "/repositories", _field("repository"), False, params)


# users and groups
def get_users() -> Call[list[Json]]:
    return Call("GET", "/users", lambda body: list(body["user"]), True)


def get_user(name: str) -> Call[Json]:
    return Call("GET", f"/users/{name}", _field("user"), True)


def create_user(name: str, password: str, *, email: str = "", full_name: str = "") -> Call[Json]:
    body = {"userName": name, "password": password, "email": email, "fullUserName": full_name}
    return Call("POST", "/users", _field("user"), False, json=body)


def modify_user(
    name: str,
    *,
    password: str | None = None,
    current_password: str | None = None,
    email: str | None = None,
    full_name: str | None = None,
) -> Call[Json]:
    """Change a password (your own needs `current_password`), e-mail address or full name.
    A new password ends the user's sessions and Catalog logins everywhere (API tokens stay)."""
    fields = (
        ("password", password),
        ("currentPassword", current_password),
        ("email", email),
        ("fullUserName", full_name),
    )
    body = {key: value for key, value in fields if value is not None}
    return Call("PUT", f"/users/{name}", _field("user"), True, json=body)


def change_password(name: str, password: str, *, current_password: str | None = None) -> Call[Json]:
    """`modify_user` for the common case."""
    return modify_user(name, password=password, current_password=current_password)


def delete_user(name: str) -> Call[None]:
    return Call("DELETE", f"/users/{name}", _nothing, True)


def get_groups() -> Call[list[Json]]:
    return Call("GET", "/groups", lambda body: list(body["group"]), True)


def get_group(name: str) -> Call[Json]:
    return Call("GET", f"/groups/{name}", _field("group"), True)


def create_group(name: str) -> Call[Json]:
    return Call("POST", "/groups", _field("group"), False, {"groupName": name})


def delete_group(name: str) -> Call[None]:
    return Call("DELETE", f"/groups/{name}", _nothing, True)


def _members(request: str, group: str, users: list[str]) -> Call[Json]:
    params = {"request": request, "userName": ",".join(users)}
    return Call("PUT", f"/groups/{group}", _field("group"), True, params)


def add_users_to_group(group: str, users: list[str]) -> Call[Json]:
    return _members("addUsersToGroup", group, users)


def remove_users_from_group(group: str, users: list[str]) -> Call[Json]:
    return _members("removeUsersFromGroup", group, users)


# access control, API tokens, audit
def get_acl(**locator: str) -> Call[list[Json]]:
    """Entries on `projectName=`, `artifactName=`, `catalogRepositoryId=`, or (none) the server."""
    return Call("GET", "/acls", lambda body: list(body["aclEntry"]), True, locator)


def set_acl(
    principal: str, principal_type: str = "user", *, privileges: dict[str, str], **locator: str
) -> Call[Json]:
    """Create or change one principal's entry; `privileges` such as {"read": "allow", "modify": "deny"}."""
    params = {
        **locator,
        "principalName": principal,
        "principalType": principal_type,
        **{f"{name}Privilege": value for name, value in privileges.items()},
    }
    return Call("PUT", "/acls", _field("aclEntry"), True, params)


def delete_acl(principal: str, principal_type: str = "user", **locator: str) -> Call[None]:
    params = {**locator, "principalName": principal, "principalType": principal_type}
    return Call("DELETE", "/acls", _nothing, True, params)


def create_api_token(name: str, expires_in: str | None = None) -> Call[Json]:
    """A new API token for yourself (its secret is in the answer, once); `expires_in` such as "90d"."""
    params = {"name": name, **({"expiresIn": expires_in} if expires_in else {})}
    return Call("POST", "/apiTokens", _field("apiToken"), False, params)


def get_api_tokens() -> Call[list[Json]]:
    return Call("GET", "/apiTokens", lambda body: list(body["apiToken"]), True)


def revoke_api_token(token_id: str) -> Call[None]:
    return Call("DELETE", f"/apiTokens/{token_id}", _nothing, True)


def get_audit_events(
    *,
    since: str | None = None,
    event_type: str | None = None,
    user: str | None = None,
    limit: int | None = None,
) -> Call[list[Json]]:
    """Security events, newest first (administrators)."""
    fields = (("since", since), ("type", event_type), ("userName", user), ("limit", limit))
    params = {key: str(value) for key, value in fields if value is not None}
    return Call("GET", "/auditEvents", lambda body: list(body["auditEvent"]), True, params)


class FlowApi:
    """The Flow calls both clients share; `FlowClient` returns results, `AsyncFlowClient` awaitables."""

    get_server_status = Endpoint("getServerStatus", get_server_status)
    get_server_info = Endpoint("getServerInfo", get_server_info)
    get_property = Endpoint("getProperty", get_property)
    set_property = Endpoint("setProperty", set_property)
    create_property = Endpoint("createProperty", create_property)
    delete_property = Endpoint("deleteProperty", delete_property)
    increment_property = Endpoint("incrementProperty", increment_property)
    get_properties = Endpoint("getProperties", get_properties)
    get_property_sheet = Endpoint("getPropertySheet", get_property_sheet)
    get_property_history = Endpoint("getPropertyHistory", get_property_history)
    expand_string = Endpoint("expandString", expand_string)
    get_project_property = Endpoint("getProjectProperty", get_project_property)
    get_projects = Endpoint("getProjects", get_projects)
    get_project = Endpoint("getProject", get_project)
    create_project = Endpoint("createProject", create_project)
    modify_project = Endpoint("modifyProject", modify_project)
    delete_project = Endpoint("deleteProject", delete_project)
    get_artifacts = Endpoint("getArtifacts", get_artifacts)
    get_artifact = Endpoint("getArtifact", get_artifact)
    create_artifact = Endpoint("createArtifact", create_artifact)
    modify_artifact = Endpoint("modifyArtifact", modify_artifact)
    delete_artifact = Endpoint("deleteArtifact", delete_artifact)
    get_artifact_versions = Endpoint("getArtifactVersions", get_artifact_versions)
    find_artifact_versions = Endpoint("findArtifactVersions", find_artifact_versions)
    get_artifact_version = Endpoint("getArtifactVersion", get_artifact_version)
    delete_artifact_version = Endpoint("deleteArtifactVersion", delete_artifact_version)
    get_repositories = Endpoint("getRepositories", get_repositories)
    create_repository = Endpoint("createRepository", create_repository)
    get_users = Endpoint("getUsers", get_users)
    get_user = Endpoint("getUser", get_user)
    create_user = Endpoint("createUser", create_user)
    modify_user = Endpoint("modifyUser", modify_user)
    change_password = Endpoint("modifyUser", change_password)
    delete_user = Endpoint("deleteUser", delete_user)
    get_groups = Endpoint("getGroups", get_groups)
    get_group = Endpoint("getGroup", get_group)
    create_group = Endpoint("createGroup", create_group)
    delete_group = Endpoint("deleteGroup", delete_group)
    add_users_to_group = Endpoint("addUsersToGroup", add_users_to_group)
    remove_users_from_group = Endpoint("removeUsersFromGroup", remove_users_from_group)
    get_acl = Endpoint("getAclEntries", get_acl)
    set_acl = Endpoint("modifyAclEntry", set_acl)
    delete_acl = Endpoint("deleteAclEntry", delete_acl)
    create_api_token = Endpoint("createApiToken", create_api_token)
    get_api_tokens = Endpoint("getApiTokens", get_api_tokens)
    revoke_api_token = Endpoint("revokeApiToken", revoke_api_token)
    get_audit_events = Endpoint("getAuditEvents", get_audit_events)
