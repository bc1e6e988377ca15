"""Artifact versions: publish, immutability and withdrawal, checksums, unsafe names, limits,
downloads (ETag, Range, If-None-Match), archives, ordering and ranges, repositories."""

from __future__ import annotations

import hashlib
import io
import tarfile

import pytest
from starlette.testclient import TestClient

from restkeep.server.settings import Settings
from tests.conftest import ADMIN, make_client

BASE = "/rest/v1.0"
V = BASE + "/artifactVersions"


def publish(
    client: TestClient, version: str, files: dict[str, bytes], artifact: str = "com.acme:app", **params: str
) -> object:
    parts = [("files", (name, data, "application/octet-stream")) for name, data in files.items()]
    return client.post(V, params={"artifactName": artifact, "version": version, **params}, files=parts)


def raw_multipart(files: list[tuple[str, bytes]]) -> bytes:
    """A multipart body with the file names exactly as given (clients escape some characters)."""
    parts = [
        b'--BOUNDARY\r\nContent-Disposition: form-data; name="files"; filename="'
        + name.encode()
        + b'"\r\n\r\n'
        + data
        + b"\r\n"
        for name, data in files
    ]
    return b"".join(parts) + b"--BOUNDARY--\r\n"


def code(response: object) -> tuple[int, str]:
    return response.status_code, response.json()["error"]["code"]  # type: ignore[attr-defined]


def test_publish_keeps_sub_folders_and_records_sizes_and_hashes(client: TestClient) -> None:
    files = {"app.whl": b"wheel bytes", "docs/readme.md": b"# hi\n", "./bin//run.sh": b"#!/bin/sh\n"}
    response = publish(client, "1.0.0", files, description="first")
    assert response.status_code == 200, response.text
    version = response.json()["artifactVersion"]
    assert version["artifactVersionName"] == "com.acme:app:1.0.0" and version["state"] == "available"
    assert version["repositoryName"] == "default" and version["publisher"] == "admin"
    listed = {f["path"]: f for f in version["files"]}
    assert set(listed) == {"app.whl", "docs/readme.md", "bin/run.sh"}
    assert listed["app.whl"]["sha256"] == hashlib.sha256(b"wheel bytes").hexdigest()
    assert listed["app.whl"]["size"] == "11" and version["size"] == str(11 + 5 + 10)
    assert client.get(f"{V}/com.acme:app:1.0.0").json()["artifactVersion"] == version
    assert client.get(f"{BASE}/artifacts/com.acme:app").status_code == 200  # created by the publish


def test_a_published_version_is_immutable_and_its_name_never_reused(client: TestClient) -> None:
    assert publish(client, "2.0.0", {"a": b"1"}).status_code == 200
    assert code(publish(client, "2.0.0", {"a": b"2"})) == (409, "DuplicateArtifactVersion")
    withdrawn = client.delete(f"{V}/com.acme:app:2.0.0").json()["artifactVersion"]
    assert withdrawn["state"] == "unavailable"
    assert code(publish(client, "2.0.0", {"a": b"3"})) == (409, "DuplicateArtifactVersion")
    assert code(client.get(f"{V}/com.acme:app:2.0.0/files/a")) == (404, "NoSuchArtifactVersion")
    assert code(client.get(f"{V}/com.acme:app:2.0.0/archive")) == (404, "NoSuchArtifactVersion")


def test_checksums_are_verified_and_a_mismatch_stores_nothing(client: TestClient, settings: Settings) -> None:
    good = hashlib.sha256(b"payload").hexdigest()
    ok = client.post(
        V,
        params={"artifactName": "g:k", "version": "1.0"},
        files=[("files", ("p.bin", b"payload", "application/octet-stream", {"X-Checksum-Sha256": good}))],
    )
    assert ok.status_code == 200, ok.text
    bad = client.post(
        V,
        params={"artifactName": "g:k", "version": "1.1"},
        files=[
            ("files", ("first.bin", b"fine", "application/octet-stream")),
            ("files", ("q.bin", b"payload", "application/octet-stream", {"X-Checksum-Sha256": "0" * 64})),
        ],
    )
    assert code(bad) == (400, "InvalidArgument") and "Checksum mismatch" in bad.json()["error"]["message"]
    assert code(client.get(f"{V}/g:k:1.1")) == (404, "NoSuchArtifactVersion")
    blobs = list((settings.data_dir / "artifacts" / "default" / "blobs").rglob("*"))
    assert hashlib.sha256(b"fine").hexdigest() not in {b.name for b in blobs}
    assert list((settings.data_dir / "artifacts" / "default" / "tmp").iterdir()) == []


@pytest.mark.parametrize(
    "name",
    ["/etc/passwd", "../escape", "a/../../b", "dir\\file", "nul\x00.txt", "x" * 1025, "..", "./", "ctl\x01"],
)
def test_unsafe_file_names_are_refused(client: TestClient, name: str) -> None:
    body = raw_multipart([("ok.txt", b"1"), (name, b"2")])
    response = client.post(
        V,
        params={"artifactName": "com.acme:app", "version": "3.0.0"},
        content=body,
        headers={"content-type": "multipart/form-data; boundary=BOUNDARY"},
    )
    assert response.status_code == 400, response.text
    assert code(client.get(f"{V}/com.acme:app:3.0.0")) == (404, "NoSuchArtifactVersion")


