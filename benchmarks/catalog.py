"""Catalog search at scale: 1,000,000 items; first page, middle page and page 40,000 (pageSize 25,
with a filter and a sort), p50/p95 over repeated requests; and a full cursor walk in items/s.

    .venv/bin/python benchmarks/catalog.py [--items 1000000] [--requests 200] [--database postgresql://...]

The generated catalog is kept in benchmarks/results/tmp/ and reused by later runs. The server is a
real `restkeep serve` process; requests come from this process over loopback, one at a time.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

from restkeep.testing import LiveServer

HERE = Path(__file__).parent
REPOSITORY = 20000
PAGE_SIZE = 25


def generate(data_dir: Path, items: int, database: list[str]) -> None:
    marker = data_dir / f"generated-{items}"
    if marker.exists():
        return
    print(f"generating {items:,} items (once; kept in {data_dir})", flush=True)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "restkeep",
            "catalog",
            "generate",
            "--repository",
            str(REPOSITORY),
            "--items",
            str(items),
            "--data-dir",
            str(data_dir),
            *database,
        ],
        check=True,
    )
    marker.touch()


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def timed_search(client: httpx.Client, body: dict[str, object], requests: int) -> tuple[float, float, int]:
    client.post("/webcm/rest/api/items/search", json=body)  # warm up (and fill the count cache)
    samples = []
    returned = 0
    for _ in range(requests):
        started = time.perf_counter()
        response = client.post("/webcm/rest/api/items/search", json=body)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.text
        returned = response.json()["data"]["returnTotal"]
    return statistics.median(samples), percentile(samples, 0.95), returned


def cursor_walk(client: httpx.Client, page_size: int) -> tuple[int, float]:
    cursor, seen = None, 0
    started = time.perf_counter()
    while True:
        body = {"repositoryId": REPOSITORY, "pageSize": page_size, "cursor": cursor}
        data = client.post("/webcm/rest/api/items/search", json=body).json()["data"]
        seen += data["returnTotal"]
        cursor = data["nextCursor"]
        if cursor is None:
            return seen, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--database", default="", help="PostgreSQL URL (default: SQLite)")
    args = parser.parse_args()
    database = ["--database", args.database] if args.database else []
    backend = "postgresql" if args.database else "sqlite"
    data_dir = HERE / "results" / "tmp" / f"catalog-{backend}-{args.items}"
    data_dir.mkdir(parents=True, exist_ok=True)
    generate(data_dir, args.items, database)

    query = {
        "repositoryId": REPOSITORY,
        "pageSize": PAGE_SIZE,
        "filters": [{"attribute": "Price", "operator": "gte", "value": 1}],
        "sort": [{"attribute": "Price", "direction": "desc"}],
    }
    deepest = args.items // PAGE_SIZE
    rows = []
    with LiveServer(data_dir, "--demo", *database, tls=False, timeout=120) as server:
        with httpx.Client(base_url=server.url, timeout=60) as client:
            token = client.post("/enable-api/login", json={"login": "system", "password": "system"}).json()
            client.headers["ewtoken"] = token["token"]["token"]
            client.headers["epimresttoken"] = token["epimresttoken"]
            client.cookies.clear()
            for label, page in (
                ("first page", 1),
                (f"page {deepest // 2:,} (middle)", deepest // 2),
                (f"page {deepest:,}", deepest),
            ):
                p50, p95, returned = timed_search(client, {**query, "page": page}, args.requests)
                rows.append((label, f"{p50:.1f} ms", f"{p95:.1f} ms", str(returned)))
            walked, seconds = cursor_walk(client, 1000)
    report = [
        f"# Catalog search benchmark ({backend}, {args.items:,} items)",
        "",
        f"Machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}, "
        f"{subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()} cores. "
        f"Query: filter `Price >= 1`, sort `Price desc`, pageSize {PAGE_SIZE}; {args.requests} sequential requests each.",
        "",
        "| request | p50 | p95 | items returned |",
        "|---|---|---|---|",
        *(f"| {label} | {p50} | {p95} | {returned} |" for label, p50, p95, returned in rows),
        "",
        f"Cursor walk (pageSize 1000, no filter): {walked:,} items in {seconds:.1f} s = **{walked / seconds:,.0f} items/s**.",
        "",
    ]
    text = "\n".join(report)
    (HERE / "results" / f"catalog-{backend}.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
