"""A worker whose main process died before the worker even started stops at once."""

from __future__ import annotations

import os
import subprocess
import sys

from restkeep.server.lifeline import MAIN_PID

WORKER = (
    "from restkeep.server.lifeline import stop_with_parent; import time; stop_with_parent(5); time.sleep(60)"
)


def test_a_worker_started_after_its_main_process_died_stops() -> None:
    # a pid that is not this worker's parent: the main process that spawned it is already gone
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    worker = subprocess.Popen([sys.executable, "-c", WORKER], env={**os.environ, MAIN_PID: str(gone.pid)})
    try:
        assert worker.wait(timeout=20) != 0  # stopped by its SIGTERM, not after its 60 s of work
    finally:
        worker.kill()
