"""`AsyncFlowClient`: `FlowClient` for asyncio, on `httpx.AsyncClient`, with the same methods awaited.

    async with AsyncFlowClient("https://host:8443", username="admin", password="...") as flow:
        prop = await flow.get_property("PythonProperty", project="Default")

Many tasks share one login: the first to need a session logs in while the others wait for it.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import httpx

from restkeep.client.auth import FLOW_PREFIX, FlowSession
from restkeep.client.calls import AsyncRunner, Call, operation
from restkeep.client.errors import error_from
from restkeep.client.files import CHUNK, Download, Progress, Upload
from restkeep.client.flow_calls import FlowApi
from restkeep.client.models import ArtifactVersion
from restkeep.client.transport import AsyncClientBase, AsyncTransport, Verify

T = TypeVar("T")


class AsyncFlowClient(FlowApi, AsyncRunner, AsyncClientBase):
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
        self._transport = AsyncTransport(url, verify=verify, timeout=timeout, retries=retries)
        self._lock = asyncio.Lock()

    @property
    def logins(self) -> int:
        """How many sessions this client has created."""
        return self._auth.logins

    @property
    def user_name(self) -> str | None:
        """The user the server logged in (after the first call or `login()`; with a token, its owner)."""
        return self._auth.user_name

    async def _login(self, stale: str | None) -> str:
        async with self._lock:
            if (session := self._auth.fresh(stale)) is not None:
                return session  # another task logged in meanwhile
            response = await self._transport.send(
                "POST", self._auth.path, idempotent=False, json=self._auth.credentials
            )
            self._transport.http.cookies.clear()  # the session travels as a header, not a cookie
            return self._auth.accept(response)

    async def request(
        self,
        method: str,
        path: str,
        *,
        idempotent: bool,
        files_factory: Callable[[], Any] | None = None,
        prefix: str = FLOW_PREFIX,
        **kwargs: Any,
    ) -> httpx.Response:
        """One call, authenticated; a stale session is replaced once. Raises ApiError on 4xx/5xx."""
        session = self._auth.current or await self._login(None)
        for attempt in (0, 1):
            extra = {"files": files_factory()} if files_factory else {}
            response = await self._transport.send(
                method,
                prefix + path,
                idempotent=idempotent,
                headers=self._auth.headers(session),
                **kwargs,
                **extra,
            )
            if attempt == 0 and self._auth.stale(response):
                session = await self._login(session)
                continue
            if response.status_code >= 400:
                raise error_from(response)
            return response
        raise AssertionError("unreachable")

    async def run(self, call: Call[T]) -> T:
        prefix = call.prefix or FLOW_PREFIX
        response = await self.request(
            call.method, call.path, idempotent=call.idempotent, prefix=prefix, **call.options()
        )
        return call.result(response.content)

    @operation("retrieveArtifactVersionFile")
    @contextlib.asynccontextmanager
    async def stream(self, path: str) -> AsyncIterator[httpx.Response]:
        """A streamed GET, authenticated like `request` (a stale session is replaced once)."""
        session = self._auth.current or await self._login(None)
        for attempt in (0, 1):
            async with self._transport.http.stream(
                "GET", FLOW_PREFIX + path, headers=self._auth.headers(session)
            ) as response:
                if response.status_code >= 400:
                    await response.aread()
                    if attempt == 0 and self._auth.stale(response):
                        session = await self._login(session)
                        continue
                    raise error_from(response)
                yield response
                return

    @operation("login")
    async def login(self) -> None:
        """Log in now rather than on the first call (checks the credentials early)."""
        if self._auth.current is None:
            await self._login(None)

    @operation("logout")
    async def logout(self) -> None:
        """End the session on the server; the next call logs in again."""
        if (session := self._auth.current) is not None:
            self._auth.current = None
            await self._transport.send(
                "DELETE", self._auth.path, idempotent=True, headers=self._auth.headers(session)
            )

    @operation("publishArtifactVersion")
    async def publish_artifact_version(
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
        """Publish files (streamed, each with its SHA-256 checked by the server); see `FlowClient`."""
        upload = await asyncio.to_thread(
            Upload.of, artifact, version, files, base, repository, description, progress
        )
        try:
            response = await self.request(
                "POST",
                "/artifactVersions",
                idempotent=False,
                params=upload.params,
                files_factory=upload.parts,
            )
        finally:
            upload.close()
        return ArtifactVersion.of(response.json()["artifactVersion"])

    async def download_artifact_version(
        self, name: str, destination: str | Path, *, progress: Progress | None = None
    ) -> list[Path]:
        """Stream every file of a version into `destination` (sub-folders kept), checking each SHA-256.
        `progress` is called with each chunk's size."""
        written = []
        for entry in (await self.get_artifact_version(name)).files:
            async with self.stream(f"/artifactVersions/{name}/files/{entry['path']}") as response:
                written.append(await self._save(response, Download(Path(destination), entry, progress)))
        return written

    @operation("retrieveArtifactVersionArchive")
    async def download_artifact_archive(self, name: str, destination: str | Path) -> Path:
        """Save a whole version as one `.tar.gz` file at `destination`."""
        target = Path(destination)
        async with self.stream(f"/artifactVersions/{name}/archive") as response:
            with target.open("wb") as out:
                async for chunk in response.aiter_bytes(CHUNK):
                    out.write(chunk)
        return target

    @staticmethod
    async def _save(response: httpx.Response, download: Download) -> Path:
        try:
            async for chunk in response.aiter_bytes(CHUNK):
                download.write(chunk)
        except BaseException:
            download.abandon()
            raise
        return download.finish()
