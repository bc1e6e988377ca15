"""The schema, as SQLAlchemy Core tables: the model migrations are checked against.

Both stores use it: SQLite and PostgreSQL get the same tables from the same migrations. Times are
integer milliseconds since the epoch; flags are small integers (0/1) so both backends read alike.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, ForeignKey, Integer, MetaData, Table, Text, UniqueConstraint

metadata = MetaData()

meta = Table(
    "meta",
    metadata,
    Column("key", Text, primary_key=True),
    Column("value", Text, nullable=False),
)

counters = Table(
    "counters",
    metadata,
    Column("name", Text, primary_key=True),
    Column("value", BigInteger, nullable=False),
)

users = Table(
    "users",
    metadata,
    Column("id", Text, primary_key=True),
    Column("name", Text, nullable=False, unique=True),
    Column("password_hash", Text, nullable=False),
    Column("email", Text, nullable=False, server_default=""),
    Column("full_name", Text, nullable=False, server_default=""),
    Column("credentials_version", Integer, nullable=False, server_default="1"),
    Column("create_time", BigInteger, nullable=False),
    Column("modify_time", BigInteger, nullable=False),
)

sessions = Table(
    "sessions",
    metadata,
    Column("token_hash", Text, primary_key=True),
    Column("user_id", Text, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("create_time", BigInteger, nullable=False),
    Column("last_used", BigInteger, nullable=False, index=True),
)

property_sheets = Table(
    "property_sheets",
    metadata,
    Column("id", Text, primary_key=True),
    Column("create_time", BigInteger, nullable=False),
)

projects = Table(
    "projects",
    metadata,
    Column("id", Text, primary_key=True),
    Column("name", Text, nullable=False, unique=True),
    Column("description", Text, nullable=False, server_default=""),
    Column("owner", Text, nullable=False),
    Column("create_time", BigInteger, nullable=False),
    Column("modify_time", BigInteger, nullable=False),
    Column("last_modified_by", Text, nullable=False),
    Column("property_sheet_id", Text, ForeignKey("property_sheets.id"), nullable=False),
)

properties = Table(
    "properties",
    metadata,
    Column("id", Text, primary_key=True),
    Column("sheet_id", Text, ForeignKey("property_sheets.id"), nullable=False),
    Column("name", Text, nullable=False),
    Column("value", Text, nullable=True),
    Column("child_sheet_id", Text, ForeignKey("property_sheets.id"), nullable=True),
    Column("description", Text, nullable=False, server_default=""),
    Column("expandable", Integer, nullable=False, server_default="1"),
    Column("tracked", Integer, nullable=False, server_default="1"),
    Column("counter", Integer, nullable=False, server_default="0"),
    Column("owner", Text, nullable=False),
    Column("create_time", BigInteger, nullable=False),
    Column("modify_time", BigInteger, nullable=False),
    Column("last_modified_by", Text, nullable=False),
    Column("revision", BigInteger, nullable=False),
    UniqueConstraint("sheet_id", "name", name="uq_properties_sheet_name"),
)

property_history = Table(
    "property_history",
    metadata,
    Column("property_id", Text, ForeignKey("properties.id", ondelete="CASCADE"), primary_key=True),
    Column("revision", BigInteger, primary_key=True),
    Column("value", Text, nullable=True),
    Column("modify_time", BigInteger, nullable=False),
    Column("last_modified_by", Text, nullable=False),
)

artifacts = Table(
    "artifacts",
    metadata,
    Column("id", Text, primary_key=True),
    Column("name", Text, nullable=False, unique=True),
    Column("group_id", Text, nullable=False, index=True),
    Column("artifact_key", Text, nullable=False),
    Column("description", Text, nullable=False, server_default=""),
    Column("owner", Text, nullable=False),
    Column("create_time", BigInteger, nullable=False),
    Column("modify_time", BigInteger, nullable=False),
    Column("last_modified_by", Text, nullable=False),
    Column("property_sheet_id", Text, ForeignKey("property_sheets.id"), nullable=False),
)
