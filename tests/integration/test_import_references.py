"""The enrolment bulk path's foreign keys on PostgreSQL (import_writes.bulk.BulkWriter).

With the right to set session_replication_role, a batch's references are key-share
locked in bulk and the per-row foreign-key triggers are skipped; the rows, the course
counters and the user_activity_daily rollup (ENABLE ALWAYS triggers) come out the same.
A reference that does not exist is still refused by the database, and a role without
that right writes through the per-row triggers as before.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from psycopg.errors import ForeignKeyViolation
from sqlalchemy import create_engine, func, make_url, select, text
from sqlalchemy.engine import Engine
from sqlmodel import Session

from edu_platform.models import Course, Enrollment
from edu_platform.services.import_writes.bulk import BulkWriter
from edu_platform.services.import_writes.writers import _write_enrollments
from tests.support.factories import make_course, make_user

pytestmark = pytest.mark.postgres

ENROLLED_AT = datetime(2025, 3, 15, 9, 30, tzinfo=UTC)


@pytest.fixture
def database(make_database) -> Iterator[tuple[str, Engine]]:
    """A fresh migrated PostgreSQL database (roles granted on it vanish with it)."""
    url = make_database("postgres")
    engine = create_engine(url)
    yield url, engine
    engine.dispose()


@pytest.fixture
def people(database) -> dict[str, int]:
    _url, engine = database
    with Session(engine) as session:
        learners = [make_user(session) for _ in range(3)]
        course = make_course(session)
        session.commit()
        return {"course": course.id, **{f"learner{n}": u.id for n, u in enumerate(learners)}}


def _enrol(engine: Engine, user_ids: list[int], course_id: int) -> BulkWriter:
    with Session(engine) as session:
        writer = BulkWriter(session)
        rows = [(user_id, course_id, ENROLLED_AT, None) for user_id in user_ids]
        _write_enrollments(session, writer, rows, "import")
        session.commit()
        return writer


def _state(engine: Engine, course_id: int) -> tuple[int, int, int]:
    with Session(engine) as session:
        enrolments = session.scalar(select(func.count()).select_from(Enrollment))
        counter = session.get(Course, course_id).enrollment_count
        rollup = session.execute(
            text("SELECT COALESCE(SUM(enrollments), 0) FROM user_activity_daily")
        ).scalar_one()
        return enrolments, counter, rollup


def test_a_superuser_batch_is_checked_in_bulk_and_keeps_counters_and_rollup(database, people):
    _url, engine = database
    learners = [people["learner0"], people["learner1"], people["learner2"]]
    writer = _enrol(engine, learners, people["course"])
    assert writer.checked_in_bulk == 1
    assert _state(engine, people["course"]) == (3, 3, 3)
    with Session(engine) as session:  # the rollup's day is the enrolment's own
        day = session.execute(text("SELECT DISTINCT day FROM user_activity_daily")).scalars()
        assert list(day) == [ENROLLED_AT.date()]


def test_a_missing_user_is_refused_by_the_database_and_nothing_is_written(database, people):
    _url, engine = database
    missing = people["learner2"] + 1000
    with pytest.raises(ForeignKeyViolation, match="fk_enrollment_user_id_user"):
        _enrol(engine, [people["learner0"], missing], people["course"])
    assert _state(engine, people["course"]) == (0, 0, 0)


def test_a_missing_course_is_refused_by_the_database(database, people):
    _url, engine = database
    with pytest.raises(ForeignKeyViolation, match="fk_enrollment_course_id_course"):
        _enrol(engine, [people["learner0"]], people["course"] + 1000)


@pytest.fixture
def plain_role(database) -> Iterator[tuple[str, Engine]]:
    """A login role that owns nothing and is no superuser, with rights on the tables."""
    url, engine = database
    name = f"edu_plain_{secrets.token_hex(4)}"
    with engine.begin() as connection:
        connection.exec_driver_sql(f"CREATE ROLE {name} LOGIN")
        connection.exec_driver_sql(f"GRANT ALL ON ALL TABLES IN SCHEMA public TO {name}")
        connection.exec_driver_sql(f"GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO {name}")
    plain = create_engine(make_url(url).set(username=name))
    yield name, plain
    plain.dispose()
    with engine.begin() as connection:
        connection.exec_driver_sql(f"DROP OWNED BY {name}")
        connection.exec_driver_sql(f"DROP ROLE {name}")


def test_a_role_without_the_right_writes_through_the_per_row_triggers(people, plain_role):
    _name, plain = plain_role
    writer = _enrol(plain, [people["learner0"], people["learner1"]], people["course"])
    assert writer.checked_in_bulk == 0
    assert _state(plain, people["course"]) == (2, 2, 2)
    with pytest.raises(ForeignKeyViolation, match="fk_enrollment_user_id_user"):
        _enrol(plain, [people["learner2"] + 1000], people["course"])


def test_a_role_granted_the_setting_is_checked_in_bulk(database, people, plain_role):
    _url, engine = database
    name, plain = plain_role
    with engine.begin() as connection:
        connection.exec_driver_sql(f"GRANT SET ON PARAMETER session_replication_role TO {name}")
    try:
        writer = _enrol(plain, [people["learner0"]], people["course"])
    finally:
        with engine.begin() as connection:
            connection.exec_driver_sql(
                f"REVOKE SET ON PARAMETER session_replication_role FROM {name}"
            )
    assert writer.checked_in_bulk == 1
    assert _state(plain, people["course"]) == (1, 1, 1)
