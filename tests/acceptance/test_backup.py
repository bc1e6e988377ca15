"""`restkeep db backup | restore | check` against a server that keeps taking writes: the backup is
taken mid-load, restored into a new data folder (and database), and a server started there has every
write acknowledged before the backup began, and the artifact files with their bytes."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import threading
from pathlib import Path

import httpx
import pytest

from restkeep.testing import LiveServer
from tests.acceptance.conftest import database_args
from tests.postgres import drop_database

pytestmark = pytest.mark.live
ADMIN = ("admin", "changeme")


def restkeep(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RESTKEEP_")}
    return subprocess.run(
        [sys.executable, "-m", "restkeep", *args], capture_output=True, text=True, env=env, timeout=300
    )


class Writer:
    """Sets properties `load/wN` one after another, remembering each one the server acknowledged."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.acknowledged: list[str] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self) -> None:
        with httpx.Client(base_url=self.url, auth=ADMIN, timeout=30) as http:
            n = 0
            while not self.stop.is_set():
                name = f"w{n}"
                if (
                    http.put(
                        f"/rest/v1.0/properties/load/{name}?projectName=Default", json={"value": name}
                    ).status_code
                    == 200
                ):
                    self.acknowledged.append(name)
                n += 1


@pytest.mark.timeout(600)
def test_a_backup_under_load_restores_every_acknowledged_write(
    request: pytest.FixtureRequest, backend: str, tmp_path: Path
) -> None:
    args, name = database_args(request, backend)
    content = os.urandom(300_000)
    archive = tmp_path / "backup.tar"
    with LiveServer(tmp_path / "data", "--demo", "--workers", "2", *args, tls=False) as server:
        with httpx.Client(base_url=server.url, auth=ADMIN, timeout=30) as http:
            http.post(
                "/rest/v1.0/properties",
                json={"projectName": "Default", "propertyName": "load", "propertyType": "sheet"},
            )
            published = http.post(
                "/rest/v1.0/artifactVersions?artifactName=ops:app&version=1.0.0",
                files=[("files", ("app.bin", content, "application/octet-stream"))],
            )
            assert published.status_code == 200, published.text
        writer = Writer(server.url)
        writer.thread.start()
        while len(writer.acknowledged) < 200:
            writer.stop.wait(0.05)
        before = list(writer.acknowledged)  # acknowledged before the backup began
        made = restkeep("db", "backup", str(archive), "--data-dir", str(server.data_dir), *args)
        while len(writer.acknowledged) < len(before) + 200:  # the server kept taking writes
            writer.stop.wait(0.05)
        writer.stop.set()
        writer.thread.join()
    assert made.returncode == 0, made.stderr
    assert "1 artifact file(s)" in made.stdout

    restored_args, restored_name = database_args(request, backend)
    try:
        target = tmp_path / "restored"
        back = restkeep("db", "restore", str(archive), "--data-dir", str(target), *restored_args)
        assert back.returncode == 0, back.stderr
        checked = restkeep("db", "check", "--data-dir", str(target), *restored_args)
        assert checked.returncode == 0 and "1 artifact file(s) referenced" in checked.stdout, checked.stderr
        again = restkeep("db", "restore", str(archive), "--data-dir", str(target), *restored_args)
        assert again.returncode == 1 and "not empty" in again.stderr
        with (
            LiveServer(target, *restored_args, tls=False) as restored,
            httpx.Client(base_url=restored.url, auth=ADMIN, timeout=30) as http,
        ):
            sheet = http.get("/rest/v1.0/properties?projectName=Default&path=load").json()["propertySheet"]
            stored = {p["propertyName"] for p in sheet["property"]}
            assert set(before) <= stored, f"lost {len(set(before) - stored)} acknowledged writes"
            file = http.get("/rest/v1.0/artifactVersions/ops:app:1.0.0/files/app.bin")
            assert hashlib.sha256(file.content).digest() == hashlib.sha256(content).digest()
    finally:
        for dropped in (name, restored_name):
            if dropped:
                drop_database(request.getfixturevalue("postgres_server"), dropped)


def test_check_finds_a_missing_artifact_file_and_a_damaged_database(tmp_path: Path) -> None:
    with (
        LiveServer(tmp_path / "data", "--demo", tls=False) as server,
        httpx.Client(base_url=server.url, auth=ADMIN) as http,
    ):
        http.post(
            "/rest/v1.0/artifactVersions?artifactName=ops:lib&version=1.0.0",
            files=[("files", ("lib.bin", b"library", "application/octet-stream"))],
        ).raise_for_status()
    data = server.data_dir
    assert restkeep("db", "check", "--data-dir", str(data)).returncode == 0
    blob = next((data / "artifacts").glob("*/blobs/*/*/*"))
    blob.unlink()
    missing = restkeep("db", "check", "--data-dir", str(data))
    assert missing.returncode == 1 and "1 artifact file(s) are missing" in missing.stderr
    not_a_backup = restkeep("db", "restore", str(data / "restkeep.db"), "--data-dir", str(tmp_path / "new"))
    assert not_a_backup.returncode == 1 and "not a restkeep backup" in not_a_backup.stderr
    database = data / "restkeep.db"
    damaged = bytearray(database.read_bytes())
    damaged[len(damaged) // 2 : len(damaged) // 2 + 4096] = os.urandom(4096)
    database.write_bytes(bytes(damaged))
    for leftover in ("restkeep.db-wal", "restkeep.db-shm"):
        (data / leftover).unlink(missing_ok=True)
    broken = restkeep("db", "check", "--data-dir", str(data))
    assert broken.returncode == 1 and "not a usable SQLite database" in broken.stderr
