"""The schema, as SQLAlchemy Core tables: the model migrations are checked against.

Both stores use it: SQLite and PostgreSQL get the same tables from the same migrations. Times are
integer milliseconds since the epoch; flags are small integers (0/1) so both backends read alike.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, ForeignKey, Index, Integer, MetaData, Table, Text, UniqueConstraint

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
    # what the original's createProject/modifyProject take and show back (credentialName, ...), as JSON
    Column("settings", Text, nullable=False, server_default="{}"),
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

catalog_tokens = Table(
    "catalog_tokens",
    metadata,
    Column("token_hash", Text, primary_key=True),
    Column("kind", Text, nullable=False),
    Column("user_id", Text, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("login_hash", Text, nullable=True, index=True),
    Column("create_time", BigInteger, nullable=False),
    Column("expires_at", BigInteger, nullable=False, index=True),
)

catalog_repositories = Table(
    "catalog_repositories",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=False),
    Column("name", Text, nullable=False),
    Column("description", Text, nullable=False, server_default=""),
    Column("item_count", BigInteger, nullable=False, server_default="0"),
    Column("data_version", BigInteger, nullable=False, server_default="0"),
    Column("create_time", BigInteger, nullable=False),
    Column("modify_time", BigInteger, nullable=False),
)

catalog_attributes = Table(
    "catalog_attributes",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=False),
    Column("repository_id", BigInteger, ForeignKey("catalog_repositories.id"), nullable=False),
    Column("name", Text, nullable=False),
    Column("type", Text, nullable=False),
    Column("required", Integer, nullable=False, server_default="0"),
    Column("unique_values", Integer, nullable=False, server_default="0"),
    Column("position", Integer, nullable=False),
    UniqueConstraint("repository_id", "name", name="uq_catalog_attributes_name"),
)

# the items themselves live in one table per repository (catalog_r<id>), created with it
catalog_items = Table(
    "catalog_items",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=False),
    Column("repository_id", BigInteger, ForeignKey("catalog_repositories.id"), nullable=False, index=True),
)

# a Catalog import in progress: its rows are written in short transactions with ids from this range,
# which every read hides until the import ends (then the row goes) or is abandoned (then the rows go)
catalog_imports = Table(
    "catalog_imports",
    metadata,
    Column("id", Text, primary_key=True),
    Column("repository_id", BigInteger, nullable=False, index=True),
    Column("first_id", BigInteger, nullable=False),
    Column("last_id", BigInteger, nullable=False),
    Column("lease_until", BigInteger, nullable=False),
)

# saved sets (named lists of item ids) and saved searches (a named search body), per repository
catalog_saved_sets = Table(
    "catalog_saved_sets",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=False),
    Column("repository_id", BigInteger, nullable=False),
    Column("name", Text, nullable=False),
    Column("owner", Text, nullable=False),
    Column("create_time", BigInteger, nullable=False),
    UniqueConstraint("repository_id", "name", name="uq_catalog_saved_sets_name"),
)

catalog_saved_set_items = Table(
    "catalog_saved_set_items",
    metadata,
    Column("set_id", BigInteger, ForeignKey("catalog_saved_sets.id", ondelete="CASCADE"), primary_key=True),
    Column("item_id", BigInteger, primary_key=True, index=True),
)

catalog_saved_searches = Table(
    "catalog_saved_searches",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=False),
    Column("repository_id", BigInteger, nullable=False),
    Column("name", Text, nullable=False),
    Column("owner", Text, nullable=False),
    Column("body", Text, nullable=False),
    Column("create_time", BigInteger, nullable=False),
    UniqueConstraint("repository_id", "name", name="uq_catalog_saved_searches_name"),
)

# imports, exports and bulk deletes, as `GET /items/auditHistories` lists them
catalog_jobs = Table(
    "catalog_jobs",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=False),
    Column("repository_id", BigInteger, nullable=False),
    Column("kind", Text, nullable=False),
    Column("user_name", Text, nullable=False),
    Column("start_time", BigInteger, nullable=False),
    Column("end_time", BigInteger, nullable=False),
    Column("item_count", BigInteger, nullable=False),
    Column("outcome", Text, nullable=False),
    Column("message", Text, nullable=False),
    Index("ix_catalog_jobs_repository_time", "repository_id", "start_time"),
)

dev_revocations = Table(
    "dev_revocations",
    metadata,
    Column("secret_hash", Text, primary_key=True),
    Column("kind", Text, nullable=False),
    Column("user_name", Text, nullable=False),
    Column("create_time", BigInteger, nullable=False),
    Column("expires_at", BigInteger, nullable=False),
    Column("revoke_time", BigInteger, nullable=False),
)

dev_fault_counts = Table(
    "dev_fault_counts",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=False),
    Column("seen", BigInteger, nullable=False),
    Column("fired", BigInteger, nullable=False),
)

artifact_repositories = Table(
    "artifact_repositories",
    metadata,
    Column("id", Text, primary_key=True),
    Column("name", Text, nullable=False, unique=True),
    Column("description", Text, nullable=False, server_default=""),
    Column("owner", Text, nullable=False),
    Column("create_time", BigInteger, nullable=False),
    Column("modify_time", BigInteger, nullable=False),
)

artifact_versions = Table(
    "artifact_versions",
    metadata,
    Column("id", Text, primary_key=True),
    Column("artifact_id", Text, ForeignKey("artifacts.id"), nullable=False),
    Column("version", Text, nullable=False),
    Column("state", Text, nullable=False),
    Column("repository_id", Text, ForeignKey("artifact_repositories.id"), nullable=False),
    Column("description", Text, nullable=False, server_default=""),
    Column("publisher", Text, nullable=False),
    Column("size", BigInteger, nullable=False, server_default="0"),
    Column("create_time", BigInteger, nullable=False),
    Column("modify_time", BigInteger, nullable=False),
    Column("lease_until", BigInteger, nullable=False, server_default="0"),
    UniqueConstraint("artifact_id", "version", name="uq_artifact_versions_version"),
)

artifact_version_files = Table(
    "artifact_version_files",
    metadata,
    Column("version_id", Text, ForeignKey("artifact_versions.id", ondelete="CASCADE"), primary_key=True),
    Column("path", Text, primary_key=True),
    Column("size", BigInteger, nullable=False),
    Column("sha256", Text, nullable=False),
)

groups = Table(
    "groups",
    metadata,
    Column("id", Text, primary_key=True),
    Column("name", Text, nullable=False, unique=True),
    Column("create_time", BigInteger, nullable=False),
)

group_members = Table(
    "group_members",
    metadata,
    Column("group_id", Text, ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", Text, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True),
)

login_failures = Table(
    "login_failures",
    metadata,
    Column("key", Text, primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("last_failure", BigInteger, nullable=False),
    Column("blocked_until", BigInteger, nullable=False),
)

acl_entries = Table(
    "acl_entries",
    metadata,
    Column("id", Text, primary_key=True),
    Column("object_kind", Text, nullable=False),
    Column("object_id", Text, nullable=False),
    Column("principal_type", Text, nullable=False),
    Column("principal_name", Text, nullable=False),
    Column("read_privilege", Text, nullable=False),
    Column("modify_privilege", Text, nullable=False),
    Column("execute_privilege", Text, nullable=False),
    Column("change_permissions_privilege", Text, nullable=False),
    UniqueConstraint(
        "object_kind", "object_id", "principal_type", "principal_name", name="uq_acl_entries_principal"
    ),
)

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", Text, primary_key=True),
    Column("token_hash", Text, nullable=False, unique=True),
    Column("user_id", Text, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("name", Text, nullable=False),
    Column("create_time", BigInteger, nullable=False),
    Column("expires_at", BigInteger, nullable=False),
)

audit_events = Table(
    "audit_events",
    metadata,
    Column("id", Text, primary_key=True),
    Column("time", BigInteger, nullable=False, index=True),
    Column("type", Text, nullable=False),
    Column("user_name", Text, nullable=False),
    Column("address", Text, nullable=False),
    Column("detail", Text, nullable=False),
)
