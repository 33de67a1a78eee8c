"""Admin bulk imports on both databases: mixed good and bad rows of each kind, re-runs,
a restart after a crash, refused uploads and the admin-only rule.

The job is run synchronously here (`run_import(job_id)`); enqueueing is recorded instead
of run, so each test decides when the job runs. Real RQ workers: test_imports_worker.py.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlmodel import Session

from edu_platform import cache, db
from edu_platform.i18n import has_key
from edu_platform.jobs.imports import run_import
from edu_platform.models import (
    AuditLog,
    Course,
    Enrollment,
    ImportJob,
    ImportJobError,
    Order,
    OrderItem,
    Payment,
    User,
)
from edu_platform.services import imports
from edu_platform.services.errors import Forbidden, Invalid
from edu_platform.settings import settings
from tests.support.imports_data import count, errors, fresh, make_people, status, upload
from tests.support.jobs import fail_on_call


@pytest.fixture
def enqueued(enqueued, data_dir):
    """The suite's recorder, with uploads going to a temporary data dir."""
    return enqueued


@pytest.fixture
def people(committed_session: Session, enqueued) -> dict[str, int]:
    return make_people(committed_session)


USERS_CSV = (
    "email,full_name,role\n"
    "New.One@Example.COM,New One,\n"  # 2: good, role defaults to student
    "not-an-email,Bad Email,student\n"  # 3: email
    "two@example.com,,teacher\n"  # 4: full_name required
    "three@example.com,Three,wizard\n"  # 5: role
    "four@example.com,Four,teacher\n"  # 6: good
    "\n"  # 7: blank line, not a row
    "new.one@example.com,Again,student\n"  # 8: duplicate of line 2
    "student@imports.example.com,Existing,admin\n"  # 9: exists: left as it is
    '"five@example.com","Five, ""Quoted""\nSecond line",student\n'  # 10-11: good
    "six@example.com,Six\n"  # 12: field count
)


def test_users_import_keeps_good_rows_and_reports_bad_ones_by_line(people, committed_session):
    job_id = upload(people, "users", USERS_CSV)
    assert status(people, job_id).total == 9
    assert run_import(job_id) == "done"
    view = status(people, job_id)
    assert (view.status, view.total, view.processed, view.failed) == ("done", 9, 9, 5)
    assert view.finished_at is not None and view.percent == 100
    assert errors(people, job_id) == [
        (3, "email"),
        (4, "full_name"),
        (5, "role"),
        (8, "email"),
        (12, None),
    ]
    users = {
        user.email: user
        for user in fresh(committed_session).scalars(
            select(User).where(User.id > people["student"])
        )
    }
    assert sorted(users) == ["five@example.com", "four@example.com", "new.one@example.com"]
    assert users["new.one@example.com"].role == "student"
    assert users["new.one@example.com"].password_hash is None
    assert users["four@example.com"].role == "teacher"
    assert users["five@example.com"].full_name == 'Five, "Quoted" Second line'
    existing = committed_session.get(User, people["student"])
    assert (existing.role, existing.full_name) == ("student", "Sam Student")


def test_rerunning_a_job_duplicates_nothing_and_replaces_its_errors(people, committed_session):
    job_id = upload(people, "users", USERS_CSV)
    run_import(job_id)
    before = count(committed_session, User)
    run_import(job_id)
    view = status(people, job_id)
    assert (view.status, view.processed, view.failed) == ("done", 9, 5)
    assert count(committed_session, User) == before
    assert count(committed_session, ImportJobError, ImportJobError.job_id == job_id) == 5
    # The same file uploaded again as a new job: still nothing new.
    second = upload(people, "users", USERS_CSV)
    run_import(second)
    assert count(committed_session, User) == before
    assert (status(people, second).processed, status(people, second).failed) == (9, 5)


def test_one_summary_audit_row_per_run_names_the_uploader(people, committed_session):
    job_id = upload(people, "users", USERS_CSV)
    run_import(job_id)
    rows = committed_session.scalars(
        select(AuditLog).where(AuditLog.table_name == "user", AuditLog.row_id.is_(None))
    ).all()
    assert len(rows) == 1
    assert rows[0].actor_id == people["admin"]
    assert rows[0].new["import_job_id"] == job_id
    assert rows[0].new["rows"] == 3 and rows[0].new["failed"] == 5
    # The audit page names each of its fields in both languages (not "processed", "file").
    unnamed = [name for name in rows[0].new if not has_key(f"admin_ux.audit.field.{name}")]
    assert unnamed == []


