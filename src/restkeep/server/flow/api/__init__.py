"""HTTP for the Flow API: thin handlers that parse arguments, call a service and render."""
