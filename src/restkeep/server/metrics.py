"""Prometheus metrics (`serve --metrics`), with prometheus-client in its multiprocess mode: each worker
writes its values to files in `<data-dir>/metrics/` (which `serve` empties at start), and `/metrics`,
whichever worker answers it, adds every worker's up — so counts are right with `--workers N`.

`/metrics` is not behind the API's authentication: give `--metrics-token` to require
`Authorization: Bearer <token>`, or keep the port on a private network. Off, nothing is counted and
nothing costs anything: the hooks below do nothing until a worker turns metrics on.

Metric names and what they count are listed in docs/operations.md.
"""

from __future__ import annotations

import asyncio
import bisect
import hmac
import os
import shutil
from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from restkeep.server import clock

if TYPE_CHECKING:
    from restkeep.server.settings import Settings

ENV = "PROMETHEUS_MULTIPROC_DIR"
_LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
_BATCH_BUCKETS = (1, 2, 4, 8, 16, 32, 64, 128, 256, 512)


def prepare_folder(settings: Settings) -> None:
    """In the main process, before any worker starts: an empty folder for the workers' values."""
    folder = settings.data_dir / "metrics"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    os.environ[ENV] = str(folder)


class Metrics:
    """One worker's metrics. Made only when `--metrics` is on (prometheus-client is imported then)."""

    def __init__(self) -> None:
        from prometheus_client import Counter, Gauge, Histogram

        self.requests = Counter("restkeep_requests", "Requests answered", ["family", "operation", "status"])
        self.latency = Histogram(
            "restkeep_request_duration_seconds",
            "Time to answer a request",
            ["family", "operation"],
            buckets=_LATENCY_BUCKETS,
        )
        self.in_flight = Gauge(
            "restkeep_requests_in_flight", "Requests being answered now", multiprocess_mode="livesum"
        )
        self.security = Counter(
            "restkeep_security_events", "Security events (the audit log's types: login.failed, ...)", ["type"]
        )
        self.artifact_bytes = Counter(
            "restkeep_artifact_bytes", "Artifact file bytes received and sent", ["direction"]
        )
        self.commit = Histogram(
            "restkeep_sqlite_commit_seconds",
            "SQLite write transactions, from BEGIN to COMMIT",
            buckets=_LATENCY_BUCKETS,
        )
        self.batch = Histogram(
            "restkeep_sqlite_batch_writes",
            "Writes committed together in one SQLite transaction",
            buckets=_BATCH_BUCKETS,
        )
        self.read_cache = Counter("restkeep_read_cache_lookups", "SQLite read cache lookups", ["result"])
        self.pool = Gauge(
            "restkeep_db_pool",
            "PostgreSQL connections of the workers' pools: open, idle, and requests waiting for one",
            ["state"],
            multiprocess_mode="livesum",
        )
        self.faults = Counter("restkeep_dev_faults_fired", "Development mode: fault rules that fired")
        self.expired = Counter(
            "restkeep_dev_credentials_expired",
            "Development mode: credentials expired by the clock or by hand",
        )


class Tally:
    """What every request adds, kept in plain integers and handed to prometheus-client once a second
    (and before a scrape): a shared-memory write per value per request cost a property GET a quarter
    of its throughput; a dict entry costs next to nothing."""

    def __init__(self, metrics: Metrics, pool_usage: Callable[[], dict[str, int] | None]) -> None:
        self._metrics = metrics
        self._pool_usage = pool_usage
        self.in_flight = 0
        self.requests: defaultdict[tuple[str, str, str], int] = defaultdict(int)
        # per (family, operation): a count per latency bucket (the last: above them all), and the sum
        self.latency: dict[tuple[str, str], list[float]] = {}
        self.cache = [0, 0]  # hits, misses

    def request(self, family: str, operation: str, status: int, seconds: float) -> None:
        self.requests[(family, operation, str(status))] += 1
        counts = self.latency.get((family, operation))
        if counts is None:
            counts = self.latency[(family, operation)] = [0.0] * (len(_LATENCY_BUCKETS) + 2)
        counts[bisect.bisect_left(_LATENCY_BUCKETS, seconds)] += 1
        counts[-1] += seconds

    def flush(self) -> None:
        """Add what was tallied to the worker's prometheus values (its files), and start again."""
        m = self._metrics
        requests, self.requests = self.requests, defaultdict(int)
        latency, self.latency = self.latency, {}
        hits, misses = self.cache
        self.cache = [0, 0]
        for request_labels, count in requests.items():
            m.requests.labels(*request_labels).inc(count)
        for latency_labels, counts in latency.items():
            child = m.latency.labels(*latency_labels)
            # prometheus-client keeps a histogram as a value per bucket plus a sum; adding counts to
            # them is what `observe` does one sample at a time (tests/acceptance/test_metrics.py
            # checks the result against the requests made)
            for bucket, in_bucket in zip(child._buckets, counts[:-1], strict=True):
                if in_bucket:
                    bucket.inc(in_bucket)
            child._sum.inc(counts[-1])
        if hits:
            m.read_cache.labels("hit").inc(hits)
        if misses:
            m.read_cache.labels("miss").inc(misses)
        m.in_flight.set(self.in_flight)
        for state, count in (self._pool_usage() or {}).items():
            m.pool.labels(state).set(count)

    async def flush_every(self, seconds: float = 1.0) -> None:
        while True:
            await asyncio.sleep(seconds)
            self.flush()


_active: Metrics | None = None
_tally: Tally | None = None


def turn_on(pool_usage: Callable[[], dict[str, int] | None]) -> Tally:
    """In a worker, once: from now on the hooks count."""
    global _active, _tally
    if _active is None or _tally is None:
        _active = Metrics()
        _tally = Tally(_active, pool_usage)
    return _tally


def tally() -> Tally | None:
    """The worker's tally of requests, or None when `--metrics` is off."""
    return _tally


def active() -> Metrics | None:
    """The worker's metrics, or None when `--metrics` is off (every hook checks this first)."""
    return _active


def family_of(path: str) -> str:
    """The API family of a path: a label with few values (never the path itself)."""
    if path.startswith("/rest/"):
        return "flow"
    if path.startswith(("/webcm/", "/enable-api/")):
        return "catalog"
    if path.startswith("/_restkeep/"):
        return "dev"
    if path.startswith("/ui/"):
        return "ui"
    return "other"


class _Credentials:
    """Live sessions and tokens, counted in the database when scraped (one query per kind)."""

    def __init__(self, store: Any) -> None:
        self._store = store
        self.counts: dict[str, int] = {}

    def collect(self) -> Iterator[Any]:
        from prometheus_client.core import GaugeMetricFamily

        family = GaugeMetricFamily("restkeep_live_credentials", "Live sessions and tokens", labels=["kind"])
        for kind, count in sorted(self.counts.items()):
            family.add_metric([kind], count)
        yield family


def routes(settings: Settings) -> list[Route]:
    if not settings.metrics:
        return []
    token = settings.metrics_token

    async def scrape(request: Request) -> Response:
        from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest, multiprocess

        if token:
            given = request.headers.get("authorization", "")
            if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
                return PlainTextResponse("give the metrics token: Authorization: Bearer <token>\n", 401)
        own = tally()
        if own is not None:
            own.flush()  # this worker's latest; the others' are at most a second old
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        credentials = _Credentials(request.app.state.services.store)
        credentials.counts = await request.app.state.services.store.live_credentials(clock.now_ms())
        registry.register(credentials)
        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)

    return [Route("/metrics", scrape)]
