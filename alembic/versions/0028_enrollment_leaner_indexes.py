"""Enrolments: two indexes fewer to keep on every write.

- ix_enrollment_user_id_status goes: the unique (user_id, course_id) index already finds
  a user's enrolments, and a user has few; the status is checked on those rows.
- ix_enrollment_order_id becomes partial (order_id IS NOT NULL): free, imported and
  granted enrolments have no order and need no entry; lookups by an order id (and the
  order's ON DELETE SET NULL) use the partial index.

An enrolment import writes each row through four indexes instead of five, one of them
smaller (bench/imports.py).

Revision ID: 0028
Revises: 0027
"""

import sqlalchemy as sa
from alembic import op

revision = "0028"
down_revision = "0027"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_enrollment_user_id_status", table_name="enrollment")
    op.drop_index("ix_enrollment_order_id", table_name="enrollment")
    op.create_index(
        "ix_enrollment_order_id",
        "enrollment",
        ["order_id"],
        postgresql_where=sa.text("order_id IS NOT NULL"),
        sqlite_where=sa.text("order_id IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_enrollment_order_id", table_name="enrollment")
    op.create_index("ix_enrollment_order_id", "enrollment", ["order_id"])
    op.create_index("ix_enrollment_user_id_status", "enrollment", ["user_id", "status"])
