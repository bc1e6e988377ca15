"""The first seed, as the shared acceptance script runs it, against a live server over real TLS."""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from restkeep.testing import LiveServer

pytestmark = __import__("pytest").mark.live


def test_seed_flow_script_passes(demo_server: LiveServer, shared: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(shared / "acceptance" / "seed_flow.py"), demo_server.url],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 failed" in result.stdout


def test_tls_verifies_with_the_generated_ca(demo_server: LiveServer) -> None:
    response = httpx.get(demo_server.url + "/rest/v1.0/server/status", verify=demo_server.verify)
    assert response.status_code == 200
    assert "CA certificate: " + str(demo_server.data_dir.resolve() / "tls" / "ca.pem") in demo_server.log()


def test_increments_from_many_threads_total_exactly(demo_server: LiveServer) -> None:
    with httpx.Client(
        base_url=demo_server.url, verify=demo_server.verify, auth=("admin", "changeme")
    ) as client:

        def bump(_: int) -> None:
            for _ in range(25):
                response = client.put(
                    "/rest/v1.0/properties/liveCounter?projectName=Default&request=incrementProperty"
                )
                assert response.status_code == 200, response.text

        with ThreadPoolExecutor(20) as pool:
            list(pool.map(bump, range(20)))
        final = client.get("/rest/v1.0/properties/liveCounter?projectName=Default").json()["property"][
            "value"
        ]
    assert final == "500"


def test_passwords_in_query_strings_do_not_reach_the_log(demo_server: LiveServer) -> None:
    httpx.post(
        demo_server.url + "/rest/v1.0/sessions?userName=admin&password=changeme", verify=demo_server.verify
    )
    assert "changeme" not in demo_server.log().replace("admin/changeme", "")
