"""The probes (`/health`, `/ready`) and request ids, in-process: no credentials needed, a schema the
code does not expect makes the server not ready, every answer carries an `X-Request-Id`."""

from __future__ import annotations

import sqlite3

import pytest
from starlette.testclient import TestClient

from restkeep.server.settings import Settings
from restkeep.server.store.migrate import head_revision


def test_health_and_ready_need_no_credentials(anon: TestClient) -> None:
    assert anon.get("/health").json() == {"status": "ok"}
    ready = anon.get("/ready")
    assert ready.status_code == 200 and ready.json() == {"status": "ready", "schema": head_revision()}
    assert ready.headers["cache-control"] == "no-store"


def test_a_schema_the_code_does_not_expect_is_not_ready(
    anon: TestClient, settings: Settings, backend: str
) -> None:
    if backend != "sqlite":
        pytest.skip(
            "the SQLite file is changed behind the server's back here; tests/acceptance covers PostgreSQL"
        )
    with sqlite3.connect(settings.data_dir / "restkeep.db") as db:
        db.execute("UPDATE alembic_version SET version_num = 'from_a_newer_release'")
    answer = anon.get("/ready")
    assert answer.status_code == 503
    assert answer.json()["reason"] == (
        f"the database schema is at from_a_newer_release, the server expects {head_revision()}"
    )
    assert anon.get("/health").status_code == 200  # alive, only not ready


def test_every_answer_carries_a_request_id(anon: TestClient) -> None:
    ids = {anon.get("/rest/v1.0/server/status").headers["x-request-id"] for _ in range(3)}
    assert len(ids) == 3 and all(len(i) == 32 for i in ids)
    given = anon.get("/rest/v1.0/projects", headers={"X-Request-Id": "trace-42"})
    assert given.status_code == 401 and given.headers["x-request-id"] == "trace-42"
    hostile = anon.get("/health", headers={"X-Request-Id": "a b\tc<script>"})
    assert hostile.headers["x-request-id"] != "a b\tc<script>" and len(hostile.headers["x-request-id"]) == 32
