"""Log in once: `restkeep login` saves a token per profile (0600), later commands of either API use it,
`whoami` tells, `logout` revokes it; `--token`/RESTKEEP_TOKEN for CI; a saved token goes to no other
server; a dead saved login says what to do."""

from __future__ import annotations

import json
import os
import ssl
import stat
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner, Result

from restkeep import FlowClient
from restkeep.cli import main
from restkeep.testing import LiveServer
from tests.cli.conftest import run

pytestmark = pytest.mark.live


def bare(cli: CliRunner, server: LiveServer, *args: str) -> Result:
    """A command with the server's address but no credentials: only a saved login can answer."""
    return cli.invoke(main, ["--url", server.url, "--ca-file", str(server.ca_path), *args])


def admin(server: LiveServer) -> FlowClient:
    return FlowClient(server.url, "admin", "changeme", verify=str(server.ca_path))


def cli_tokens(server: LiveServer) -> list[dict[str, str]]:
    with admin(server) as flow:
        return [t for t in flow.get_api_tokens() if t["name"].startswith("restkeep CLI")]


def opens_a_session(server: LiveServer, token: str) -> bool:
    verify = ssl.create_default_context(cafile=str(server.ca_path))
    response = httpx.post(server.url + "/rest/v1.0/sessions", json={"token": token}, verify=verify)
    return response.status_code == 200


def test_login_once_then_both_apis_without_a_password(
    cli: CliRunner, server: LiveServer, tmp_path: Path
) -> None:
    logged_in = run(cli, server, "login", "--expires-in", "7d")
    assert logged_in.exit_code == 0, logged_in.output
    assert "as admin" in logged_in.output and "changeme" not in logged_in.output

    saved = tmp_path / "config" / "restkeep" / "credentials.toml"
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    assert "rk_" in saved.read_text() and "changeme" not in saved.read_text()
    assert "rk_" not in (tmp_path / "config" / "restkeep" / "config.toml").read_text()

    projects = bare(cli, server, "project", "list")
    assert projects.exit_code == 0 and "Default" in projects.output, projects.output
    repositories = bare(cli, server, "-o", "json", "repository", "list")  # the Catalog, with the same login
    assert repositories.exit_code == 0, repositories.output
    assert any(r["id"] == 10149 for r in json.loads(repositories.output))

    who = json.loads(bare(cli, server, "-o", "json", "whoami").output)[0]
    assert who["user"] == "admin" and who["credential"] == "saved login" and who["profile"] == "default"
    assert who["expiresAt"] > "2026"


def test_logout_revokes_the_token_and_forgets_it(cli: CliRunner, server: LiveServer, tmp_path: Path) -> None:
    assert run(cli, server, "login").exit_code == 0
    saved = (tmp_path / "config" / "restkeep" / "credentials.toml").read_text()
    token = saved.split('token = "', 1)[1].split('"', 1)[0]
    assert opens_a_session(server, token)

    out = bare(cli, server, "logout")
    assert out.exit_code == 0 and "revoked" in out.output, out.output
    assert not opens_a_session(server, token)
    assert "rk_" not in (tmp_path / "config" / "restkeep" / "credentials.toml").read_text()

    again = bare(cli, server, "logout")
    assert again.exit_code == 0 and "not logged in" in again.output
    asks = bare(cli, server, "--user", "admin", "project", "list")  # no terminal here to ask on
    assert asks.exit_code == 2 and "restkeep login" in asks.output


def test_logging_in_again_replaces_the_token(cli: CliRunner, server: LiveServer) -> None:
    assert run(cli, server, "login").exit_code == 0
    before = len(cli_tokens(server))
    for _ in range(3):
        assert run(cli, server, "login").exit_code == 0
    assert len(cli_tokens(server)) == before
    assert bare(cli, server, "logout").exit_code == 0


