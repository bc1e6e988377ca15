"""The restkeep server: an ASGI app built by `restkeep.server.app.build_app`."""