COURSES_CSV = (
    "slug,title,summary,description,price,currency,level,language,category,teacher_email\n"
    "data-science,Data science,Numbers,Long text,12900.50,rub,advanced,en,programming,"
    "teacher@imports.example.com\n"  # 2: good, category by slug
    "web-dev,Web development,,,,,,,programming,admin@imports.example.com\n"  # 3: good, by name
    "Bad Slug,Title,,,0,RUB,beginner,ru,,teacher@imports.example.com\n"  # 4: slug
    "no-teacher,T,,,0,RUB,beginner,ru,,student@imports.example.com\n"  # 5: not a teacher
    "ghost,T,,,0,RUB,beginner,ru,,ghost@imports.example.com\n"  # 6: unknown teacher
    "no-cat,T,,,-1,RUB,expert,ru,Cooking,teacher@imports.example.com\n"  # 7: 3 errors
    "python-basics,Python basics v2,Updated,,4990,RUB,beginner,ru,,"
    "teacher@imports.example.com\n"  # 8: existing course, updated
)


def test_courses_import_creates_drafts_updates_by_slug_and_checks_references(
    people, committed_session
):
    job_id = upload(
        people, "courses", COURSES_CSV.replace(",programming,admin", ",software engineering,admin")
    )
    run_import(job_id)
    view = status(people, job_id)
    assert (view.total, view.processed, view.failed) == (7, 7, 4)
    assert errors(people, job_id) == [
        (4, "slug"),
        (5, "teacher_email"),
        (6, "teacher_email"),
        (7, "price"),
        (7, "level"),
    ]
    fresh(committed_session)
    data = committed_session.scalar(select(Course).where(Course.slug == "data-science"))
    assert data.price == Decimal("12900.50") and data.currency == "RUB"
    assert data.category_id == people["category"] and data.teacher_id == people["teacher"]
    assert data.is_published is False and data.level == "advanced" and data.language == "en"
    assert "scienc" in data.search_text
    web = committed_session.scalar(select(Course).where(Course.slug == "web-dev"))
    assert web.category_id == people["category"] and web.price == Decimal("0")
    python = committed_session.get(Course, people["python"])
    assert python.title == "Python basics v2"
    courses = count(committed_session, Course)
    run_import(job_id)
    assert count(committed_session, Course) == courses


def _course_audit(session, course_id: int) -> list[tuple[str, dict, dict, int | None]]:
    rows = session.scalars(
        select(AuditLog)
        .where(AuditLog.table_name == "course", AuditLog.row_id == course_id)
        .order_by(AuditLog.id)
    ).all()
    return [(row.action, row.old, row.new, row.actor_id) for row in rows]


def test_an_import_that_changes_an_existing_course_audits_old_and_new_values(
    people, committed_session
):
    # The upsert bypasses the ORM: without its own audit rows, a file that changed a
    # live course's title, price and summary left no trace of what they were.
    python = committed_session.get(Course, people["python"])
    old_title, old_summary = python.title, python.summary
    before = _course_audit(committed_session, python.id)
    job_id = upload(people, "courses", COURSES_CSV)
    run_import(job_id)
    fresh(committed_session)
    audited = _course_audit(committed_session, python.id)[len(before) :]
    assert len(audited) == 1
    action, old, new, actor = audited[0]
    assert (action, actor) == ("update", people["admin"])
    assert old["title"] == old_title and new["title"] == "Python basics v2"
    assert (old["summary"], new["summary"]) == (old_summary, "Updated")
    # Only what changed: every field named holds two different values.
    assert "slug" not in old and set(old) == set(new)
    assert all(old[name] != new[name] for name in old), (old, new)
    # A run that changes nothing (the same file again) writes no audit row.
    run_import(job_id)
    assert len(_course_audit(committed_session, python.id)) == len(before) + 1


ENROLLMENTS_CSV = (
    "email,course_slug,enrolled_at\n"
    "student@imports.example.com,python-basics,2025-01-15\n"  # 2: good
    "TEACHER@imports.example.com,python-basics,2025-01-16T10:00:00+03:00\n"  # 3: good
    "ghost@imports.example.com,python-basics,\n"  # 4: unknown user
    "student@imports.example.com,no-such-course,\n"  # 5: unknown course
    "admin@imports.example.com,sql-basics,yesterday\n"  # 6: date
    "student@imports.example.com,python-basics,\n"  # 7: duplicate of 2
    "admin@imports.example.com,sql-basics,2999-01-01\n"  # 8: future
    "admin@imports.example.com,sql-basics,\n"  # 9: good, now
)


