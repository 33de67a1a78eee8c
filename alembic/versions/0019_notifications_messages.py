"""notifications and messages: e-mail preferences, session reminders, conversations.

Revision ID: 0019
Revises: 0018
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "notification_preference",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
        sa.Column("email", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
            name=op.f("fk_notification_preference_user_id_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification_preference")),
        sa.UniqueConstraint(
            "user_id", "kind", name=op.f("uq_notification_preference_user_id_kind")
        ),
    )
    op.create_table(
        "session_reminder",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("offset_minutes", sa.Integer(), nullable=False),
        sa.Column("sent_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["course_session.id"],
            name=op.f("fk_session_reminder_session_id_course_session"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
            name=op.f("fk_session_reminder_user_id_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_session_reminder")),
        sa.UniqueConstraint(
            "session_id",
            "user_id",
            "offset_minutes",
            name=op.f("uq_session_reminder_session_id_user_id_offset_minutes"),
        ),
    )
    op.create_index(
        op.f("ix_session_reminder_user_id"), "session_reminder", ["user_id"], unique=False
    )
    op.create_table(
        "conversation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_low_id", sa.Integer(), nullable=False),
        sa.Column("user_high_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("last_message_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.CheckConstraint("user_low_id < user_high_id", name=op.f("ck_conversation_ordered_pair")),
        sa.ForeignKeyConstraint(
            ["user_low_id"],
            ["user.id"],
            name=op.f("fk_conversation_user_low_id_user"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_high_id"],
            ["user.id"],
            name=op.f("fk_conversation_user_high_id_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conversation")),
        sa.UniqueConstraint(
            "user_low_id", "user_high_id", name=op.f("uq_conversation_user_low_id_user_high_id")
        ),
    )
    op.create_index(
        op.f("ix_conversation_user_high_id"), "conversation", ["user_high_id"], unique=False
    )
    with op.batch_alter_table("message") as batch:
        batch.add_column(sa.Column("conversation_id", sa.Integer(), nullable=True))
        batch.add_column(
            sa.Column("reported_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True)
        )
        batch.create_foreign_key(
            op.f("fk_message_conversation_id_conversation"),
            "conversation",
            ["conversation_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch.create_index("ix_message_conversation_id_id", ["conversation_id", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("message") as batch:
        batch.drop_index("ix_message_conversation_id_id")
        batch.drop_constraint(op.f("fk_message_conversation_id_conversation"), type_="foreignkey")
        batch.drop_column("reported_at")
        batch.drop_column("conversation_id")
    op.drop_index(op.f("ix_conversation_user_high_id"), table_name="conversation")
    op.drop_table("conversation")
    op.drop_index(op.f("ix_session_reminder_user_id"), table_name="session_reminder")
    op.drop_table("session_reminder")
    op.drop_table("notification_preference")
