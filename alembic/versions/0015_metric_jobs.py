"""bulk_job kind "metrics": the learning-metrics calculate job reports progress there.

Revision ID: 0015
Revises: 0009
"""

from alembic import op

revision = "0015"
down_revision = "0009"
branch_labels = None
depends_on = None


def _kinds(*kinds: str) -> None:
    values = ", ".join(f"'{kind}'" for kind in kinds)
    with op.batch_alter_table("bulk_job") as batch:
        batch.drop_constraint(op.f("ck_bulk_job_kind"), type_="check")
        batch.create_check_constraint(op.f("ck_bulk_job_kind"), f"kind IN ({values})")


def upgrade() -> None:
    _kinds("certificate_reissue", "metrics")


def downgrade() -> None:
    op.execute("DELETE FROM bulk_job WHERE kind = 'metrics'")
    _kinds("certificate_reissue")
