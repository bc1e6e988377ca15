"""Shared fixtures: a prepared database (copied per test), in-process clients, live servers."""

from __future__ import annotations

import base64
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from restkeep.server import clock
from restkeep.server.app import build_app
from restkeep.server.bootstrap import prepare
from restkeep.server.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def basic(user: str, password: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


ADMIN = basic("admin", "changeme")


@pytest.fixture(scope="session")
def prepared_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo database migrated and seeded once per run (argon2 is slow on purpose)."""
    data_dir = tmp_path_factory.mktemp("template")
    prepare(Settings(data_dir=data_dir, demo=True))
    return data_dir


@pytest.fixture
def settings(tmp_path: Path, prepared_data: Path) -> Settings:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    shutil.copy(prepared_data / "restkeep.db", data_dir / "restkeep.db")
    return Settings(data_dir=data_dir, demo=True)


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
