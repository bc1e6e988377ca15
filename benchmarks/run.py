"""`make bench`: the whole benchmark suite, end to end, into benchmarks/results/latest.md.

    .venv/bin/python benchmarks/run.py [--quick] [--skip-catalog] [--skip-artifacts] [--skip-sessions]

Installs wrk and etcd (Debian packages) when missing and allowed; starts restkeep on SQLite, then on
PostgreSQL when one is reachable (RESTKEEP_BENCH_DATABASE, else postgresql://postgres@127.0.0.1/postgres
on this machine) and the etcd anchor; drives each with wrk from its own process; and compares each pair
measured in the same run. `--quick` shortens every run (for checking the harness, not for numbers).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

import anchors
import artifacts
import catalog
import flow
import loadgen
import mix
import sessions
from report import Report
from restkeep.testing import LiveServer

HERE = Path(__file__).parent


def ensure_tools(allowed: bool) -> None:
    missing = [
        name
        for name, found in (("wrk", loadgen.available()), ("etcd-server", anchors.etcd_binary()))
        if not found
    ]
    if not missing:
        return
    if not allowed or os.geteuid() != 0 or shutil.which("apt-get") is None:
        print(f"bench: missing {', '.join(missing)}; install them (apt-get install wrk etcd-server)")
        return
    print(f"bench: installing {', '.join(missing)} (Debian packages)", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=False, env=env)
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", *missing], check=False, env=env, stdout=subprocess.DEVNULL
    )


ADMIN_DATABASE = "postgresql://postgres@127.0.0.1/postgres"


def postgres_url() -> str | None:
    """A PostgreSQL server to create the benchmark's database on, if one answers."""
    admin = os.environ.get("RESTKEEP_BENCH_DATABASE", ADMIN_DATABASE)
    try:
        import psycopg

        with psycopg.connect(admin, autocommit=True, connect_timeout=3) as connection:
            connection.execute("DROP DATABASE IF EXISTS restkeep_bench")
            connection.execute("CREATE DATABASE restkeep_bench")
    except Exception as exc:  # noqa: BLE001 - any failure means: no PostgreSQL here
        print(f"bench: no PostgreSQL ({exc.__class__.__name__}); measuring SQLite only")
        return None
    base, _, _ = admin.rpartition("/")
    return f"{base}/restkeep_bench"


def catalog_database(items: int) -> str | None:
    """A PostgreSQL database for the catalog benchmark, kept between runs like the SQLite file (its
    million items take minutes to generate): made when missing, never dropped here."""
    admin = os.environ.get("RESTKEEP_BENCH_DATABASE", ADMIN_DATABASE)
    name = f"restkeep_catalog_{items}"
    try:
        import psycopg

        with psycopg.connect(admin, autocommit=True, connect_timeout=3) as connection:
            if connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is None:
                connection.execute(f"CREATE DATABASE {name}")
                marker = HERE / "results" / "tmp" / f"catalog-postgresql-{items}" / f"generated-{items}"
                marker.unlink(missing_ok=True)  # a new database: generate again
    except Exception as exc:  # noqa: BLE001 - any failure means: no PostgreSQL catalog this run
        print(f"bench: no PostgreSQL catalog ({exc.__class__.__name__})")
        return None
    return f"{admin.rpartition('/')[0]}/{name}"


def flow_section(
    report: Report,
    backend: str,
    database: str | None,
    etcd: str | None,
    args: argparse.Namespace,
    postgres: dict[str, float] | None = None,
) -> None:
    extra = ["--database", database] if database else []
    with ExitStack() as stack:
        data = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-")))
        one = stack.enter_context(LiveServer(data / "one", "--demo", *extra, tls=False))
        print(f"bench: Flow on {backend}", flush=True)
        reads = flow.reads(one.url, etcd, args.rounds, args.seconds)
        writes = flow.writes(one.url, etcd, args.rounds, args.seconds)
        increments, exact = flow.increments(one.url, args.seconds)
        two = stack.enter_context(LiveServer(data / "two", "--demo", "--workers", "2", *extra, tls=False))
        scaling = flow.workers(one.url, two.url, args.rounds, args.seconds)
        report.flow(backend, reads, writes, increments, exact, scaling, postgres or {})
        print(f"bench: a realistic mix on {backend}", flush=True)
        mixed = stack.enter_context(LiveServer(data / "mix", "--demo", "--metrics", *extra, tls=False))
        report.mix(backend, mix.measure(mixed.url, args.rounds, args.seconds), reads.get("etcd range GET"))
        if not args.skip_sessions and backend == "sqlite":
            assert one.process is not None
            print("bench: 100,000 sessions", flush=True)
            report.sessions(
                backend, sessions.measure(one.url, one.process.pid, 10_000 if args.quick else 100_000)
            )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--skip-catalog", action="store_true")
    parser.add_argument("--skip-artifacts", action="store_true")
    parser.add_argument("--skip-sessions", action="store_true")
    parser.add_argument("--no-install", action="store_true", help="never install wrk or etcd")
    args = parser.parse_args()
    args.rounds, args.seconds = (1, 1.0) if args.quick else (3, 4.0)
    started = time.monotonic()
    ensure_tools(not args.no_install)
    if not loadgen.available():
        sys.exit("bench: wrk is required")
    report = Report()
    database = postgres_url()
    with ExitStack() as stack:
        etcd = stack.enter_context(anchors.etcd()) if anchors.etcd_binary() else None
        flow_section(report, "sqlite", None, etcd, args)
        if database:
            print("bench: pgbench, PostgreSQL's own ceiling", flush=True)
            postgres = anchors.pgbench(os.environ.get("RESTKEEP_BENCH_DATABASE", ADMIN_DATABASE), args.seconds)
            flow_section(report, "postgresql", database, etcd, args, postgres)
    if not args.skip_catalog:
        print("bench: Catalog search (1,000,000 items; generated once and kept)", flush=True)
        items = 100_000 if args.quick else 1_000_000
        report.catalog(catalog.measure(items, 20 if args.quick else 200))
        kept = catalog_database(items) if database else None
        if kept:
            print("bench: Catalog search on PostgreSQL (generated once and kept)", flush=True)
            report.catalog(catalog.measure(items, 20 if args.quick else 200, kept))
    if not args.skip_artifacts:
        print("bench: 1 GiB artifact up and down", flush=True)
        report.artifacts(artifacts.measure(64 if args.quick else 1024))
    minutes = (time.monotonic() - started) / 60
    text = report.render(machine(), minutes, quick=args.quick)
    target = HERE / "results" / ("quick.md" if args.quick else "latest.md")
    target.write_text(text)
    print(text)
    print(f"bench: written to {target}")


def machine() -> str:
    cores = os.cpu_count()
    wrk = subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout.split(" [")[0]
    etcd = anchors.etcd_version()
    return (
        f"{platform.machine()}, {cores} cores, {platform.python_implementation()} {platform.python_version()}, "
        f"{platform.system()} {platform.release()}; {wrk}; {etcd}"
    )


if __name__ == "__main__":
    main()
