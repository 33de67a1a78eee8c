"""webhooks: endpoint owner, description and failure streak; webhook_delivery rows.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("webhook_endpoint") as batch:
        batch.add_column(
            sa.Column(
                "description",
                sqlmodel.sql.sqltypes.AutoString(length=500),
                server_default="",
                nullable=False,
            )
        )
        batch.add_column(sa.Column("created_by", sa.Integer(), nullable=True))
        batch.add_column(
            sa.Column("consecutive_failures", sa.Integer(), server_default="0", nullable=False)
        )
        batch.add_column(
            sa.Column("disabled_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True)
        )
        batch.create_foreign_key(
            op.f("fk_webhook_endpoint_created_by_user"),
            "user",
            ["created_by"],
            ["id"],
            ondelete="SET NULL",
        )
        batch.create_check_constraint(
            op.f("ck_webhook_endpoint_consecutive_failures_not_negative"),
            "consecutive_failures >= 0",
        )
        batch.create_index("ix_webhook_endpoint_created_by", ["created_by"], unique=False)
    op.create_table(
        "webhook_delivery",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("endpoint_id", sa.Integer(), nullable=False),
        sa.Column("outbox_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("event_type", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("response_code", sa.Integer(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("next_attempt_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("delivered_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.CheckConstraint(
            "status IN ('pending', 'delivered', 'failed')",
            name=op.f("ck_webhook_delivery_status"),
        ),
        sa.CheckConstraint("attempts >= 0", name=op.f("ck_webhook_delivery_attempts_not_negative")),
        sa.ForeignKeyConstraint(
            ["endpoint_id"],
            ["webhook_endpoint.id"],
            name=op.f("fk_webhook_delivery_endpoint_id_webhook_endpoint"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["outbox_id"],
            ["outbox.id"],
            name=op.f("fk_webhook_delivery_outbox_id_outbox"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_delivery")),
    )
    with op.batch_alter_table("webhook_delivery") as batch:
        batch.create_index(
            "ix_webhook_delivery_status_next_attempt_at",
            ["status", "next_attempt_at"],
            unique=False,
        )
        batch.create_index(
            "ix_webhook_delivery_endpoint_id_id", ["endpoint_id", "id"], unique=False
        )
        batch.create_index("ix_webhook_delivery_outbox_id", ["outbox_id"], unique=False)


def downgrade() -> None:
    op.drop_table("webhook_delivery")
    with op.batch_alter_table("webhook_endpoint") as batch:
        batch.drop_index("ix_webhook_endpoint_created_by")
        batch.drop_constraint(
            op.f("ck_webhook_endpoint_consecutive_failures_not_negative"), type_="check"
        )
        batch.drop_constraint(op.f("fk_webhook_endpoint_created_by_user"), type_="foreignkey")
        batch.drop_column("disabled_at")
        batch.drop_column("consecutive_failures")
        batch.drop_column("created_by")
        batch.drop_column("description")
