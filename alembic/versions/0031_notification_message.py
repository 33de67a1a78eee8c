"""notification.message: the catalogue keys and values a notification was written from.

A notification's list shows it in the reader's language of the moment (a learner who
switches to Russian sees "Заказ №12 оплачен", not the English words of the day it came).
NULL for rows written before this revision and for text a person wrote (announcements):
those show `title` and `body` as stored.

Revision ID: 0031
Revises: 0030
"""

import sqlalchemy as sa
from alembic import op

revision = "0031"
down_revision = "0030"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("notification") as batch:
        batch.add_column(sa.Column("message", sa.JSON(none_as_null=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("notification") as batch:
        batch.drop_column("message")
