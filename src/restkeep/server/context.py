"""Everything a request handler may use, built once per worker process when the app starts."""

from __future__ import annotations

from dataclasses import dataclass

from restkeep.server.auth.credentials import CredentialVerifier
from restkeep.server.auth.sessions import Sessions
from restkeep.server.flow.services.artifacts import ArtifactService
from restkeep.server.flow.services.projects import ProjectService
from restkeep.server.flow.services.properties import PropertyService
from restkeep.server.settings import Settings
from restkeep.server.store import Store


@dataclass(frozen=True)
class Services:
    settings: Settings
    store: Store
    sessions: Sessions
    credentials: CredentialVerifier
    projects: ProjectService
    properties: PropertyService
    artifacts: ArtifactService

    @classmethod
    def build(cls, settings: Settings, store: Store) -> Services:
        return cls(
            settings=settings,
            store=store,
            sessions=Sessions(store, settings.session_idle_timeout),
            credentials=CredentialVerifier(store),
            projects=ProjectService(store),
            properties=PropertyService(store),
            artifacts=ArtifactService(store),
        )
