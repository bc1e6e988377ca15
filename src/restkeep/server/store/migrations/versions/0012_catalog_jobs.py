"""The record of Catalog jobs (imports, exports, bulk deletes): who, when, how many, and the outcome.

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "catalog_jobs",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("repository_id", sa.BigInteger, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("user_name", sa.Text, nullable=False),
        sa.Column("start_time", sa.BigInteger, nullable=False),
        sa.Column("end_time", sa.BigInteger, nullable=False),
        sa.Column("item_count", sa.BigInteger, nullable=False),
        sa.Column("outcome", sa.Text, nullable=False),
        sa.Column("message", sa.Text, nullable=False),
    )
    op.create_index("ix_catalog_jobs_repository_time", "catalog_jobs", ["repository_id", "start_time"])
    op.bulk_insert(
        sa.table("counters", sa.column("name"), sa.column("value")), [{"name": "catalog_job", "value": 0}]
    )


def downgrade() -> None:
    op.execute("DELETE FROM counters WHERE name = 'catalog_job'")
    op.drop_table("catalog_jobs")
