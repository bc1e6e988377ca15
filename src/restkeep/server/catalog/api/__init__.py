"""HTTP for the Catalog API: `/enable-api` (tokens) and `/webcm/rest/api` (repositories and items)."""
