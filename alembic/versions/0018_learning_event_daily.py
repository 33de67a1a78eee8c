"""learning_event_daily: per learner, course and day rollups kept after raw events expire.

Revision ID: 0018
Revises: 0017
"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "learning_event_daily",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("events", sa.Integer(), nullable=False),
        sa.Column("active_seconds", sa.Float(), nullable=False),
        sa.Column("focus_seconds", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_learning_event_daily")),
        sa.UniqueConstraint(
            "course_id",
            "user_id",
            "day",
            name=op.f("uq_learning_event_daily_course_id_user_id_day"),
        ),
    )


def downgrade() -> None:
    op.drop_table("learning_event_daily")
