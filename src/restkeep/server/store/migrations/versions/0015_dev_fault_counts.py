"""Development mode's fault rules: how many requests each has matched and how many it fired on, counted
across every worker and host (the rules themselves are in `meta` under `dev.faults`).

Revision ID: 0015
Revises: 0014
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "dev_fault_counts",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("seen", sa.BigInteger, nullable=False),
        sa.Column("fired", sa.BigInteger, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("dev_fault_counts")
