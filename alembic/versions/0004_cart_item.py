"""cart_item: one persisted cart per user (course ids, unique per user).

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cart_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("added_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["course_id"],
            ["course.id"],
            name=op.f("fk_cart_item_course_id_course"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_cart_item_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cart_item")),
        sa.UniqueConstraint("user_id", "course_id", name=op.f("uq_cart_item_user_id_course_id")),
    )
    with op.batch_alter_table("cart_item") as batch:
        batch.create_index("ix_cart_item_course_id", ["course_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("cart_item") as batch:
        batch.drop_index("ix_cart_item_course_id")
    op.drop_table("cart_item")
