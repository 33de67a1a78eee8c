"""The Alembic chain runs on both databases and matches the models exactly."""

from __future__ import annotations

import importlib.util
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, inspect
from sqlmodel import SQLModel

from edu_platform.search_text import SEARCH_INDEX_OBJECTS, include_object
from edu_platform.settings import PROJECT_ROOT
from tests.conftest import alembic_config

EXPECTED_TABLES = {
    "user", "oauth_account", "auth_session", "api_refresh_token", "password_reset",
    "login_attempt", "category", "course", "module", "lesson", "review", "coupon", "order",
    "order_item", "payment", "refund", "enrollment", "lesson_progress", "quiz", "question",
    "answer_option", "quiz_attempt", "attempt_answer", "certificate", "course_session",
    "attendance", "notification", "message", "blog_post", "feedback", "learning_event",
    "metric_value", "import_job", "import_job_error", "audit_log", "outbox",
    "webhook_endpoint", "cart_item", "bulk_job", "lesson_attachment", "email_verification",
    "webhook_delivery", "learning_event_daily", "notification_preference", "session_reminder",
    "conversation", "user_activity_daily",
}  # fmt: skip


def _tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        return set(inspect(engine).get_table_names()) - SEARCH_INDEX_OBJECTS
    finally:
        engine.dispose()


def test_models_define_every_table_of_the_domain_model():
    assert set(SQLModel.metadata.tables) == EXPECTED_TABLES


def test_migration_history_is_one_linear_chain():
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    heads = script.get_heads()
    assert len(heads) == 1, f"several heads: {heads}"
    revisions = list(script.walk_revisions())
    assert revisions[-1].revision == "0001" and revisions[-1].down_revision is None
    assert all(not rev.is_merge_point for rev in revisions)
    assert (PROJECT_ROOT / "alembic" / "versions" / "0001_initial.py").exists()


def test_chain_upgrades_downgrades_to_base_and_upgrades_again(empty_db_url: str):
    config = alembic_config(empty_db_url)

    command.upgrade(config, "head")
    assert _tables(empty_db_url) == EXPECTED_TABLES | {"alembic_version"}

    command.downgrade(config, "base")
    assert _tables(empty_db_url) <= {"alembic_version"}

    command.upgrade(config, "head")
    assert _tables(empty_db_url) == EXPECTED_TABLES | {"alembic_version"}


def test_migrated_schema_has_no_drift_from_the_models(engine: Engine):
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_object": include_object}
        )
        differences = compare_metadata(context, SQLModel.metadata)
    assert differences == []


def _bi_views_migration():
    path = PROJECT_ROOT / "alembic" / "versions" / "0017_bi_views.py"
    spec = importlib.util.spec_from_file_location("migration_0017", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _wait_until_blocked_on_a_lock(watch, pid: int, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        state = watch.exec_driver_sql(
            "SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", (pid,)
        ).scalar_one_or_none()
        watch.commit()  # a fresh snapshot of pg_stat_activity each time
        if state == "Lock":
            return
        time.sleep(0.02)
    raise AssertionError(f"backend {pid} never waited for the first CREATE ROLE")


@pytest.mark.postgres
def test_two_databases_migrated_at_once_both_create_the_bi_role_without_error(postgres_url):
    """Roles are cluster-wide: two transactions that both find the role missing both create
    it; the second waits for the first to commit. It must not fail on pg_authid's index
    (it did: the test workers' first migrations on a fresh server)."""
    role = f"edu_bi_race_{uuid.uuid4().hex[:8]}"
    statement = _bi_views_migration().create_role_sql(role)
    engine = create_engine(postgres_url)
    try:
        with engine.connect() as first, engine.connect() as second, engine.connect() as watch:
            second_pid = second.exec_driver_sql("SELECT pg_backend_pid()").scalar_one()
            second.commit()
            first.exec_driver_sql(statement)  # created, not committed: holds the index entry
            with ThreadPoolExecutor(1) as pool:
                waiting = pool.submit(second.exec_driver_sql, statement)
                _wait_until_blocked_on_a_lock(watch, second_pid)  # the race, for certain
                assert not waiting.done(), "the second CREATE ROLE should wait for the first"
                first.commit()
                waiting.result(timeout=10)
            second.commit()
            count = second.exec_driver_sql(
                "SELECT count(*) FROM pg_roles WHERE rolname = %s", (role,)
            ).scalar_one()
            assert count == 1
    finally:
        with engine.begin() as connection:
            connection.exec_driver_sql(f"DROP ROLE IF EXISTS {role}")
        engine.dispose()
