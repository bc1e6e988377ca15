"""An acknowledged write survives `kill -9`; data survives a restart; the first start makes an admin."""

from __future__ import annotations

import re
import threading
import time
from pathlib import Path

import httpx
import pytest

from restkeep.testing import LiveServer

pytestmark = pytest.mark.live


def test_every_acknowledged_write_survives_sigkill(tmp_path: Path, db_args: list[str]) -> None:
    data = tmp_path / "data"
    acknowledged: list[str] = []
    lock = threading.Lock()
    stop = threading.Event()
    server = LiveServer(data, "--demo", *db_args, tls=False).start()

    def write_stream(worker: int) -> None:
        with httpx.Client(base_url=server.url, auth=("admin", "changeme"), timeout=5) as client:
            for n in range(100_000):
                if stop.is_set():
                    return
                name = f"w{worker}-{n}"
                try:
                    response = client.put(
                        f"/rest/v1.0/properties/durable/{name}?projectName=Default&value={n}"
                    )
                except httpx.HTTPError:
                    return
                if response.status_code == 200:
                    with lock:
                        acknowledged.append(name)

    threads = [threading.Thread(target=write_stream, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 20
    while len(acknowledged) < 300 and time.monotonic() < deadline:
        time.sleep(0.05)
    server.kill()
    stop.set()
    for thread in threads:
        thread.join()
    assert len(acknowledged) >= 300, "the write stream did not get going"

    with (
        LiveServer(data, *db_args, tls=False) as restarted,
        httpx.Client(base_url=restarted.url, auth=("admin", "changeme")) as client,
    ):
        sheet = client.get("/rest/v1.0/properties?projectName=Default&path=durable").json()["propertySheet"]
        stored = {p["propertyName"] for p in sheet["property"]}
    missing = set(acknowledged) - stored
    assert not missing, f"{len(missing)} acknowledged writes lost, e.g. {sorted(missing)[:5]}"


def test_first_start_creates_admin_with_a_password_shown_once(tmp_path: Path, db_args: list[str]) -> None:
    data = tmp_path / "data"
    with LiveServer(data, *db_args, tls=False) as first:
        match = re.search(r"created user 'admin' with password: (\S+)", first.log())
        assert match, first.log()
        password = match.group(1)
        response = httpx.post(
            first.url + "/rest/v1.0/sessions", json={"userName": "admin", "password": password}
        )
        assert response.status_code == 200
        assert (
            httpx.post(
                first.url + "/rest/v1.0/sessions", json={"userName": "admin", "password": "changeme"}
            ).status_code
            == 401
        )
        httpx.put(
            first.url + "/rest/v1.0/properties/kept?projectName=Default&value=yes", auth=("admin", password)
        )
    log_before = first.log()
    with LiveServer(data, *db_args, tls=False) as second:
        new_lines = second.log()[len(log_before) :]
        assert "created user 'admin'" not in new_lines
        assert (
            httpx.get(
                second.url + "/rest/v1.0/properties/kept?projectName=Default", auth=("admin", password)
            ).json()["property"]["value"]
            == "yes"
        )
    if not db_args:
        assert password not in (data / "restkeep.db").read_bytes().decode("latin-1")
