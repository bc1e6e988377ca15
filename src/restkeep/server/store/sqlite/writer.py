"""One writer thread per process, committing queued writes in batches (group commit).

Every write is a function of a connection. The thread opens one `BEGIN IMMEDIATE` transaction for the
first queued function and keeps taking whatever else is queued by the time each one finishes (up to
`max_batch`), running each inside its own SAVEPOINT; it commits once, and only then settles the
callers' futures: an acknowledged write is on disk. A function that raises rolls back to its
savepoint alone; the rest of the batch still commits. Across processes, `BEGIN IMMEDIATE` plus the
busy timeout serialises the writers of the same database file.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from restkeep.server import metrics
from restkeep.server.store.errors import StoreUnavailable
from restkeep.server.store.sqlite.commits import MARK_COMMIT, CommitNotes, RecordingConnection
from restkeep.server.store.sqlite.connection import connect

T = TypeVar("T")
log = logging.getLogger("restkeep.store")

_Job = tuple[Callable[[sqlite3.Connection], Any], asyncio.Future[Any], asyncio.AbstractEventLoop]
_STOP = object()
_BEGIN_ATTEMPTS = 5


# busy, locked, read-only, out of memory, I/O error, disk full, cannot open, locking protocol: the
# database cannot take the write now (503, try again), as opposed to a bad statement (a bug: 500)
_UNAVAILABLE_CODES = frozenset({5, 6, 7, 8, 10, 13, 14, 15})


def _as_store_error(exc: sqlite3.OperationalError) -> BaseException:
    """What the caller of a write that failed in the database gets: `StoreUnavailable` (503, try
    again) when the database could not take it, the error itself (a bug: 500) otherwise."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is None or code & 0xFF not in _UNAVAILABLE_CODES:
        return exc
    log.error("a write failed in the database: %s", exc)
    return StoreUnavailable(f"the database refused the write: {exc}")


def _settle(future: asyncio.Future[Any], result: Any, error: BaseException | None) -> None:
    if future.cancelled():
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)


class Writer:
    def __init__(
        self, path: Path, max_batch: int = 512, *, durable: bool = True, notes: CommitNotes | None = None
    ) -> None:
        self._path = path
        self._max_batch = max_batch
        self._queue: queue.SimpleQueue[_Job | object] = queue.SimpleQueue()
        self._closed = False
        # with `notes`, every commit tells the read cache what it wrote (see `commits`)
        self._notes = notes
        self._conn = connect(path, factory=RecordingConnection if notes else sqlite3.Connection)
        if not durable:  # scratch data: a commit survives the process dying, not the machine losing power
            self._conn.execute("PRAGMA synchronous=NORMAL")
        self._thread = threading.Thread(target=self._loop, name="restkeep-sqlite-writer", daemon=True)
        self._thread.start()

    async def run(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        """Run `fn` in a write transaction; return its result once the transaction is committed."""
        if self._closed:
            raise StoreUnavailable("the store is closed")
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()
        self._queue.put((fn, future, loop))
        return await future

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._queue.put(_STOP)
        self._thread.join()
        self._conn.close()

    def _loop(self) -> None:
        while True:
            job = self._queue.get()
            if job is _STOP or not self._commit(job):  # type: ignore[arg-type]
                return

    def _next(self) -> _Job | object | None:
        """The next queued job (or `_STOP`) if one is waiting, else None."""
        try:
            return self._queue.get_nowait()
        except queue.Empty:
            return None

    def _begin(self) -> None:
        for attempt in range(_BEGIN_ATTEMPTS):
            try:
                self._conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    raise
                time.sleep(0.01 * 2**attempt)
        self._conn.execute("BEGIN IMMEDIATE")

    def _commit(self, first: _Job) -> bool:
        """Run `first` and every job queued while the transaction is open, then commit them all at once.

        Jobs that arrive while earlier ones run join the same transaction, so the batch grows with the
        load at no cost in latency. Returns False when `_STOP` was met: the writer ends after this.
        """
        batch = [first]
        outcomes: list[tuple[Any, BaseException | None]] = []
        running = True
        started = time.perf_counter()
        expected: int | None = None
        try:
            self._begin()
            expected = self._expected_commit()
            while len(outcomes) < len(batch):
                fn = batch[len(outcomes)][0]
                self._control("SAVEPOINT job")
                try:
                    result = fn(self._conn)
                except sqlite3.OperationalError as exc:
                    if not self._conn.in_transaction:
                        raise  # SQLite rolled the whole transaction back (disk full, I/O): the batch fails
                    self._control("ROLLBACK TO job")
                    outcomes.append((None, _as_store_error(exc)))
                except Exception as exc:  # handed to the caller, who owns the error
                    self._control("ROLLBACK TO job")
                    outcomes.append((None, exc))
                else:
                    outcomes.append((result, None))
                self._control("RELEASE job")
                if len(outcomes) == len(batch) < self._max_batch and running:
                    more = self._next()
                    if more is _STOP:
                        running = False
                    elif more is not None:
                        batch.append(more)  # type: ignore[arg-type]
            if expected is not None:
                self._note(expected)
            self._conn.execute("COMMIT")
            if (counted := metrics.active()) is not None:
                counted.commit.observe(time.perf_counter() - started)
                counted.batch.observe(len(batch))
        except sqlite3.Error as exc:
            log.error("write transaction failed: %s", exc)
            if self._notes is not None and expected is not None:
                self._notes.own.withdraw(expected)
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            failure = StoreUnavailable(f"the database refused the write: {exc}")
            outcomes = [(None, failure)] * len(batch)
        for (_fn, future, loop), (result, error) in zip(batch, outcomes, strict=True):
            try:
                loop.call_soon_threadsafe(_settle, future, result, error)
            except RuntimeError:  # the caller's event loop is gone; the write is committed all the same
                log.debug("a write completed after its event loop closed")
        return running

    def _control(self, sql: str) -> None:
        """The writer's own savepoints: they write nothing, so they need not be recorded."""
        sqlite3.Connection.execute(self._conn, sql)

    def _expected_commit(self) -> int | None:
        """With notes, just after `BEGIN IMMEDIATE`: the number this transaction's commit will have
        (no one else can commit until it does), the batch's statements recorded from here."""
        if self._notes is None:
            return None
        assert isinstance(self._conn, RecordingConnection)
        self._conn.statements.clear()
        return self._notes.counter() + 1

    def _note(self, expected: int) -> None:
        """Make sure this commit writes (so it moves the header's counter to `expected`), and note
        what the batch wrote."""
        assert self._notes is not None and isinstance(self._conn, RecordingConnection)
        self._conn.execute(MARK_COMMIT)
        self._notes.own.expect(expected, self._notes.tables.writes(self._conn.statements))