def test_enrollments_import_recounts_the_touched_courses(people, committed_session):
    job_id = upload(people, "enrollments", ENROLLMENTS_CSV)
    before = cache.stats()["invalidations"]
    run_import(job_id)
    assert cache.stats()["invalidations"] > before  # the cards' counts are fresh at once
    view = status(people, job_id)
    assert (view.total, view.processed, view.failed) == (8, 8, 5)
    assert errors(people, job_id) == [
        (4, "email"),
        (5, "course_slug"),
        (6, "enrolled_at"),
        (7, "course_slug"),
        (8, "enrolled_at"),
    ]
    fresh(committed_session)
    assert committed_session.get(Course, people["python"]).enrollment_count == 2
    assert committed_session.get(Course, people["sql"]).enrollment_count == 1
    teacher = committed_session.scalar(
        select(Enrollment).where(Enrollment.user_id == people["teacher"])
    )
    assert teacher.source == "import" and teacher.status == "active"
    assert teacher.enrolled_at.isoformat() == "2025-01-16T07:00:00+00:00"
    run_import(job_id)
    assert count(committed_session, Enrollment) == 3
    assert committed_session.get(Course, people["python"]).enrollment_count == 2


def test_enrollments_import_gives_access_back_to_a_cancelled_enrolment(people, committed_session):
    committed_session.add(
        Enrollment(user_id=people["student"], course_id=people["sql"], status="cancelled")
    )
    committed_session.commit()
    job_id = upload(people, "enrollments", "email,course_slug,enrolled_at\n"
                    "student@imports.example.com,sql-basics,\n")  # fmt: skip
    run_import(job_id)
    enrollment = committed_session.scalar(
        select(Enrollment).where(Enrollment.user_id == people["student"])
    )
    committed_session.refresh(enrollment)
    assert enrollment.status == "active"
    assert committed_session.get(Course, people["sql"]).enrollment_count == 1


def test_json_lines_rows_are_numbered_from_one(people, committed_session):
    lines = [
        {"email": "student@imports.example.com", "course_slug": "sql-basics"},
        "not json",
        ["a", "list"],
        {"email": "teacher@imports.example.com", "course_slug": {"nested": 1}},
        {"EMAIL": "admin@imports.example.com", "course_slug": "sql-basics", "extra": 5},
    ]
    text = "\n".join(item if isinstance(item, str) else json.dumps(item) for item in lines)
    job_id = upload(people, "enrollments", text, name="rows.jsonl")
    run_import(job_id)
    view = status(people, job_id)
    assert (view.total, view.processed, view.failed) == (5, 5, 3)
    assert errors(people, job_id) == [(2, None), (3, None), (4, "course_slug")]
    assert count(committed_session, Enrollment) == 2


ORDERS_CSV = (
    "email,course_slug,price,paid_at,provider_ref\n"
    "student@imports.example.com,python-basics,3990.00,2025-02-01T12:00:00Z,legacy-1\n"  # 2
    "teacher@imports.example.com,sql-basics,0,2025-02-02,legacy-2\n"  # 3: good
    "student@imports.example.com,sql-basics,,2025-02-03,legacy-3\n"  # 4: price required
    "student@imports.example.com,sql-basics,10,2999-01-01,legacy-4\n"  # 5: future
    "ghost@imports.example.com,sql-basics,10,2025-02-03,legacy-5\n"  # 6: user
    "admin@imports.example.com,sql-basics,10,2025-02-03,legacy-1\n"  # 7: duplicate ref
    "admin@imports.example.com,sql-basics,10,2025-02-03,sandbox-ref\n"  # 8: taken
)


def test_orders_import_writes_paid_orders_items_payments_and_enrolments(people, committed_session):
    order = Order(user_id=people["admin"], status="paid", total=Decimal("1"))
    committed_session.add(order)
    committed_session.flush()
    committed_session.add(
        Payment(order_id=order.id, provider="sandbox", provider_ref="sandbox-ref", amount=1)
    )
    committed_session.commit()
    job_id = upload(people, "orders", ORDERS_CSV)
    run_import(job_id)
    view = status(people, job_id)
    assert (view.total, view.processed, view.failed) == (7, 7, 5)
    assert errors(people, job_id) == [
        (4, "price"),
        (5, "paid_at"),
        (6, "email"),
        (7, "provider_ref"),
        (8, "provider_ref"),
    ]
    fresh(committed_session)
    payment = committed_session.scalar(select(Payment).where(Payment.provider_ref == "legacy-1"))
    assert payment.provider == "import" and payment.status == "succeeded"
    assert payment.amount == Decimal("3990.00")
    paid = committed_session.get(Order, payment.order_id)
    assert (paid.status, paid.user_id, paid.total, paid.currency) == (
        "paid",
        people["student"],
        Decimal("3990.00"),
        "RUB",
    )
    assert paid.paid_at.isoformat() == "2025-02-01T12:00:00+00:00"
    item = committed_session.scalar(select(OrderItem).where(OrderItem.order_id == paid.id))
    assert (item.course_id, item.title, item.price) == (
        people["python"],
        "Python basics",
        Decimal("3990.00"),
    )
    enrollment = committed_session.scalar(
        select(Enrollment).where(Enrollment.user_id == people["student"])
    )
    assert (enrollment.source, enrollment.order_id) == ("order", paid.id)
    assert committed_session.get(Course, people["python"]).enrollment_count == 1
    assert committed_session.get(Course, people["sql"]).enrollment_count == 1
    totals = (count(committed_session, Order), count(committed_session, Payment))
    run_import(job_id)
    assert (count(committed_session, Order), count(committed_session, Payment)) == totals
    assert count(committed_session, OrderItem) == 2 and count(committed_session, Enrollment) == 2
    assert (status(people, job_id).processed, status(people, job_id).failed) == (7, 5)


