"""lesson.video_name: the name of the uploaded video file as the teacher sent it.

The file is stored under a random name (private/videos/<hex>.mp4); the editor showed that
name. Existing videos keep showing it (NULL here) until they are replaced.

Revision ID: 0029
Revises: 0028
"""

import sqlalchemy as sa
from alembic import op

revision = "0029"
down_revision = "0028"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("lesson") as batch:
        batch.add_column(sa.Column("video_name", sa.String(length=255), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("lesson") as batch:
        batch.drop_column("video_name")