def test_bad_publishes(client: TestClient) -> None:
    assert code(client.post(V, params={"artifactName": "g:k", "version": "1.0"}, content=b"raw")) == (
        400,
        "InvalidArgument",
    )
    assert code(
        client.post(V, params={"artifactName": "g:k", "version": "1.0"}, data={"field": "x"}, files=[])
    ) == (400, "InvalidArgument")
    assert code(publish(client, "not a version", {"a": b"1"})) == (400, "InvalidVersion")
    assert code(publish(client, "1.0", {"a": b"1"}, artifact="bad name")) == (400, "InvalidArgument")
    assert code(publish(client, "1.0", {"a": b"1"}, repositoryName="nowhere")) == (404, "NoSuchRepository")
    assert code(publish(client, "1.0", {"a": b"1", "A/../a": b"2"})) == (
        400,
        "InvalidArgument",
    )  # same path twice
    garbled = client.post(
        V,
        params={"artifactName": "g:k", "version": "1.0"},
        content=b"--xx\r\nnot headers",
        headers={"content-type": "multipart/form-data; boundary=xx"},
    )
    assert garbled.status_code == 400
    assert client.get(f"{V}?artifactName=g:k").json()["artifactVersion"] == []


@pytest.mark.parametrize(
    "body",
    [
        b'--xx\r\nContent-Disposition: form-data; name="files"; filename="a.txt"\r\n\r\nhalf a fi',
        b'--xx\r\nContent-Disposition: form-data; name="files"; filename="a.txt"\r\n\r\nwhole\r\n--xx\r\n',
        b'--xx\r\nContent-Disposition: form-data; name="files"; filename="a.txt"\r\n\r\nwhole\r\n',
    ],
    ids=["mid-file", "no-closing-boundary", "no-boundary-at-all"],
)
def test_a_truncated_multipart_body_publishes_nothing(client: TestClient, body: bytes) -> None:
    headers = {"content-type": "multipart/form-data; boundary=xx"}
    response = client.post(V, params={"artifactName": "g:k", "version": "1.0"}, content=body, headers=headers)
    assert code(response) == (400, "MalformedRequest")
    assert client.get(f"{V}/g:k:1.0").status_code == 404
    # the name is still free
    assert publish(client, "1.0", {"a.txt": b"whole"}, artifact="g:k").status_code == 200  # type: ignore[attr-defined]


def test_upload_size_limit(settings: Settings) -> None:
    with make_client(settings.replace(max_upload_size=1000), ADMIN) as client:
        assert code(publish(client, "1.0", {"big": b"x" * 5000})) == (413, "RequestTooLarge")
        assert client.get(f"{V}?artifactName=com.acme:app").json()["artifactVersion"] == []


def test_download_with_etag_range_and_if_none_match(client: TestClient) -> None:
    data = bytes(range(256)) * 40
    publish(client, "1.0.0", {"lib/data.bin": data})
    url = f"{V}/com.acme:app:1.0.0/files/lib/data.bin"
    whole = client.get(url)
    etag = f'"{hashlib.sha256(data).hexdigest()}"'
    assert whole.content == data and whole.headers["etag"] == etag
    part = client.get(url, headers={"Range": "bytes=10-19"})
    assert part.status_code == 206 and part.content == data[10:20]
    assert part.headers["content-range"] == f"bytes 10-19/{len(data)}"
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    assert client.get(url, headers={"If-None-Match": '"other"'}).status_code == 200
    assert code(client.get(f"{V}/com.acme:app:1.0.0/files/lib/missing.bin")) == (404, "NoSuchArtifactVersion")
    assert code(client.get(f"{V}/com.acme:app:1.0.0/files/..%2F..%2Fetc")) == (400, "InvalidArgument")


@pytest.mark.parametrize(
    ("header", "status", "error_code"),
    [
        ("bytes", 400, "InvalidArgument"),
        ("lines=1-2", 400, "InvalidArgument"),
        ("bytes=9-2", 400, "InvalidArgument"),
        ("bytes=99999-", 416, "RangeNotSatisfiable"),
    ],
)
def test_a_malformed_or_unsatisfiable_range_gets_the_envelope(
    client: TestClient, header: str, status: int, error_code: str
) -> None:
    publish(client, "1.0.0", {"data.bin": b"0123456789"})
    response = client.get(f"{V}/com.acme:app:1.0.0/files/data.bin", headers={"Range": header})
    assert code(response) == (status, error_code)
    if status == 416:
        assert response.headers["content-range"] == "bytes */10"


def test_archive_holds_every_file(client: TestClient) -> None:
    files = {"a.txt": b"A" * 1000, "deep/er/b.bin": bytes(range(256)) * 5000, "empty": b""}
    publish(client, "1.0.0", files)
    response = client.get(f"{V}/com.acme:app:1.0.0/archive")
    assert response.status_code == 200 and response.headers["content-type"] == "application/gzip"
    with tarfile.open(fileobj=io.BytesIO(response.content), mode="r:gz") as archive:
        contents = {m.name: archive.extractfile(m).read() for m in archive.getmembers()}  # type: ignore[union-attr]
    assert contents == files