@contextmanager
def _third_batch_crashes(monkeypatch, message: str) -> Iterator[None]:
    """Within the block the import runs in batches of 5 and its third batch raises
    ConnectionError(message), as a worker that lost its database; the block expects it."""
    monkeypatch.setattr(imports, "BATCH_SIZE", 5)
    real_batch = imports.import_batch
    fail_on_call(monkeypatch, imports, "import_batch", 3, ConnectionError(message))
    try:
        with pytest.raises(ConnectionError):
            yield
    finally:
        monkeypatch.setattr(imports, "import_batch", real_batch)


def test_a_restart_after_a_crash_mid_job_ends_with_exactly_the_rows_of_the_file(
    people, committed_session, monkeypatch
):
    rows = [f"bulk-{number:03d}@example.com,Learner {number},student" for number in range(25)]
    rows[7] = "broken,Learner 7,student"
    job_id = upload(people, "users", "email,full_name,role\n" + "\n".join(rows) + "\n")
    with _third_batch_crashes(monkeypatch, "worker lost its database"):
        run_import(job_id)
    crashed = status(people, job_id)
    assert (crashed.status, crashed.processed, crashed.failed) == ("failed", 10, 1)
    assert "ConnectionError" in crashed.error
    assert count(committed_session, User, User.email.like("bulk-%")) == 9
    assert run_import(job_id) == "done"
    view = status(people, job_id)
    assert (view.status, view.processed, view.failed, view.error) == ("done", 25, 1, None)
    assert count(committed_session, User, User.email.like("bulk-%")) == 24
    assert errors(people, job_id) == [(9, "email")]


def test_a_job_whose_file_is_gone_fails_with_the_reason(people, committed_session):
    job_id = upload(people, "users", USERS_CSV)
    path = committed_session.get(ImportJob, job_id).file_path
    (settings.data_dir / path).unlink()
    assert run_import(job_id) == "failed"
    view = status(people, job_id)
    assert view.status == "failed" and "missing" in view.error and view.finished_at


def test_upload_is_stored_privately_and_enqueued_after_commit(people, enqueued):
    job_id = upload(people, "users", USERS_CSV)
    assert [(call.fn, *call.args) for call in enqueued] == [(run_import, job_id)]
    with Session(db.get_engine()) as session:
        job = session.get(ImportJob, job_id)
        assert job.status == "queued" and job.original_name == "file.csv"
        assert job.file_path.startswith("private/imports/")
        assert (settings.data_dir / job.file_path).read_text() == USERS_CSV


