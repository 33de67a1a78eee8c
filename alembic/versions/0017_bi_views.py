"""PostgreSQL: read-only SQL views for BI tools and the role `edu_bi` that reads only them.

vw_course_sales, vw_course_ratings, vw_user_progress, vw_learning_metrics (README lists
their columns). The views run with their owner's rights, so `edu_bi` needs no right on
any table: give it a login (`ALTER ROLE edu_bi LOGIN PASSWORD '...'`) and point Metabase,
Superset or an ODBC client at the views. SQLite has no roles: nothing is created there.

Revision ID: 0017
Revises: 0016
"""

from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

BI_ROLE = "edu_bi"


def create_role_sql(name: str) -> str:
    """CREATE ROLE `name` unless it exists. Roles belong to the whole cluster, not to one
    database: two databases migrated at once (the test workers' databases on a fresh
    server) may both miss the role and both create it, and the second waits for the first
    to commit, then fails on pg_authid's unique index. That one has made it: not an error."""
    return f"""
        DO $$ BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{name}') THEN
                CREATE ROLE {name} NOLOGIN;
            END IF;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
        END $$
        """


VIEWS = {
    "vw_course_sales": """
        SELECT c.id AS course_id, c.title, c.currency,
               count(DISTINCT o.id) AS paid_orders,
               coalesce(sum(CASE WHEN o.subtotal > 0
                                 THEN round(oi.price * o.total / o.subtotal, 2)
                                 ELSE 0 END), 0) AS revenue,
               min(o.paid_at) AS first_sale_at, max(o.paid_at) AS last_sale_at
        FROM course c
        LEFT JOIN order_item oi ON oi.course_id = c.id
        LEFT JOIN "order" o ON o.id = oi.order_id AND o.status = 'paid'
        GROUP BY c.id, c.title, c.currency
    """,
    "vw_course_ratings": """
        SELECT c.id AS course_id, c.title, c.rating_avg, c.rating_count,
               count(*) FILTER (WHERE r.rating = 5) AS stars_5,
               count(*) FILTER (WHERE r.rating = 4) AS stars_4,
               count(*) FILTER (WHERE r.rating = 3) AS stars_3,
               count(*) FILTER (WHERE r.rating = 2) AS stars_2,
               count(*) FILTER (WHERE r.rating = 1) AS stars_1
        FROM course c
        LEFT JOIN review r ON r.course_id = c.id AND NOT r.is_hidden
        GROUP BY c.id, c.title, c.rating_avg, c.rating_count
    """,
    "vw_user_progress": """
        SELECT e.id AS enrollment_id, u.id AS user_id, u.email, u.full_name,
               c.id AS course_id, c.title AS course_title, e.status,
               e.progress_percent, e.completed_lessons, c.lessons_count,
               e.enrolled_at, e.completed_at, e.last_activity_at
        FROM enrollment e
        JOIN "user" u ON u.id = e.user_id
        JOIN course c ON c.id = e.course_id
    """,
    "vw_learning_metrics": """
        SELECT m.metric, m.scope, m.scope_id,
               CASE m.scope WHEN 'enrollment' THEN e.course_id
                            WHEN 'course' THEN m.scope_id END AS course_id,
               e.user_id, m.period_start, m.period_end, m.value, m.computed_at
        FROM metric_value m
        LEFT JOIN enrollment e ON m.scope = 'enrollment' AND e.id = m.scope_id
    """,
}


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(create_role_sql(BI_ROLE))
    for name, body in VIEWS.items():
        op.execute(f"CREATE VIEW {name} AS {body}")
        op.execute(f"GRANT SELECT ON {name} TO {BI_ROLE}")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name in VIEWS:
        op.execute(f"DROP VIEW IF EXISTS {name}")
    # The role is cluster-wide (other databases may grant it views): it stays.
