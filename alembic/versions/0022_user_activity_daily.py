"""user_activity_daily: per user and UTC day, what the user-activity report sums.

Kept by database triggers in the same transactions that write enrolments, lesson
completions and orders (every path: services, imports, seeds' bulk loads), and filled
from the existing rows here. PostgreSQL: statement-level triggers with transition tables
for INSERT and DELETE (one grouped upsert per statement, COPY included) and row-level
UPDATE triggers that fire only when a counted column changes. SQLite: row-level
triggers with the same conditions.

Revision ID: 0022
Revises: 0020
"""

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0020"
branch_labels = None
depends_on = None

TABLE = "user_activity_daily"

# (source table, day expression per dialect as f(alias), counted?, the four measures)
SOURCES = {
    "enrollment": {
        "day": "enrolled_at",
        "counted": "TRUE",
        "values": ("1", "0", "0", "0"),
        "changed": ("enrolled_at", "user_id"),
    },
    "lesson_progress": {
        "day": "completed_at",
        "counted": "{r}.completed_at IS NOT NULL",
        "values": ("0", "1", "0", "0"),
        "changed": ("completed_at", "user_id"),
    },
    "order": {
        "day": "paid_at",
        "counted": "{r}.status = 'paid' AND {r}.paid_at IS NOT NULL",
        "values": ("0", "0", "1", "{r}.total"),
        "changed": ("status", "paid_at", "total", "user_id"),
    },
}
COLUMNS = ("enrollments", "lessons_done", "paid_orders", "spend")


def _day(dialect: str, column: str) -> str:
    if dialect == "postgresql":
        return f"CAST(timezone('UTC', {column}) AS date)"
    return f"date({column})"


def _upsert_tail() -> str:
    sets = ", ".join(f"{c} = {TABLE}.{c} + excluded.{c}" for c in COLUMNS)
    return f"ON CONFLICT (day, user_id) DO UPDATE SET {sets}"


def _grouped(dialect: str, name: str, source: str, alias: str, sign: str) -> str:
    """INSERT … SELECT of `source` rows (a table or transition table) with `sign`."""
    spec = SOURCES[name]
    values = ", ".join(
        f"{sign}SUM({v.format(r=alias)})" if v != "0" else "0" for v in spec["values"]
    )
    day = _day(dialect, f"{alias}.{spec['day']}")
    return (
        f"INSERT INTO {TABLE} (day, user_id, {', '.join(COLUMNS)}) "
        f"SELECT {day}, {alias}.user_id, {values} FROM {source} AS {alias} "
        f"WHERE {spec['counted'].format(r=alias)} GROUP BY 1, 2 {_upsert_tail()}"
    )


def _row(dialect: str, name: str, ref: str, sign: str) -> str:
    """One row's contribution (OLD or NEW) in a row-level trigger."""
    spec = SOURCES[name]
    values = ", ".join(f"{sign}({v.format(r=ref)})" if v != "0" else "0" for v in spec["values"])
    day = _day(dialect, f"{ref}.{spec['day']}")
    return (
        f"INSERT INTO {TABLE} (day, user_id, {', '.join(COLUMNS)}) "
        f"SELECT {day}, {ref}.user_id, {values} "
        f"WHERE {spec['counted'].format(r=ref)} {_upsert_tail()}"
    )


def _changed(name: str, dialect: str) -> str:
    differs = "IS DISTINCT FROM" if dialect == "postgresql" else "IS NOT"
    return " OR ".join(f"OLD.{c} {differs} NEW.{c}" for c in SOURCES[name]["changed"])


def _quoted(name: str) -> str:
    return f'"{name}"'


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("enrollments", sa.Integer(), nullable=False),
        sa.Column("lessons_done", sa.Integer(), nullable=False),
        sa.Column("paid_orders", sa.Integer(), nullable=False),
        sa.Column("spend", sa.Numeric(14, 2), nullable=False),
        sa.PrimaryKeyConstraint("day", "user_id", name=op.f("pk_user_activity_daily")),
    )
    dialect = op.get_bind().dialect.name
    for name in SOURCES:
        op.execute(_grouped(dialect, name, _quoted(name), "r", ""))
        if dialect == "postgresql":
            _postgres_triggers(name)
        else:
            _sqlite_triggers(name)


def _postgres_triggers(name: str) -> None:
    table = _quoted(name)
    op.execute(
        f"""
        CREATE FUNCTION uad_{name}_statement() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'INSERT' THEN
            {_grouped("postgresql", name, "new_rows", "r", "")};
          ELSE
            {_grouped("postgresql", name, "old_rows", "r", "-")};
          END IF;
          RETURN NULL;
        END $$;
        """
    )
    op.execute(
        f"""
        CREATE FUNCTION uad_{name}_update() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          {_row("postgresql", name, "OLD", "-")};
          {_row("postgresql", name, "NEW", "")};
          RETURN NULL;
        END $$;
        """
    )
    op.execute(
        f"CREATE TRIGGER uad_{name}_insert AFTER INSERT ON {table} "
        f"REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT "
        f"EXECUTE FUNCTION uad_{name}_statement()"
    )
    op.execute(
        f"CREATE TRIGGER uad_{name}_delete AFTER DELETE ON {table} "
        f"REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT "
        f"EXECUTE FUNCTION uad_{name}_statement()"
    )
    op.execute(
        f"CREATE TRIGGER uad_{name}_update AFTER UPDATE ON {table} FOR EACH ROW "
        f"WHEN ({_changed(name, 'postgresql')}) EXECUTE FUNCTION uad_{name}_update()"
    )


def _sqlite_triggers(name: str) -> None:
    table = _quoted(name)
    # SQLite's upsert after INSERT … SELECT needs a WHERE (parsing ambiguity): present.
    op.execute(
        f"CREATE TRIGGER uad_{name}_insert AFTER INSERT ON {table} BEGIN "
        f"{_row('sqlite', name, 'NEW', '')}; END"
    )
    op.execute(
        f"CREATE TRIGGER uad_{name}_delete AFTER DELETE ON {table} BEGIN "
        f"{_row('sqlite', name, 'OLD', '-')}; END"
    )
    op.execute(
        f"CREATE TRIGGER uad_{name}_update AFTER UPDATE ON {table} "
        f"WHEN {_changed(name, 'sqlite')} BEGIN "
        f"{_row('sqlite', name, 'OLD', '-')}; {_row('sqlite', name, 'NEW', '')}; END"
    )


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for name in SOURCES:
        for kind in ("insert", "delete", "update"):
            if dialect == "postgresql":
                op.execute(f"DROP TRIGGER IF EXISTS uad_{name}_{kind} ON {_quoted(name)}")
            else:
                op.execute(f"DROP TRIGGER IF EXISTS uad_{name}_{kind}")
        if dialect == "postgresql":
            op.execute(f"DROP FUNCTION IF EXISTS uad_{name}_statement()")
            op.execute(f"DROP FUNCTION IF EXISTS uad_{name}_update()")
    op.drop_table(TABLE)