@pytest.mark.parametrize(
    ("data", "key"),
    [
        (b"", "imports.error.empty"),
        (b"   \n\n", "imports.error.empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "imports.error.not_text"),
        ("email;name\n".encode("utf-16"), "imports.error.not_text"),
        ("e-mail,naam\nx@example.com,Xé\n".encode("latin-1"), "imports.error.not_text"),
        (b"name,email\nX,x@example.com\n", "imports.error.header"),
        (b"# just some notes\nabout nothing\n", "imports.error.header"),
        (b"email,full_name,role\n\n", "imports.error.no_rows"),
        (b'["email", "full_name"]\n', "imports.error.header"),
        (b"{not json\n", "imports.error.json_object"),
    ],
    ids=["empty", "blank", "png", "utf16", "latin1", "header", "prose", "no-rows", "array",
         "bad-json"],
)  # fmt: skip
def test_a_file_that_is_not_an_import_is_refused_at_upload(people, committed_session, data, key):
    with pytest.raises(Invalid) as refused:
        db.run_sync(
            imports.create_import, actor_id=people["admin"], kind="users", filename="x", data=data
        )
    assert (refused.value.field, refused.value.message_key) == ("file", key)
    assert count(committed_session, ImportJob) == 0


def test_a_file_over_the_limit_is_refused_as_too_large(people, committed_session, monkeypatch):
    monkeypatch.setattr(settings, "max_import_mb", 1)
    data = b"email,full_name,role\n" + b"x@example.com,X,student\n" * 50_000
    with pytest.raises(imports.FileTooLarge) as refused:
        db.run_sync(
            imports.create_import, actor_id=people["admin"], kind="users", filename="x", data=data
        )
    assert refused.value.status == 413 and refused.value.field == "file"
    assert count(committed_session, ImportJob) == 0


def test_an_unknown_kind_is_refused_naming_the_kind(people):
    with pytest.raises(Invalid) as refused:
        upload(people, "payments", USERS_CSV)
    assert refused.value.field == "kind"


@pytest.mark.parametrize("role", ["teacher", "student"])
def test_only_admins_can_import_or_read_imports(people, committed_session, role):
    job_id = upload(people, "users", USERS_CSV)
    actor = people[role]
    calls = [
        (imports.create_import, {"kind": "users", "filename": "x", "data": b"email"}),
        (imports.list_imports, {}),
        (imports.import_status, {"job_id": job_id}),
        (imports.import_errors, {"job_id": job_id}),
        (imports.errors_csv, {"job_id": job_id}),
    ]
    for service, kwargs in calls:
        with pytest.raises(Forbidden):
            db.run_sync(service, actor_id=actor, **kwargs)
    assert count(committed_session, ImportJob) == 1


def test_errors_csv_and_translated_messages(people):
    job_id = upload(people, "users", USERS_CSV)
    run_import(job_id)
    text = db.run_sync(imports.errors_csv, actor_id=people["admin"], job_id=job_id)
    lines = text.splitlines()
    assert lines[0] == "row,field,message"
    assert lines[1].startswith("3,email,Invalid email address")
    assert lines[4] == "8,email,Duplicate: the same value is on line 2."
    russian = db.run_sync(
        imports.import_errors, actor_id=people["admin"], job_id=job_id, lang="ru", per_page=100
    )
    assert russian.items[3].message == "Повтор: такое значение уже было в строке 2."


def test_list_imports_is_newest_first_and_paginated(people):
    ids = [upload(people, "users", USERS_CSV) for _ in range(3)]
    first = db.run_sync(imports.list_imports, actor_id=people["admin"], per_page=2)
    assert first.total == 3 and [item.id for item in first.items] == ids[::-1][:2]
    second = db.run_sync(imports.list_imports, actor_id=people["admin"], page=2, per_page=2)
    assert [item.id for item in second.items] == [ids[0]]


def test_template_csv_is_the_documented_header():
    assert imports.template_csv("orders") == "email,course_slug,price,paid_at,provider_ref\r\n"
    assert imports.template_csv("users") == "email,full_name,role\r\n"


def test_enrolment_counters_are_current_after_every_batch(people, committed_session, monkeypatch):
    committed_session.add_all(
        [User(email=f"learner-{number}@example.com", full_name="L") for number in range(12)]
    )
    committed_session.commit()
    lines = [f"learner-{number}@example.com,python-basics,2025-01-01" for number in range(12)]
    job_id = upload(people, "enrollments", "email,course_slug,enrolled_at\n" + "\n".join(lines))
    with _third_batch_crashes(monkeypatch, "killed"):
        run_import(job_id)
    assert count(committed_session, Enrollment) == 10
    assert committed_session.get(Course, people["python"]).enrollment_count == 10
    run_import(job_id)
    assert count(committed_session, Enrollment) == 12
    assert committed_session.get(Course, people["python"]).enrollment_count == 12


def test_an_older_overlapping_run_stops_without_writing_when_a_newer_one_started(
    people, committed_session
):
    job_id = upload(people, "users", USERS_CSV)
    older = db.run_sync(imports.start_run, job_id=job_id)
    assert run_import(job_id) == "done"  # the newer run, start to finish
    users = count(committed_session, User)
    rows = list(imports.read_source(older))
    with pytest.raises(imports.RunSuperseded):
        db.run_sync(imports.import_batch, context=older, rows=rows)
    assert count(committed_session, User) == users
    assert count(committed_session, ImportJobError, ImportJobError.job_id == job_id) == 5
    view = status(people, job_id)
    assert (view.status, view.processed, view.failed) == ("done", 9, 5)
