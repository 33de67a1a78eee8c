"""user.tokens_valid_after: access tokens issued before it stop working.

Set when a password is changed or reset, the account is blocked or its
owner signs out everywhere, so that an access token already handed out stops at once
instead of when it expires (up to its lifetime later). NULL: every unexpired token counts.

Revision ID: 0030
Revises: 0029
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0030"
down_revision = "0029"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("user") as batch:
        batch.add_column(
            sa.Column("tokens_valid_after", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("user") as batch:
        batch.drop_column("tokens_valid_after")
