"""A development-mode server for a test session, and the handle each test drives it with.

`DevServer.start(folder)` runs `restkeep serve --dev --demo` over TLS on a free loopback port (on a
fresh PostgreSQL database if given a server URL), takes the baseline snapshot, and `restkeep()` gives
a `Restkeep` for one test, the server first put back to that baseline. The pytest plugin
(`restkeep.testing.pytest_plugin`) is these two as fixtures; they work without pytest as well.
"""

from __future__ import annotations

import contextlib
import ssl
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from restkeep.client.calls import Call, SyncRunner
from restkeep.client.catalog import CatalogClient
from restkeep.client.dev_calls import DevApi, fault_rule
from restkeep.client.dev_models import Clock as ClockState
from restkeep.client.dev_models import Credential, Fault, JournalEntry, Lifetimes, Snapshot, Step
from restkeep.client.errors import error_from
from restkeep.client.flow import FlowClient
from restkeep.testing.live import LiveServer

BASELINE = "pytest-baseline"
ADMIN = ("admin", "changeme")  # the demo administrator


class AdminDev(DevApi, SyncRunner):
    """Every development-mode call, sent with the administrator's Basic credentials: no session of its
    own, so moving the clock or ending credentials never makes it log in (and never shows in the
    journal)."""

    def __init__(self, url: str, admin: tuple[str, str], verify: ssl.SSLContext | bool) -> None:
        self._http = httpx.Client(base_url=url, auth=admin, verify=verify, timeout=120)

    def run(self, call: Call[Any]) -> Any:
        response = self._http.request(call.method, (call.prefix or "") + call.path, **call.options())
        if response.status_code >= 400:
            raise error_from(response)
        return call.result(response.content)

    def close(self) -> None:
        self._http.close()


class DevServer:
    """The session's server: a real `restkeep serve --dev --demo` process."""

    def __init__(self, live: LiveServer, dropped: tuple[str, str] | None) -> None:
        self.live = live
        self.url = live.url
        self.ca_path = live.ca_path
        # requests (and curl) take the CA file; httpx takes `ssl_context`
        self.verify = str(live.ca_path)
        self.ssl_context = ssl.create_default_context(cafile=live.ca_path)
        self.admin = ADMIN
        self.dev = AdminDev(live.url, ADMIN, self.ssl_context)
        self._dropped = dropped  # (server URL, database) made for this session, dropped at the end
        self.startup_seconds = 0.0

    @classmethod
    def start(cls, folder: Path, database: str | None = None, args: Sequence[str] = ()) -> DevServer:
        made = _fresh_database(database) if database else None
        flags = ["--demo", "--dev", *(["--database", made[2]] if made else []), *args]
        live = LiveServer(folder / "data", *flags, timeout=120)
        try:
            live.start()
            server = cls(live, (made[0], made[1]) if made else None)
            server.dev.save_snapshot(BASELINE)
        except BaseException:  # no server process or database left behind
            live.stop()
            if made:
                _drop_database(made[0], made[1])
            raise
        return server

    def restkeep(self) -> Restkeep:
        """A handle for one test: the server put back to the baseline, its journal emptied."""
        self.dev.restore_snapshot(BASELINE)
        self.dev.clear_journal()
        return Restkeep(self)

    def stop(self) -> None:
        self.dev.close()
        self.live.stop()
        if self._dropped:
            _drop_database(*self._dropped)


def _fresh_database(url: str) -> tuple[str, str, str]:
    """Make a database of its own on the server `url` names: (that URL, its name, the new one's URL)."""
    import psycopg

    name = f"restkeep_pytest_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return url, name, urlsplit(url)._replace(path="/" + name).geturl()


