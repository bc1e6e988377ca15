"""Catalog imports in progress: the id range each one has reserved, hidden from reads until it ends.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "catalog_imports",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("repository_id", sa.BigInteger, nullable=False),
        sa.Column("first_id", sa.BigInteger, nullable=False),
        sa.Column("last_id", sa.BigInteger, nullable=False),
        sa.Column("lease_until", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_catalog_imports_repository_id", "catalog_imports", ["repository_id"])


def downgrade() -> None:
    op.drop_table("catalog_imports")
