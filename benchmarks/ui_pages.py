"""The web interface's render time: a property sheet of 1,000 properties, and catalog pages over
1,000,000 items (the first page with a filter and a sort, and a page 500,000 items deep reached by
its cursor) — p50/p95 of `--requests` page loads each, one at a time, over loopback from a logged-in
client (the target: p95 ≤ 50 ms).

    .venv/bin/python benchmarks/ui_pages.py [--items 1000000] [--requests 200] [--database postgresql://...]

The catalog is the one benchmarks/catalog.py generates (kept in benchmarks/results/tmp/, reused).
"""

from __future__ import annotations

import argparse
import re
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx
from catalog import HERE, REPOSITORY, generate, percentile

from restkeep.testing import LiveServer

PROPERTIES = 1_000
ADMIN = ("admin", "changeme")


@dataclass(frozen=True)
class PageTiming:
    page: str
    answered_by: str
    p50_ms: float
    p95_ms: float
    size_kib: float


def timed(
    client: httpx.Client, path: str, requests: int, before: Callable[[int], object] | None = None
) -> tuple[float, float, float]:
    """p50, p95 and size of `requests` loads of a page; `before(i)` runs untimed before each."""
    client.get(path).raise_for_status()  # warm up
    samples, size = [], 0
    for i in range(requests):
        if before is not None:
            before(i)
        started = time.perf_counter()
        response = client.get(path)
        samples.append((time.perf_counter() - started) * 1000)
        response.raise_for_status()
        size = len(response.content)
    return statistics.median(samples), percentile(samples, 0.95), size / 1024


def logged_in(url: str) -> httpx.Client:
    client = httpx.Client(base_url=url, timeout=60)
    form = client.get("/ui/login").text
    token = re.search(r'name="csrf" value="([^"]+)"', form)
    assert token is not None
    answer = client.post("/ui/login", data={"csrf": token.group(1), "user": "admin", "password": "changeme"})
    assert answer.status_code in (200, 303), answer.text
    return client


def seed_sheet(url: str) -> None:
    with httpx.Client(base_url=url + "/rest/v1.0", auth=ADMIN, timeout=60) as api:
        exists = api.get("/properties/bench?projectName=Default")
        if exists.status_code == 200:
            return
        api.post(
            "/properties", json={"projectName": "Default", "propertyName": "bench", "propertyType": "sheet"}
        )
        for n in range(PROPERTIES):
            api.put(f"/properties/bench/p{n:04d}?projectName=Default", json={"value": f"value {n} " * 4})


def deep_cursor(url: str, depth: int) -> str:
    """The cursor that follows item `depth` of the search the page shows (asked of the API by page)."""
    with httpx.Client(base_url=url, timeout=120) as client:
        login = client.post("/enable-api/login", json={"login": "system", "password": "system"}).json()
        body = {"repositoryId": REPOSITORY, "page": depth // 50, "pageSize": 50,
                "filters": [{"attribute": "Price", "operator": "gte", "value": 1}],
                "sort": [{"attribute": "Price", "direction": "desc"}]}  # fmt: skip
        answer = client.post(
            "/webcm/rest/api/items/search", json=body, headers={"ewtoken": login["token"]["token"]}
        )
        return str(answer.json()["data"]["nextCursor"])


def measure(items: int, requests: int, database: str = "") -> list[PageTiming]:
    args = ["--database", database] if database else []
    backend = "postgresql" if database else "sqlite"
    data_dir = HERE / "results" / "tmp" / f"catalog-{backend}-{items}"
    data_dir.mkdir(parents=True, exist_ok=True)
    generate(data_dir, items, args)
    search = f"/ui/catalog/{REPOSITORY}?attribute=Price&operator=gte&value=1&sort=Price&direction=desc"
    with LiveServer(data_dir, "--demo", *args, tls=False, timeout=120) as server:
        seed_sheet(server.url)
        cursor = deep_cursor(server.url, items // 2)
        pages = [
            (f"property sheet of {PROPERTIES:,}", "/ui/projects/Default/properties/bench"),
            (f"catalog, first page of {items:,}", search),
            (f"catalog, {items // 2:,} items deep (cursor)", f"{search}&cursor={cursor}&start={items // 2}"),
        ]
        client = logged_in(server.url)

        # an unrelated write (a Flow property) empties the server's read cache, so the page that
        # follows is answered by the database (as benchmarks/catalog.py does)
        def write_elsewhere(i: int) -> object:
            url = f"/rest/v1.0/properties/tick?projectName=Default&value={i}"
            return client.put(url, auth=ADMIN).raise_for_status()

        try:
            timings = []
            for label, path in pages:
                timings.append(PageTiming(label, "database", *timed(client, path, requests, write_elsewhere)))
                timings.append(PageTiming(label, "read cache", *timed(client, path, requests)))
            return timings
        finally:
            client.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--database", default="")
    options = parser.parse_args()
    print("| page | answered by | p50 ms | p95 ms | size KiB |\n|---|---|---|---|---|")
    for t in measure(options.items, options.requests, options.database):
        print(f"| {t.page} | {t.answered_by} | {t.p50_ms:.1f} | {t.p95_ms:.1f} | {t.size_kib:.0f} |")


if __name__ == "__main__":
    main()