def _drop_database(url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Clock:
    def __init__(self, dev: AdminDev) -> None:
        self._dev = dev

    def advance(self, by: str) -> Step:
        """Move the server's clock forward (`"31m"`); the credentials that expired in the step."""
        return self._dev.advance_clock(by)

    def set(self, time: str) -> ClockState:
        return self._dev.set_clock(time)

    def freeze(self) -> ClockState:
        return self._dev.freeze_clock()

    def resume(self) -> ClockState:
        return self._dev.resume_clock()

    def now(self) -> str:
        return self._dev.get_clock().now


class Credentials:
    def __init__(self, dev: AdminDev) -> None:
        self._dev = dev

    def list(self, **which: Any) -> list[Credential]:
        return self._dev.get_credentials(**which)

    def expire(self, **which: Any) -> int:
        """Expire the chosen live credentials now (`kind=`, `user=`, `fingerprint=`, `all=True`)."""
        return self._dev.expire_credentials(**which)

    def revoke(self, **which: Any) -> int:
        return self._dev.revoke_credentials(**which)

    def policy(self, **lifetimes: str) -> Lifetimes:
        """The lifetimes; with `session_idle_timeout=`, `ewtoken_ttl=`, `resttoken_ttl=`, change them."""
        return (
            self._dev.set_credential_policy(**lifetimes) if lifetimes else self._dev.get_credential_policy()
        )


class Journal:
    def __init__(self, dev: AdminDev, size: int = 10_000) -> None:
        self._dev = dev
        self._size = size

    def entries(self, **filters: Any) -> list[JournalEntry]:
        """Newest first; filters `api`, `method`, `path` (`*`, `**`), `status`, `user`, `limit`."""
        return self._dev.get_journal(**filters)

    def clear(self) -> None:
        self._dev.clear_journal()

    def calls(self, method: str, path: str, **filters: Any) -> list[JournalEntry]:
        """The requests of `method` on `path` (`*` one segment, `**` any; a query string is ignored)."""
        found = self._dev.get_journal(method=method, path=path, limit=self._size, **filters)
        return list(reversed(found))

    def assert_called(
        self, method: str, path: str, times: int | None = None, **filters: Any
    ) -> list[JournalEntry]:
        """Fail unless `method path` was called (exactly `times` times, if given); the calls, oldest first."""
        found = self.calls(method, path, **filters)
        if (times is None and not found) or (times is not None and len(found) != times):
            expected = "at least once" if times is None else f"{times} time(s)"
            seen = "\n".join(f"  {e.method} {e.path} -> {e.status}" for e in reversed(self.entries(limit=50)))
            raise AssertionError(
                f"{method} {path} was called {len(found)} time(s), expected {expected}; the journal:\n{seen}"
            )
        return found


class Restkeep:
    """One test's handle on the session's server (see `DevServer.restkeep`)."""

    def __init__(self, server: DevServer) -> None:
        self.server = server
        self.url, self.verify, self.ssl_context = server.url, server.verify, server.ssl_context
        self.ca_path, self.admin, self.dev = server.ca_path, server.admin, server.dev
        self.clock = Clock(server.dev)
        self.credentials = Credentials(server.dev)
        self.journal = Journal(server.dev)
        self._clients: list[FlowClient | CatalogClient] = []

    @contextlib.contextmanager
    def fault(self, rule: dict[str, Any] | None = None, **fields: Any) -> Iterator[Fault]:
        """A fault rule for the `with` block: `path=`, `method=`, `api=`, `user=`; `status=`, `delay=`,
        `connection=`; `first_n=`, `every_nth=`, `probability=`, `seed=`, `max_fires=` (or a whole
        rule). Yields the rule as added, with its `id`."""
        added = self.dev.add_fault(rule if rule is not None else fault_rule(**fields))
        try:
            yield added
        finally:
            with contextlib.suppress(Exception):  # the test may have removed it itself
                self.dev.remove_fault(added.id)

    def fired(self, rule: Fault) -> int:
        """How many times a rule from `fault()` has fired so far."""
        return next((f.fired for f in self.dev.get_faults() if f.id == rule.id), 0)

    def flow_client(self, user: str = ADMIN[0], password: str = ADMIN[1]) -> FlowClient:
        client = FlowClient(self.url, username=user, password=password, verify=self.ssl_context)
        self._clients.append(client)
        return client

    def catalog_client(self, login: str = "system", password: str = "system") -> CatalogClient:  # noqa: S107
        client = CatalogClient(self.url, login=login, password=password, verify=self.ssl_context)
        self._clients.append(client)
        return client

    def snapshot(self, name: str) -> Snapshot:
        return self.dev.save_snapshot(name)

    def restore(self, name: str) -> None:
        self.dev.restore_snapshot(name)

    def report(self, last: int = 20) -> str:
        """The virtual time, the active faults and the last journal entries (redacted), as text."""
        lines = [f"virtual time: {self.clock.now()}", "faults:"]
        faults = self.dev.get_faults()
        lines += [
            f"  {f.id}: match {f.match} action {f.action} trigger {f.trigger} fired {f.fired}" for f in faults
        ] or ["  none"]
        lines.append(f"journal (last {last}, oldest first):")
        for e in reversed(self.journal.entries(limit=last)):
            credential = e.credential or {}
            query = e.get("query")
            lines.append(
                f"  {e.virtual_time} {e.method} {e.path}{'?' + query if query else ''}"
                f" -> {e.status} user={e.user} {credential.get('kind', '')}"
                f" {credential.get('verdict', '')}{' fault=' + str(e.fault) if e.fault else ''}"
            )
        return "\n".join(lines)

    def close(self) -> None:
        for client in self._clients:
            client.close()
