"""`restkeep repository ...` against a live server: list, show, create from flags or from another
repository's attributes; bad attributes are usage errors."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from restkeep.testing import LiveServer
from tests.cli.conftest import run

pytestmark = pytest.mark.live


def test_list_show_and_create(cli: CliRunner, server: LiveServer, tmp_path: Path) -> None:
    listed = json.loads(run(cli, server, "-o", "json", "repository", "list").output)
    assert any(r["id"] == 10149 and r["itemCount"] == 12_000 for r in listed)
    shown = run(cli, server, "-o", "csv", "repository", "show", "10149")
    assert shown.exit_code == 0 and "Demo Products (10149): 12000 items" in shown.output
    assert "1001,SKU,string,true,true" in shown.output

    made = run(cli, server, "-o", "json", "repository", "create", "Tools", "--description", "shop tools",
               "-a", "Name:string:required", "-a", "Code:string:unique", "-a", "Weight:decimal")  # fmt: skip
    assert made.exit_code == 0, made.output
    tools = json.loads(made.output)[0]
    attributes = json.loads(run(cli, server, "-o", "json", "repository", "show", str(tools["id"])).output)[0]
    assert [(a["name"], a["type"], a["required"], a["unique"]) for a in attributes["attributes"]] == [
        ("Name", "string", True, False), ("Code", "string", False, True), ("Weight", "decimal", False, False)
    ]  # fmt: skip

    # another repository with the demo's attributes, from `show -o json`
    demo = tmp_path / "demo.json"
    demo.write_text(run(cli, server, "-o", "json", "repository", "show", "10149").output)
    copy = run(cli, server, "-o", "json", "repository", "create", "Demo copy", "--attributes-file", str(demo))
    assert copy.exit_code == 0, copy.output
    copied = json.loads(
        run(cli, server, "-o", "json", "repository", "show", str(json.loads(copy.output)[0]["id"])).output
    )
    assert [a["name"] for a in copied[0]["attributes"]] == [
        "SKU", "Name", "Description", "Category", "Price", "InStock", "Weight", "LaunchDate"
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-a", "Name"], "NAME:TYPE"),
        (["-a", "Name:text"], "NAME:TYPE"),
        (["-a", "Name:string:mandatory"], "NAME:TYPE"),
        ([], "Give the attributes"),
    ],
)
def test_bad_attributes_are_usage_errors(
    cli: CliRunner, server: LiveServer, args: list[str], message: str
) -> None:
    refused = run(cli, server, "repository", "create", "Bad", *args)
    assert refused.exit_code == 2 and message in refused.output, refused.output


def test_an_export_by_name_imports_into_another_repository(
    cli: CliRunner, server: LiveServer, tmp_path: Path
) -> None:
    demo = tmp_path / "demo.json"
    demo.write_text(run(cli, server, "-o", "json", "repository", "show", "10149").output)
    made = run(
        cli, server, "-o", "json", "repository", "create", "Round trip", "--attributes-file", str(demo)
    )
    target = json.loads(made.output)[0]["id"]
    exported = run(cli, server, "item", "export", "-r", "10149", "--names", "--keyword", "kettle")
    assert exported.exit_code == 0, exported.output
    lines = [json.loads(line) for line in exported.stdout.splitlines() if line.startswith("{")]
    assert lines and set(lines[0]) == {"SKU", "Name", "Description", "Category", "Price", "InStock", "Weight",
                                       "LaunchDate"}  # fmt: skip
    file = tmp_path / "kettles.jsonl"
    file.write_text("".join(json.dumps(line) + "\n" for line in lines))
    imported = run(cli, server, "item", "import", "-r", str(target), str(file))
    assert imported.exit_code == 0 and f"imported {len(lines)} items" in imported.output, imported.output
    found = run(cli, server, "-o", "csv", "item", "search", "-r", str(target), "--limit", "0").stdout
    assert sorted(row["SKU"] for row in csv.DictReader(found.splitlines())) == sorted(i["SKU"] for i in lines)
    assert run(cli, server, "item", "export", "-r", "10149", "--names", "--format", "csv").exit_code == 2


def test_delete_asks_first_unless_yes(cli: CliRunner, server: LiveServer) -> None:
    made = run(cli, server, "-o", "json", "repository", "create", "Scratch", "-a", "Name:string")
    repository_id = str(json.loads(made.stdout)[0]["id"])
    declined = run(cli, server, "repository", "delete", repository_id, input="n\n")
    assert declined.exit_code == 1 and "Delete Scratch" in declined.output and "0 items" in declined.output
    assert run(cli, server, "repository", "show", repository_id).exit_code == 0
    deleted = run(cli, server, "repository", "delete", repository_id, "--yes")
    assert deleted.exit_code == 0 and f"deleted repository Scratch ({repository_id})" in deleted.output
    gone = run(cli, server, "repository", "show", repository_id)
    assert gone.exit_code == 1 and "does not exist" in gone.output
