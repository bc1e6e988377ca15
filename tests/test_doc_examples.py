"""Every example in README.md, docs/*.md and examples/ runs, as a reader would run it, against a live server.

A page's fenced `sh` and `python` blocks become one bash script, in page order (so a variable set in
one shell block is there in the next, as in the reader's terminal); a python block runs as
`python - <<EOF`. The reader's folder has the server's `restkeep-data` (its CA), `examples/`, and
the files the examples publish (`dist/*.whl`, `docs/readme.md`). The address `https://127.0.0.1:8443`
is replaced by the test server's. The reader types the demo password when asked (RESTKEEP_PASSWORD).

Stricter than a terminal: `set -euo pipefail`, `curl` fails on an HTTP error (`--fail-with-body`), and
`requests` raises on one. Each page runs twice in a row against the same server: examples are
idempotent. The server is put back to its start (development mode's reset) before each page.

A block that cannot run says why on the line before it: `<!-- example: skip REASON -->`; a block that
shows a file kept elsewhere says which: `<!-- example: in PATH -->` (the block must be in that file,
which its own test runs). The scripts in examples/ run in tests/client/test_examples.py.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from restkeep.testing import LiveServer

ROOT = Path(__file__).resolve().parents[1]
PAGES = [
    ROOT / "README.md",
    *sorted((ROOT / "docs").glob("*.md")),
    *sorted((ROOT / "examples").rglob("*.md")),
]
FENCE = re.compile(r"^```(\w*)\s*$")
MARKER = re.compile(r"^<!-- example: (skip|in) (\S.*?) -->$")
RUNNABLE = ("sh", "python")
ADDRESS = "https://127.0.0.1:8443"
STRICT_HTTP = """\
try:
    import requests
except ImportError:
    pass
else:
    _send = requests.Session.send

    def _strict(self, request, **kwargs):
        response = _send(self, request, **kwargs)
        response.raise_for_status()
        return response

    requests.Session.send = _strict
"""


@dataclass(frozen=True)
class Block:
    page: Path
    line: int
    language: str
    code: str
    marker: tuple[str, str] | None  # ("skip", reason) or ("in", path)

    @property
    def where(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"


def blocks(page: Path) -> Iterator[Block]:
    lines = page.read_text().splitlines()
    index = 0
    while index < len(lines):
        opened = FENCE.match(lines[index])
        if not opened:
            index += 1
            continue
        end = next(i for i in range(index + 1, len(lines)) if lines[i].startswith("```"))
        marked = MARKER.match(lines[index - 1]) if index else None
        marker = (marked.group(1), marked.group(2)) if marked else None
        yield Block(page, index + 1, opened.group(1), "\n".join(lines[index + 1 : end]) + "\n", marker)
        index = end + 1


def runnable(page: Path) -> list[Block]:
    return [b for b in blocks(page) if b.language in RUNNABLE and b.marker is None]


def script(page: Path, url: str) -> str:
    """The page's runnable blocks as one bash script that says which block it is in."""
    parts = ["set -euo pipefail", 'curl() { command curl --fail-with-body --show-error "$@"; }']
    for block in runnable(page):
        parts.append(f"echo '--- {block.where}' >&2")
        code = block.code.replace(ADDRESS, url)
        if block.language == "sh":
            parts.append(code)
        else:
            parts.append(f"python - <<'RESTKEEP_EXAMPLE'\nimport strict_http\n{code}RESTKEEP_EXAMPLE")
    return "\n".join(parts) + "\n"


def test_every_block_runs_or_says_why_not() -> None:
    for page in PAGES:
        for block in blocks(page):
            if block.marker is None:
                continue
            kind, value = block.marker
            assert block.language in RUNNABLE, f"{block.where}: only sh and python blocks are run"
            if kind == "skip":
                assert len(value.split()) >= 3, f"{block.where}: give a reason to skip"
            else:
                kept = (ROOT / value).read_text()
                assert block.code in kept, f"{block.where}: not what {value} holds"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with LiveServer(tmp_path_factory.mktemp("docs") / "restkeep-data", "--demo", "--dev") as live:
        yield live


def reader_folder(base: Path, server: LiveServer) -> Path:
    folder = base / "reader"
    (folder / "dist").mkdir(parents=True)
    (folder / "docs").mkdir()
    (folder / "restkeep-data").symlink_to(server.data_dir)
    (folder / "examples").symlink_to(ROOT / "examples")
    for wheel in ("app-1.4.0.whl", "app.whl"):
        (folder / "dist" / wheel).write_bytes(b"PK\x05\x06" + bytes(18) + wheel.encode())
    (folder / "docs" / "readme.md").write_text("# app\n\nHow to use it.\n")
    return folder


@pytest.mark.live
@pytest.mark.timeout(300)
@pytest.mark.parametrize("page", [p for p in PAGES if runnable(p)], ids=lambda p: p.name)
def test_the_examples_of_a_page_run_twice(page: Path, server: LiveServer, tmp_path: Path) -> None:
    if "curl " in script(page, server.url) and shutil.which("curl") is None:
        pytest.skip("curl is not installed (.ci/run installs it)")
    with httpx.Client(base_url=server.url, verify=server.verify, auth=("admin", "changeme")) as admin:
        assert admin.post("/_restkeep/reset", json={}).status_code == 200
    folder = reader_folder(tmp_path, server)
    guard = tmp_path / "guard"
    guard.mkdir()
    (guard / "strict_http.py").write_text(STRICT_HTTP)
    env = {k: v for k, v in os.environ.items() if not k.startswith("RESTKEEP_")}
    env |= {
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
        "PYTHONPATH": str(guard),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "RESTKEEP_PASSWORD": "changeme",  # what the reader types when asked
    }
    for run in ("first", "second"):
        returncode, stderr = run_script(script(page, server.url), folder, env)
        assert returncode == 0, f"{page.name}, {run} run:\n{stderr[-3000:]}"


def run_script(text: str, folder: Path, env: dict[str, str], timeout: float = 240) -> tuple[int, str]:
    """Run the page's script in its own process group, which goes whole if it overruns (an example
    that started a server in the foreground must not leave it running)."""
    process = subprocess.Popen(
        ["bash", "-c", text], cwd=folder, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, start_new_session=True,
    )  # fmt: skip
    try:
        _, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        _, stderr = process.communicate()
        return -1, f"timed out after {timeout:g} s\n{stderr}"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # anything the script left behind
    return process.returncode, stderr
