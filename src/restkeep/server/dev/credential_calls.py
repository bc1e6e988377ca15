"""`/_restkeep/credentials`: every session and token, by fingerprint; expire or revoke them now;
change the running server's lifetimes."""

from __future__ import annotations

import msgspec

from restkeep.server import clock
from restkeep.server.dev.caller import state_of
from restkeep.server.dev.mode import KINDS, Lifetimes, Selection
from restkeep.server.durations import parse_duration
from restkeep.server.errors import InvalidArgument
from restkeep.server.operations import Call, NoArgs, Operation
from restkeep.server.store.records import CredentialRecord


def fingerprint(secret_hash: str) -> str:
    """The first 12 hex digits of the SHA-256 of a secret: how a test names a token it holds, without
    the server ever showing one."""
    return secret_hash[:12]


class Named(msgspec.Struct):
    kind: str
    user: str
    fingerprint: str


def named(credential: CredentialRecord) -> Named:
    return Named(credential.kind, credential.user, fingerprint(credential.secret_hash))


class Credential(msgspec.Struct, omit_defaults=True):
    kind: str
    user: str
    fingerprint: str
    createTime: str
    state: str
    # absent for an API token that never expires
    expiresAt: str | None = None


class CredentialList(msgspec.Struct):
    credentials: list[Credential]


class ListArgs(msgspec.Struct, forbid_unknown_fields=True):
    kind: str | None = None
    user: str | None = None
    fingerprint: str | None = None


class ChooseArgs(ListArgs, forbid_unknown_fields=True):
    all: bool = False

    @property
    def selection(self) -> Selection:
        return Selection(self.kind, self.user, self.fingerprint, self.all)


class Expired(msgspec.Struct):
    expired: int


class Revoked(msgspec.Struct):
    revoked: int


class Policy(msgspec.Struct):
    sessionIdleTimeout: str
    ewtokenTtl: str
    resttokenTtl: str


class PolicyArgs(msgspec.Struct, forbid_unknown_fields=True):
    sessionIdleTimeout: str | None = None
    ewtokenTtl: str | None = None
    resttokenTtl: str | None = None


def _seconds(value: float) -> str:
    return f"{value:g}s"


def _policy(lifetimes: Lifetimes) -> Policy:
    return Policy(*(_seconds(v) for v in msgspec.structs.astuple(lifetimes)))


async def list_credentials(call: Call[ListArgs]) -> CredentialList:
    a = call.args
    now = clock.now_ms()
    found = await call.services.dev.credentials(Selection(a.kind, a.user, a.fingerprint))
    return CredentialList(
        [
            Credential(
                c.kind,
                c.user,
                fingerprint(c.secret_hash),
                clock.format_ms(c.create_time),
                state_of(c, now),
                clock.format_ms(c.expires_at) if c.expires_at else None,
            )
            for c in found
        ]
    )


async def expire(call: Call[ChooseArgs]) -> Expired:
    return Expired(await call.services.dev.expire(call.args.selection))


async def revoke(call: Call[ChooseArgs]) -> Revoked:
    return Revoked(await call.services.dev.revoke(call.args.selection))


async def get_policy(call: Call[NoArgs]) -> Policy:
    return _policy(call.services.dev.lifetimes)


async def set_policy(call: Call[PolicyArgs]) -> Policy:
    given = {name: value for name, value in msgspec.structs.asdict(call.args).items() if value is not None}
    if not given:
        raise InvalidArgument("Give at least one of 'sessionIdleTimeout', 'ewtokenTtl', 'resttokenTtl'")
    changes = {}
    for name, text in given.items():
        try:
            changes[name] = parse_duration(text)
        except ValueError as exc:
            raise InvalidArgument(f"Argument '{name}': {exc}") from None
    return _policy(await call.services.dev.set_lifetimes(changes))


_TAGS = ("credentials",)
_WHICH = f"`kind` ({', '.join(KINDS)}), `user`, `fingerprint` (at least one, or `all`: true)"
OPERATIONS = [
    Operation("getCredentials", "GET", "/credentials", ListArgs, CredentialList, list_credentials,
              "Every session and token (never a secret): kind, user, fingerprint, times, state.", tags=_TAGS),
    Operation("expireCredentials", "POST", "/credentials/expire", ChooseArgs, Expired, expire,
              f"Make the chosen live credentials expire now, as if their time had run out: {_WHICH}.",
              tags=_TAGS),
    Operation("revokeCredentials", "POST", "/credentials/revoke", ChooseArgs, Revoked, revoke,
              f"End the chosen live credentials for good (refused, never renewed): {_WHICH}.", tags=_TAGS),
    Operation("getCredentialPolicy", "GET", "/credentials/policy", NoArgs, Policy, get_policy,
              "The running server's lifetimes.", tags=_TAGS),
    Operation("setCredentialPolicy", "PUT", "/credentials/policy", PolicyArgs, Policy, set_policy,
              "Change the running server's lifetimes (durations such as `90s`, `30m`); new credentials"
              " get them, and a session's idle timeout applies at once.", tags=_TAGS),
]  # fmt: skip
