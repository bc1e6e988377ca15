"""An index on each repository's items by createTime, as there is one by modifyTime: delta syncs
("everything created since T") filter and sort on it.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

from restkeep.server.store.sql.catalog_tables import created_index

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    for (repository_id,) in bind.execute(sa.text("SELECT id FROM catalog_repositories")).fetchall():
        op.execute(created_index(int(repository_id)))


def downgrade() -> None:
    bind = op.get_bind()
    for (repository_id,) in bind.execute(sa.text("SELECT id FROM catalog_repositories")).fetchall():
        op.execute(f"DROP INDEX IF EXISTS catalog_r{int(repository_id)}_created")
