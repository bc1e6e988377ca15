"""The command line and the SDK never crash on data or change it on the way: no markup in tables,
paths sent as given, values in the body, CA paths that work from anywhere, short error messages."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from restkeep import FlowClient
from restkeep.cli import main
from restkeep.client.errors import ApiError, RestkeepError
from restkeep.testing import LiveServer
from tests.cli.conftest import run

pytestmark = pytest.mark.live


def test_user_data_is_never_read_as_markup(cli: CliRunner, server: LiveServer) -> None:
    value = "hello $[/projects/Default/PythonProperty] [red]x[/red] [/]"
    assert run(
        cli, server, "property", "set", "markup/greeting", value, "-p", "Default", "--expand"
    ).exit_code in (0, 2)
    stored = run(cli, server, "property", "set", "markup/raw", "[red]x[/red] [/]", "-p", "Default")
    assert stored.exit_code == 0, stored.output
    listed = run(cli, server, "property", "list", "-p", "Default", "--path", "markup")
    assert listed.exit_code == 0, listed.output
    assert "[red]x[/red] [/]" in listed.output
    assert run(cli, server, "project", "list").exit_code == 0


def test_dot_segments_in_a_property_path_are_sent_as_given(server: LiveServer) -> None:
    with FlowClient(server.url, username="admin", password="changeme", verify=server.ca_path) as flow:
        before = flow.get_property("PythonProperty", project="Default").value
        with pytest.raises(ApiError) as refused:
            flow.set_property("config/../PythonProperty", "overwritten", project="Default")
        assert refused.value.status == 400
        assert flow.get_property("PythonProperty", project="Default").value == before
        # names with characters that mean something in a URL reach the server intact
        flow.set_property("odd/a?b#c%d e", "kept", project="Default")
        assert flow.get_property("odd/a?b#c%d e", project="Default").value == "kept"


def test_a_large_value_goes_in_the_body_and_no_url_error_escapes(server: LiveServer) -> None:
    big = "v" * 66_000
    with FlowClient(server.url, username="admin", password="changeme", verify=server.ca_path) as flow:
        assert flow.set_property("big/value", big, project="Default").value == big
        assert flow.expand_string(big, project="Default") == big
        with pytest.raises(RestkeepError):
            flow.get_property("x" * 70_000, project="Default")  # a URL no server takes


def test_a_missing_ca_file_is_a_one_line_error(cli: CliRunner, server: LiveServer, tmp_path: Path) -> None:
    result = cli.invoke(
        main,
        [
            "--url",
            server.url,
            "--ca-file",
            str(tmp_path / "nowhere.pem"),
            "--user",
            "admin",
            "--password",
            "changeme",
            "project",
            "list",
        ],
    )
    assert result.exit_code == 2
    assert "nowhere.pem" in result.output and "Traceback" not in result.output


def test_login_saves_the_ca_path_so_that_it_works_from_any_folder(server: LiveServer, tmp_path: Path) -> None:
    config, elsewhere = tmp_path / "config", tmp_path / "elsewhere"
    elsewhere.mkdir()
    relative = os.path.relpath(server.ca_path, Path.cwd())
    env = {**os.environ, "XDG_CONFIG_HOME": str(config), "RESTKEEP_PASSWORD": "changeme"}
    env = {
        k: v
        for k, v in env.items()
        if k not in ("RESTKEEP_URL", "RESTKEEP_USER", "RESTKEEP_CA_FILE", "RESTKEEP_PROFILE")
    }
    command = [sys.executable, "-m", "restkeep"]
    login = subprocess.run(
        [*command, "--url", server.url, "--ca-file", relative, "--user", "admin", "login"],
        capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip
    assert login.returncode == 0, login.stderr
    listed = subprocess.run(
        [*command, "project", "list"], capture_output=True, text=True, env=env, cwd=elsewhere, timeout=60
    )
    assert listed.returncode == 0, listed.stderr
    assert "Default" in listed.stdout


def test_an_error_about_a_huge_value_stays_short(cli: CliRunner, server: LiveServer) -> None:
    result = run(cli, server, "property", "set", "x/" + "p" * 300_000 + "/..", "v", "-p", "Default")
    assert result.exit_code != 0
    assert len(result.output) < 2_000
