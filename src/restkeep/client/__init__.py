"""The restkeep SDK: `FlowClient` and `CatalogClient` on httpx, with authentication, token rotation,
paging and retries handled inside."""
