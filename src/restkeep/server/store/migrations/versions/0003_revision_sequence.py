"""PostgreSQL takes property revisions from a sequence (no hot counter row); SQLite keeps its counter.

Revision ID: 0003
Revises: 0002
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE SEQUENCE property_revision_seq")
        # continue from wherever the counter got to (an upgraded database keeps its revisions increasing)
        current = "(SELECT value FROM counters WHERE name = 'revision')"
        op.execute(f"SELECT setval('property_revision_seq', GREATEST(1, {current}), {current} > 0)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP SEQUENCE property_revision_seq")
