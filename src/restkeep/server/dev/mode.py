"""Development mode's service: the shared state applied before each request (virtual clock, credential
lifetimes, fault rules), and the credentials of every kind — listed by fingerprint, expired or revoked
on demand.

An expired credential is one whose time has run out, exactly: the server takes it as it takes one
that timed out (a Catalog call with an expired `epimresttoken` and a live `ewtoken` gets a new one).
A revoked credential is gone and remembered as revoked: refused, never renewed."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import msgspec

from restkeep.server import clock, metrics
from restkeep.server.auth.sessions import Sessions
from restkeep.server.catalog.tokens import TokenService
from restkeep.server.dev.caller import state_of
from restkeep.server.dev.clock import KEY as CLOCK_KEY
from restkeep.server.dev.clock import DevClock, Step
from restkeep.server.dev.faults import KEY as FAULTS_KEY
from restkeep.server.dev.injector import Faults
from restkeep.server.dev.journal import Journal
from restkeep.server.dev.states import DevState
from restkeep.server.errors import InvalidArgument
from restkeep.server.settings import Settings
from restkeep.server.store import Store
from restkeep.server.store.records import CredentialRecord

LIFETIMES_KEY = "dev.lifetimes"
# a new random value each time the data is put back (a snapshot restored, a reset): every worker that
# sees it change drops what it cached about the data, since a repository's id may now name another
# repository, with other attributes (the key is in meta, which a restore puts back too: hence random)
DATA_EPOCH_KEY = "dev.dataEpoch"
KINDS = ("session", "ewtoken", "epimresttoken", "apiToken")


class Lifetimes(msgspec.Struct, frozen=True):
    """Seconds."""

    sessionIdleTimeout: float
    ewtokenTtl: float
    resttokenTtl: float


@dataclass(frozen=True)
class Selection:
    """Which credentials a call means: every given field must hold; `everything` for all."""

    kind: str | None = None
    user: str | None = None
    fingerprint: str | None = None
    everything: bool = False

    def __post_init__(self) -> None:
        if self.kind is not None and self.kind not in KINDS:
            raise InvalidArgument(
                f"Argument 'kind' must be one of {', '.join(KINDS)}, not '{self.kind[:40]}'"
            )
        if self.fingerprint is not None and not (
            self.fingerprint and all(c in "0123456789abcdef" for c in self.fingerprint.lower())
        ):
            raise InvalidArgument(
                "Argument 'fingerprint' must be hex digits (the start of the secret's SHA-256)"
            )

    def wants(self, credential: CredentialRecord) -> bool:
        return (
            (self.kind is None or credential.kind == self.kind)
            and (self.user is None or credential.user == self.user)
            and (self.fingerprint is None or credential.secret_hash.startswith(self.fingerprint.lower()))
        )


class DevMode:
    def __init__(
        self,
        store: Store,
        settings: Settings,
        sessions: Sessions,
        tokens: TokenService,
        forget: Sequence[Callable[[], None]] = (),
    ) -> None:
        self._store = store
        self._forget = forget  # what each worker drops when the data was put back
        self._epoch_seen: str | None = None
        self._sessions = sessions
        self._tokens = tokens
        self.clock = DevClock(store)
        self.faults = Faults(store, sessions)
        self.journal = Journal(store, sessions, settings.journal_size)
        self.state = DevState(store, self.data_put_back, self.journal)
        self.defaults = Lifetimes(settings.session_idle_timeout, settings.ewtoken_ttl, settings.resttoken_ttl)
        self.lifetimes = self.defaults
        self._lifetimes_seen: str | None = None  # as stored; None: the defaults
        if settings.dev:
            tokens.revoked = store.is_revoked

    async def sync(self) -> None:
        """Apply the shared state to this process (before each request, and in the background)."""
        state = await self._store.dev_state()
        epoch = state.get(DATA_EPOCH_KEY)
        if epoch != self._epoch_seen:
            for forget in self._forget:
                forget()
            self._epoch_seen = epoch
        self.clock.apply(state.get(CLOCK_KEY))
        self.faults.apply(state.get(FAULTS_KEY))
        raw = state.get(LIFETIMES_KEY)
        if raw == self._lifetimes_seen:
            return  # the usual case: nothing changed since the last request
        lifetimes = self.defaults if raw is None else msgspec.json.decode(raw, type=Lifetimes)
        self._sessions.set_idle_timeout(lifetimes.sessionIdleTimeout)
        self._tokens.set_lifetimes(lifetimes.ewtokenTtl, lifetimes.resttokenTtl)
        self.lifetimes, self._lifetimes_seen = lifetimes, raw

    async def data_put_back(self, restored: bool) -> None:
        """After a restore or reset: a new data epoch (when data came back), then the state applied here."""
        if restored:
            await self._store.change_dev(DATA_EPOCH_KEY, lambda _old: secrets.token_hex(8))
        await self.sync()

    async def advance(self, seconds: float) -> tuple[Step, list[CredentialRecord]]:
        """Move the clock forward; and the credentials that expired in the step."""
        step = await self.clock.advance(seconds)
        expired = await self._store.credentials_expiring(step.before, step.after, self._sessions.idle_ms)
        if expired and (counted := metrics.active()) is not None:
            counted.expired.inc(len(expired))
        return step, expired

    async def credentials(self, selection: Selection) -> list[CredentialRecord]:
        found = await self._store.dev_credentials(self._sessions.idle_ms)
        return sorted((c for c in found if selection.wants(c)), key=lambda c: (c.kind, c.user, c.create_time))

    async def _chosen(self, selection: Selection) -> list[CredentialRecord]:
        if not (selection.everything or selection.kind or selection.user or selection.fingerprint):
            raise InvalidArgument("Say which credentials: 'kind', 'user' or 'fingerprint', or 'all': true")
        now = clock.now_ms()
        return [c for c in await self.credentials(selection) if state_of(c, now) == "live"]

    async def expire(self, selection: Selection) -> int:
        chosen = await self._chosen(selection)
        if chosen:
            await self._store.expire_credentials(chosen, clock.now_ms(), self._sessions.idle_ms)
            if (counted := metrics.active()) is not None:
                counted.expired.inc(len(chosen))
        return len(chosen)

    async def revoke(self, selection: Selection) -> int:
        chosen = await self._chosen(selection)
        if chosen:
            await self._store.revoke_credentials(chosen, clock.now_ms())
        return len(chosen)

    async def set_lifetimes(self, changes: dict[str, float]) -> Lifetimes:
        def update(raw: str | None) -> str:
            old = self.defaults if raw is None else msgspec.json.decode(raw, type=Lifetimes)
            return msgspec.json.encode(msgspec.structs.replace(old, **changes)).decode()

        await self._store.change_dev(LIFETIMES_KEY, update)
        await self.sync()
        return self.lifetimes
