"""Every API family the server answers, and the API documents they make up."""

from __future__ import annotations

from restkeep.server.catalog.api.family import ENABLE, WEBCM
from restkeep.server.dev.api import DEV
from restkeep.server.flow.api.family import FLOW
from restkeep.server.operations import Family
from restkeep.server.settings import Settings

FAMILIES = (FLOW, ENABLE, WEBCM)
# the families each OpenAPI document and reference page describes
FLOW_API = (FLOW,)
CATALOG_API = (ENABLE, WEBCM)
DEV_API = (DEV,)


def served(settings: Settings) -> tuple[Family, ...]:
    """The families a server with these settings answers: development mode's only with `--dev`."""
    return (*FAMILIES, *DEV_API) if settings.dev else FAMILIES
