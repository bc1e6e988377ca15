"""Whether SQLite's shared lock on a WAL index is held, asked from a process of its own.

SQLite marks a WAL index as in use with a shared POSIX lock on its "DMS" byte of the `-shm` file
(https://www.sqlite.org/walformat.html). A probe in the test process itself would be disturbed by the
test process's own descriptors: POSIX locks belong to processes, and closing any descriptor drops them.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

# unix VFS: 8 locks from byte 120 of the -shm file, then the DMS byte
DMS_BYTE = 128

_PROBE = """
import fcntl, os, sys
try:
    fd = os.open(sys.argv[1], os.O_RDWR)
except FileNotFoundError:  # the last connection removed the index: nobody holds it
    print("free")
    sys.exit()
try:
    fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, int(sys.argv[2]))
except OSError:
    print("held")
else:
    print("free")
"""


def dms_lock_is_held(database: Path) -> bool:
    """Whether some other process holds SQLite's "index in use" lock on the database's WAL index."""
    probe = [sys.executable, "-c", _PROBE, f"{database}-shm", str(DMS_BYTE)]
    answer = subprocess.run(probe, capture_output=True, text=True, check=True, timeout=30).stdout.strip()
    return answer == "held"
