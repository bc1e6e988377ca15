"""A live server per backend for the command-line tests, a runner with a clean environment and config
folder, and `run` to invoke a command against the server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from restkeep.cli import main
from restkeep.testing import LiveServer
from tests.acceptance.conftest import serving


@pytest.fixture(scope="module")
def server(
    request: pytest.FixtureRequest, backend: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    with serving(request, backend, tmp_path_factory.mktemp("cli"), "--demo") as live:
        yield live


@pytest.fixture
def cli(server: LiveServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    for variable in (
        "RESTKEEP_URL",
        "RESTKEEP_USER",
        "RESTKEEP_PASSWORD",
        "RESTKEEP_TOKEN",
        "RESTKEEP_PROFILE",
        "RESTKEEP_CA_FILE",
    ):
        monkeypatch.delenv(variable, raising=False)
    return CliRunner()


def run(
    cli: CliRunner, server: LiveServer, *args: str, auth: bool = True, input: str | None = None
) -> Result:
    """`args` against the server, as admin unless not `auth`; `input` is what the user types."""
    connection = ["--url", server.url, "--ca-file", str(server.ca_path)]
    if auth:
        connection += ["--user", "admin", "--password", "changeme"]
    return cli.invoke(main, [*connection, *args], input=input)
