"""`restkeep serve`: prepare the database, make sure TLS is ready, and run the server."""

from __future__ import annotations

import logging
import os
from typing import Any

import click

import restkeep
from restkeep.cli.options import settings_from_context, settings_options
from restkeep.server.bootstrap import DEMO_USERS, prepare
from restkeep.server.settings import Settings
from restkeep.server.store import redact
from restkeep.server.store.check import DatabaseUnavailable
from restkeep.server.tls import TlsFiles, ensure_certificate


def _tls(settings: Settings) -> TlsFiles | None:
    if not settings.tls:
        return None
    if settings.cert and settings.key:
        for path in (settings.cert, settings.key):
            if not path.is_file():
                raise click.UsageError(f"TLS file not found: {path}")
        return TlsFiles(settings.cert, settings.key, None)
    return ensure_certificate(settings.data_dir, settings.host)


def _banner(settings: Settings, tls: TlsFiles | None, admin_password: str | None) -> None:
    url = f"{settings.scheme}://{settings.host}:{settings.port}"
    store = (
        f"PostgreSQL at {redact(settings.database)}"
        if settings.database
        else f"SQLite at {settings.sqlite_path}"
    )
    click.echo(f"restkeep {restkeep.__version__} serving {url} ({store}, {settings.workers} worker(s))")
    click.echo(f"  Flow API:      {url}/rest/v1.0   reference: {url}/rest/doc/v1.0/")
    if tls and tls.ca:
        click.echo(f"  CA certificate: {tls.ca}")
        click.echo(f"    e.g. requests.get(..., verify='{tls.ca}')  or  curl --cacert '{tls.ca}'")
    if settings.demo:
        click.echo("  demo users:    " + ", ".join(f"{n}/{p}" for n, p in DEMO_USERS.items()))
    if admin_password:
        click.echo(f"  created user 'admin' with password: {admin_password}")
        click.echo("    (shown this once; it is stored only as a hash)")


def run(settings: Settings) -> None:
    from granian import Granian
    from granian.constants import Interfaces, SSLProtocols

    logging.basicConfig(
        level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("alembic").setLevel(logging.WARNING)
    try:
        admin_password = prepare(settings)
    except DatabaseUnavailable as exc:
        raise click.ClickException(str(exc)) from None
    tls = _tls(settings)
    _banner(settings, tls, admin_password)
    # worker processes read their settings back from the environment (see restkeep.server.asgi)
    os.environ.update(settings.to_env())
    Granian(
        "restkeep.server.asgi:app_from_env",
        factory=True,
        interface=Interfaces.ASGI,
        address=settings.host,
        port=settings.port,
        workers=settings.workers,
        ssl_cert=tls.cert if tls else None,
        ssl_key=tls.key if tls else None,
        ssl_protocol_min=SSLProtocols.tls12,
        log_level=settings.log_level,  # type: ignore[arg-type]
        log_access=False,
    ).serve()


@click.command()
@settings_options
@click.pass_context
def serve(ctx: click.Context, /, **values: Any) -> None:
    """Run the server (HTTPS with a generated certificate unless --no-tls)."""
    run(settings_from_context(ctx, values))
