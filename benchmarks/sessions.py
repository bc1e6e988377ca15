"""100,000 live sessions: created through the API (wrk posting logins), then the server's RSS, and a
check that the first and the last session still work."""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from loadgen import wrk
from restkeep.testing.live import children

PROPERTY = "/rest/v1.0/properties/PythonProperty?projectName=Default"


@dataclass(frozen=True)
class SessionsResult:
    created: int
    seconds: float
    rss_before_mib: float
    rss_after_mib: float
    first_still_valid: bool


def rss_mib(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def measure(url: str, server_pid: int, target: int = 100_000) -> SessionsResult:
    (worker,) = children(server_pid)
    login = {"userName": "admin", "password": "changeme"}
    first = httpx.post(url + "/rest/v1.0/sessions", json=login).json()["sessionId"]
    before = rss_mib(worker)
    created, seconds = 1, 0.0
    while created < target:
        result = wrk(url, "login.lua", seconds=5)
        created += result.requests - result.non2xx - result.errors
        seconds += result.seconds
    valid = httpx.get(url + PROPERTY, headers={"sessionId": first}).status_code == 200
    return SessionsResult(created, seconds, before, rss_mib(worker), valid)
