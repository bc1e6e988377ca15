"""Artifacts: a groupId and artifactKey, each with its own property sheet.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "artifacts",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("name", sa.Text, nullable=False, unique=True),
        sa.Column("group_id", sa.Text, nullable=False),
        sa.Column("artifact_key", sa.Text, nullable=False),
        sa.Column("description", sa.Text, nullable=False, server_default=""),
        sa.Column("owner", sa.Text, nullable=False),
        sa.Column("create_time", sa.BigInteger, nullable=False),
        sa.Column("modify_time", sa.BigInteger, nullable=False),
        sa.Column("last_modified_by", sa.Text, nullable=False),
        sa.Column("property_sheet_id", sa.Text, sa.ForeignKey("property_sheets.id"), nullable=False),
    )
    op.create_index("ix_artifacts_group_id", "artifacts", ["group_id"])


def downgrade() -> None:
    op.drop_table("artifacts")
