"""`restkeep dev ...` against a live `serve --dev` server: the clock and the credentials from the shell."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from restkeep import fingerprint
from restkeep.testing import LiveServer
from tests.acceptance.conftest import serving
from tests.cli.conftest import run

pytestmark = pytest.mark.live


@pytest.fixture(scope="module")
def server(
    request: pytest.FixtureRequest, backend: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    with serving(request, backend, tmp_path_factory.mktemp("cli-dev"), "--demo", "--dev") as live:
        yield live


def test_the_clock_from_the_shell(cli: CliRunner, server: LiveServer) -> None:
    shown = run(cli, server, "-o", "json", "dev", "clock")
    assert shown.exit_code == 0, shown.output
    before = json.loads(shown.output)[0]["now"]
    login = httpx.post(server.url + "/enable-api/login", json={"login": "system", "password": "system"},
                       verify=server.verify).json()  # fmt: skip
    advanced = run(cli, server, "dev", "clock", "advance", "31m")
    assert advanced.exit_code == 0, advanced.output
    assert "epimresttoken" in advanced.output and fingerprint(login["epimresttoken"]) in advanced.output
    assert json.loads(run(cli, server, "-o", "json", "dev", "clock", "show").output)[0]["now"] > before
    assert json.loads(run(cli, server, "-o", "json", "dev", "clock", "freeze").output)[0]["frozen"] is True
    assert json.loads(run(cli, server, "-o", "json", "dev", "clock", "resume").output)[0]["frozen"] is False
    back = run(cli, server, "dev", "clock", "set", "2001-01-01T00:00:00Z")
    assert back.exit_code == 1 and "'time'" in back.output


def test_credentials_from_the_shell(cli: CliRunner, server: LiveServer) -> None:
    session = httpx.post(server.url + "/rest/v1.0/sessions", json={"userName": "system", "password": "system"},
                         verify=server.verify).json()["sessionId"]  # fmt: skip
    listed = run(cli, server, "-o", "csv", "dev", "credentials", "--kind", "session", "--user", "system")
    assert listed.exit_code == 0 and fingerprint(session) in listed.output and session not in listed.output
    expired = run(cli, server, "dev", "expire", "--fingerprint", fingerprint(session))
    assert expired.exit_code == 0 and expired.output.strip() == "1 credential(s) expired"
    gone = httpx.get(server.url + "/rest/v1.0/projects", headers={"sessionId": session}, verify=server.verify)
    assert gone.status_code == 401
    assert run(cli, server, "dev", "revoke").exit_code == 1  # says which, or --all
    policy = run(cli, server, "-o", "json", "dev", "policy", "--resttoken-ttl", "45m")
    assert policy.exit_code == 0 and json.loads(policy.output)[0]["resttokenTtl"] == "2700s"
    assert run(cli, server, "dev", "expire", "--kind", "password").exit_code == 2  # not a kind


def test_faults_from_the_shell(cli: CliRunner, server: LiveServer) -> None:
    added = run(cli, server, "-o", "json", "dev", "fault", "add", "--path", "/rest/v1.0/projects",
                "--method", "get", "--status", "503", "--first-n", "1")  # fmt: skip
    assert added.exit_code == 0, added.output
    rule = json.loads(added.output)[0]
    assert rule["match"] == {"method": "GET", "path": "/rest/v1.0/projects"} and rule["fired"] == 0
    projects = server.url + "/rest/v1.0/projects"
    auth = ("admin", "changeme")
    assert httpx.get(projects, auth=auth, verify=server.verify).status_code == 503
    assert httpx.get(projects, auth=auth, verify=server.verify).status_code == 200
    listed = run(cli, server, "dev", "fault", "list")
    assert listed.exit_code == 0 and "status=503" in listed.output and "firstN=1" in listed.output
    assert run(cli, server, "dev", "fault", "add", "--status", "200").exit_code == 2  # not an error status
    assert run(cli, server, "dev", "fault", "add", "--path", "x", "--status", "500").exit_code == 1
    assert (
        run(cli, server, "dev", "fault", "remove", str(rule["id"])).output.strip()
        == f"fault {rule['id']} removed"
    )
    assert run(cli, server, "dev", "fault", "remove", str(rule["id"])).exit_code == 1
    run(cli, server, "dev", "fault", "add", "--connection", "stall", "--api", "catalog")
    assert run(cli, server, "dev", "fault", "clear").output.strip() == "1 fault(s) removed"


def test_snapshots_and_resets_from_the_shell(cli: CliRunner, server: LiveServer, tmp_path: Path) -> None:
    saved = run(cli, server, "-o", "json", "dev", "snapshot", "save", "shell")
    assert saved.exit_code == 0 and json.loads(saved.output)[0]["name"] == "shell", saved.output
    assert "shell" in run(cli, server, "dev", "snapshot", "list").output
    file = tmp_path / "shell.db"
    exported = run(cli, server, "dev", "snapshot", "export", "shell", str(file))
    assert exported.exit_code == 0 and file.read_bytes().startswith(b"SQLite format 3")
    assert run(cli, server, "dev", "snapshot", "import", "shell-copy", str(file)).exit_code == 0
    projects = server.url + "/rest/v1.0/projects"
    auth = ("admin", "changeme")
    httpx.post(
        projects, json={"projectName": "from-the-shell"}, auth=auth, verify=server.verify
    ).raise_for_status()
    restored = run(cli, server, "dev", "snapshot", "restore", "shell-copy")
    assert restored.output.strip() == "snapshot shell-copy restored"
    assert httpx.get(projects + "/from-the-shell", auth=auth, verify=server.verify).status_code == 404
    assert run(cli, server, "dev", "snapshot", "delete", "shell").exit_code == 0
    assert run(cli, server, "dev", "snapshot", "delete", "shell").exit_code == 1  # no longer there
    assert run(cli, server, "dev", "reset", "--scope", "faults").output.strip() == "faults reset"
    assert run(cli, server, "dev", "reset", "--scope", "everything").exit_code == 2


def test_the_journal_from_the_shell(cli: CliRunner, server: LiveServer) -> None:
    assert run(cli, server, "dev", "reset", "--scope", "journal").output.strip() == "journal reset"
    httpx.get(
        server.url + "/rest/v1.0/projects/journal-shell", auth=("admin", "changeme"), verify=server.verify
    )
    shown = run(
        cli, server, "-o", "csv", "dev", "journal", "--path", "/rest/v1.0/projects/*", "--status", "404"
    )
    assert shown.exit_code == 0 and "/rest/v1.0/projects/journal-shell" in shown.output, shown.output
    assert "changeme" not in shown.output
    as_json = json.loads(
        run(cli, server, "-o", "json", "dev", "journal", "--path", "/rest/v1.0/projects/journal-shell").output
    )
    assert len(as_json) == 1 and as_json[0]["requestHeaders"]["authorization"].startswith(
        "Basic admin:<redacted:"
    )


def test_output_after_the_command_and_an_unknown_profile(cli: CliRunner, server: LiveServer) -> None:
    after = run(cli, server, "dev", "clock", "show", "-o", "json")
    assert after.exit_code == 0 and json.loads(after.output)[0]["frozen"] is False, after.output
    assert isinstance(
        json.loads(run(cli, server, "dev", "snapshot", "list", "--output", "json").output), list
    )
    unknown = run(cli, server, "--profile", "nosuch", "dev", "clock")
    assert unknown.exit_code == 2 and "No profile 'nosuch'" in unknown.output, unknown.output
    made = run(cli, server, "--profile", "nosuch", "login")
    assert made.exit_code == 0, made.output  # login makes it
    assert run(cli, server, "--profile", "nosuch", "dev", "clock").exit_code == 0
