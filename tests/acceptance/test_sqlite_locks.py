"""The server never releases a lock SQLite holds: while it runs and takes writes, other processes
open the database, read, checkpoint and back it up, and SQLite's "index in use" lock stays held.

On Linux, closing any descriptor of a file drops every POSIX lock the process holds on it, so a
stray `close()` in the server lets the next process that opens the database rebuild the WAL index
under it (https://www.sqlite.org/howtocorrupt.html, section 2.2).
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from restkeep.testing import LiveServer
from tests.sqlite_locks import dms_lock_is_held

pytestmark = pytest.mark.live


def in_another_process(database: Path, script: str) -> str:
    """Run `script` with `db` (a sqlite3 connection to the database) in a new Python process."""
    code = f"import sqlite3, sys\ndb = sqlite3.connect(sys.argv[1], isolation_level=None)\n{script}\n"
    done = subprocess.run(
        [sys.executable, "-c", code, str(database)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize("workers", ["1", "2"])
def test_other_processes_use_the_database_while_the_server_writes(tmp_path: Path, workers: str) -> None:
    data = tmp_path / "data"
    database = data / "restkeep.db"
    acknowledged: list[str] = []
    failures: list[str] = []
    stop = threading.Event()

    with LiveServer(data, "--demo", "--workers", workers, tls=False) as server:
        assert dms_lock_is_held(database), "the server does not hold the WAL index's DMS lock at all"

        def write_stream(worker: int) -> None:
            with httpx.Client(base_url=server.url, auth=("admin", "changeme"), timeout=30) as client:
                for n in range(100_000):
                    if stop.is_set():
                        return
                    name = f"w{worker}-{n}"
                    response = client.put(f"/rest/v1.0/properties/locks/{name}?projectName=Default&value={n}")
                    if response.status_code == 200:
                        acknowledged.append(name)
                    else:
                        failures.append(f"{response.status_code} {response.text[:200]}")
                    # reads go through the read cache, which is what watches the WAL index
                    client.get(f"/rest/v1.0/properties/locks/{name}?projectName=Default")

        threads = [threading.Thread(target=write_stream, args=(i,)) for i in range(4)]
        for thread in threads:
            thread.start()
        try:
            for _ in range(3):
                time.sleep(0.3)
                assert dms_lock_is_held(database)
                count = in_another_process(
                    database, "print(db.execute('SELECT count(*) FROM users').fetchone()[0])"
                )
                assert int(count) >= 2
                assert dms_lock_is_held(database)
                in_another_process(database, "db.execute('PRAGMA wal_checkpoint(PASSIVE)').fetchall()")
                assert dms_lock_is_held(database)
                backup = tmp_path / "backup.db"
                in_another_process(
                    database,
                    f"out = sqlite3.connect({str(backup)!r})\ndb.backup(out)\nout.close()",
                )
                assert dms_lock_is_held(database)
                check = sqlite3.connect(backup)
                assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
                check.close()
        finally:
            stop.set()
            for thread in threads:
                thread.join()
        assert not failures, failures[:5]
        assert len(acknowledged) > 50
        with httpx.Client(base_url=server.url, auth=("admin", "changeme")) as client:
            sheet = client.get("/rest/v1.0/properties?projectName=Default&path=locks").json()["propertySheet"]
            stored = {p["propertyName"] for p in sheet["property"]}
            assert client.get("/rest/v1.0/server/status").status_code == 200
        assert dms_lock_is_held(database)
    missing = set(acknowledged) - stored
    assert not missing, f"{len(missing)} acknowledged writes lost"
    final = sqlite3.connect(database)
    assert final.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    final.close()
