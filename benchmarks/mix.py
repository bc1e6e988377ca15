"""A realistic mix rather than one hot key: many live sessions, many properties, 90% GETs spread over
them and 10% writes, 32 connections. Reports req/s, p99 and how often the read cache answered (from
the server's own metrics, so the numbers are the server's, not guessed)."""

from __future__ import annotations

import re
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx

from flow import ADMIN, Measured
from loadgen import wrk

_FLUSH = 1.5  # each worker hands its counts over once a second
_LOOKUPS = re.compile(r'^restkeep_read_cache_lookups_total\{result="(hit|miss)"\} ([0-9.e+]+)$', re.M)


@dataclass(frozen=True)
class MixResult:
    sessions: int
    properties: int
    measured: Measured
    hits: float
    misses: float

    @property
    def hit_rate(self) -> float | None:
        looked = self.hits + self.misses
        return self.hits / looked if looked else None


def _lookups(url: str) -> tuple[float, float]:
    found = dict(_LOOKUPS.findall(httpx.get(url + "/metrics", timeout=10).text))
    return float(found.get("hit", 0)), float(found.get("miss", 0))


def prepare(url: str, sessions: int, properties: int) -> list[str]:
    """Log `sessions` sessions in and give `properties` properties a value; return the session ids."""
    with httpx.Client(base_url=url, timeout=30) as client, ThreadPoolExecutor(16) as pool:

        def login(_: int) -> str:
            response = client.post("/rest/v1.0/sessions", json={"userName": ADMIN[0], "password": ADMIN[1]})
            response.raise_for_status()
            return str(response.json()["sessionId"])

        ids = list(pool.map(login, range(sessions)))

        def put(n: int) -> None:
            client.put(
                f"/rest/v1.0/properties/mix/p{n}",
                params={"projectName": "Default", "value": f"v{n}"},
                headers={"sessionId": ids[n % len(ids)]},
            ).raise_for_status()

        list(pool.map(put, range(1, properties + 1)))
    return ids


def measure(url: str, rounds: int, seconds: float, sessions: int = 1000, properties: int = 10_000) -> MixResult:
    """`url` is a server started with `--metrics`."""
    ids = prepare(url, sessions, properties)
    with tempfile.TemporaryDirectory(prefix="bench-mix-") as folder:
        listing = Path(folder) / "sessions"
        listing.write_text("\n".join(ids) + "\n")
        env = {"MIX_SESSIONS": str(listing), "MIX_PROPERTIES": str(properties)}
        wrk(url, "mix.lua", env=env, seconds=1)  # warm: every session and property touched once or so
        time.sleep(_FLUSH)
        hits, misses = _lookups(url)
        runs = [wrk(url, "mix.lua", env=env, seconds=seconds) for _ in range(rounds)]
    time.sleep(_FLUSH)
    after_hits, after_misses = _lookups(url)
    name = f"mix: {sessions:,} sessions, {properties:,} properties, 90% GET / 10% setProperty"
    return MixResult(sessions, properties, Measured(name, runs), after_hits - hits, after_misses - misses)
