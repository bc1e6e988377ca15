"""Flow services: the rules of projects and properties, knowing nothing of HTTP."""
