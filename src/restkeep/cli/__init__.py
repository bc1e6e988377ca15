"""The `restkeep` command: `serve` runs the server, `db` manages its schema."""

from __future__ import annotations

import click

import restkeep
from restkeep.cli.catalog import catalog
from restkeep.cli.db import db
from restkeep.cli.serve import serve


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(restkeep.__version__, prog_name="restkeep")
def main() -> None:
    """restkeep: a self-hosted server for the Flow and Catalog REST APIs."""


main.add_command(serve)
main.add_command(db)
main.add_command(catalog)
