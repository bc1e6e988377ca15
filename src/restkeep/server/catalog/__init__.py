"""The Catalog API: `/enable-api` (login tokens that expire and rotate) and `/webcm/rest/api`
(repositories of typed items, paged search, import and export)."""
