"""`DevClient` and `AsyncDevClient`: Flow clients, with an administrator's session, that also drive
development mode (`restkeep serve --dev`): the server's clock, its credentials, fault rules and
snapshots. The calls are declared once in `dev_calls`."""

from __future__ import annotations

from restkeep.client.dev_calls import DevApi
from restkeep.client.flow import FlowClient
from restkeep.client.flow_async import AsyncFlowClient


class DevClient(DevApi, FlowClient):
    """`DevClient(url, username="admin", password=..., verify=ca)`: every Flow call, and dev mode's."""


class AsyncDevClient(DevApi, AsyncFlowClient):
    """The same, awaited."""
