"""Every Flow operation, in one list: the router and the OpenAPI document both read it."""

from __future__ import annotations

from restkeep.server.flow.api import (
    accounts,
    acl,
    artifact_versions,
    artifacts,
    projects,
    properties,
    security,
    server,
    sessions,
)
from restkeep.server.operations import Operation

OPERATIONS: list[Operation] = [
    *sessions.OPERATIONS,
    *server.OPERATIONS,
    *projects.OPERATIONS,
    *properties.OPERATIONS,
    *artifacts.OPERATIONS,
    *artifact_versions.OPERATIONS,
    *accounts.OPERATIONS,
    *acl.OPERATIONS,
    *security.OPERATIONS,
]
