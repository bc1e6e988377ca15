"""Helpers for tests (restkeep's own and users'): start a real restkeep server and wait until it is ready."""

from restkeep.testing.live import LiveServer, free_port

__all__ = ["LiveServer", "free_port"]
