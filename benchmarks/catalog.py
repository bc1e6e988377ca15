"""Catalog search at scale: 1,000,000 items; first page, middle page and page 40,000 (pageSize 25,
with a filter and a sort), the middle page again by cursor, p50/p95 over repeated requests; and a full
cursor walk in items/s.

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
from collections.abc import Callable
from dataclasses import dataclass
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


def timed_search(
    client: httpx.Client,
    body: dict[str, object],
    requests: int,
    before: Callable[[int], object] | None = None,
) -> tuple[float, float, int]:
    """p50 and p95 of the same search sent `requests` times; `before(i)` runs untimed before each."""
    client.post("/webcm/rest/api/items/search", json=body)  # warm up (and fill the count cache)
    samples = []
    returned = 0
    for i in range(requests):
        if before is not None:
            before(i)
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


QUERY = {
    "repositoryId": REPOSITORY,
    "pageSize": PAGE_SIZE,
    "filters": [{"attribute": "Price", "operator": "gte", "value": 1}],
    "sort": [{"attribute": "Price", "direction": "desc"}],
}


@dataclass(frozen=True)
class Timing:
    label: str
    # "after a write": a write elsewhere came first (searches are never cached: they always run in the
    # database either way); "repeated": the same search again with nothing committed in between
    answered_by: str
    p50_ms: float
    p95_ms: float
    returned: int


@dataclass(frozen=True)
class CatalogResult:
    backend: str
    items: int
    requests: int
    timings: list[Timing]
    walked: int
    walk_seconds: float

    @property
    def walk_rate(self) -> float:
        return self.walked / self.walk_seconds


def measure(items: int, requests: int, database: str = "") -> CatalogResult:
    """Generate the catalog once (kept for later runs), start a server on it, time the searches."""
    args = ["--database", database] if database else []
    backend = "postgresql" if database else "sqlite"
    data_dir = HERE / "results" / "tmp" / f"catalog-{backend}-{items}"
    data_dir.mkdir(parents=True, exist_ok=True)
    generate(data_dir, items, args)
    deepest = items // PAGE_SIZE
    timings = []
    with LiveServer(data_dir, "--demo", *args, tls=False, timeout=120) as server:
        with httpx.Client(base_url=server.url, timeout=60) as client:
            token = client.post("/enable-api/login", json={"login": "system", "password": "system"}).json()
            client.headers["ewtoken"] = token["token"]["token"]
            client.headers["epimresttoken"] = token["epimresttoken"]
            client.cookies.clear()

            # an unrelated write (a Flow property) empties the server's read cache without touching
            # the catalog, so the search that follows is answered by the database
            def write_elsewhere(i: int) -> object:
                url = f"/rest/v1.0/properties/bench/tick?projectName=Default&value={i}"
                return client.put(url, auth=("admin", "changeme")).raise_for_status()

            for label, page in (
                ("first page", 1),
                (f"page {deepest // 2:,} (middle)", deepest // 2),
                (f"page {deepest:,}", deepest),
            ):
                body = {**QUERY, "page": page}
                p50, p95, returned = timed_search(client, body, requests, write_elsewhere)
                timings.append(Timing(label, "after a write", p50, p95, returned))
                p50, p95, returned = timed_search(client, body, requests)
                timings.append(Timing(label, "repeated", p50, p95, returned))
            # the middle page again, reached by the cursor of the page before it (what a client
            # paging forward sends): the keyset seeks in the index instead of counting past an offset
            before_middle = {**QUERY, "page": deepest // 2 - 1}
            cursor = client.post("/webcm/rest/api/items/search", json=before_middle).json()["data"]["nextCursor"]
            body = {k: v for k, v in QUERY.items() if k != "page"} | {"cursor": cursor}
            label = f"page {deepest // 2:,} by cursor"
            timings.append(Timing(label, "after a write", *timed_search(client, body, requests, write_elsewhere)))
            timings.append(Timing(label, "repeated", *timed_search(client, body, requests)))
            walked, seconds = cursor_walk(client, 1000)
    return CatalogResult(backend, items, requests, timings, walked, seconds)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--database", default="", help="PostgreSQL URL (default: SQLite)")
    args = parser.parse_args()
    result = measure(args.items, args.requests, args.database)
    report = [
        f"# Catalog search benchmark ({result.backend}, {args.items:,} items)",
        "",
        f"Machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}, "
        f"{subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()} cores. "
        f"Query: filter `Price >= 1`, sort `Price desc`, pageSize {PAGE_SIZE}; {args.requests} sequential requests each.",
        "",
        "| request | when | p50 | p95 | items returned |",
        "|---|---|---|---|---|",
        *(
            f"| {t.label} | {t.answered_by} | {t.p50_ms:.1f} ms | {t.p95_ms:.1f} ms | {t.returned} |"
            for t in result.timings
        ),
        "",
        f"Cursor walk (pageSize 1000, no filter): {result.walked:,} items in {result.walk_seconds:.1f} s = "
        f"**{result.walk_rate:,.0f} items/s**.",
        "",
    ]
    text = "\n".join(report)
    (HERE / "results" / f"catalog-{result.backend}.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
