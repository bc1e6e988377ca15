"""Authentication: password hashing, the verified-credential cache, sessions, the request principal."""
