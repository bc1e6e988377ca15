"""One live server per backend for the SDK tests, with short expiries so scripts cross them, in
development mode so that tests move its clock instead of sleeping (`tests.dev.advance`)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from restkeep.testing import LiveServer
from tests.acceptance.conftest import serving


@pytest.fixture(scope="package")
def server(
    request: pytest.FixtureRequest, backend: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    short = ["--session-idle-timeout", "2s", "--resttoken-ttl", "1s", "--ewtoken-ttl", "3s"]
    with serving(request, backend, tmp_path_factory.mktemp("sdk"), "--demo", "--dev", *short) as live:
        yield live
