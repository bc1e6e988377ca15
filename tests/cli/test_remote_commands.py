"""The command line against a live server: everyday tasks in one line, exit codes, profiles."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from restkeep.cli import main
from restkeep.testing import LiveServer
from tests.cli.conftest import run

pytestmark = pytest.mark.live


def test_properties_in_one_line(cli: CliRunner, server: LiveServer) -> None:
    assert (
        run(cli, server, "property", "get", "PythonProperty", "-p", "Default").output.strip()
        == "PythonRestApi"
    )
    assert run(cli, server, "property", "set", "cli/answer", "41", "-p", "Default").exit_code == 0
    assert run(cli, server, "property", "increment", "cli/answer", "-p", "Default").output.strip() == "42"
    listed = json.loads(
        run(cli, server, "-o", "json", "property", "list", "-p", "Default", "--path", "cli").output
    )
    assert [(p["propertyName"], p["value"]) for p in listed] == [("answer", "42")]
    assert run(cli, server, "property", "delete", "cli/answer", "-p", "Default").exit_code == 0


def test_exit_codes_and_messages(cli: CliRunner, server: LiveServer) -> None:
    missing = run(cli, server, "property", "get", "nope", "-p", "Default")
    assert missing.exit_code == 1 and "NoSuchProperty" in missing.output
    wrong = cli.invoke(
        main,
        [
            "--url",
            server.url,
            "--ca-file",
            str(server.ca_path),
            "--user",
            "admin",
            "--password",
            "bad",
            "project",
            "list",
        ],
    )
    assert wrong.exit_code == 1 and "InvalidCredentials" in wrong.output
    assert run(cli, server, "--insecure", "project", "list").exit_code == 2
    assert run(cli, server, "property", "get").exit_code == 2
    no_password = cli.invoke(main, ["--url", server.url, "--user", "admin", "project", "list"])
    assert no_password.exit_code == 2 and "RESTKEEP_PASSWORD" in no_password.output


def test_item_export_prints_every_item(cli: CliRunner, server: LiveServer) -> None:
    result = run(cli, server, "item", "export", "--repository", "10149", "--format", "jsonl")
    lines = result.stdout.splitlines()
    assert result.exit_code == 0 and len(lines) == 12000
    assert len({json.loads(line)["id"] for line in lines}) == 12000
    found = json.loads(run(cli, server, "-o", "json", "item", "search", "-r", "10149", "--limit", "3").stdout)
    assert len(found) == 3


def test_artifacts_and_csv_output(cli: CliRunner, server: LiveServer, tmp_path: Path) -> None:
    (tmp_path / "dist").mkdir()
    (tmp_path / "dist" / "app.txt").write_text("hello")
    published = run(
        cli,
        server,
        "-o",
        "csv",
        "artifact",
        "publish",
        "cli:app",
        "1.0.0",
        str(tmp_path / "dist" / "app.txt"),
    )
    assert published.exit_code == 0 and published.stdout.startswith("path,size,sha256\napp.txt,5,")
    downloaded = run(cli, server, "artifact", "download", "cli:app:1.0.0", str(tmp_path / "out"))
    assert downloaded.exit_code == 0 and (tmp_path / "out" / "app.txt").read_text() == "hello"
    assert "cli:app:1.0.0" in run(cli, server, "artifact", "list", "cli:app", "--range", "[1.0,)").output


def test_login_saves_a_profile_without_the_password(
    cli: CliRunner, server: LiveServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run(cli, server, "login").exit_code == 0
    saved = (tmp_path / "config" / "restkeep" / "config.toml").read_text()
    assert server.url in saved and "admin" in saved and "changeme" not in saved
    monkeypatch.setenv("RESTKEEP_PASSWORD", "changeme")
    from_profile = cli.invoke(main, ["project", "list"])
    assert from_profile.exit_code == 0 and "Default" in from_profile.output


def test_user_lifecycle(cli: CliRunner, server: LiveServer) -> None:
    created = run(
        cli, server, "user", "create", "cliuser", "--new-password", "first password", "--email", "c@x"
    )
    assert created.exit_code == 0, created.output
    shown = json.loads(run(cli, server, "-o", "json", "user", "show", "cliuser").stdout)
    assert shown[0]["email"] == "c@x"
    assert run(cli, server, "user", "passwd", "cliuser", "--new-password", "second password").exit_code == 0
    as_user = ["--url", server.url, "--ca-file", str(server.ca_path), "--user", "cliuser"]
    old = cli.invoke(main, [*as_user, "--password", "first password", "user", "show", "cliuser"])
    assert old.exit_code == 1 and "InvalidCredentials" in old.output
    own = cli.invoke(
        main,
        [
            *as_user,
            "--password",
            "second password",
            "user",
            "passwd",
            "cliuser",
            "--new-password",
            "third one!",
        ],
    )
    assert own.exit_code == 0, own.output  # their own: the connection's password proves it is them
    refused = run(cli, server, "user", "delete", "cliuser", auth=True)
    assert refused.exit_code == 1 or "Aborted" in refused.output  # asks first; no terminal answers
    assert run(cli, server, "user", "delete", "cliuser", "--yes").exit_code == 0
    assert run(cli, server, "user", "show", "cliuser").exit_code == 1


def test_item_import_from_a_file(cli: CliRunner, server: LiveServer, tmp_path: Path) -> None:
    rows = tmp_path / "rows.csv"
    rows.write_text("SKU,Name,Price\n" + "".join(f"CLI-{n},cli item {n},{n}.5\n" for n in range(300)))
    imported = run(cli, server, "item", "import", "-r", "10149", str(rows))
    assert imported.exit_code == 0 and imported.output.strip() == "imported 300 items"
    bad = tmp_path / "bad.csv"
    bad.write_text("SKU,Name,Price\nCLI-X,x,not a number\nCLI-Y,,1\n")
    refused = run(cli, server, "item", "import", "-r", "10149", str(bad))
    assert refused.exit_code == 1 and "2 problems" in refused.output
    assert "row 1" in refused.output and "row 2" in refused.output and "Price" in refused.output


def test_a_property_has_one_owner_and_a_plain_url_against_tls_gets_a_hint(
    cli: CliRunner, server: LiveServer
) -> None:
    both = run(cli, server, "property", "set", "owned-twice", "1", "-p", "Default", "-a", "com.acme:app")
    assert both.exit_code == 2 and "--project and --artifact contradict each other" in both.output
    assert run(cli, server, "property", "get", "owned-twice", "-p", "Default").exit_code == 1  # not written
    plain = cli.invoke(main, ["--url", server.url.replace("https://", "http://"), "--user", "admin",
                              "--password", "changeme", "project", "list"])  # fmt: skip
    assert plain.exit_code == 1 and f"--url {server.url}" in plain.output, plain.output


def test_output_people_can_read(cli: CliRunner, server: LiveServer) -> None:
    # a sheet prints its properties, not an empty line
    assert run(cli, server, "property", "set", "readable/colour", "grün", "-p", "Default").exit_code == 0
    sheet = run(cli, server, "-o", "csv", "property", "get", "readable", "-p", "Default")
    assert sheet.exit_code == 0 and "colour,grün" in sheet.output, sheet.output
    as_json = run(cli, server, "-o", "json", "property", "get", "readable/colour", "-p", "Default").output
    assert "grün" in as_json  # not \\u00fc
    # lists as lists, flags as true/false
    users = run(cli, server, "-o", "csv", "user", "list").output
    assert "['" not in users and "admin" in users
    found = run(cli, server, "-o", "csv", "--user", "system", "--password", "system", "item", "search",
                "-r", "10149", "--limit", "2")  # fmt: skip
    header, first = list(csv.reader(found.output.splitlines()))[:2]
    assert header[:3] == ["id", "SKU", "Name"] and not any(h.startswith("F_") for h in header), header
    assert first[header.index("InStock")] in ("true", "false"), first
    vertical = run(cli, server, "-o", "csv", "--user", "system", "--password", "system", "item", "get", "1")
    assert vertical.output.splitlines()[:3] == ["attribute,value", "id,1", "SKU,SKU-10149-00000001"]
    raw = json.loads(run(cli, server, "-o", "json", "--user", "system", "--password", "system",
                         "item", "get", "1").output)[0]  # fmt: skip
    assert raw["F_1001"] == "SKU-10149-00000001"  # JSON is the server's, as is
    run(cli, server, "property", "delete", "readable", "-p", "Default")


def test_bad_numbers_name_the_option_typed_not_the_wire_argument(cli: CliRunner, server: LiveServer) -> None:
    refused = run(cli, server, "item", "search", "-r", "10149", "--limit", "-1")
    assert refused.exit_code == 2 and "--limit" in refused.output and "pageSize" not in refused.output
    zero = run(cli, server, "item", "get", "0")
    assert zero.exit_code == 2 and "'ID'" in zero.output and "item_id" not in zero.output
