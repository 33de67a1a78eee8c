"""learning_event: index (course_id, user_id, ts) instead of (course_id, ts).

The learning metrics read one course's events per learner in time order (a window
function over user_id, ts); with this index PostgreSQL reads them in that order instead
of sorting a million rows, and a course's window is still an index range.

Revision ID: 0016
Revises: 0015
"""

from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_learning_event_course_id_user_id_ts",
        "learning_event",
        ["course_id", "user_id", "ts"],
    )
    op.drop_index("ix_learning_event_course_id_ts", table_name="learning_event")


def downgrade() -> None:
    op.create_index("ix_learning_event_course_id_ts", "learning_event", ["course_id", "ts"])
    op.drop_index("ix_learning_event_course_id_user_id_ts", table_name="learning_event")
