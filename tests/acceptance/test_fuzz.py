"""Generated requests against the served OpenAPI documents (schemathesis), the Flow API's and the
Catalog API's, on each backend: no answer is a 5xx and none breaks the schema it declares, and the
server logs no unhandled error.

Marked `fuzz`: `make test` leaves it out and `make fuzz` (run by `.ci/run`) runs it. Each operation
gets `RESTKEEP_FUZZ_EXAMPLES` generated cases (default 200) from the seed `RESTKEEP_FUZZ_SEED` (fixed
unless given), one request at a time, so a run is the same run every time and a failure in CI
reproduces with the same command; `RESTKEEP_FUZZ_SECONDS` (default 240) only caps the time (a
`--max-time` would make schemathesis repeat until it is spent, a different run each time).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from restkeep.testing import LiveServer

SECONDS = int(os.environ.get("RESTKEEP_FUZZ_SECONDS", "240"))
EXAMPLES = os.environ.get("RESTKEEP_FUZZ_EXAMPLES", "200")
pytestmark = [pytest.mark.fuzz, pytest.mark.live, pytest.mark.timeout(SECONDS + 600)]
SEED = os.environ.get("RESTKEEP_FUZZ_SEED", "20261129")
CHECKS = "not_a_server_error,response_schema_conformance"
DOCUMENTS = {"flow": "/rest/doc/v1.0/openapi.json", "catalog": "/webcm/rest/v3/api-docs"}


def schemathesis() -> str:
    found = Path(sys.executable).with_name("schemathesis")
    if not found.exists():
        pytest.skip("schemathesis is not installed (pip install -e '.[test]')")
    return str(found)


def credentials(api: str, server: LiveServer) -> list[str]:
    if api == "flow":
        return ["--auth", "admin:changeme"]
    login = httpx.post(f"{server.url}/enable-api/login", json={"login": "system", "password": "system"})
    # logging out would end the login every other generated request uses
    return ["--header", f"ewtoken: {login.json()['token']['token']}", "--exclude-operation-id", "logout"]


@pytest.mark.parametrize("api", ["flow", "catalog"])
def test_generated_requests_get_no_5xx_and_match_the_schema(
    tmp_path: Path, db_args: list[str], api: str
) -> None:
    command = schemathesis()
    with LiveServer(tmp_path / "data", "--demo", *db_args, tls=False) as server:
        run = subprocess.run(
            [command, "run", server.url + DOCUMENTS[api], *credentials(api, server),
             "--checks", CHECKS, "--max-examples", EXAMPLES, "--workers", "1", "--seed", SEED,
             "--no-color", "--report", "ndjson", "--report-dir", str(tmp_path / "report")],
            capture_output=True, text=True, timeout=SECONDS + 600, env={**os.environ, "NO_COLOR": "1"},
        )  # fmt: skip
        log = server.log()
    generated = re.search(r"(\d+) generated", run.stdout)
    print(f"schemathesis: {generated.group(1) if generated else '?'} generated requests, seed {SEED}")
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    assert "Traceback" not in log and "unhandled error" not in log, log[-4000:]
