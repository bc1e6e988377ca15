from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from restkeep.testing import LiveServer
from tests import postgres
from tests.conftest import SHARED, unique_name


def database_args(request: pytest.FixtureRequest, backend: str) -> tuple[list[str], str | None]:
    """`serve` arguments for a new, empty database on the backend, and the PostgreSQL name to drop."""
    if backend == "sqlite":
        return [], None
    server: str = request.getfixturevalue("postgres_server")
    name = unique_name()
    return ["--database", postgres.create_database(server, name)], name


@pytest.fixture
def db_args(request: pytest.FixtureRequest, backend: str) -> Iterator[list[str]]:
    """Arguments selecting a fresh database on this test's backend (several servers may share it)."""
    args, name = database_args(request, backend)
    yield args
    if name:
        postgres.drop_database(request.getfixturevalue("postgres_server"), name)


@pytest.fixture(scope="module")
def demo_server(
    request: pytest.FixtureRequest, backend: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    """`restkeep serve --demo --dev --workers 2 --resttoken-ttl 2s` over TLS (generated certificate), per
    backend; tests move its clock (`tests.dev.advance`) rather than sleep."""
    args, name = database_args(request, backend)
    live = tmp_path_factory.mktemp("live") / "data"
    with LiveServer(live, "--demo", "--dev", "--workers", "2", "--resttoken-ttl", "2s", *args) as server:
        yield server
    if name:
        postgres.drop_database(request.getfixturevalue("postgres_server"), name)


@pytest.fixture(scope="session")
def shared() -> Path:
    if not (SHARED / "acceptance").is_dir():
        pytest.skip(
            f"the shared acceptance scripts are not at {SHARED} (check out shared/ beside the project)"
        )
    return SHARED


def wait_for(check: Callable[[], object], timeout: float = 20) -> bool:
    """Whether `check()` comes true within `timeout` seconds (looked at ten times a second)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return False
