"""Process faults against a real server: an orphaned worker stops, a busy port is refused, SIGTERM
drains, and `kill -9` of a worker or of the main process under concurrent writes loses no
acknowledged write, on each backend."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from restkeep.testing import LiveServer
from restkeep.testing.live import children
from tests.acceptance.conftest import wait_for

pytestmark = pytest.mark.live
AUTH = ("admin", "changeme")


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


class Writes:
    """Eight clients writing distinct properties as fast as the server answers; records what was acknowledged."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.acknowledged: list[str] = []
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._run, args=(i,)) for i in range(8)]

    def _run(self, worker: int) -> None:
        with httpx.Client(base_url=self.url, auth=AUTH, timeout=10) as client:
            n = 0
            while not self._stop.is_set():
                name = f"w{worker}-{n}"
                n += 1
                try:
                    response = client.put(f"/rest/v1.0/properties/crash/{name}?projectName=Default&value={n}")
                except httpx.HTTPError:
                    time.sleep(0.05)  # the server is restarting a worker: try the next write
                    continue
                if response.status_code == 200:
                    self.acknowledged.append(name)

    @contextmanager
    def running(self) -> Iterator[Writes]:
        for thread in self._threads:
            thread.start()
        try:
            yield self
        finally:
            self._stop.set()
            for thread in self._threads:
                thread.join()

    def wait_for(self, count: int) -> None:
        assert wait_for(lambda: len(self.acknowledged) >= count), f"only {len(self.acknowledged)} writes"


def stored(server: LiveServer) -> set[str]:
    with httpx.Client(base_url=server.url, auth=AUTH, timeout=30) as client:
        sheet = client.get("/rest/v1.0/properties?projectName=Default&path=crash").json()["propertySheet"]
    return {p["propertyName"] for p in sheet["property"]}


def test_workers_exit_when_the_main_process_is_killed(tmp_path: Path) -> None:
    server = LiveServer(tmp_path / "data", "--workers", "2", tls=False).start()
    assert server.process is not None
    workers = children(server.process.pid)
    assert len(workers) == 2
    try:
        server.process.kill()  # the main process only, as the OOM killer or `kill -9 <pid>` would
        server.process.wait()
        assert wait_for(lambda: not any(alive(pid) for pid in workers)), "orphaned workers kept serving"
        with pytest.raises(httpx.HTTPError):
            httpx.get(server.url + "/rest/v1.0/server/status", timeout=2)
    finally:
        for pid in workers:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)


def test_a_second_server_on_a_busy_port_fails_at_once(tmp_path: Path) -> None:
    with LiveServer(tmp_path / "first", tls=False) as first:
        second = subprocess.run(
            [sys.executable, "-m", "restkeep", "serve", "--no-tls", "--port", str(first.port),
             "--data-dir", str(tmp_path / "second")],
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert second.returncode != 0
        assert "address already in use" in (second.stdout + second.stderr).lower()
        assert "Traceback" not in second.stderr
        assert httpx.get(first.url + "/rest/v1.0/server/status").status_code == 200


def test_sigterm_drains_and_loses_no_acknowledged_write(tmp_path: Path, db_args: list[str]) -> None:
    data = tmp_path / "data"
    server = LiveServer(data, "--demo", "--workers", "2", *db_args, tls=False).start()
    assert server.process is not None
    with Writes(server.url).running() as writes:
        writes.wait_for(200)
        server.process.send_signal(signal.SIGTERM)
        assert server.process.wait(timeout=60) == 0, server.log()[-2000:]
    assert "Traceback" not in server.log()
    with LiveServer(data, *db_args, tls=False) as restarted:
        missing = set(writes.acknowledged) - stored(restarted)
    print(f"SIGTERM: {len(writes.acknowledged)} acknowledged writes, {len(missing)} lost")
    assert not missing, f"{len(missing)} of {len(writes.acknowledged)} acknowledged writes lost"


def test_kill_9_of_workers_and_of_the_main_process_loses_no_acknowledged_write(
    tmp_path: Path, db_args: list[str]
) -> None:
    data = tmp_path / "data"
    acknowledged: list[str] = []
    for round_ in range(2):
        server = LiveServer(data, *(["--demo"] if round_ == 0 else []), "--workers", "2", *db_args, tls=False)
        server.start()
        assert server.process is not None
        with Writes(server.url).running() as writes:
            writes.wait_for(100)
            for _ in range(2):  # a worker dies; the server replaces it and goes on
                victim = children(server.process.pid)[0]
                os.kill(victim, signal.SIGKILL)
                before = len(writes.acknowledged)
                # (60 s: the replacement worker starts on two cores that other tests may share)
                assert wait_for(lambda n=before: len(writes.acknowledged) > n + 100, timeout=60), (
                    "no writes after a worker died"
                )
            workers = children(server.process.pid)
            server.process.kill()  # then the main process
            server.process.wait()
            assert wait_for(lambda pids=workers: not any(alive(pid) for pid in pids))
        acknowledged += writes.acknowledged
    with LiveServer(data, *db_args, tls=False) as restarted:
        missing = set(acknowledged) - stored(restarted)
    print(
        f"kill -9 (4 workers, 2 main processes): {len(acknowledged)} acknowledged writes, {len(missing)} lost"
    )
    assert len(acknowledged) > 400
    assert not missing, f"{len(missing)} of {len(acknowledged)} acknowledged writes lost"


def test_a_stuck_request_holds_up_sigterm_only_for_the_shutdown_timeout(tmp_path: Path) -> None:
    server = LiveServer(tmp_path / "data", "--demo", "--shutdown-timeout", "2s", tls=False).start()
    assert server.process is not None
    head = (
        "PUT /rest/v1.0/properties/stuck?projectName=Default HTTP/1.1\r\n"
        f"Host: 127.0.0.1:{server.port}\r\nAuthorization: Basic YWRtaW46Y2hhbmdlbWU=\r\n"
        "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"
    ).encode()
    with socket.create_connection(("127.0.0.1", server.port)) as stuck:
        stuck.sendall(head)  # and never the rest of the body
        time.sleep(0.5)
        started = time.monotonic()
        server.process.send_signal(signal.SIGTERM)
        server.process.wait(timeout=30)
        assert time.monotonic() - started < 15
