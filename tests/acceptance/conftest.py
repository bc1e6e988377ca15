from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from restkeep.testing import LiveServer
from tests.conftest import SHARED


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """`restkeep serve --demo` over TLS with its generated certificate, shared by a module's tests."""
    with LiveServer(tmp_path_factory.mktemp("live") / "data", "--demo") as server:
        yield server


@pytest.fixture(scope="session")
def shared() -> Path:
    if not (SHARED / "acceptance").is_dir():
        pytest.skip(
            f"the shared acceptance scripts are not at {SHARED} (check out shared/ beside the project)"
        )
    return SHARED
