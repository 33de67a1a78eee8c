"""import_job.invite: a users import e-mails each account it creates a link to set its
password (the admin's choice at upload; off for every job before this revision).

Revision ID: 0032
Revises: 0031
"""

import sqlalchemy as sa
from alembic import op

revision = "0032"
down_revision = "0031"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("import_job") as batch:
        batch.add_column(
            sa.Column("invite", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("import_job") as batch:
        batch.drop_column("invite")