def test_versions_sort_by_version_semantics_and_ranges_find_the_newest(client: TestClient) -> None:
    for version in ["1.2.0", "1.10.0", "1.0.0", "1.0.0-55", "1.0.0-beta", "2.0.0", "1.0.0-9"]:
        assert publish(client, version, {"f": version.encode()}).status_code == 200
    client.delete(f"{V}/com.acme:app:2.0.0")
    listed = [v["version"] for v in client.get(f"{V}?artifactName=com.acme:app").json()["artifactVersion"]]
    assert listed == ["2.0.0", "1.10.0", "1.2.0", "1.0.0-55", "1.0.0-9", "1.0.0", "1.0.0-beta"]

    def find(version_range: str) -> list[str]:
        response = client.get(
            V,
            params={
                "artifactName": "com.acme:app",
                "versionRange": version_range,
                "request": "findArtifactVersions",
            },
        )
        assert response.status_code == 200, response.text
        return [v["version"] for v in response.json()["artifactVersion"]]

    assert find("[1.0,2.0)")[0] == "1.10.0"
    assert find("[2.0,)") == []  # 2.0.0 was withdrawn
    assert find("(,1.0.0]") == ["1.0.0", "1.0.0-beta"]
    assert find("[1.2.0]") == ["1.2.0"]
    assert find("[1.0.0-9,1.2.0)") == ["1.0.0-55", "1.0.0-9"]
    assert find("1.1") == ["1.10.0", "1.2.0"]
    for bad in ("[1.0", "[2.0,1.0]", "junk", "[1.0,2.0),x"):
        response = client.get(
            V, params={"artifactName": "com.acme:app", "versionRange": bad, "request": "findArtifactVersions"}
        )
        assert code(response) == (400, "InvalidVersion"), bad


def test_an_artifact_with_available_versions_cannot_be_deleted(client: TestClient) -> None:
    publish(client, "1.0.0", {"a": b"1"})
    assert code(client.delete(f"{BASE}/artifacts/com.acme:app")) == (409, "ArtifactInUse")
    client.delete(f"{V}/com.acme:app:1.0.0")
    assert client.delete(f"{BASE}/artifacts/com.acme:app").status_code == 200
    assert code(client.get(f"{V}/com.acme:app:1.0.0")) == (404, "NoSuchArtifact")


def test_repositories_and_identical_files_stored_once(client: TestClient, settings: Settings) -> None:
    names = [r["repositoryName"] for r in client.get(f"{BASE}/repositories").json()["repository"]]
    assert names == ["default"]
    created = client.post(f"{BASE}/repositories?repositoryName=releases&description=Shipped").json()[
        "repository"
    ]
    assert created["repositoryName"] == "releases" and created["owner"] == "admin"
    assert code(client.post(f"{BASE}/repositories?repositoryName=releases")) == (
        409,
        "DuplicateRepositoryName",
    )
    assert code(client.post(f"{BASE}/repositories?repositoryName=bad/name")) == (400, "InvalidArgument")
    same = b"identical content" * 100
    publish(client, "1.0.0", {"x.bin": same, "copy/x.bin": same}, repositoryName="releases")
    publish(client, "1.0.1", {"y.bin": same}, repositoryName="releases")
    blobs = [p for p in (settings.data_dir / "artifacts" / "releases" / "blobs").rglob("*") if p.is_file()]
    assert [b.name for b in blobs] == [hashlib.sha256(same).hexdigest()]
    assert client.get(f"{V}/com.acme:app:1.0.1").json()["artifactVersion"]["repositoryName"] == "releases"


def test_version_names_and_artifact_properties(client: TestClient) -> None:
    assert code(client.get(f"{V}/no-colons")) == (400, "InvalidArgument")
    assert code(client.get(f"{V}/g:k:9.9")) == (404, "NoSuchArtifact")
    publish(client, "1.0.0", {"a": b"1"})
    assert code(client.get(f"{V}/com.acme:app:9.9")) == (404, "NoSuchArtifactVersion")
    client.put(f"{BASE}/properties/builtBy?artifactName=com.acme:app&value=ci")
    assert (
        client.get(f"{BASE}/properties//artifacts/com.acme:app/builtBy").json()["property"]["value"] == "ci"
    )


def test_a_file_lost_from_disk_is_a_500_envelope_not_a_broken_answer(
    client: TestClient, settings: Settings
) -> None:
    assert publish(client, "9.0.0", {"gone.bin": b"soon missing"}).status_code == 200
    sha = hashlib.sha256(b"soon missing").hexdigest()
    (blob,) = settings.data_dir.rglob(sha)
    blob.unlink()
    response = client.get(f"{V}/com.acme:app:9.0.0/files/gone.bin")
    assert code(response) == (500, "InternalError")
    assert "server log" in response.json()["error"]["message"]
