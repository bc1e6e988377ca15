"""The Flow API (`/rest/v1.0`): services hold the rules, `api/` turns HTTP into service calls."""
