"""Blog post tags and cover; course kind (course|material) and the admin's hide flag.

Revision ID: 0020
Revises: 0019

Plain ADD COLUMN on both dialects: SQLite keeps the course table (and so the course_fts
triggers of 0003) instead of rebuilding it.
"""

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "course",
        sa.Column(
            "kind",
            sa.String(length=20),
            nullable=False,
            server_default="course",
        ),
    )
    op.add_column(
        "course",
        sa.Column("is_hidden", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    if op.get_bind().dialect.name != "sqlite":
        op.create_check_constraint(
            op.f("ck_course_kind"), "course", "kind IN ('course', 'material')"
        )
    op.create_index("ix_course_is_published_kind", "course", ["is_published", "kind"])
    op.add_column(
        "blog_post",
        sa.Column("tags", sa.String(length=500), nullable=False, server_default=""),
    )
    op.add_column("blog_post", sa.Column("cover_url", sa.String(length=1000), nullable=True))


def downgrade() -> None:
    op.drop_column("blog_post", "cover_url")
    op.drop_column("blog_post", "tags")
    op.drop_index("ix_course_is_published_kind", table_name="course")
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint(op.f("ck_course_kind"), "course", type_="check")
    op.drop_column("course", "is_hidden")
    op.drop_column("course", "kind")
