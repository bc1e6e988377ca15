"""The `restkeep` command: `serve` runs the server, `db` manages its schema."""

from __future__ import annotations

import click

import restkeep
from restkeep.cli.catalog import catalog
from restkeep.cli.db import db
from restkeep.cli.dev_commands import dev
from restkeep.cli.flow_commands import artifact, project, property_group, user
from restkeep.cli.item_commands import item
from restkeep.cli.login_commands import login, logout, whoami
from restkeep.cli.remote import OUTPUT, Remote
from restkeep.cli.repository_commands import repository
from restkeep.cli.serve import serve


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(restkeep.__version__, prog_name="restkeep")
@click.option("--url", help="Server address [env: RESTKEEP_URL; default https://127.0.0.1:8443].")
@click.option("--user", help="User name [env: RESTKEEP_USER].")
@click.option("--password", help="Password [env: RESTKEEP_PASSWORD; asked for when missing].")
@click.option(
    "--token", help="API token instead of a password, as in CI [env: RESTKEEP_TOKEN; default: saved login]."
)
@click.option(
    "--profile", help="Profile in ~/.config/restkeep/config.toml [env: RESTKEEP_PROFILE; default: default]."
)
@click.option("--insecure", is_flag=True, help="Do not verify the server's TLS certificate (like curl's -k).")
@click.option("--ca-file", help="CA certificate to verify the server with [env: RESTKEEP_CA_FILE].")
@click.option(
    "--output", "-o", type=OUTPUT, default="table", help="How to print results (also after the command)."
)
@click.pass_context
def main(
    ctx: click.Context,
    /,
    url: str | None,
    user: str | None,
    password: str | None,
    token: str | None,
    profile: str | None,
    insecure: bool,
    ca_file: str | None,
    output: str,
) -> None:
    """restkeep: run a server (serve, db, catalog), or talk to one
    (login, logout, whoami, project, property, artifact, repository, item, user, dev)."""
    if insecure and ca_file:
        raise click.UsageError("--insecure and --ca-file contradict each other")
    if password and token:
        raise click.UsageError("--password and --token contradict each other")
    ctx.obj = Remote(url, user, password, profile, insecure, ca_file, output, token)


main.add_command(serve)
main.add_command(db)
main.add_command(catalog)
for command in (login, logout, whoami, project, property_group, artifact, repository, item, user, dev):
    main.add_command(command)
