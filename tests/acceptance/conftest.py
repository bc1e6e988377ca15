from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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


@contextmanager
def serving(
    request: pytest.FixtureRequest, backend: str, folder: Path, *flags: str, tls: bool = True
) -> Iterator[LiveServer]:
    """`restkeep serve FLAGS` on a fresh database of the test's backend, dropped once it stops."""
    args, name = database_args(request, backend)
    try:
        with LiveServer(folder / "data", *flags, *args, tls=tls) as server:
            yield server
    finally:
        if name:
            postgres.drop_database(request.getfixturevalue("postgres_server"), name)


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
    flags = ("--demo", "--dev", "--workers", "2", "--resttoken-ttl", "2s")
    with serving(request, backend, tmp_path_factory.mktemp("live"), *flags) as server:
        yield server


@pytest.fixture(scope="module")
def dev_server(
    request: pytest.FixtureRequest, backend: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    """`serve --dev --demo --workers 2 --session-idle-timeout 10m` over plain HTTP, per backend and
    module; its tests only move its clock forward, so they may share it."""
    flags = ("--demo", "--dev", "--workers", "2", "--session-idle-timeout", "10m")
    with serving(request, backend, tmp_path_factory.mktemp("dev"), *flags, tls=False) as server:
        yield server


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
