"""Initial schema: users, sessions, projects, property sheets, properties and their history.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "meta", sa.Column("key", sa.Text, primary_key=True), sa.Column("value", sa.Text, nullable=False)
    )
    op.create_table(
        "counters",
        sa.Column("name", sa.Text, primary_key=True),
        sa.Column("value", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("name", sa.Text, nullable=False, unique=True),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("email", sa.Text, nullable=False, server_default=""),
        sa.Column("full_name", sa.Text, nullable=False, server_default=""),
        sa.Column("credentials_version", sa.Integer, nullable=False, server_default="1"),
        sa.Column("create_time", sa.BigInteger, nullable=False),
        sa.Column("modify_time", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "sessions",
        sa.Column("token_hash", sa.Text, primary_key=True),
        sa.Column("user_id", sa.Text, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("create_time", sa.BigInteger, nullable=False),
        sa.Column("last_used", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_sessions_user_id", "sessions", ["user_id"])
    op.create_index("ix_sessions_last_used", "sessions", ["last_used"])
    op.create_table(
        "property_sheets",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("create_time", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "projects",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("name", sa.Text, nullable=False, unique=True),
        sa.Column("description", sa.Text, nullable=False, server_default=""),
        sa.Column("owner", sa.Text, nullable=False),
        sa.Column("create_time", sa.BigInteger, nullable=False),
        sa.Column("modify_time", sa.BigInteger, nullable=False),
        sa.Column("last_modified_by", sa.Text, nullable=False),
        sa.Column("property_sheet_id", sa.Text, sa.ForeignKey("property_sheets.id"), nullable=False),
    )
    op.create_table(
        "properties",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("sheet_id", sa.Text, sa.ForeignKey("property_sheets.id"), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("value", sa.Text, nullable=True),
        sa.Column("child_sheet_id", sa.Text, sa.ForeignKey("property_sheets.id"), nullable=True),
        sa.Column("description", sa.Text, nullable=False, server_default=""),
        sa.Column("expandable", sa.Integer, nullable=False, server_default="1"),
        sa.Column("tracked", sa.Integer, nullable=False, server_default="1"),
        sa.Column("counter", sa.Integer, nullable=False, server_default="0"),
        sa.Column("owner", sa.Text, nullable=False),
        sa.Column("create_time", sa.BigInteger, nullable=False),
        sa.Column("modify_time", sa.BigInteger, nullable=False),
        sa.Column("last_modified_by", sa.Text, nullable=False),
        sa.Column("revision", sa.BigInteger, nullable=False),
        sa.UniqueConstraint("sheet_id", "name", name="uq_properties_sheet_name"),
    )
    op.create_table(
        "property_history",
        sa.Column(
            "property_id", sa.Text, sa.ForeignKey("properties.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("revision", sa.BigInteger, primary_key=True),
        sa.Column("value", sa.Text, nullable=True),
        sa.Column("modify_time", sa.BigInteger, nullable=False),
        sa.Column("last_modified_by", sa.Text, nullable=False),
    )
    op.bulk_insert(
        sa.table("counters", sa.column("name"), sa.column("value")), [{"name": "revision", "value": 0}]
    )


def downgrade() -> None:
    for table in ("property_history", "properties", "projects", "property_sheets", "sessions", "users"):
        op.drop_table(table)
    op.drop_table("counters")
    op.drop_table("meta")
