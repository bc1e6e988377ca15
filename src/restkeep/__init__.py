"""restkeep: a self-hosted server for the Flow and Catalog REST APIs."""

__version__ = "0.1.0"

__all__ = ["__version__"]