def test_a_dead_saved_login_says_to_log_in_again(cli: CliRunner, server: LiveServer, tmp_path: Path) -> None:
    assert run(cli, server, "login").exit_code == 0
    saved = (tmp_path / "config" / "restkeep" / "credentials.toml").read_text()
    token_id = saved.split('token_id = "', 1)[1].split('"', 1)[0]
    with admin(server) as flow:
        flow.revoke_api_token(token_id)
    refused = bare(cli, server, "project", "list")
    assert refused.exit_code == 1
    assert "profile 'default' no longer works" in refused.output and "restkeep login" in refused.output


def test_a_saved_token_goes_to_no_other_server(cli: CliRunner, server: LiveServer) -> None:
    assert run(cli, server, "login").exit_code == 0
    other = cli.invoke(main, ["--url", "https://127.0.0.1:9", "--insecure", "project", "list"])
    # not sent anywhere: with no password and no terminal the command stops before connecting
    assert other.exit_code == 2 and "--password" in other.output, other.output
    assert bare(cli, server, "logout").exit_code == 0


def test_a_token_for_ci(cli: CliRunner, server: LiveServer, monkeypatch: pytest.MonkeyPatch) -> None:
    with admin(server) as flow:
        token = flow.create_api_token("ci", "1h")["token"]
    flagged = bare(cli, server, "--token", token, "project", "list")
    assert flagged.exit_code == 0 and "Default" in flagged.output, flagged.output
    monkeypatch.setenv("RESTKEEP_TOKEN", token)
    # the Catalog's login needs the user name: a token alone finds it out
    catalog = bare(cli, server, "-o", "json", "item", "search", "-r", "10149", "--limit", "2")
    assert catalog.exit_code == 0 and len(json.loads(catalog.stdout)) == 2, catalog.output
    who = json.loads(bare(cli, server, "-o", "json", "whoami").output)[0]
    assert who["user"] == "admin" and who["credential"] == "RESTKEEP_TOKEN"

    both = bare(cli, server, "--token", token, "--password", "x", "project", "list")
    assert both.exit_code == 2 and "contradict" in both.output
    wrong = bare(cli, server, "--token", "rk_nonsense", "project", "list")
    assert wrong.exit_code == 1 and "revoked or expired" in wrong.output and "rk_nonsense" not in wrong.output


def test_changing_your_own_password_with_a_saved_login_asks_for_the_current_one_and_keeps_the_login(
    cli: CliRunner, server: LiveServer
) -> None:
    assert run(cli, server, "user", "create", "tokenuser", "--new-password", "first password").exit_code == 0
    as_user = ["--url", server.url, "--ca-file", str(server.ca_path), "--user", "tokenuser"]
    assert cli.invoke(main, [*as_user, "--password", "first password", "login"]).exit_code == 0
    refused = cli.invoke(main, [*as_user, "user", "passwd", "tokenuser", "--new-password", "second pass"])
    assert refused.exit_code == 2 and "--current-password" in refused.output
    changed = cli.invoke(main, [*as_user, "user", "passwd", "tokenuser", "--new-password", "second pass",
                                "--current-password", "first password"])  # fmt: skip
    assert changed.exit_code == 0, changed.output
    # a new password ends sessions and Catalog logins; API tokens, the saved login's too, stay
    still = cli.invoke(main, [*as_user, "-o", "json", "whoami"])
    assert still.exit_code == 0 and json.loads(still.stdout)[0]["user"] == "tokenuser"


def test_a_real_process_logs_in_once_and_works_from_another_folder(
    server: LiveServer, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("RESTKEEP_")}
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    command = [sys.executable, "-m", "restkeep"]
    login = subprocess.run(
        [*command, "--url", server.url, "--ca-file", str(server.ca_path), "--user", "admin", "login"],
        capture_output=True, text=True, env={**env, "RESTKEEP_PASSWORD": "changeme"}, timeout=60,
    )  # fmt: skip
    assert login.returncode == 0, login.stderr
    for args in (["whoami"], ["repository", "list"], ["logout"]):
        done = subprocess.run(
            [*command, *args], capture_output=True, text=True, env=env, cwd=elsewhere, timeout=60
        )
        assert done.returncode == 0, (args, done.stderr)
    after = subprocess.run([*command, "whoami"], capture_output=True, text=True, env=env, timeout=60)
    assert after.returncode == 2 and "restkeep login" in after.stderr
