"""examples/testing/ — a user's project and its tests — passes under pytest-xdist, with the plugin
loaded from restkeep's `pytest11` entry point as a user's pytest loads it, on each backend."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.live
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "testing"


def test_the_example_project_passes_on_two_workers(
    request: pytest.FixtureRequest, backend: str, tmp_path: Path
) -> None:
    database = (
        [] if backend == "sqlite" else ["--restkeep-database", request.getfixturevalue("postgres_server")]
    )
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "xdist", "-n", "2", "-q", "-p", "no:cacheprovider",
         "--basetemp", str(tmp_path / "run"), *database],
        cwd=EXAMPLE, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-3000:]
    assert "9 passed" in result.stdout, result.stdout[-2000:]


def test_a_failing_test_reports_the_journal(tmp_path: Path) -> None:
    (tmp_path / "test_fails.py").write_text(
        "import httpx\n\n"
        "def test_fails(restkeep):\n"
        "    with restkeep.fault(path='/rest/v1.0/projects', status=503):\n"
        "        httpx.get(restkeep.url + '/rest/v1.0/projects', auth=restkeep.admin, verify=restkeep.ssl_context)\n"
        "        assert False, 'on purpose'\n"
    )
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--basetemp", str(tmp_path / "run"),
         str(tmp_path / "test_fails.py")],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 1
    report = result.stdout
    assert "restkeep" in report and "virtual time:" in report
    assert "GET /rest/v1.0/projects -> 503 user=admin" in report and "fault=1" in report
    assert "changeme" not in report
