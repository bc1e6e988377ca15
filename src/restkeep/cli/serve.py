"""`restkeep serve`: prepare the database, make sure TLS is ready, and run the server."""

from __future__ import annotations

import errno
import math
import os
import resource
import socket
from typing import Any

import click

import restkeep
from restkeep.cli.options import settings_from_context, settings_options
from restkeep.server import log_format, metrics
from restkeep.server.bootstrap import DEMO_USERS, prepare
from restkeep.server.lifeline import MAIN_PID
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
    click.echo(f"  Catalog API:   {url}/webcm/rest/api   reference: {url}/webcm/rest/swagger-ui.html")
    click.echo(f"  web interface: {url}/ui/   probes: {url}/health, {url}/ready")
    if settings.metrics:
        click.echo(
            f"  metrics:       {url}/metrics"
            + ("   (bearer token required)" if settings.metrics_token else "")
        )
    if settings.dev:
        where = "any caller" if settings.dev_allow_remote else "this machine only"
        click.echo(f"  dev mode:      {url}/_restkeep/   (administrators, {where}; the clock is virtual)")
    if tls and tls.ca:
        click.echo(f"  CA certificate: {tls.ca}")
        click.echo(f"    e.g. requests.get(..., verify='{tls.ca}')  or  curl --cacert '{tls.ca}'")
    if settings.demo:
        click.echo("  demo users:    " + ", ".join(f"{n}/{p}" for n, p in DEMO_USERS.items()))
    if admin_password:
        click.echo(f"  created user 'admin' with password: {admin_password}")
        click.echo("    (shown this once; it is stored only as a hash)")


def refuse_a_busy_port(host: str, port: int) -> None:
    """Fail unless the address is free. Granian binds with SO_REUSEPORT, which would let a second
    server share a port that another one serves, splitting the traffic between two sets of data."""
    for family, kind, proto, _, address in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM):
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # TIME_WAIT is no obstacle
            try:
                probe.bind(address)
            except OSError as exc:
                if exc.errno == errno.EADDRINUSE:
                    raise click.ClickException(
                        f"{host}:{port}: address already in use (is another server running?)"
                    ) from None
                raise click.ClickException(f"cannot listen on {host}:{port}: {exc.strerror}") from None


def _allow_many_connections() -> int:
    """Raise the open-file limit to its hard maximum (each connection is a descriptor); return it."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
        soft = hard
    return soft


def run(settings: Settings) -> None:
    from granian import Granian
    from granian.constants import Interfaces, SSLProtocols
    from granian.http import HTTP1Settings

    log_format.configure(settings.log_level, settings.log_format)
    try:
        admin_password = prepare(settings)
    except DatabaseUnavailable as exc:
        raise click.ClickException(str(exc)) from None
    tls = _tls(settings)
    refuse_a_busy_port(settings.host, settings.port)
    files = _allow_many_connections()
    _banner(settings, tls, admin_password)
    if settings.metrics:
        metrics.prepare_folder(settings)
    # worker processes read their settings back from the environment (see restkeep.server.asgi)
    os.environ.update(settings.to_env())
    # each worker checks that this process is its parent, even if it died before the worker started
    os.environ[MAIN_PID] = str(os.getpid())
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
        log_dictconfig=log_format.granian_config(settings.log_level, settings.log_format),
        log_access=False,
        # a worker that dies is replaced; a stopping server gives in-flight requests this long
        respawn_failed_workers=True,
        workers_kill_timeout=math.ceil(settings.shutdown_timeout),
        # connections held open by slow or idle clients must not crowd out the others: each worker
        # takes as many as the process may open, and a client gets 10 s to send its headers
        backlog=2048,
        backpressure=max(1024, files // max(1, settings.workers)),
        http1_settings=HTTP1Settings(header_read_timeout=10_000),
    ).serve()


@click.command()
@settings_options
@click.pass_context
def serve(ctx: click.Context, /, **values: Any) -> None:
    """Run the server (HTTPS with a generated certificate unless --no-tls)."""
    run(settings_from_context(ctx, values))
