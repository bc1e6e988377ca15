"""A worker's tie to its main process.

Granian's workers are child processes. If the main process dies without stopping them (`kill -9`,
the OOM killer), they would go on serving and writing on their own, beside any new server started
on the same port. Each worker therefore watches its parent: once the parent is gone (the worker has
been handed to another process), it stops as it would on SIGTERM, finishing its in-flight requests,
and exits outright if that takes longer than the grace period.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
import time

log = logging.getLogger("restkeep.server")
POLL_SECONDS = 0.25
RESEND_SECONDS = 1.0
# the main process's pid, which it puts in its workers' environment
MAIN_PID = "RESTKEEP_MAIN_PID"


def stop_with_parent(grace_seconds: float) -> None:
    """Start watching this process's parent (call once, in the worker). The parent to watch is the
    main process named in the environment: if it died while this worker was still starting, the
    worker already has another parent, and stops at once."""
    parent = int(os.environ.get(MAIN_PID) or os.getppid())

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(POLL_SECONDS)
        log.warning("the main process (%d) is gone: this worker stops", parent)
        # asked again each second: a SIGTERM that arrives while the worker is still starting can be
        # lost (its server loop is not running yet to act on it); the grace period still applies
        deadline = time.monotonic() + grace_seconds
        while time.monotonic() < deadline:
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(RESEND_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="restkeep-lifeline", daemon=True).start()
