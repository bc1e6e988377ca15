"""The SQL of every store operation, written once against the small `Db` protocol.

Each function is one step of a transaction; the stores decide how a transaction runs (the SQLite
store through its writer thread, PostgreSQL through its pool). Statements use `?` placeholders and
SQL that both SQLite and PostgreSQL accept; a backend's `Db` adapts the placeholder style.
"""
