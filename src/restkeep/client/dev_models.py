"""Development mode's typed results. Each keeps the server's JSON as `raw`, and `result["name"]` reads
it, so code written against the plain answers keeps working."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


class _Raw:
    raw: dict[str, Any]
    __iter__ = None  # not a mapping: `raw` is (without this, iteration would try `self[0]`)

    def __getitem__(self, name: str) -> Any:
        return self.raw[name]

    def get(self, name: str, default: Any = None) -> Any:
        return self.raw.get(name, default)


@dataclass(frozen=True)
class Clock(_Raw):
    now: str
    frozen: bool
    offset_seconds: float
    raw: dict[str, Any] = field(repr=False)

    @classmethod
    def of(cls, raw: dict[str, Any]) -> Clock:
        return cls(raw["now"], bool(raw["frozen"]), float(raw["offsetSeconds"]), raw)


@dataclass(frozen=True)
class Named(_Raw):
    """A credential as `advance_clock` names what expired: never its secret."""

    kind: str
    user: str
    fingerprint: str
    raw: dict[str, Any] = field(repr=False)

    @classmethod
    def of(cls, raw: dict[str, Any]) -> Named:
        return cls(raw["kind"], raw["user"], raw["fingerprint"], raw)


@dataclass(frozen=True)
class Step(_Raw):
    """What `advance_clock` did: the new now, and every credential that expired in the step."""

    now: str
    expired: list[Named]
    raw: dict[str, Any] = field(repr=False)

    @classmethod
    def of(cls, raw: dict[str, Any]) -> Step:
        return cls(raw["now"], [Named.of(e) for e in raw["expired"]], raw)


@dataclass(frozen=True)
class Credential(_Raw):
    kind: str
    user: str
    fingerprint: str
    state: str  # live, expired, revoked
    create_time: str
    expires_at: str | None
    raw: dict[str, Any] = field(repr=False)

    @classmethod
    def of(cls, raw: dict[str, Any]) -> Credential:
        return cls(
            raw["kind"],
            raw["user"],
            raw["fingerprint"],
            raw["state"],
            raw["createTime"],
            raw.get("expiresAt"),
            raw,
        )


@dataclass(frozen=True)
class Lifetimes(_Raw):
    session_idle_timeout: str
    ewtoken_ttl: str
    resttoken_ttl: str
    raw: dict[str, Any] = field(repr=False)

    @classmethod
    def of(cls, raw: dict[str, Any]) -> Lifetimes:
        return cls(raw["sessionIdleTimeout"], raw["ewtokenTtl"], raw["resttokenTtl"], raw)


@dataclass(frozen=True)
class Fault(_Raw):
    id: int
    match: dict[str, Any]
    action: dict[str, Any]
    trigger: dict[str, Any]
    fired: int
    raw: dict[str, Any] = field(repr=False)

    @classmethod
    def of(cls, raw: dict[str, Any]) -> Fault:
        return cls(int(raw["id"]), raw["match"], raw["action"], raw["trigger"], int(raw["fired"]), raw)


@dataclass(frozen=True)
class Snapshot(_Raw):
    name: str
    create_time: str
    size: int
    raw: dict[str, Any] = field(repr=False)

    @classmethod
    def of(cls, raw: dict[str, Any]) -> Snapshot:
        return cls(raw["name"], raw["createTime"], int(raw["size"]), raw)


@dataclass(frozen=True)
class JournalEntry(_Raw):
    """One request the server answered, every secret redacted (see docs/dev-mode.md)."""

    id: int
    virtual_time: str
    method: str
    path: str
    status: int
    user: str | None
    # {"kind", "fingerprint", "verdict"}, or None when the request carried no credential
    credential: dict[str, Any] | None
    fault: int | None
    request_body: Any
    response_body: Any
    raw: dict[str, Any] = field(repr=False)

    @classmethod
    def of(cls, raw: dict[str, Any]) -> JournalEntry:
        return cls(
            int(raw["id"]), raw["virtualTime"], raw["method"], raw["path"], int(raw["status"]),
            raw.get("user"), raw.get("credential"), raw.get("fault"), raw.get("requestBody"),
            raw.get("responseBody"), raw,
        )  # fmt: skip

    @property
    def verdict(self) -> str | None:
        """What the server made of the request's credential: `live`, `expired 62s ago`, `rotated
        (generation 2)`, ..."""
        return self.credential["verdict"] if self.credential else None
