"""restkeep: a self-hosted server for the Flow and Catalog REST APIs, and a Python SDK for both.

from restkeep import FlowClient, CatalogClient              # and AsyncFlowClient, AsyncCatalogClient
"""

from restkeep.client.catalog import CatalogClient
from restkeep.client.catalog_async import AsyncCatalogClient
from restkeep.client.dev import AsyncDevClient, DevClient
from restkeep.client.dev_calls import fingerprint
from restkeep.client.errors import (
    ApiError,
    AuthError,
    BadRequest,
    Conflict,
    Forbidden,
    InvalidRequest,
    NotFound,
    RestkeepError,
    ServerError,
    TooLarge,
    TooManyRequests,
    TransportError,
)
from restkeep.client.flow import FlowClient
from restkeep.client.flow_async import AsyncFlowClient
from restkeep.client.models import ArtifactVersion, Project, Property
from restkeep.client.paging import AsyncItemPages, ItemPages

__version__ = "0.1.0"

__all__ = [
    "ApiError",
    "ArtifactVersion",
    "AsyncCatalogClient",
    "AsyncDevClient",
    "AsyncFlowClient",
    "AsyncItemPages",
    "AuthError",
    "BadRequest",
    "CatalogClient",
    "Conflict",
    "DevClient",
    "FlowClient",
    "Forbidden",
    "InvalidRequest",
    "ItemPages",
    "NotFound",
    "Project",
    "Property",
    "RestkeepError",
    "ServerError",
    "TooLarge",
    "TooManyRequests",
    "TransportError",
    "__version__",
    "fingerprint",
]
