"""user_activity_daily's triggers fire in replica mode too (PostgreSQL).

The import's bulk path checks the foreign keys of a batch itself and then inserts with
session_replication_role = replica, which skips per-row foreign-key triggers — and every
ordinary trigger. The rollup triggers must still keep user_activity_daily in step, so
they become ENABLE ALWAYS. SQLite has no such mode: nothing to do there.

Revision ID: 0027
Revises: 0026
"""

from alembic import op

revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None

TABLES = ("enrollment", "lesson_progress", "order")
KINDS = ("insert", "delete", "update")


def _enable(*, always: bool) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    mode = "ENABLE ALWAYS" if always else "ENABLE"
    for table in TABLES:
        for kind in KINDS:
            op.execute(f'ALTER TABLE "{table}" {mode} TRIGGER uad_{table}_{kind}')


def upgrade() -> None:
    _enable(always=True)


def downgrade() -> None:
    _enable(always=False)
