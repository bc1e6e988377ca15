"""What docs/testing.md promises: in a fresh virtualenv where only restkeep (the wheel of this tree)
and pytest are installed, a user's test file gets the `restkeep` fixture and can move the clock,
expire a credential, inject a fault and assert on the journal."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.live
ROOT = Path(__file__).resolve().parents[2]
USER_TEST = """
import httpx


def login(restkeep):
    answer = httpx.post(restkeep.url + "/enable-api/login", json={"login": "system", "password": "system"},
                        verify=restkeep.ssl_context).json()
    return {"ewtoken": answer["token"]["token"], "epimresttoken": answer["epimresttoken"]}


def test_a_rotation_in_a_second(restkeep):
    tokens = login(restkeep)
    restkeep.clock.advance("31m")
    answer = httpx.get(restkeep.url + "/webcm/rest/api/repositories", headers=tokens, verify=restkeep.ssl_context)
    assert answer.json()["epimresttoken"] != tokens["epimresttoken"]
    restkeep.journal.assert_called("POST", "/enable-api/login", times=1)


def test_an_expired_login(restkeep):
    tokens = login(restkeep)
    assert restkeep.credentials.expire(kind="ewtoken", user="system") == 1
    answer = httpx.get(restkeep.url + "/enable-api/reauth", headers=tokens, verify=restkeep.ssl_context)
    assert answer.json()["success"] is False


def test_two_503s(restkeep):
    with restkeep.fault(path="/rest/v1.0/projects", status=503, first_n=2):
        codes = [httpx.get(restkeep.url + "/rest/v1.0/projects", auth=restkeep.admin,
                           verify=restkeep.ssl_context).status_code for _ in range(3)]
    assert codes == [503, 503, 200]
    restkeep.journal.assert_called("GET", "/rest/v1.0/projects", times=3)
"""


def run(*command: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(c) for c in command], cwd=cwd, capture_output=True, text=True, timeout=600)


@pytest.mark.timeout(900)  # a fresh machine downloads restkeep's dependencies first
def test_a_users_test_file_passes_in_a_fresh_virtualenv(tmp_path: Path) -> None:
    wheel = run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", tmp_path / "wheels", ROOT)
    assert wheel.returncode == 0, wheel.stderr[-3000:]
    venv = tmp_path / "venv"
    assert run(sys.executable, "-m", "venv", venv).returncode == 0
    python = venv / "bin" / "python"
    installed = run(python, "-m", "pip", "install", "--quiet", *(tmp_path / "wheels").glob("*.whl"), "pytest")
    if installed.returncode != 0:  # the package index is out of reach: nothing of ours was tested
        pytest.skip(
            f"could not install restkeep's dependencies from the package index: {installed.stderr[-500:]}"
        )
    project = tmp_path / "project"
    project.mkdir()
    (project / "test_mine.py").write_text(USER_TEST)
    result = run(python, "-m", "pytest", "-q", "-p", "no:cacheprovider", cwd=project)
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]
    assert "3 passed" in result.stdout
