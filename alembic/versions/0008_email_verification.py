"""Email verification: user.email_verified_at and one-time verification links.

Accounts that already have a linked OAuth identity count as verified (the provider
vouched for the address); other existing accounts stay unverified until their owner
opens a new link from the account page.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("user") as batch:
        batch.add_column(
            sa.Column("email_verified_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True)
        )
    op.execute(
        'UPDATE "user" SET email_verified_at = created_at '
        "WHERE id IN (SELECT user_id FROM oauth_account)"
    )
    op.create_table(
        "email_verification",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("email", sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("expires_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("used_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
            name=op.f("fk_email_verification_user_id_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_email_verification")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_email_verification_token_hash")),
    )
    with op.batch_alter_table("email_verification") as batch:
        batch.create_index("ix_email_verification_user_id", ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("email_verification") as batch:
        batch.drop_index("ix_email_verification_user_id")
    op.drop_table("email_verification")
    with op.batch_alter_table("user") as batch:
        batch.drop_column("email_verified_at")
