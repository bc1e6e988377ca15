"""benchmarks/results/latest.md: every number of one run, each ratio from a pair measured in that run,
and each target marked met or not."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from artifacts import ArtifactResult
from catalog import CatalogResult
from flow import Measured
from mix import MixResult
from sessions import SessionsResult


@dataclass
class Check:
    what: str
    value: str
    target: str
    met: bool


@dataclass
class Report:
    sections: list[str] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)

    def _ratio(self, what: str, ratio: float, at_least: float) -> None:
        self.checks.append(Check(what, f"{ratio:.2f}×", f"≥ {at_least}×", ratio >= at_least))

    def flow(
        self,
        backend: str,
        reads: dict[str, Measured],
        writes: dict[str, Measured],
        increments: Measured,
        exact: bool,
        scaling: dict[str, Measured],
        postgres: dict[str, float],
    ) -> None:
        rows = [*reads.values(), *writes.values(), increments, *scaling.values()]
        anchors = [f"| pgbench {name}, 32 clients, 1 thread | {tps:,.0f} tps | | | |" for name, tps in postgres.items()]
        table = [
            f"### Flow API on {backend}",
            "",
            "| scenario | req/s (median) | p50 | p99 | errors |",
            "|---|---|---|---|---|",
            *(
                f"| {m.name} | {m.rate:,.0f} | {m.p50_ms:.2f} ms | {m.p99_ms:.2f} ms | {m.failures} |"
                for m in rows
            ),
            *anchors,
            "",
            f"incrementProperty: the counter rose by exactly the successful answers (plus at most one "
            f"request per connection still in flight when wrk stopped): "
            f"{'yes' if exact else '**no**'}.",
            "",
        ]
        self.sections.append("\n".join(table))
        session, basic = reads["property GET, session"], reads["property GET, Basic"]
        self._ratio(
            f"{backend}: property GET (session) / trivial route",
            session.rate / reads["trivial route"].rate,
            0.5,
        )
        # issue 19's targets: PostgreSQL, a server of its own on the same two cores, half of SQLite's
        embedded = backend == "sqlite"
        if "etcd range GET" in reads:
            self._ratio(
                f"{backend}: property GET (session) / etcd range GET",
                session.rate / reads["etcd range GET"].rate,
                2.0 if embedded else 1.0,
            )
        self._ratio(f"{backend}: property GET Basic / session", basic.rate / session.rate, 0.9)
        if "etcd put (durable)" in writes:
            put = writes["etcd put (durable)"].rate
            self._ratio(
                f"{backend}: durable setProperty / etcd put",
                writes["setProperty (durable)"].rate / put,
                1.0 if embedded else 0.5,
            )
            if not embedded:
                self._ratio(f"{backend}: incrementProperty (one counter) / etcd put", increments.rate / put, 0.5)
        for name, tps in postgres.items():
            script = writes["setProperty (durable)"] if name == "simple-update" else session
            self.checks.append(
                Check(f"{backend}: {script.name} / pgbench {name}", f"{script.rate / tps:.2f}×", "reported", True)
            )
        self.checks.append(
            Check(f"{backend}: increments counted exactly", "yes" if exact else "no", "yes", exact)
        )
        one, two = scaling.values()
        self.checks.append(
            Check(
                f"{backend}: --workers 2 / --workers 1 (property GET)",
                f"{two.rate / one.rate:.2f}×",
                "reported",
                True,
            )
        )

    def mix(self, backend: str, result: MixResult, etcd_get: Measured | None) -> None:
        m = result.measured
        rate = result.hit_rate
        cache = "no read cache" if rate is None else f"{rate:.1%} of reads answered by the read cache"
        self.sections.append(
            "\n".join(
                [
                    f"### A realistic mix on {backend}",
                    "",
                    f"{result.sessions:,} live sessions and {result.properties:,} properties of project Default;"
                    " each request picks a session and a property at random: 90% GET, 10% setProperty"
                    " (durable). 32 connections; `--metrics` on, which counts the read cache's answers.",
                    "",
                    "| scenario | req/s (median) | p50 | p99 | errors | read cache |",
                    "|---|---|---|---|---|---|",
                    f"| {m.name} | {m.rate:,.0f} | {m.p50_ms:.2f} ms | {m.p99_ms:.2f} ms | {m.failures} | {cache} |",
                    "",
                ]
            )
        )
        if etcd_get is not None:
            what, ratio = f"{backend}: the mix's GETs (90% of its req/s) / etcd range GET", 0.9 * m.rate / etcd_get.rate
            if backend == "sqlite":
                self._ratio(what, ratio, 1.0)
            else:
                self.checks.append(Check(what, f"{ratio:.2f}×", "reported", True))
        if rate is not None:
            self.checks.append(Check(f"{backend}: the mix's read cache hit rate", f"{rate:.1%}", "reported", True))

    def sessions(self, backend: str, result: SessionsResult) -> None:
        growth = result.rss_after_mib - result.rss_before_mib
        self.sections.append(
            "\n".join(
                [
                    f"### {result.created:,} live sessions ({backend})",
                    "",
                    f"Created through `POST /sessions` in {result.seconds:.0f} s "
                    f"({result.created / result.seconds:,.0f}/s); worker RSS {result.rss_before_mib:.0f} MiB before, "
                    f"{result.rss_after_mib:.0f} MiB after ({growth:+.0f} MiB): sessions live in the database, "
                    f"not in memory. The first session still works after them: {'yes' if result.first_still_valid else '**no**'}.",
                    "",
                ]
            )
        )
        self.checks.append(
            Check(
                f"{backend}: {result.created:,} sessions, worker RSS growth",
                f"{growth:+.0f} MiB",
                "flat (< 100 MB)",
                growth < 100 and result.first_still_valid,
            )
        )

    def catalog(self, result: CatalogResult) -> None:
        self.sections.append(
            "\n".join(
                [
                    f"### Catalog search, {result.items:,} items ({result.backend})",
                    "",
                    f"Filter `Price >= 1`, sort `Price desc`, pageSize 25; {result.requests} sequential requests"
                    " each. Searches always run in the database (their results are never cached); *after a"
                    " write*: each search follows a write elsewhere (a Flow property), which moves the"
                    " database on; *repeated*: the same search with nothing committed in between.",
                    "",
                    "| request | when | p50 | p95 |",
                    "|---|---|---|---|",
                    *(
                        f"| {t.label} | {t.answered_by} | {t.p50_ms:.1f} ms | {t.p95_ms:.1f} ms |"
                        for t in result.timings
                    ),
                    f"| cursor walk, pageSize 1000 | database | {result.walk_rate:,.0f} items/s | |",
                    "",
                ]
            )
        )
        for timing in result.timings:  # every page, first, middle and last, by number and by cursor
            if timing.answered_by == "after a write":
                self.checks.append(
                    Check(
                        f"catalog ({result.backend}) {timing.label} p95",
                        f"{timing.p95_ms:.1f} ms",
                        "≤ 20 ms",
                        timing.p95_ms <= 20,
                    )
                )
        self.checks.append(
            Check(
                f"catalog ({result.backend}) cursor walk",
                f"{result.walk_rate:,.0f} items/s",
                "≥ 50,000 items/s",
                result.walk_rate >= 50_000,
            )
        )

    def artifacts(self, result: ArtifactResult) -> None:
        self.sections.append(
            "\n".join(
                [
                    f"### Artifacts, {result.mib:,.0f} MiB",
                    "",
                    "| step | throughput | worker peak RSS growth |",
                    "|---|---|---|",
                    f"| upload (multipart, SHA-256 checked) | {result.mib / result.upload_seconds:,.0f} MiB/s | {result.upload_growth_mib:.1f} MiB |",
                    f"| download (streamed) | {result.mib / result.download_seconds:,.0f} MiB/s | {result.download_growth_mib:.1f} MiB |",
                    "",
                ]
            )
        )
        growth = max(result.upload_growth_mib, result.download_growth_mib)
        self.checks.append(
            Check(
                f"{result.mib:,.0f} MiB artifact up and down, RSS growth",
                f"{growth:.1f} MiB",
                "< 100 MB",
                growth < 95.3,
            )
        )

    def render(self, machine: str, minutes: float, *, quick: bool) -> str:
        when = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
        met = sum(check.met for check in self.checks)
        lines = [
            "# restkeep benchmark results" + (" (--quick: harness check, not numbers)" if quick else ""),
            "",
            f"Run {when} by `make bench` in {minutes:.1f} min. Machine: {machine}.",
            "wrk -t1 -c32 from its own process; servers `restkeep serve --no-tls`, one worker unless stated;",
            "each req/s is the median of interleaved runs, and each ratio compares two scenarios of this run.",
            "",
            f"## Targets: {met} of {len(self.checks)} met",
            "",
            "| target | measured | goal | met |",
            "|---|---|---|---|",
            *(f"| {c.what} | {c.value} | {c.target} | {'yes' if c.met else '**no**'} |" for c in self.checks),
            "",
            'For each target not met, `benchmarks/README.md` ("Where the time goes") has the profile and',
            "what would be needed.",
            "",
            "## Details",
            "",
            *self.sections,
        ]
        return "\n".join(lines)
