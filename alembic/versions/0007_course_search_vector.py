"""PostgreSQL: a stored tsvector column for catalog search (SQLite keeps FTS5).

The expression index of 0003 made every match and every ts_rank re-parse search_text;
a GENERATED column is parsed once per write. Not in the models (PostgreSQL only; the
column is maintained by the database): edu_platform.search_text.SEARCH_INDEX_OBJECTS.

Revision ID: 0007
Revises: 0006
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        "ALTER TABLE course ADD COLUMN search_vector tsvector "
        "GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED"
    )
    op.execute("CREATE INDEX ix_course_search_vector_gin ON course USING gin (search_vector)")
    op.execute("DROP INDEX IF EXISTS ix_course_search_text_gin")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        "CREATE INDEX ix_course_search_text_gin ON course "
        "USING gin (to_tsvector('simple', search_text))"
    )
    op.execute("DROP INDEX IF EXISTS ix_course_search_vector_gin")
    op.execute("ALTER TABLE course DROP COLUMN search_vector")
