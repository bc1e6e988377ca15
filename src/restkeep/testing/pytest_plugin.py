"""restkeep's pytest plugin, registered by `pip install restkeep` (entry point `pytest11`).

- `restkeep_server` (session): a real `restkeep serve --dev --demo` over TLS on a free loopback port,
  one per pytest-xdist worker; `--restkeep-database URL` runs it on a fresh database of that
  PostgreSQL server (dropped afterwards); the ini option `restkeep_args` adds `serve` flags.
- `restkeep` (function): the same server put back to the baseline snapshot taken at session start
  (data, credentials, clock, faults; the journal emptied), with `clock`, `credentials`, `fault()`,
  `journal`, `flow_client()`, `catalog_client()` (see `restkeep.testing.session.Restkeep`).
- `@pytest.mark.restkeep(frozen_clock=True, faults=[rule, ...])`.
- A failed test that used `restkeep` gets a report section with the virtual time, the active faults
  and the last 20 journal entries (redacted).
See docs/testing.md.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Generator, Iterator
from typing import Any

import pytest

from restkeep.testing.session import DevServer, Restkeep

_HANDLE = pytest.StashKey[Restkeep]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("restkeep")
    group.addoption(
        "--restkeep-database",
        default=None,
        metavar="URL",
        help="run the restkeep server on a fresh database of this PostgreSQL server (default: SQLite)",
    )
    parser.addini("restkeep_args", type="args", default=[], help="more `restkeep serve` flags")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "restkeep(frozen_clock=False, faults=[]): start the test with the server's clock frozen and"
        " these fault rules in place",
    )


@pytest.fixture(scope="session")
def restkeep_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[DevServer]:
    """A `restkeep serve --dev --demo` process for the session (for this xdist worker)."""
    started = time.monotonic()
    server = DevServer.start(
        tmp_path_factory.mktemp("restkeep"),
        request.config.getoption("--restkeep-database"),
        request.config.getini("restkeep_args"),
    )
    server.startup_seconds = time.monotonic() - started  # how long this session waited for it
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def restkeep(restkeep_server: DevServer, request: pytest.FixtureRequest) -> Iterator[Restkeep]:
    """The session's server as it was at its start (data, credentials, clock, faults; no journal)."""
    handle = restkeep_server.restkeep()
    marker = request.node.get_closest_marker("restkeep")
    if marker is not None:
        _apply(handle, **marker.kwargs)
    request.node.stash[_HANDLE] = handle
    try:
        yield handle
    finally:
        handle.close()


def _apply(handle: Restkeep, frozen_clock: bool = False, faults: list[dict[str, Any]] | None = None) -> None:
    if frozen_clock:
        handle.clock.freeze()
    for rule in faults or ():  # whole rules, or the keywords of `Restkeep.fault`
        if "action" in rule:
            handle.dev.add_fault(rule)
        else:
            handle.dev.add_fault(**rule)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    handle = item.stash.get(_HANDLE, None)
    if handle is not None and report.when == "call" and report.failed:
        with contextlib.suppress(Exception):  # the server may be what failed
            report.sections.append(("restkeep", handle.report()))
    return report
