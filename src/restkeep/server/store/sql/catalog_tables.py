"""The table of one repository's items: one typed, indexed column per attribute, plus full-text search.

Column names are `a<attribute id>`; every name put into SQL here comes from integers, never from input.
"""

from __future__ import annotations

import re

from restkeep.server.store.records import AttributeRecord

# what a database names when a unique value is taken: SQLite the column (`catalog_r3.a5`, or
# `projects.name`), PostgreSQL the index (`catalog_r3_u5`, made below) or constraint
_UNIQUE_INDEX = re.compile(r"^catalog_r\d+_u(\d+)$")


def table(repository_id: int) -> str:
    return f"catalog_r{int(repository_id)}"


def column(attribute_id: int) -> str:
    return f"a{int(attribute_id)}"


def unique_index(repository_id: int, attribute_id: int) -> str:
    return f"{table(repository_id)}_u{int(attribute_id)}"


def violated_column(named: str) -> str | None:
    """The column whose unique value is taken, from what the database named: `table.column` or the
    name of one of our unique indexes. None for any other constraint."""
    first = named.split(",")[0].strip()
    if "." in first:
        return first.rpartition(".")[2]
    found = _UNIQUE_INDEX.match(first)
    return column(int(found.group(1))) if found else None


def _sql_type(type_name: str, dialect: str) -> str:
    if type_name in ("string", "date", "datetime"):
        # bytewise order on PostgreSQL too, so both stores sort (and page) text identically
        return 'TEXT COLLATE "C"' if dialect == "postgresql" else "TEXT"
    if type_name == "integer":
        return "BIGINT"
    if type_name == "decimal":
        return "DOUBLE PRECISION" if dialect == "postgresql" else "REAL"
    return "INTEGER"


def _text_columns(attributes: list[AttributeRecord]) -> list[str]:
    return [column(a.id) for a in attributes if a.type == "string"]


def create_statements(repository_id: int, attributes: list[AttributeRecord], dialect: str) -> list[str]:
    name = table(repository_id)
    key = "INTEGER PRIMARY KEY" if dialect == "sqlite" else "BIGINT PRIMARY KEY"
    columns = [f"id {key}", "create_time BIGINT NOT NULL", "modify_time BIGINT NOT NULL"]
    columns += [f"{column(a.id)} {_sql_type(a.type, dialect)}" for a in attributes]
    texts = _text_columns(attributes)
    if dialect == "postgresql" and texts:
        document = " || ' ' || ".join(f"coalesce({c}, '')" for c in texts)
        columns.append(f"tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', {document})) STORED")
    statements = [f"CREATE TABLE {name} ({', '.join(columns)})"]
    nulls = " NULLS FIRST" if dialect == "postgresql" else ""
    for attribute in attributes:
        col = column(attribute.id)
        statements.append(f"CREATE INDEX {name}_i{attribute.id} ON {name} ({col}{nulls}, id)")
        if attribute.unique_values:
            unique = unique_index(repository_id, attribute.id)
            statements.append(f"CREATE UNIQUE INDEX {unique} ON {name} ({col})")
    statements.append(f"CREATE INDEX {name}_modified ON {name} (modify_time, id)")
    statements.append(created_index(repository_id))
    if texts:
        statements += _full_text(name, texts, dialect)
    return statements


def drop_statements(repository_id: int, attributes: list[AttributeRecord], dialect: str) -> list[str]:
    """What `create_statements` made, gone (indexes and SQLite's triggers go with their table)."""
    name = table(repository_id)
    statements = [f"DROP TABLE IF EXISTS {name}"]
    if dialect == "sqlite" and _text_columns(attributes):
        statements.append(f"DROP TABLE IF EXISTS {name}_fts")
    return statements


def created_index(repository_id: int) -> str:
    """Delta syncs filter and sort on createTime as on modifyTime: both are indexed."""
    name = table(repository_id)
    return f"CREATE INDEX IF NOT EXISTS {name}_created ON {name} (create_time, id)"


def _full_text(name: str, texts: list[str], dialect: str) -> list[str]:
    if dialect == "postgresql":
        return [f"CREATE INDEX {name}_tsv ON {name} USING GIN (tsv)"]
    listed = ", ".join(texts)
    new = ", ".join(f"new.{c}" for c in texts)
    old = ", ".join(f"old.{c}" for c in texts)
    fts = f"{name}_fts"
    delete = f"INSERT INTO {fts} ({fts}, rowid, {listed}) VALUES ('delete', old.id, {old});"
    insert = f"INSERT INTO {fts} (rowid, {listed}) VALUES (new.id, {new});"
    return [
        f"CREATE VIRTUAL TABLE {fts} USING fts5({listed}, content='{name}', content_rowid='id',"
        " tokenize='unicode61 remove_diacritics 0')",
        f"CREATE TRIGGER {name}_fts_insert AFTER INSERT ON {name} BEGIN {insert} END",
        f"CREATE TRIGGER {name}_fts_delete AFTER DELETE ON {name} BEGIN {delete} END",
        f"CREATE TRIGGER {name}_fts_update AFTER UPDATE ON {name} BEGIN {delete} {insert} END",
    ]


def keyword_condition(repository_id: int, terms: list[str], dialect: str) -> tuple[str, list[str]]:
    """SQL and parameters that keep items containing every term (whole words, any string attribute)."""
    name = table(repository_id)
    if dialect == "postgresql":
        return "tsv @@ to_tsquery('simple', ?)", [" & ".join(terms)]
    query = " ".join('"' + term.replace('"', '""') + '"' for term in terms)
    return f"id IN (SELECT rowid FROM {name}_fts WHERE {name}_fts MATCH ?)", [query]
