"""The file a snapshot is exported as, whichever the server's database: an SQLite database of the
server's schema revision, the repositories' item tables included. An SQLite server's snapshots are
such files already; a PostgreSQL server writes and reads them here (`write`, `read`), so a snapshot
exported from one backend imports into the other."""

from __future__ import annotations

import contextlib
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from restkeep.server.store import schema
from restkeep.server.store.records import AttributeRecord
from restkeep.server.store.sql import catalog_tables

REVISION_COUNTER = "revision"  # SQLite counts property revisions in `counters`; PostgreSQL in a sequence
_ITEM_TABLE = re.compile(r"catalog_r[0-9]+")


# a table's columns (quoted) and rows
Table = tuple[list[str], list[tuple[Any, ...]]]


@dataclass
class Contents:
    """Every fixed table; each repository's item table, and its attributes (to make the table from);
    the last property revision."""

    tables: dict[str, Table] = field(default_factory=dict)
    items: dict[int, Table] = field(default_factory=dict)
    attributes: dict[int, list[AttributeRecord]] = field(default_factory=dict)
    revision: int = 0


def check(file: Path, schema_revision: str) -> None:
    """ValueError unless the file is an intact SQLite database of this schema revision."""
    try:
        with contextlib.closing(sqlite3.connect(f"file:{file}?mode=ro", uri=True)) as conn:
            if conn.execute("PRAGMA quick_check").fetchone() != ("ok",):
                raise ValueError("the file is a damaged SQLite database")
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError:
        raise ValueError("the file is not a restkeep snapshot (an SQLite database)") from None
    if row is None or row[0] != schema_revision:
        found = row[0] if row else "none"
        raise ValueError(f"the snapshot is of schema revision {found}; this server's is {schema_revision}")


def static_tables() -> list[str]:
    """The fixed tables, parents before the children that refer to them (not the schema's revision)."""
    return [t.name for t in schema.metadata.sorted_tables if t.name != "alembic_version"]


def write(contents: Contents, target: Path) -> None:
    """Fill `target`, a database the migrations just made, with the contents; one file, no log beside."""
    with contextlib.closing(sqlite3.connect(target, isolation_level=None)) as conn:
        conn.execute("BEGIN")
        for table in static_tables():
            conn.execute(f"DELETE FROM {table}")  # what the migrations put there
        for table, (columns, rows) in contents.tables.items():
            _insert(conn, table, columns, rows)
        for repository_id, (columns, rows) in contents.items.items():
            attributes = contents.attributes[repository_id]
            for statement in catalog_tables.create_statements(repository_id, attributes, "sqlite"):
                conn.execute(statement)
            conn.execute(catalog_tables.created_index(repository_id))
            _insert(conn, catalog_tables.table(repository_id), columns, rows)
        conn.execute("UPDATE counters SET value = ? WHERE name = ?", (contents.revision, REVISION_COUNTER))
        conn.execute("COMMIT")
        conn.execute("PRAGMA journal_mode=DELETE")


def _insert(conn: sqlite3.Connection, table: str, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    marks = ", ".join("?" * len(columns))
    conn.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)


def read(file: Path) -> Contents:
    """What an exported file holds: every fixed table and each item table (not their attributes: the
    file's `catalog_attributes` has them)."""
    contents = Contents()
    with contextlib.closing(sqlite3.connect(f"file:{file}?mode=ro", uri=True)) as conn:
        for table in static_tables():
            columns = [f'"{row[1]}"' for row in conn.execute(f"PRAGMA table_info({table})")]
            if columns:
                contents.tables[table] = (
                    columns,
                    conn.execute(f"SELECT {', '.join(columns)} FROM {table}").fetchall(),
                )
        found = conn.execute("SELECT value FROM counters WHERE name = ?", (REVISION_COUNTER,)).fetchone()
        contents.revision = int(found[0]) if found else 0
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for name in names:
            if _ITEM_TABLE.fullmatch(name):
                contents.items[int(name.removeprefix("catalog_r"))] = _table(conn, name)
    return contents


def _table(conn: sqlite3.Connection, name: str) -> Table:
    columns = [f'"{row[1]}"' for row in conn.execute(f"PRAGMA table_info({name})")]
    return columns, conn.execute(f"SELECT {', '.join(columns)} FROM {name}").fetchall()
