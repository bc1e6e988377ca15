"""Development mode's revoked credentials: a revoked credential is refused, never rotated, and stays
listed as revoked (its secret's hash only).

Revision ID: 0014
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "dev_revocations",
        sa.Column("secret_hash", sa.Text, primary_key=True),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("user_name", sa.Text, nullable=False),
        sa.Column("create_time", sa.BigInteger, nullable=False),
        sa.Column("expires_at", sa.BigInteger, nullable=False),
        sa.Column("revoke_time", sa.BigInteger, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("dev_revocations")
