"""The Catalog: login tokens, repositories, their attributes and the registry of item ids.

Each repository's items live in a table of their own (`catalog_r<id>`), created with the repository,
with one typed and indexed column per attribute.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "catalog_tokens",
        sa.Column("token_hash", sa.Text, primary_key=True),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("user_id", sa.Text, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("login_hash", sa.Text, nullable=True),
        sa.Column("create_time", sa.BigInteger, nullable=False),
        sa.Column("expires_at", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_catalog_tokens_login_hash", "catalog_tokens", ["login_hash"])
    op.create_index("ix_catalog_tokens_expires_at", "catalog_tokens", ["expires_at"])
    op.create_table(
        "catalog_repositories",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("description", sa.Text, nullable=False, server_default=""),
        sa.Column("item_count", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("data_version", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("create_time", sa.BigInteger, nullable=False),
        sa.Column("modify_time", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "catalog_attributes",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("repository_id", sa.BigInteger, sa.ForeignKey("catalog_repositories.id"), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("type", sa.Text, nullable=False),
        sa.Column("required", sa.Integer, nullable=False, server_default="0"),
        sa.Column("unique_values", sa.Integer, nullable=False, server_default="0"),
        sa.Column("position", sa.Integer, nullable=False),
        sa.UniqueConstraint("repository_id", "name", name="uq_catalog_attributes_name"),
    )
    op.create_table(
        "catalog_items",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("repository_id", sa.BigInteger, sa.ForeignKey("catalog_repositories.id"), nullable=False),
    )
    op.create_index("ix_catalog_items_repository_id", "catalog_items", ["repository_id"])
    op.bulk_insert(
        sa.table("counters", sa.column("name"), sa.column("value")),
        [{"name": "catalog_item", "value": 0}, {"name": "catalog_attribute", "value": 1000}],
    )


def downgrade() -> None:
    op.drop_table("catalog_items")
    op.drop_table("catalog_attributes")
    op.drop_table("catalog_repositories")
    op.drop_table("catalog_tokens")
    op.execute("DELETE FROM counters WHERE name IN ('catalog_item', 'catalog_attribute')")
