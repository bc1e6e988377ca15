"""The OpenAPI document and the offline API reference page."""
