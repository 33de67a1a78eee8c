"""ORM writes of audited tables leave audit_log rows in the same transaction."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

from sqlalchemy import Engine, func, select
from sqlmodel import Session

from edu_platform.audit import AUDITED_TABLES, MASK, acting_as, current_actor, record
from edu_platform.models import (
    AuditLog,
    CartItem,
    Category,
    Coupon,
    Course,
    LoginAttempt,
    Module,
    User,
)
from tests.support.factories import make_user

SECRET_HASH = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$do-not-store-me"


def _entries(session: Session, table_name: str, row_id: int | None) -> list[AuditLog]:
    statement = (
        select(AuditLog)
        .where(AuditLog.table_name == table_name, AuditLog.row_id == row_id)
        .order_by(AuditLog.id)
    )
    return list(session.scalars(statement))


def test_course_insert_is_audited_with_the_actor_and_full_row(session: Session):
    teacher = make_user(session, role="teacher", email="teacher@example.com", name="Teacher")
    with acting_as(teacher.id):
        course = Course(
            slug="sql", title="SQL", teacher_id=teacher.id, price=Decimal("19.90"),
            start_date=date(2030, 1, 15),
        )  # fmt: skip
        session.add(course)
        session.flush()

    [entry] = _entries(session, "course", course.id)
    assert (entry.action, entry.actor_id, entry.old) == ("insert", teacher.id, None)
    assert entry.new["title"] == "SQL"
    assert entry.new["price"] == "19.90"
    assert entry.new["start_date"] == "2030-01-15"
    assert entry.new["created_at"] == course.created_at.isoformat()
    assert entry.new["id"] == course.id
    assert entry.at.tzinfo is not None


def test_course_update_stores_only_changed_columns_old_and_new(session: Session):
    teacher = make_user(session, role="teacher", email="teacher@example.com", name="Teacher")
    course = Course(slug="sql", title="SQL", teacher_id=teacher.id, price=Decimal("19.90"))
    session.add(course)
    session.flush()
    session.expire(course)  # the old values must be recorded even when not loaded

    with acting_as(teacher.id):
        course.title = "SQL in depth"
        course.price = Decimal("29.00")
        course.summary = ""  # unchanged value: not an update
        session.flush()

    [_, update] = _entries(session, "course", course.id)
    assert (update.action, update.actor_id) == ("update", teacher.id)
    assert update.old == {"title": "SQL", "price": "19.90"}
    assert update.new == {"title": "SQL in depth", "price": "29.00"}


def test_flush_without_changes_writes_no_audit_row(session: Session):
    teacher = make_user(session, role="teacher", email="teacher@example.com", name="Teacher")
    course = Course(slug="sql", title="SQL", teacher_id=teacher.id)
    session.add(course)
    session.flush()
    course.title = "SQL"
    session.flush()
    assert [entry.action for entry in _entries(session, "course", course.id)] == ["insert"]


def test_course_delete_stores_the_full_old_row(session: Session):
    teacher = make_user(session, role="teacher", email="teacher@example.com", name="Teacher")
    course = Course(slug="sql", title="SQL", teacher_id=teacher.id, price=Decimal("5.00"))
    session.add(course)
    session.flush()
    course_id = course.id
    session.expire(course)

    with acting_as(teacher.id + 1000):
        session.delete(course)
        session.flush()

    entry = _entries(session, "course", course_id)[-1]
    assert (entry.action, entry.actor_id, entry.new) == ("delete", teacher.id + 1000, None)
    assert entry.old["slug"] == "sql"
    assert entry.old["price"] == "5.00"
    assert entry.old["teacher_id"] == teacher.id


def test_writes_outside_acting_as_have_no_actor(session: Session):
    assert current_actor.get() is None
    teacher = make_user(session, role="teacher", email="teacher@example.com", name="Teacher")
    [entry] = _entries(session, "user", teacher.id)
    assert entry.actor_id is None


def test_unaudited_tables_leave_no_rows_but_audited_children_do(session: Session):
    teacher = make_user(session, role="teacher", email="teacher@example.com", name="Teacher")
    with acting_as(teacher.id):
        category = Category(slug="data", name="Data")
        session.add(category)
        session.flush()
        course = Course(slug="sql", title="SQL", teacher_id=teacher.id, category_id=category.id)
        session.add(course)
        session.flush()
        module = Module(course_id=course.id, title="Intro")
        coupon = Coupon(code="SQL10", value=Decimal("10"), course_id=course.id)
        cart_item = CartItem(user_id=teacher.id, course_id=course.id)
        attempt = LoginAttempt(email=teacher.email, ip="10.0.0.1")
        session.add_all([module, coupon, cart_item, attempt])
        session.flush()
        # Insert, update and delete on each unaudited table.
        category.name, coupon.used_count, attempt.success = "Data science", 1, True
        session.flush()
        session.delete(cart_item)
        session.delete(attempt)
        session.flush()

    assert len(_entries(session, "module", module.id)) == 1
    tables = set(session.scalars(select(AuditLog.table_name)))
    assert tables == {"user", "course", "module"}
    assert not {"category", "coupon", "cart_item", "login_attempt"} & AUDITED_TABLES


def test_password_hash_is_never_stored(session: Session):
    user = User(email="secret@example.com", full_name="Secret", password_hash=SECRET_HASH)
    session.add(user)
    session.flush()
    user.password_hash = SECRET_HASH + "-new"
    session.flush()
    session.delete(user)
    session.flush()

    entries = _entries(session, "user", user.id)
    assert [entry.action for entry in entries] == ["insert", "update", "delete"]
    assert entries[0].new["password_hash"] == MASK
    assert entries[1].old == {"password_hash": MASK} and entries[1].new == {"password_hash": MASK}
    assert entries[2].old["password_hash"] == MASK
    stored = json.dumps([[entry.old, entry.new] for entry in entries])
    assert "argon2" not in stored


def test_manual_summary_row_for_bulk_writes(session: Session):
    with acting_as(7):
        record(session, action="insert", table_name="course", new={"import_job_id": 3, "rows": 2})
    [entry] = _entries(session, "course", None)
    assert (entry.actor_id, entry.action, entry.new) == (
        7,
        "insert",
        {"import_job_id": 3, "rows": 2},
    )


def test_audit_rows_roll_back_with_the_change(clean_db: Engine):
    with Session(clean_db) as setup:
        teacher = make_user(setup, role="teacher", email="teacher@example.com", name="Teacher")
        setup.commit()
        teacher_id = teacher.id

    with Session(clean_db) as session, acting_as(teacher_id):
        session.add(Course(slug="rolled-back", title="Gone", teacher_id=teacher_id))
        session.flush()
        assert session.scalar(select(func.count()).where(AuditLog.table_name == "course")) == 1
        session.rollback()

    with Session(clean_db) as check:
        assert check.scalar(select(func.count()).select_from(Course)) == 0
        assert check.scalar(select(func.count()).where(AuditLog.table_name == "course")) == 0
        assert check.scalar(select(func.count()).where(AuditLog.table_name == "user")) == 1


def test_audit_rows_commit_with_the_change(committed_session: Session):
    teacher = make_user(
        committed_session, role="teacher", email="teacher@example.com", name="Teacher"
    )
    with acting_as(teacher.id):
        committed_session.add(Course(slug="kept", title="Kept", teacher_id=teacher.id))
        committed_session.commit()
    entries = list(committed_session.scalars(select(AuditLog).order_by(AuditLog.id)))
    assert [(entry.table_name, entry.action) for entry in entries] == [
        ("user", "insert"),
        ("course", "insert"),
    ]
    assert entries[1].actor_id == teacher.id


def test_a_sign_in_stamp_is_audited_as_the_person_signing_in(session: Session):
    from edu_platform.services import accounts, users

    user = accounts.register(
        session=session, email="stamp@example.com", password="Correct-horse-7", full_name="S"
    )
    accounts.authenticate(session=session, email="stamp@example.com", password="Correct-horse-7")
    users.mark_signed_in(session, user, "oidc")
    entries = _entries(session, "user", user.id)
    stamps = [e for e in entries if e.action == "update" and "last_login_at" in (e.new or {})]
    assert [entry.actor_id for entry in stamps] == [user.id, user.id]
    assert current_actor.get() is None  # nobody acts once the stamp is written
