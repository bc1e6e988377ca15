"""The restkeep SDK: `FlowClient` and `CatalogClient` on httpx, and their asyncio twins
`AsyncFlowClient` and `AsyncCatalogClient`, with authentication, token rotation, paging and retries
handled inside. Each API call is declared once (`flow_calls`, `catalog_calls`) for both flavours."""
