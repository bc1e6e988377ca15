"""`FlowClient`: the Flow API with the session handled for you.

    with FlowClient("https://host:8443", username="admin", password="...", verify="ca.pem") as flow:
        flow.get_property("PythonProperty", project="Default").value
        flow.increment_property("build", project="Default")          # -> int

The session is created on the first call, and created again (once) if the server answers
`InvalidSession` (it expired or was logged out); many threads share one login. The calls themselves
are declared in `flow_calls`, shared with `AsyncFlowClient`.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import httpx

from restkeep.client.auth import FLOW_PREFIX, FlowSession
from restkeep.client.calls import Call, SyncRunner, operation
from restkeep.client.errors import error_from
from restkeep.client.files import CHUNK, Download, Progress, Upload
from restkeep.client.flow_calls import FlowApi
from restkeep.client.models import ArtifactVersion
from restkeep.client.transport import ClientBase, Transport, Verify

T = TypeVar("T")


class FlowClient(FlowApi, SyncRunner, ClientBase):
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
        self._auth = FlowSession(username, password, token)
        self._transport = Transport(url, verify=verify, timeout=timeout, retries=retries)
        self._lock = threading.Lock()

    @property
    def logins(self) -> int:
        """How many sessions this client has created."""
        return self._auth.logins

    @property
    def user_name(self) -> str | None:
        """The user the server logged in (after the first call or `login()`; with a token, its owner)."""
        return self._auth.user_name

    def _login(self, stale: str | None) -> str:
        with self._lock:
            if (session := self._auth.fresh(stale)) is not None:
                return session  # another thread logged in meanwhile
            response = self._transport.send(
                "POST", self._auth.path, idempotent=False, json=self._auth.credentials
            )
            self._transport.http.cookies.clear()  # the session travels as a header, not a cookie
            return self._auth.accept(response)

    def request(
        self,
        method: str,
        path: str,
        *,
        idempotent: bool,
        files_factory: Callable[[], Any] | None = None,
        prefix: str = FLOW_PREFIX,
        **kwargs: Any,
    ) -> httpx.Response:
        """One call, authenticated; a stale session is replaced once. Raises ApiError on 4xx/5xx.

        `files_factory` makes a fresh multipart body for each attempt (an upload cannot be replayed)."""
        session = self._auth.current or self._login(None)
        for attempt in (0, 1):
            extra = {"files": files_factory()} if files_factory else {}
            response = self._transport.send(
                method,
                prefix + path,
                idempotent=idempotent,
                headers=self._auth.headers(session),
                **kwargs,
                **extra,
            )
            if attempt == 0 and self._auth.stale(response):
                session = self._login(session)
                continue
            if response.status_code >= 400:
                raise error_from(response)
            return response
        raise AssertionError("unreachable")

    def run(self, call: Call[T]) -> T:
        prefix = call.prefix or FLOW_PREFIX
        response = self.request(
            call.method, call.path, idempotent=call.idempotent, prefix=prefix, **call.options()
        )
        return call.result(response.content)

    @operation("retrieveArtifactVersionFile")
    @contextlib.contextmanager
    def stream(self, path: str) -> Iterator[httpx.Response]:
        """A streamed GET, authenticated like `request` (a stale session is replaced once)."""
        session = self._auth.current or self._login(None)
        for attempt in (0, 1):
            with self._transport.http.stream(
                "GET", FLOW_PREFIX + path, headers=self._auth.headers(session)
            ) as response:
                if response.status_code >= 400:
                    response.read()
                    if attempt == 0 and self._auth.stale(response):
                        session = self._login(session)
                        continue
                    raise error_from(response)
                yield response
                return

    @operation("login")
    def login(self) -> None:
        """Log in now rather than on the first call (checks the credentials early)."""
        if self._auth.current is None:
            self._login(None)

    @operation("logout")
    def logout(self) -> None:
        """End the session on the server; the next call logs in again."""
        if (session := self._auth.current) is not None:
            self._auth.current = None
            self._transport.send(
                "DELETE", self._auth.path, idempotent=True, headers=self._auth.headers(session)
            )

    @operation("publishArtifactVersion")
    def publish_artifact_version(
        self,
        artifact: str,
        version: str,
        files: Iterable[str | Path],
        *,
        base: str | Path | None = None,
        repository: str | None = None,
        description: str = "",
        progress: Progress | None = None,
    ) -> ArtifactVersion:
        """Publish files (streamed, each with its SHA-256 checked by the server). Names are relative to `base`
        (default: each file's own folder, i.e. the bare file name); `progress` is called with each chunk's
        size as it is sent."""
        upload = Upload.of(artifact, version, files, base, repository, description, progress)
        try:
            response = self.request(
                "POST",
                "/artifactVersions",
                idempotent=False,
                params=upload.params,
                files_factory=upload.parts,
            )
        finally:
            upload.close()
        return ArtifactVersion.of(response.json()["artifactVersion"])

    def download_artifact_version(
        self, name: str, destination: str | Path, *, progress: Progress | None = None
    ) -> list[Path]:
        """Stream every file of a version into `destination` (sub-folders kept), checking each SHA-256.
        `progress` is called with each chunk's size."""
        written = []
        for entry in self.get_artifact_version(name).files:
            with self.stream(f"/artifactVersions/{name}/files/{entry['path']}") as response:
                written.append(self._save(response, Download(Path(destination), entry, progress)))
        return written

    @operation("retrieveArtifactVersionArchive")
    def download_artifact_archive(self, name: str, destination: str | Path) -> Path:
        """Save a whole version as one `.tar.gz` file at `destination`."""
        target = Path(destination)
        with self.stream(f"/artifactVersions/{name}/archive") as response, target.open("wb") as out:
            for chunk in response.iter_bytes(CHUNK):
                out.write(chunk)
        return target

    @staticmethod
    def _save(response: httpx.Response, download: Download) -> Path:
        try:
            for chunk in response.iter_bytes(CHUNK):
                download.write(chunk)
        except BaseException:
            download.abandon()
            raise
        return download.finish()
