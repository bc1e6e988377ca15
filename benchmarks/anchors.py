"""etcd 3.4, the anchor for property reads and durable writes: started on loopback with a temporary
data directory, reached through its HTTP (grpc-gateway) API, as a user would run it."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from restkeep.testing.live import free_port


def etcd_binary() -> str | None:
    return shutil.which("etcd") or next((str(p) for p in Path("/usr/bin").glob("etcd") if p.exists()), None)


@contextmanager
def etcd() -> Iterator[str]:
    """A single-member etcd; yields its client URL. Its writes are fsynced like restkeep's."""
    binary = etcd_binary()
    if binary is None:
        raise RuntimeError("etcd is not installed")
    client, peer = free_port(), free_port()
    url = f"http://127.0.0.1:{client}"
    with tempfile.TemporaryDirectory(prefix="bench-etcd-") as data:
        process = subprocess.Popen(
            [
                binary,
                "--data-dir",
                data,
                "--listen-client-urls",
                url,
                "--advertise-client-urls",
                url,
                "--listen-peer-urls",
                f"http://127.0.0.1:{peer}",
                "--initial-advertise-peer-urls",
                f"http://127.0.0.1:{peer}",
                "--initial-cluster",
                f"default=http://127.0.0.1:{peer}",
                "--log-level",
                "error",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            _wait(url)
            httpx.post(
                url + "/v3/kv/put", json={"key": "YmVuY2gva2V5", "value": "dmFsdWU="}
            ).raise_for_status()
            yield url
        finally:
            process.terminate()
            process.wait(10)


def _wait(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError("etcd did not start")


def etcd_version() -> str:
    binary = etcd_binary()
    if binary is None:
        return "etcd not installed"
    first = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout.splitlines()
    return first[0] if first else "etcd"


def pgbench(admin_url: str, seconds: float) -> dict[str, float]:
    """PostgreSQL's own speed on this machine, as the ceiling for restkeep on PostgreSQL: pgbench's
    built-in select-only (plain and prepared) and simple-update scripts, 32 clients on one thread like
    wrk, on a scale-10 database of its own. Transactions per second by script; empty without pgbench."""
    binary = shutil.which("pgbench")
    if binary is None:
        return {}
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute("DROP DATABASE IF EXISTS restkeep_pgbench")
        connection.execute("CREATE DATABASE restkeep_pgbench")
    url = admin_url.rpartition("/")[0] + "/restkeep_pgbench"
    subprocess.run([binary, "-i", "-q", "-s", "10", url], check=True, capture_output=True)
    rates: dict[str, float] = {}
    for name, flags in (
        ("select-only", ["-S"]),
        ("select-only, prepared", ["-S", "-M", "prepared"]),
        ("simple-update", ["-N"]),
    ):
        command = [binary, *flags, "-c", "32", "-j", "1", "-T", str(max(1, round(seconds))), url]
        output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        tps = next(line for line in output.splitlines() if line.startswith("tps = "))
        rates[name] = float(tps.split()[2])
    return rates
