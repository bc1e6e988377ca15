"""Everything a request handler may use, built once per worker process when the app starts."""

from __future__ import annotations

from dataclasses import dataclass

from restkeep.server.access import Access
from restkeep.server.audit import AuditLog
from restkeep.server.auth.api_tokens import ApiTokenService
from restkeep.server.auth.credentials import CredentialVerifier
from restkeep.server.auth.sessions import Sessions
from restkeep.server.catalog.items import ItemService
from restkeep.server.catalog.jobs import JobLog
from restkeep.server.catalog.repositories import RepositoryService
from restkeep.server.catalog.saved import SavedService
from restkeep.server.catalog.search import SearchService
from restkeep.server.catalog.tokens import TokenService
from restkeep.server.catalog.transfer import TransferService
from restkeep.server.dev.mode import DevMode
from restkeep.server.flow.services.accounts import AccountService
from restkeep.server.flow.services.artifact_versions import ArtifactVersionService
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
    access: Access
    audit: AuditLog
    api_tokens: ApiTokenService
    accounts: AccountService
    projects: ProjectService
    properties: PropertyService
    artifacts: ArtifactService
    artifact_versions: ArtifactVersionService
    tokens: TokenService
    repositories: RepositoryService
    items: ItemService
    search: SearchService
    saved: SavedService
    jobs: JobLog
    transfer: TransferService
    dev: DevMode

    @classmethod
    def build(cls, settings: Settings, store: Store) -> Services:
        audit = AuditLog(store, settings.audit_retention)
        credentials = CredentialVerifier(store, audit)
        access = Access(store, audit)
        repositories = RepositoryService(store, access)
        saved = SavedService(store, repositories)
        jobs = JobLog(store, repositories)
        search = SearchService(store, repositories, saved)
        artifacts = ArtifactService(store, access)
        sessions = Sessions(store, settings.session_idle_timeout)
        api_tokens = ApiTokenService(store, access, audit)
        tokens = TokenService(store, credentials, api_tokens, settings.ewtoken_ttl, settings.resttoken_ttl)
        return cls(
            settings=settings,
            store=store,
            sessions=sessions,
            credentials=credentials,
            access=access,
            audit=audit,
            api_tokens=api_tokens,
            accounts=AccountService(store, access, audit),
            projects=ProjectService(store, access),
            properties=PropertyService(store, access, settings.max_body_size),
            artifacts=artifacts,
            artifact_versions=ArtifactVersionService(store, artifacts, access, settings.data_dir),
            tokens=tokens,
            repositories=repositories,
            items=ItemService(store, repositories, jobs),
            search=search,
            saved=saved,
            jobs=jobs,
            transfer=TransferService(store, repositories, search, jobs, settings.data_dir / "tmp"),
            dev=DevMode(store, settings, sessions, tokens, forget=(repositories.forget, search.forget)),
        )
