"""Catalog saved sets (named lists of item ids) and saved searches (a named search body), per repository.

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "catalog_saved_sets",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("repository_id", sa.BigInteger, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("owner", sa.Text, nullable=False),
        sa.Column("create_time", sa.BigInteger, nullable=False),
        sa.UniqueConstraint("repository_id", "name", name="uq_catalog_saved_sets_name"),
    )
    op.create_table(
        "catalog_saved_set_items",
        sa.Column(
            "set_id",
            sa.BigInteger,
            sa.ForeignKey("catalog_saved_sets.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("item_id", sa.BigInteger, primary_key=True, index=True),
    )
    op.create_table(
        "catalog_saved_searches",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("repository_id", sa.BigInteger, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("owner", sa.Text, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("create_time", sa.BigInteger, nullable=False),
        sa.UniqueConstraint("repository_id", "name", name="uq_catalog_saved_searches_name"),
    )
    op.bulk_insert(
        sa.table("counters", sa.column("name"), sa.column("value")), [{"name": "catalog_saved", "value": 0}]
    )


def downgrade() -> None:
    op.execute("DELETE FROM counters WHERE name = 'catalog_saved'")
    op.drop_table("catalog_saved_searches")
    op.drop_table("catalog_saved_set_items")
    op.drop_table("catalog_saved_sets")
