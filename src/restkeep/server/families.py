"""Every API family the server answers, and the API documents they make up."""

from __future__ import annotations

from restkeep.server.catalog.api.family import ENABLE, WEBCM
from restkeep.server.flow.api.family import FLOW

FAMILIES = (FLOW, ENABLE, WEBCM)
# the families each OpenAPI document and reference page describes
FLOW_API = (FLOW,)
CATALOG_API = (ENABLE, WEBCM)
