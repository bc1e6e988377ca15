"""Operations against real servers: `--log-format json` with `--access-log` writes one JSON object per
request from every worker, with its request id, operation, user, status and duration and no secret;
`/ready` turns 503 when PostgreSQL goes away while `/health` stays 200."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from restkeep.testing import LiveServer
from tests import postgres
from tests.acceptance.conftest import database_args

pytestmark = pytest.mark.live


def test_json_access_log_names_each_request_and_holds_no_secret(tmp_path: Path) -> None:
    flags = ("--demo", "--access-log", "--log-format", "json", "--workers", "2")
    with (
        LiveServer(tmp_path / "data", *flags, tls=False) as server,
        httpx.Client(base_url=server.url) as http,
    ):
        # the seed logs in with the password in the query string
        login = http.post(
            "/rest/v1.0/sessions?userName=admin&password=changeme", headers={"X-Request-Id": "login-1"}
        )
        session = login.json()["sessionId"]
        http.cookies.clear()
        for n in range(6):  # both workers answer some
            got = http.get(
                "/rest/v1.0/properties/PythonProperty?projectName=Default",
                headers={"sessionId": session, "X-Request-Id": f"get-{n}"},
            )
            assert got.status_code == 200 and got.headers["x-request-id"] == f"get-{n}"
        assert http.get("/rest/v1.0/projects").status_code == 401
    text = server.log_path.read_text()
    assert "password=changeme" not in text and session not in text
    # every line is JSON, granian's own too, but the banner printed before the server starts
    banner = ("restkeep ", "  ")
    lines = [json.loads(line) for line in text.splitlines() if line.strip() and not line.startswith(banner)]
    requests = {line["request_id"]: line for line in lines if line.get("logger") == "restkeep.access"}
    first = requests["get-0"]
    assert first["operation"] == "getProperty" and first["user"] == "admin" and first["status"] == 200
    assert first["method"] == "GET" and first["path"] == "/rest/v1.0/properties/PythonProperty"
    assert (
        isinstance(first["duration_ms"], float)
        and first["level"] == "info"
        and first["time"].endswith("+00:00")
    )
    assert requests["login-1"]["operation"] == "login" and requests["login-1"]["user"] == "admin"
    assert all(f"get-{n}" in requests for n in range(6))
    anonymous = [line for line in requests.values() if line["status"] == 401]
    assert anonymous and anonymous[0]["user"] is None


def test_ready_follows_the_database(request: pytest.FixtureRequest, tmp_path: Path) -> None:
    args, name = database_args(request, "postgresql")
    assert name is not None
    with LiveServer(tmp_path / "data", *args, tls=False) as server, httpx.Client(base_url=server.url) as http:
        assert http.get("/ready").json()["status"] == "ready"
        postgres.drop_database(request.getfixturevalue("postgres_server"), name)
        gone = http.get("/ready")
        assert gone.status_code == 503 and gone.json()["status"] == "unavailable", gone.text
        assert "postgres" not in gone.text  # no address or user name for an anonymous caller
        assert http.get("/health").json() == {"status": "ok"}
