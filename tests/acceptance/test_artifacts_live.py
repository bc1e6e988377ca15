"""Artifact uploads against a real server: an interrupted upload leaves nothing behind, the version is
`publishing` while it uploads, and a full disk ends a publish cleanly."""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from restkeep.testing import LiveServer
from tests.acceptance.conftest import wait_for

pytestmark = pytest.mark.live
AUTH = ("admin", "changeme")
BOUNDARY = b"restkeep-test-boundary"


def multipart_stream(name: str, size: int, chunk: int = 1 << 20) -> Iterator[bytes]:
    yield (
        b"--"
        + BOUNDARY
        + b'\r\nContent-Disposition: form-data; name="files"; filename="'
        + name.encode()
        + b'"\r\n\r\n'
    )
    block = b"x" * chunk
    sent = 0
    while sent < size:
        piece = block[: min(chunk, size - sent)]
        sent += len(piece)
        yield piece
    yield b"\r\n--" + BOUNDARY + b"--\r\n"


def upload_head(server: LiveServer) -> bytes:
    """The request line and headers of a 50 MB publish of g:k:1.0.0, sent by hand to stop mid-body."""
    return (
        "POST /rest/v1.0/artifactVersions?artifactName=g:k&version=1.0.0 HTTP/1.1\r\n"
        f"Host: 127.0.0.1:{server.port}\r\nAuthorization: Basic YWRtaW46Y2hhbmdlbWU=\r\n"
        f"Content-Type: multipart/form-data; boundary={BOUNDARY.decode()}\r\nContent-Length: 50000000\r\n\r\n"
    ).encode()


def staging(server: LiveServer) -> list[Path]:
    folder = server.data_dir / "artifacts" / "default" / "tmp"
    return list(folder.iterdir()) if folder.exists() else []


def test_an_interrupted_upload_leaves_no_version(tmp_path: Path, db_args: list[str]) -> None:
    with LiveServer(tmp_path / "data", "--demo", *db_args, tls=False) as server:
        version_url = server.url + "/rest/v1.0/artifactVersions/g:k:1.0.0"
        head = upload_head(server)
        body = multipart_stream("big.bin", 50_000_000, chunk=256 * 1024)
        with socket.create_connection(("127.0.0.1", server.port)) as sock:
            sock.sendall(head)
            for _ in range(8):  # two megabytes of the fifty
                sock.sendall(next(body))
            assert wait_for(
                lambda: (
                    httpx.get(version_url, auth=AUTH).json().get("artifactVersion", {}).get("state")
                    == "publishing"
                )
            )
            assert staging(server)
        # the client went away mid-body: no version, no staged file
        assert wait_for(lambda: httpx.get(version_url, auth=AUTH).status_code == 404), httpx.get(
            version_url, auth=AUTH
        ).text
        assert wait_for(lambda: staging(server) == [])
        retry = httpx.post(
            server.url + "/rest/v1.0/artifactVersions?artifactName=g:k&version=1.0.0",
            auth=AUTH,
            files=[("files", ("small.txt", b"done", "text/plain"))],
        )
        assert retry.status_code == 200 and retry.json()["artifactVersion"]["state"] == "available"


def test_files_staged_by_an_upload_killed_with_the_server_are_swept(
    tmp_path: Path, db_args: list[str]
) -> None:
    data = tmp_path / "data"
    server = LiveServer(data, "--demo", *db_args, tls=False).start()
    head = upload_head(server)
    body = multipart_stream("big.bin", 50_000_000, chunk=256 * 1024)
    with socket.create_connection(("127.0.0.1", server.port)) as sock:
        sock.sendall(head)
        for _ in range(4):
            sock.sendall(next(body))
        assert wait_for(lambda: staging(server))
        server.kill()
    left = staging(server)
    assert left, "kill -9 mid-upload should leave its staged file (nothing could clean it)"
    with LiveServer(data, *db_args, tls=False) as restarted:
        # within its lease the file may belong to an upload in another process: it stays
        assert staging(restarted) == left
    lease_over = time.time() - 3600
    for path in left:
        os.utime(path, (lease_over, lease_over))
    with LiveServer(data, *db_args, tls=False) as restarted:
        assert wait_for(lambda: staging(restarted) == [])
        assert httpx.get(restarted.url + "/rest/v1.0/server/status").status_code == 200


def test_a_full_disk_ends_the_publish_cleanly(tmp_path: Path, db_args: list[str]) -> None:
    limit = 64 * 1024 * 1024  # no file the server writes may grow past this: the disk is "full"
    with LiveServer(
        tmp_path / "data", "--demo", *db_args, tls=False, wrapper=["prlimit", f"--fsize={limit}"]
    ) as server:
        url = server.url + "/rest/v1.0/artifactVersions?artifactName=g:k&version=2.0.0"
        headers = {"content-type": f"multipart/form-data; boundary={BOUNDARY.decode()}"}
        try:
            response = httpx.post(
                url,
                auth=AUTH,
                content=multipart_stream("huge.bin", 100 * 1024 * 1024),
                headers=headers,
                timeout=60,
            )
        except httpx.HTTPError:
            response = None  # the server may answer (and close) before the client finished sending
        if response is not None:
            assert response.status_code == 507, response.text
            assert response.json()["error"]["code"] == "InsufficientStorage"
            assert "Traceback" not in response.text
        assert httpx.get(server.url + "/rest/v1.0/artifactVersions/g:k:2.0.0", auth=AUTH).status_code == 404
        assert wait_for(lambda: staging(server) == [])
        assert httpx.get(server.url + "/rest/v1.0/server/status").status_code == 200
