"""Every command explains itself: `restkeep ... --help` never shows a leaf command without a line."""

from __future__ import annotations

import click

from restkeep.cli import main


def _leaves(command: click.Command, path: str) -> list[tuple[str, click.Command]]:
    if isinstance(command, click.Group):
        return [leaf for name, sub in command.commands.items() for leaf in _leaves(sub, f"{path} {name}")]
    return [(path, command)]


def test_every_command_has_a_one_line_help() -> None:
    leaves = _leaves(main, "restkeep")
    assert len(leaves) > 40
    for path, command in leaves:
        assert (command.help or "").strip(), f"`{path}` has no help"
