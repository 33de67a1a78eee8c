"""user.bio (a teacher's short public bio) and user.time_zone (IANA name, NULL = unknown).

Revision ID: 0025
Revises: 0022

Plain ADD COLUMN on both dialects (SQLite keeps the table and its triggers).
"""

import sqlalchemy as sa
from alembic import op

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "user", sa.Column("bio", sa.String(length=2000), nullable=False, server_default="")
    )
    op.add_column("user", sa.Column("time_zone", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("user") as batch:
        batch.drop_column("time_zone")
        batch.drop_column("bio")
