"""`FlowClient`: the Flow API with the session handled for you.

    with FlowClient("https://host:8443", username="admin", password="...", verify="ca.pem") as flow:
        flow.get_property("PythonProperty", project="Default").value
        flow.increment_property("build", project="Default")          # -> int

The session is created on the first call, and created again (once) if the server answers
`InvalidSession` (it expired or was logged out); many threads share one login.
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import httpx

from restkeep.client.errors import AuthError, error_from
from restkeep.client.models import ArtifactVersion, Project, Property
from restkeep.client.transport import ClientBase, Transport, Verify

PREFIX = "/rest/v1.0"
_CHUNK = 1 << 20


def _locator(project: str | None, artifact: str | None) -> dict[str, str]:
    if project is not None:
        return {"projectName": project}
    if artifact is not None:
        return {"artifactName": artifact}
    return {}


def _stale_session(response: httpx.Response) -> bool:
    """The server says the session expired or was ended: log in again and repeat the call once."""
    if response.status_code != 401:
        return False
    error = error_from(response)
    return isinstance(error, AuthError) and error.code == "InvalidSession"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class FlowClient(ClientBase):
    def __init__(
        self,
        url: str,
        username: str | None = None,
        password: str | None = None,
        *,
        token: str | None = None,
        verify: Verify = True,
        timeout: float = 30.0,
        retries: int = 3,
    ) -> None:
        if token is None and (username is None or password is None):
            raise ValueError("give username and password, or an API token")
        self._credentials: dict[str, str] = (
            {"token": token} if token else {"userName": username or "", "password": password or ""}
        )
        self._transport = Transport(url, verify=verify, timeout=timeout, retries=retries)
        self._session: str | None = None
        self._lock = threading.Lock()
        self.logins = 0

    def _login(self, stale: str | None) -> str:
        with self._lock:
            if self._session is not None and self._session != stale:
                return self._session  # another thread logged in meanwhile
            response = self._transport.send(
                "POST", PREFIX + "/sessions", idempotent=False, json=self._credentials
            )
            if response.status_code != 200:
                raise error_from(response)
            self._transport.http.cookies.clear()  # the session travels as a header, not a cookie
            self._session = str(response.json()["sessionId"])
            self.logins += 1
            return self._session

    def request(
        self,
        method: str,
        path: str,
        *,
        idempotent: bool,
        files_factory: Callable[[], Any] | None = None,
        **kwargs: Any,
    ) -> httpx.Response:
        """One call, authenticated; a stale session is replaced once. Raises ApiError on 4xx/5xx.

        `files_factory` makes a fresh multipart body for each attempt (an upload cannot be replayed)."""
        session = self._session or self._login(None)
        for attempt in (0, 1):
            extra = {"files": files_factory()} if files_factory else {}
            response = self._transport.send(
                method,
                PREFIX + path,
                idempotent=idempotent,
                headers={"sessionId": session},
                **kwargs,
                **extra,
            )
            if attempt == 0 and _stale_session(response):
                session = self._login(session)
                continue
            if response.status_code >= 400:
                raise error_from(response)
            return response
        raise AssertionError("unreachable")

    @contextlib.contextmanager
    def stream(self, path: str) -> Iterator[httpx.Response]:
        """A streamed GET, authenticated like `request` (a stale session is replaced once)."""
        session = self._session or self._login(None)
        for attempt in (0, 1):
            with self._transport.http.stream(
                "GET", PREFIX + path, headers={"sessionId": session}
            ) as response:
                if response.status_code >= 400:
                    response.read()
                    if attempt == 0 and _stale_session(response):
                        session = self._login(session)
                        continue
                    raise error_from(response)
                yield response
                return

    def _json(self, method: str, path: str, *, idempotent: bool, **kwargs: Any) -> dict[str, Any]:
        body: dict[str, Any] = self.request(method, path, idempotent=idempotent, **kwargs).json()
        return body

    # properties
    def get_property(
        self, name: str, *, project: str | None = None, artifact: str | None = None, expand: bool = True
    ) -> Property:
        params = {**_locator(project, artifact), "expand": "1" if expand else "0"}
        return Property.of(
            self._json("GET", f"/properties/{name}", idempotent=True, params=params)["property"]
        )

    def set_property(
        self, name: str, value: str, *, project: str | None = None, artifact: str | None = None, **fields: str
    ) -> Property:
        params = {**_locator(project, artifact), "value": value, **fields}
        return Property.of(
            self._json("PUT", f"/properties/{name}", idempotent=True, params=params)["property"]
        )

    def create_property(
        self,
        name: str,
        value: str | None = None,
        *,
        project: str | None = None,
        artifact: str | None = None,
        sheet: bool = False,
        **fields: str,
    ) -> Property:
        params = {**_locator(project, artifact), "propertyName": name, **fields}
        if sheet:
            params["propertyType"] = "sheet"
        elif value is not None:
            params["value"] = value
        return Property.of(self._json("POST", "/properties", idempotent=False, params=params)["property"])

    def delete_property(self, name: str, *, project: str | None = None, artifact: str | None = None) -> None:
        self.request("DELETE", f"/properties/{name}", idempotent=True, params=_locator(project, artifact))

    def increment_property(
        self, name: str, by: int = 1, *, project: str | None = None, artifact: str | None = None
    ) -> int:
        params = {**_locator(project, artifact), "request": "incrementProperty", "incrementBy": str(by)}
        # not idempotent: a retried increment could count twice
        prop = Property.of(
            self._json("PUT", f"/properties/{name}", idempotent=False, params=params)["property"]
        )
        return int(prop.value or 0)

    def get_properties(
        self,
        *,
        project: str | None = None,
        artifact: str | None = None,
        path: str | None = None,
        recurse: bool = False,
    ) -> list[Property]:
        params = {
            **_locator(project, artifact),
            "recurse": "1" if recurse else "0",
            **({"path": path} if path else {}),
        }
        sheet = self._json("GET", "/properties", idempotent=True, params=params)["propertySheet"]
        return [Property.of(p) for p in sheet["property"]]

    def get_property_sheet(self, sheet_id: str, *, recurse: bool = False) -> list[Property]:
        params = {"recurse": "1" if recurse else "0"}
        sheet = self._json("GET", f"/propertySheets/{sheet_id}", idempotent=True, params=params)[
            "propertySheet"
        ]
        return [Property.of(p) for p in sheet["property"]]

    def get_property_history(
        self, name: str, *, project: str | None = None, artifact: str | None = None
    ) -> list[dict[str, Any]]:
        params = {**_locator(project, artifact), "request": "getPropertyHistory"}
        return list(
            self._json("GET", f"/properties/{name}", idempotent=True, params=params)["propertyChange"]
        )

    def expand_string(self, value: str, *, project: str | None = None, artifact: str | None = None) -> str:
        params = {**_locator(project, artifact), "value": value}
        return str(self._json("POST", "/expandString", idempotent=True, params=params)["value"])

    # projects
    def get_projects(self) -> list[Project]:
        return [Project.of(p) for p in self._json("GET", "/projects", idempotent=True)["project"]]

    def get_project(self, name: str) -> Project:
        return Project.of(self._json("GET", f"/projects/{name}", idempotent=True)["project"])

    def create_project(self, name: str, description: str = "") -> Project:
        params = {"projectName": name, "description": description}
        return Project.of(self._json("POST", "/projects", idempotent=False, params=params)["project"])

    def modify_project(
        self, name: str, *, new_name: str | None = None, description: str | None = None
    ) -> Project:
        params = {k: v for k, v in (("newName", new_name), ("description", description)) if v is not None}
        return Project.of(self._json("PUT", f"/projects/{name}", idempotent=True, params=params)["project"])

    def delete_project(self, name: str) -> None:
        self.request("DELETE", f"/projects/{name}", idempotent=True)

    # artifacts, repositories
    def create_artifact(self, group_id: str, key: str, description: str = "") -> dict[str, Any]:
        params = {"groupId": group_id, "artifactKey": key, "description": description}
        return dict(self._json("POST", "/artifacts", idempotent=False, params=params)["artifact"])

    def get_artifacts(self, group_id: str | None = None) -> list[dict[str, Any]]:
        params = {"groupId": group_id} if group_id else {}
        return list(self._json("GET", "/artifacts", idempotent=True, params=params)["artifact"])

    def delete_artifact(self, name: str) -> None:
        self.request("DELETE", f"/artifacts/{name}", idempotent=True)

    def get_artifact_versions(self, artifact: str) -> list[ArtifactVersion]:
        found = self._json("GET", "/artifactVersions", idempotent=True, params={"artifactName": artifact})
        return [ArtifactVersion.of(v) for v in found["artifactVersion"]]

    def delete_artifact_version(self, name: str) -> ArtifactVersion:
        return ArtifactVersion.of(
            self._json("DELETE", f"/artifactVersions/{name}", idempotent=True)["artifactVersion"]
        )

    def get_repositories(self) -> list[dict[str, Any]]:
        return list(self._json("GET", "/repositories", idempotent=True)["repository"])

    def create_repository(self, name: str, description: str = "") -> dict[str, Any]:
        params = {"repositoryName": name, "description": description}
        return dict(self._json("POST", "/repositories", idempotent=False, params=params)["repository"])

    # users, groups, access control, API tokens
    def get_users(self) -> list[dict[str, Any]]:
        return list(self._json("GET", "/users", idempotent=True)["user"])

    def create_user(
        self, name: str, password: str, *, email: str = "", full_name: str = ""
    ) -> dict[str, Any]:
        body = {"userName": name, "password": password, "email": email, "fullUserName": full_name}
        return dict(self._json("POST", "/users", idempotent=False, json=body)["user"])

    def change_password(self, name: str, password: str, *, current_password: str | None = None) -> None:
        body = {"password": password, **({"currentPassword": current_password} if current_password else {})}
        self.request("PUT", f"/users/{name}", idempotent=True, json=body)

    def delete_user(self, name: str) -> None:
        self.request("DELETE", f"/users/{name}", idempotent=True)

    def create_group(self, name: str) -> dict[str, Any]:
        return dict(self._json("POST", "/groups", idempotent=False, params={"groupName": name})["group"])

    def add_users_to_group(self, group: str, users: list[str]) -> dict[str, Any]:
        params = {"request": "addUsersToGroup", "userName": ",".join(users)}
        return dict(self._json("PUT", f"/groups/{group}", idempotent=True, params=params)["group"])

    def get_acl(self, **locator: str) -> list[dict[str, Any]]:
        """Entries on `projectName=`, `artifactName=`, `catalogRepositoryId=`, or (none) the server."""
        return list(self._json("GET", "/acls", idempotent=True, params=locator)["aclEntry"])

    def set_acl(
        self, principal: str, principal_type: str = "user", *, privileges: dict[str, str], **locator: str
    ) -> dict[str, Any]:
        """`privileges` such as {"read": "allow", "modify": "deny"}."""
        params = {
            **locator,
            "principalName": principal,
            "principalType": principal_type,
            **{f"{name}Privilege": value for name, value in privileges.items()},
        }
        return dict(self._json("PUT", "/acls", idempotent=True, params=params)["aclEntry"])

    def create_api_token(self, name: str, expires_in: str | None = None) -> dict[str, Any]:
        params = {"name": name, **({"expiresIn": expires_in} if expires_in else {})}
        return dict(self._json("POST", "/apiTokens", idempotent=False, params=params)["apiToken"])

    # artifacts
    def publish_artifact_version(
        self,
        artifact: str,
        version: str,
        files: Iterable[str | Path],
        *,
        base: str | Path | None = None,
        repository: str | None = None,
        description: str = "",
    ) -> ArtifactVersion:
        """Publish files (streamed, each with its SHA-256 checked by the server). Names are relative to `base`
        (default: each file's own folder, i.e. the bare file name)."""
        paths = [Path(f) for f in files]
        names = [str(p.relative_to(base)) if base is not None else p.name for p in paths]
        checksums = [_sha256(p) for p in paths]
        params = {"artifactName": artifact, "version": version, "description": description}
        if repository:
            params["repositoryName"] = repository

        opened: list[IO[bytes]] = []

        def parts() -> list[tuple[str, tuple[str, IO[bytes], str, dict[str, str]]]]:
            fresh = [path.open("rb") for path in paths]  # each attempt reads the files anew
            opened.extend(fresh)
            return [
                ("files", (name, handle, "application/octet-stream", {"X-Checksum-Sha256": sha}))
                for name, handle, sha in zip(names, fresh, checksums, strict=True)
            ]

        try:
            body = self._json(
                "POST", "/artifactVersions", idempotent=False, params=params, files_factory=parts
            )
        finally:
            for handle in opened:
                handle.close()
        return ArtifactVersion.of(body["artifactVersion"])

    def get_artifact_version(self, name: str) -> ArtifactVersion:
        return ArtifactVersion.of(
            self._json("GET", f"/artifactVersions/{name}", idempotent=True)["artifactVersion"]
        )

    def find_artifact_versions(self, artifact: str, version_range: str) -> list[ArtifactVersion]:
        params = {"artifactName": artifact, "versionRange": version_range, "request": "findArtifactVersions"}
        found = self._json("GET", "/artifactVersions", idempotent=True, params=params)["artifactVersion"]
        return [ArtifactVersion.of(v) for v in found]

    def download_artifact_version(self, name: str, destination: str | Path) -> list[Path]:
        """Stream every file of a version into `destination` (sub-folders kept), checking each SHA-256."""
        target = Path(destination)
        written = []
        for entry in self.get_artifact_version(name).files:
            path = target / entry["path"]
            path.parent.mkdir(parents=True, exist_ok=True)
            digest = hashlib.sha256()
            with (
                self.stream(f"/artifactVersions/{name}/files/{entry['path']}") as response,
                path.open("wb") as out,
            ):
                for chunk in response.iter_bytes(_CHUNK):
                    digest.update(chunk)
                    out.write(chunk)
            if digest.hexdigest() != entry["sha256"]:
                path.unlink()
                raise OSError(f"{entry['path']}: the download does not match its SHA-256")
            written.append(path)
        return written
