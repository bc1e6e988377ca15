"""The docs are outputs that are checked: every setting, flag and call of both APIs appears in them."""

from __future__ import annotations

import re
from pathlib import Path

import click
from click.testing import CliRunner

from restkeep.cli import main
from restkeep.server.families import CATALOG_API
from restkeep.server.flow.api.routes import OPERATIONS
from restkeep.server.settings import OPTIONS

DOCS = Path(__file__).resolve().parents[1] / "docs"


def all_docs() -> str:
    return "\n".join(path.read_text() for path in DOCS.glob("*.md"))


def test_every_setting_is_documented_with_flag_and_variable() -> None:
    configuration = (DOCS / "configuration.md").read_text()
    for option in OPTIONS:
        assert f"`{option.flag}`" in configuration, option.flag
        assert option.env in configuration, option.env


def _commands(group: click.Command) -> list[click.Command]:
    found = [group]
    if isinstance(group, click.Group):
        for command in group.commands.values():
            found += _commands(command)
    return found


def test_every_flag_of_every_command_is_documented() -> None:
    documented = all_docs()
    commands = _commands(main)
    flags = {
        opt
        for command in commands
        for param in command.params
        if isinstance(param, click.Option)
        for opt in param.opts
        if opt != "--help"
    }
    assert "--session-idle-timeout" in flags
    for flag in flags:
        assert f"`{flag}`" in documented, flag
    assert CliRunner().invoke(main, ["serve", "--help"]).exit_code == 0


def test_every_flow_call_is_documented() -> None:
    documented = all_docs()
    for operation in OPERATIONS:
        if operation.name != "getProjectProperty":
            assert operation.name in documented, operation.name


def test_every_catalog_call_is_documented_with_its_method_and_path() -> None:
    documented = (DOCS / "catalog-api.md").read_text()
    for family in CATALOG_API:
        for operation in family.operations:
            # `{item_id:int}` is whatever the docs write in its place (`{id}`, `10149`)
            path = re.sub(r"\\\{\w+(?::\w+)?\\\}", r"[^/\\s`?]+", re.escape(operation.path))
            assert re.search(rf"{operation.method} [^\s`]*{path}(?![\w/])", documented), (
                operation.method,
                operation.path,
            )
