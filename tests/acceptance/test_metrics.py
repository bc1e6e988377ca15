"""`serve --metrics` with two workers: a scrape parses with prometheus-client's own parser, and the
counts add up across workers (requests by operation and status, security events, artifact bytes, the
SQLite writer, the read cache, live credentials, faults fired); the token guards it; off, it is a 404."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from restkeep.testing import LiveServer
from tests.acceptance.conftest import database_args
from tests.postgres import drop_database

pytestmark = pytest.mark.live
ADMIN = ("admin", "changeme")
TOKEN = "scrape-me-please"
GETS = 40


def scrape(server: LiveServer) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    answer = httpx.get(server.url + "/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert answer.status_code == 200, answer.text
    samples = {}
    for family in text_string_to_metric_families(answer.text):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def total(samples: dict[tuple[str, tuple[tuple[str, str], ...]], float], name: str, **labels: str) -> float:
    wanted = set(labels.items())
    return sum(v for (n, found), v in samples.items() if n == name and wanted <= set(found))


def test_counts_add_up_across_two_workers(tmp_path: Path) -> None:
    flags = ("--demo", "--dev", "--workers", "2", "--metrics", "--metrics-token", TOKEN)
    with LiveServer(tmp_path / "data", *flags, tls=False) as server:
        with httpx.Client(base_url=server.url, auth=ADMIN, timeout=30) as http:
            for _ in range(GETS):  # new connections: both workers take some
                assert (
                    httpx.get(
                        server.url + "/rest/v1.0/properties/PythonProperty?projectName=Default", auth=ADMIN
                    ).status_code
                    == 200
                )
            assert http.get("/rest/v1.0/projects", auth=("admin", "wrong")).status_code == 401
            assert (
                http.put("/rest/v1.0/properties/m?projectName=Default", json={"value": "1"}).status_code
                == 200
            )
            http.post(
                "/rest/v1.0/sessions", json={"userName": "system", "password": "system"}
            ).raise_for_status()
            published = http.post(
                "/rest/v1.0/artifactVersions?artifactName=m:app&version=1.0.0",
                files=[("files", ("a.bin", b"x" * 1000, "application/octet-stream"))],
            )
            assert published.status_code == 200
            assert http.get("/rest/v1.0/artifactVersions/m:app:1.0.0/files/a.bin").content == b"x" * 1000
            rule = {
                "match": {"path": "/rest/v1.0/server/info"},
                "action": {"status": 503},
                "trigger": {"firstN": 2},
            }
            http.post("/_restkeep/faults", json=rule).raise_for_status()
            codes = [http.get("/rest/v1.0/server/info").status_code for _ in range(3)]
            assert codes == [503, 503, 200]

        assert httpx.get(server.url + "/metrics").status_code == 401  # the token is required
        # each worker hands its counts over once a second: the other worker's arrive within that
        deadline = time.monotonic() + 10
        while True:
            samples = scrape(server)
            done = (
                total(samples, "restkeep_requests_total", operation="getProperty", status="200") >= GETS
                and total(samples, "restkeep_requests_total", family="flow", status="503") >= 2
                and total(samples, "restkeep_read_cache_lookups_total") > 0
            )
            if done or time.monotonic() > deadline:
                break
            time.sleep(0.2)
    assert (
        total(samples, "restkeep_requests_total", family="flow", operation="getProperty", status="200")
        == GETS
    )
    assert (
        total(samples, "restkeep_requests_total", family="flow", status="503") == 2
    )  # answered by the fault
    assert total(samples, "restkeep_request_duration_seconds_count", operation="getProperty") == GETS
    assert total(samples, "restkeep_security_events_total", type="login.failed") >= 1
    assert total(samples, "restkeep_artifact_bytes_total", direction="in") == 1000
    assert total(samples, "restkeep_artifact_bytes_total", direction="out") == 1000
    assert total(samples, "restkeep_sqlite_commit_seconds_count") >= 3
    assert total(samples, "restkeep_sqlite_batch_writes_sum") >= 3
    assert total(samples, "restkeep_read_cache_lookups_total") > 0
    assert total(samples, "restkeep_live_credentials", kind="session") >= 1
    assert total(samples, "restkeep_dev_faults_fired_total") == 2
    assert total(samples, "restkeep_requests_in_flight") >= 0


def test_without_the_setting_there_is_no_metrics_page(tmp_path: Path) -> None:
    with LiveServer(tmp_path / "data", tls=False) as server:
        assert httpx.get(server.url + "/metrics").status_code == 404


def test_postgresql_pool_usage(request: pytest.FixtureRequest, tmp_path: Path) -> None:
    args, name = database_args(request, "postgresql")
    try:
        flags = ("--workers", "2", "--metrics", "--metrics-token", TOKEN, *args)
        with LiveServer(tmp_path / "data", *flags, tls=False) as server:
            assert httpx.get(server.url + "/ready").status_code == 200
            deadline = time.monotonic() + 10
            while total(samples := scrape(server), "restkeep_db_pool", state="open") < 2:  # both workers'
                assert time.monotonic() < deadline, samples
                time.sleep(0.2)
            assert total(samples, "restkeep_db_pool", state="waiting") == 0
    finally:
        drop_database(request.getfixturevalue("postgres_server"), name or "")
