"""Access control entries on the server, projects, artifacts and catalog repositories.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "acl_entries",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("object_kind", sa.Text, nullable=False),
        sa.Column("object_id", sa.Text, nullable=False),
        sa.Column("principal_type", sa.Text, nullable=False),
        sa.Column("principal_name", sa.Text, nullable=False),
        sa.Column("read_privilege", sa.Text, nullable=False),
        sa.Column("modify_privilege", sa.Text, nullable=False),
        sa.Column("execute_privilege", sa.Text, nullable=False),
        sa.Column("change_permissions_privilege", sa.Text, nullable=False),
        sa.UniqueConstraint(
            "object_kind", "object_id", "principal_type", "principal_name", name="uq_acl_entries_principal"
        ),
    )


def downgrade() -> None:
    op.drop_table("acl_entries")
