"""Full-text search over course.search_text: GIN on PostgreSQL, FTS5 on SQLite.

search_text holds Snowball stems (edu_platform/search_text.py), so both databases index
the same words with a plain tokenizer. SQLite keeps course_fts in step with triggers;
note that a later batch_alter_table on `course` (which recreates the table on SQLite)
must recreate these triggers.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

SQLITE_TRIGGERS = (
    """CREATE TRIGGER course_fts_ai AFTER INSERT ON course BEGIN
         INSERT INTO course_fts(rowid, search_text) VALUES (new.id, new.search_text);
       END""",
    """CREATE TRIGGER course_fts_ad AFTER DELETE ON course BEGIN
         INSERT INTO course_fts(course_fts, rowid, search_text)
         VALUES ('delete', old.id, old.search_text);
       END""",
    """CREATE TRIGGER course_fts_au AFTER UPDATE OF search_text ON course BEGIN
         INSERT INTO course_fts(course_fts, rowid, search_text)
         VALUES ('delete', old.id, old.search_text);
         INSERT INTO course_fts(rowid, search_text) VALUES (new.id, new.search_text);
       END""",
)


def _backfill(bind) -> None:
    from edu_platform.search_text import search_text_for

    rows = bind.execute(sa.text("SELECT id, title, summary, description FROM course")).all()
    for row in rows:
        bind.execute(
            sa.text("UPDATE course SET search_text = :text WHERE id = :id"),
            {
                "text": search_text_for(row.title, row.summary or "", row.description or ""),
                "id": row.id,
            },
        )


def upgrade() -> None:
    bind = op.get_bind()
    _backfill(bind)
    if bind.dialect.name == "postgresql":
        op.execute(
            "CREATE INDEX ix_course_search_text_gin ON course "
            "USING gin (to_tsvector('simple', search_text))"
        )
    else:
        op.execute(
            "CREATE VIRTUAL TABLE course_fts USING fts5("
            "search_text, content='course', content_rowid='id', tokenize='unicode61')"
        )
        for trigger in SQLITE_TRIGGERS:
            op.execute(trigger)
        op.execute("INSERT INTO course_fts(course_fts) VALUES ('rebuild')")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_course_search_text_gin")
    else:
        for name in ("course_fts_ai", "course_fts_ad", "course_fts_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS course_fts")
