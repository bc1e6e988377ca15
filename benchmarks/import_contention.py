"""Property writes while a large Catalog import runs.

Starts `restkeep serve --no-tls --demo` (SQLite, one worker), makes a repository, and posts a JSON
Lines import of `--size-mib` MiB (default 100) while another client writes one property after the
other; prints the import's time and the writes' p50, p99 and worst latency during it.
Run: `.venv/bin/python benchmarks/import_contention.py [--size-mib N]`.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import threading
import time
from pathlib import Path

import httpx

from restkeep.testing import LiveServer

AUTH = ("admin", "changeme")
ATTRIBUTES = [
    {"name": "code", "type": "string", "required": True, "unique": True},
    {"name": "name", "type": "string"},
    {"name": "note", "type": "string"},
    {"name": "qty", "type": "integer"},
]


def body(size: int) -> tuple[bytes, int]:
    lines, total, n = [], 0, 0
    while total < size:
        line = (
            f'{{"code": "BULK-{n:09d}", "name": "Bulk item {n}", "qty": {n % 1000},'
            f' "note": "a line of text to make the row about the size of a real one, number {n}"}}\n'
        ).encode()
        lines.append(line)
        total += len(line)
        n += 1
    return b"".join(lines), n


def catalog_headers(url: str) -> dict[str, str]:
    login = httpx.post(url + "/enable-api/login", json={"login": "admin", "password": "changeme"}).json()
    return {"ewtoken": login["token"]["token"], "epimresttoken": login["epimresttoken"]}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size-mib", type=int, default=100)
    args = parser.parse_args()
    data, rows = body(args.size_mib * 1024 * 1024)
    with (
        tempfile.TemporaryDirectory() as folder,
        LiveServer(Path(folder) / "d", "--demo", tls=False) as server,
    ):
        headers = catalog_headers(server.url)
        created = httpx.post(
            server.url + "/webcm/rest/api/repositories",
            json={"name": "Bulk", "attributes": ATTRIBUTES},
            headers=headers,
        ).json()
        repository_id = created["data"]["id"]
        outcome: dict[str, object] = {}

        def run_import() -> None:
            started = time.monotonic()
            response = httpx.post(
                f"{server.url}/webcm/rest/api/items/import?repositoryId={repository_id}&format=jsonl",
                content=data,
                headers=headers,
                timeout=3600,
            )
            outcome["status"] = response.status_code
            outcome["seconds"] = time.monotonic() - started

        importer = threading.Thread(target=run_import)
        latencies: list[float] = []
        importer.start()
        with httpx.Client(base_url=server.url, auth=AUTH, timeout=120) as client:
            n = 0
            while importer.is_alive():
                started = time.monotonic()
                response = client.put(f"/rest/v1.0/properties/during?projectName=Default&value={n}")
                latencies.append(time.monotonic() - started)
                assert response.status_code == 200, response.text
                n += 1
        importer.join()
    cuts = statistics.quantiles(latencies * 2, n=100, method="inclusive")  # doubled: one sample is enough
    seconds = outcome["seconds"]
    print(f"import of {args.size_mib} MiB ({rows:,} rows): status {outcome['status']}, {seconds:.1f} s")
    print("| property PUTs during the import | count | p50 | p99 | worst |")
    print("|---|---|---|---|---|")
    print(
        f"| sequential, one client | {len(latencies)} | {statistics.median(latencies) * 1000:.1f} ms"
        f" | {cuts[98] * 1000:.1f} ms | {max(latencies) * 1000:.0f} ms |"
    )


if __name__ == "__main__":
    main()
