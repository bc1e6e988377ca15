"""Flow scenarios with wrk against a real `restkeep serve --no-tls` (one worker unless stated), each
paired with its anchor in the same run, rounds interleaved (A B A B A B) so drift hits both alike."""

from __future__ import annotations

import base64
import statistics
from collections.abc import Callable
from dataclasses import dataclass

import httpx

from loadgen import Result, wrk

PROPERTY = "/rest/v1.0/properties/PythonProperty?projectName=Default"
ADMIN = ("admin", "changeme")
BASIC = "Basic " + base64.b64encode(b"admin:changeme").decode()


@dataclass(frozen=True)
class Measured:
    name: str
    runs: list[Result]

    @property
    def rate(self) -> float:
        return statistics.median(r.rate for r in self.runs)

    @property
    def p50_ms(self) -> float:
        return statistics.median(r.p50_ms for r in self.runs)

    @property
    def p99_ms(self) -> float:
        return statistics.median(r.p99_ms for r in self.runs)

    @property
    def failures(self) -> int:
        return sum(r.errors for r in self.runs)


Scenario = tuple[str, Callable[[], Result]]


def interleaved(scenarios: list[Scenario], rounds: int) -> dict[str, Measured]:
    runs: dict[str, list[Result]] = {name: [] for name, _ in scenarios}
    for _ in range(rounds):
        for name, run in scenarios:
            runs[name].append(run())
    return {name: Measured(name, results) for name, results in runs.items()}


def session(url: str) -> str:
    response = httpx.post(url + "/rest/v1.0/sessions", json={"userName": ADMIN[0], "password": ADMIN[1]})
    response.raise_for_status()
    return str(response.json()["sessionId"])


def reads(url: str, etcd: str | None, rounds: int, seconds: float) -> dict[str, Measured]:
    headers = {"sessionId": session(url)}
    scenarios: list[Scenario] = [
        ("trivial route", lambda: wrk(url + "/rest/v1.0/server/status", "get.lua", seconds=seconds)),
        (
            "property GET, session",
            lambda: wrk(url + PROPERTY, "get.lua", headers=headers, seconds=seconds),
        ),
        (
            "property GET, Basic",
            lambda: wrk(url + PROPERTY, "get.lua", headers={"Authorization": BASIC}, seconds=seconds),
        ),
    ]
    if etcd:
        scenarios.append(("etcd range GET", lambda: wrk(etcd, "etcd_range.lua", seconds=seconds)))
    return interleaved(scenarios, rounds)


def writes(url: str, etcd: str | None, rounds: int, seconds: float) -> dict[str, Measured]:
    headers = {"sessionId": session(url)}
    scenarios: list[Scenario] = [
        ("setProperty (durable)", lambda: wrk(url, "set_property.lua", headers=headers, seconds=seconds)),
    ]
    if etcd:
        scenarios.append(("etcd put (durable)", lambda: wrk(etcd, "etcd_put.lua", seconds=seconds)))
    return interleaved(scenarios, rounds)


def increments(url: str, seconds: float) -> tuple[Measured, bool]:
    """incrementProperty from 32 connections; also whether the counter rose by exactly the increments
    answered (plus at most those still in flight when wrk stopped)."""
    headers = {"sessionId": session(url)}
    before = _counter(url, headers)
    connections = 32
    result = wrk(url, "increment.lua", headers=headers, connections=connections, seconds=seconds)
    after = _counter(url, headers)
    # wrk stops counting at the deadline with up to one request in flight per connection, which the
    # server still completes: the counter may rise by that many more than wrk saw answered
    answered = result.requests - result.non2xx
    exact = answered <= after - before <= answered + connections and result.errors == 0
    return Measured("incrementProperty, 32 connections", [result]), exact


def _counter(url: str, headers: dict[str, str]) -> int:
    response = httpx.get(url + "/rest/v1.0/properties/bench/counter?projectName=Default", headers=headers)
    return int(response.json()["property"]["value"]) if response.status_code == 200 else 0


def workers(one: str, two: str, rounds: int, seconds: float) -> dict[str, Measured]:
    scenarios: list[Scenario] = [
        (
            f"property GET, session, --workers {n}",
            lambda url=url: wrk(
                url + PROPERTY, "get.lua", headers={"sessionId": session(url)}, seconds=seconds
            ),
        )
        for n, url in ((1, one), (2, two))
    ]
    return interleaved(scenarios, rounds)
