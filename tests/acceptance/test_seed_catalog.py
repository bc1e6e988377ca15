"""The second seed: log in, reauth before every page, walk 12,000 items, switch to rotated tokens."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from restkeep.testing import LiveServer

pytestmark = pytest.mark.live


def test_seed_catalog_script_passes(demo_server: LiveServer, shared: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(shared / "acceptance" / "seed_catalog.py"),
            demo_server.url + "/",
            "100",
            "0.05",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 failed" in result.stdout and "walked 12000 of 12000" in result.stdout
