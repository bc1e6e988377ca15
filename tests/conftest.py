"""Shared fixtures. Every test that uses `settings` (or the clients built on it) runs on each storage
backend: SQLite, and PostgreSQL when a server is available (see tests/postgres.py). Choose with
`--backend=sqlite|postgresql|all` or RESTKEEP_TEST_BACKEND."""

from __future__ import annotations

import base64
import itertools
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from restkeep.server import clock
from restkeep.server.app import build_app
from restkeep.server.bootstrap import prepare
from restkeep.server.settings import Settings
from tests import postgres

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
BACKENDS = ("sqlite", "postgresql")
_counter = itertools.count()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--backend",
        choices=(*BACKENDS, "all"),
        default=os.environ.get("RESTKEEP_TEST_BACKEND", "all"),
        help="storage backend(s) to run the suite on (env RESTKEEP_TEST_BACKEND)",
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "backend" in metafunc.fixturenames:
        chosen = metafunc.config.getoption("backend")
        metafunc.parametrize("backend", BACKENDS if chosen == "all" else (chosen,), scope="session")


def unique_name() -> str:
    return f"restkeep_test_{os.getpid()}_{next(_counter)}"


def basic(user: str, password: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


ADMIN = basic("admin", "changeme")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The URL of a PostgreSQL server the tests may create databases on, or a skip saying why not."""
    given = os.environ.get(postgres.ENV)
    if given:
        yield given
        return
    bindir = postgres.find_bindir()
    if bindir is None:
        pytest.skip(
            f"PostgreSQL tests skipped: {postgres.ENV} is not set and no initdb is installed (apt-get install postgresql)"
        )
    cluster = postgres.ThrowawayCluster(bindir)
    try:
        url = cluster.start()
    except Exception as exc:  # any failure to start means: skip, and say why
        cluster.stop()
        pytest.skip(f"PostgreSQL tests skipped: could not start a throwaway cluster from {bindir}: {exc}")
    yield url
    cluster.stop()


@pytest.fixture(scope="session")
def postgres_template(postgres_server: str) -> str:
    """A migrated, demo-seeded database that each test's database is copied from."""
    name = f"restkeep_template_{os.getpid()}"
    postgres.admin(postgres_server, f"DROP DATABASE IF EXISTS {name}")
    postgres.admin(postgres_server, f"CREATE DATABASE {name}")
    prepare(Settings(database=postgres.database_url(postgres_server, name), demo=True))
    return name


@pytest.fixture
def fresh_database(request: pytest.FixtureRequest, backend: str) -> Iterator[str]:
    """A new, empty database URL for this test on its backend ('' means SQLite in the data folder)."""
    if backend == "sqlite":
        yield ""
        return
    server: str = request.getfixturevalue("postgres_server")
    name = unique_name()
    yield postgres.create_database(server, name)
    postgres.drop_database(server, name)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("template")
    prepare(Settings(data_dir=data_dir, demo=True))
    return data_dir


@pytest.fixture
def settings(request: pytest.FixtureRequest, tmp_path: Path, backend: str) -> Iterator[Settings]:
    """Demo data, prepared once per run and copied per test (argon2 is slow on purpose)."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    if backend == "sqlite":
        shutil.copy(request.getfixturevalue("sqlite_template") / "restkeep.db", data_dir / "restkeep.db")
        yield Settings(data_dir=data_dir, demo=True)
        return
    server: str = request.getfixturevalue("postgres_server")
    template: str = request.getfixturevalue("postgres_template")
    name = unique_name()
    url = postgres.create_database(server, name, template)
    yield Settings(data_dir=data_dir, demo=True, database=url, db_pool_size=4)
    postgres.drop_database(server, name)


@pytest.fixture(autouse=True)
def _reset_clock() -> Iterator[None]:
    yield
    clock.reset()


def make_client(settings: Settings, headers: dict[str, str] | None = None) -> TestClient:
    return TestClient(build_app(settings), base_url="https://testserver", headers=headers)


@pytest.fixture
def anon(settings: Settings) -> Iterator[TestClient]:
    with make_client(settings) as client:
        yield client


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    """An in-process client that sends admin's Basic credentials on every request."""
    with make_client(settings, ADMIN) as client:
        yield client
