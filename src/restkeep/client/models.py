"""Typed results: the fields scripts use most, as Python types, with the server's raw dict kept."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Property:
    name: str
    value: str | None
    id: str
    revision: int
    is_sheet: bool
    raw: dict[str, Any] = field(repr=False)

    @classmethod
    def of(cls, raw: dict[str, Any]) -> Property:
        return cls(
            raw["propertyName"],
            raw.get("value"),
            raw["propertyId"],
            int(raw.get("revision", 0)),
            "propertySheetId" in raw,
            raw,
        )


@dataclass(frozen=True)
class Project:
    name: str
    id: str
    description: str
    raw: dict[str, Any] = field(repr=False)

    @classmethod
    def of(cls, raw: dict[str, Any]) -> Project:
        return cls(raw["projectName"], raw["projectId"], raw.get("description", ""), raw)


@dataclass(frozen=True)
class ArtifactVersion:
    name: str
    version: str
    state: str
    files: list[dict[str, Any]]
    raw: dict[str, Any] = field(repr=False)

    @classmethod
    def of(cls, raw: dict[str, Any]) -> ArtifactVersion:
        return cls(raw["artifactVersionName"], raw["version"], raw["state"], list(raw.get("files", [])), raw)
