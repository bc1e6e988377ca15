"""The examples run against a live server as they are shown (and stay under 15 lines)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from restkeep.testing import LiveServer
from restkeep.testing.session import Restkeep

pytestmark = pytest.mark.live
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def run(name: str, server: LiveServer | Restkeep) -> str:
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / name), server.url, str(server.ca_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_examples_are_short_and_work(tmp_path: Path) -> None:
    for example in EXAMPLES.glob("*.py"):
        code = [
            line
            for line in example.read_text().splitlines()
            if line.strip() and not line.startswith(('"""', "Usage"))
        ]
        assert len(code) < 15, example.name
    with LiveServer(tmp_path / "data", "--demo", "--resttoken-ttl", "1s") as server:
        for _ in range(2):  # examples are safe to run again
            flow = run("seed_flow.py", server)
            assert (
                "UpdatedPython" not in flow.splitlines()[0]
                and "newvalue" in flow
                and '"artifactName": "2:2"' in flow.replace("'", '"')
            )
            assert run("seed_catalog.py", server).startswith("12000 of 12000 items")


def test_the_dev_mode_examples_work(restkeep: Restkeep) -> None:
    """On the pytest plugin's server, put back to its start before the test (as a user's tests run)."""
    rotated = run("dev_clock.py", restkeep)
    assert "'epimresttoken'" in rotated and "a new epimresttoken after 31 minutes: True" in rotated
    faulted = run("dev_faults.py", restkeep).splitlines()
    assert faulted[:4] == ["attempt 1: 503", "attempt 2: 503", "attempt 3: connection lost", "attempt 4: 200"]
    assert [line.split(" ewtoken ")[0] for line in faulted[4:]] == [
        "503 fault 1", "503 fault 1", "0 fault 2", "200 fault None"
    ]  # fmt: skip
    assert all(line.split(" ewtoken ")[1].startswith("<redacted:") for line in faulted[4:])
