"""The demo and large seeds on both databases: accounts, catalogue, consistent aggregates,
idempotency, and the bulk path's foreign keys, counts and sequences."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest
from PIL import Image
from sqlalchemy import Engine, func, select
from sqlmodel import Session, SQLModel

from edu_platform import manage
from edu_platform.models import (
    AnswerOption,
    BlogPost,
    Category,
    Certificate,
    Course,
    Enrollment,
    LearningEvent,
    Lesson,
    LessonProgress,
    Module,
    Order,
    OrderItem,
    Payment,
    Question,
    Quiz,
    Review,
    User,
    utcnow,
)
from edu_platform.seed import __main__ as seed_cli
from edu_platform.seed import banners, blog_posts, run_seed
from edu_platform.seed.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_STUDENT_EMAIL
from edu_platform.seed.demo_content import COURSES, NEWCOMER_NAMES
from edu_platform.seed.large import BULK_PREFIX, LESSONS_PER_COURSE, LargeSizes
from edu_platform.services import admin_overview, archive, blog, messaging
from edu_platform.services.admin_overview import TREND_DAYS
from edu_platform.services.archive import ARCHIVE_AFTER
from edu_platform.services.passwords import verify_password
from edu_platform.settings import PROJECT_ROOT, settings
from tests.conftest import DatabaseFactory, make_test_engine

TINY_SCALE = 0.002


@pytest.fixture(scope="module")
def _seeded_engines(make_database: DatabaseFactory) -> Iterator[dict[str, Engine]]:
    engines: dict[str, Engine] = {}
    yield engines
    for engine in engines.values():
        engine.dispose()


@pytest.fixture
def demo_engine(backend: str, make_database: DatabaseFactory, _seeded_engines) -> Engine:
    """A database of the current backend seeded once with the demo data (no banners)."""
    if backend not in _seeded_engines:
        engine = make_test_engine(make_database(backend))
        run_seed("demo", engine=engine, with_banners=False)
        _seeded_engines[backend] = engine
    return _seeded_engines[backend]


@pytest.fixture
def fresh_engine(backend: str, make_database: DatabaseFactory) -> Iterator[Engine]:
    engine = make_test_engine(make_database(backend))
    yield engine
    engine.dispose()


def _table_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {
            table.name: connection.execute(select(func.count()).select_from(table)).scalar_one()
            for table in SQLModel.metadata.sorted_tables
        }


# --- demo -----------------------------------------------------------------------------


def test_demo_accounts_have_their_roles_and_the_documented_password(demo_engine: Engine):
    with Session(demo_engine) as session:
        for account in DEMO_ACCOUNTS:
            user = session.scalars(select(User).where(User.email == account.email)).one()
            assert user.role == account.role.value
            assert user.is_active
            assert verify_password(account.password, user.password_hash)
            assert not verify_password("wrong-password", user.password_hash)
    assert {account.password for account in DEMO_ACCOUNTS} == {DEMO_PASSWORD}
    assert {a.role.value for a in DEMO_ACCOUNTS} == {"admin", "teacher", "student"}
    # README's table of demo accounts is what a newcomer signs in with.
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    for account in DEMO_ACCOUNTS:
        assert f"| {account.role.value} | {account.email} | {DEMO_PASSWORD} |" in readme


def test_demo_catalogue_has_30_courses_in_6_categories_in_both_languages(demo_engine: Engine):
    with Session(demo_engine) as session:
        courses = session.scalars(select(Course)).all()
        categories = session.scalars(select(Category)).all()
        teachers = {user.id: user.role for user in session.scalars(select(User))}
    published = [course for course in courses if course.is_published]
    assert len(courses) >= 30
    assert len({course.category_id for course in courses}) >= 6 and len(categories) >= 6
    assert {course.language for course in courses} == {"ru", "en"}
    assert sum(course.is_featured for course in published) >= 8
    assert 2 <= len(courses) - len(published) <= 3
    assert any(course.price == 0 for course in published)
    assert any(course.price >= 10_000 for course in published)
    assert all(teachers[course.teacher_id] == "teacher" for course in courses)
    assert all(course.banner == f"banners/{course.slug}.png" for course in courses)
    assert all(course.description.count("\n\n") >= 3 for course in courses)


def test_every_published_course_has_modules_lessons_and_a_final_quiz(demo_engine: Engine):
    with Session(demo_engine) as session:
        for course in session.scalars(select(Course).where(Course.is_published.is_(True))):
            modules = session.scalars(select(Module).where(Module.course_id == course.id)).all()
            assert 2 <= len(modules) <= 4, course.slug
            for module in modules:
                count = session.scalar(select(func.count()).where(Lesson.module_id == module.id))
                assert 2 <= count <= 5, (course.slug, module.title)
            quiz = session.scalars(select(Quiz).where(Quiz.course_id == course.id)).one()
            assert quiz.is_final and quiz.pass_percent == 70
            # Answers only after the last of the three attempts (issue 14).
            assert (quiz.max_attempts, quiz.reveal_answers) == (3, "after_last_attempt")
            last_lesson = session.get(Lesson, quiz.lesson_id)
            assert last_lesson.kind == "quiz" and last_lesson.module_id == modules[-1].id
            questions = session.scalars(select(Question).where(Question.quiz_id == quiz.id)).all()
            assert 4 <= len(questions) <= 6
            assert {"single", "multiple", "text", "number"} <= {q.kind for q in questions}
            for question in questions:
                options = session.scalars(
                    select(AnswerOption).where(AnswerOption.question_id == question.id)
                ).all()
                correct = sum(option.is_correct for option in options)
                if question.kind == "single":
                    assert correct == 1
                elif question.kind == "multiple":
                    assert correct >= 2
                elif question.kind == "text":
                    assert question.correct_text
                else:
                    assert question.correct_number is not None


def test_course_aggregates_match_their_rows(demo_engine: Engine):
    with Session(demo_engine) as session:
        ratings: dict[int, list[int]] = defaultdict(list)
        for review in session.scalars(select(Review)):
            ratings[review.course_id].append(review.rating)
        enrolled = Counter(session.scalars(select(Enrollment.course_id)))
        lessons = Counter(session.scalars(select(Lesson.course_id)))
        courses = session.scalars(select(Course)).all()
    assert sum(enrolled.values()) > 100 and sum(len(r) for r in ratings.values()) > 30
    for course in courses:
        course_ratings = ratings.get(course.id, [])
        expected = (
            (Decimal(sum(course_ratings)) / len(course_ratings)).quantize(
                Decimal("0.01"), rounding=ROUND_HALF_UP
            )
            if course_ratings
            else Decimal("0")
        )
        assert course.rating_count == len(course_ratings), course.slug
        assert Decimal(course.rating_avg) == expected, course.slug
        assert course.enrollment_count == enrolled.get(course.id, 0), course.slug
        assert course.lessons_count == lessons[course.id], course.slug


def test_enrolment_progress_matches_completed_lessons(demo_engine: Engine):
    with Session(demo_engine) as session:
        done = Counter(
            session.scalars(
                select(LessonProgress.enrollment_id).where(LessonProgress.completed_at.is_not(None))
            )
        )
        enrollments = session.scalars(select(Enrollment)).all()
        lessons = Counter(session.scalars(select(Lesson.course_id)))
        reviewers = {(r.user_id, r.course_id) for r in session.scalars(select(Review))}
    assert any(e.status == "completed" for e in enrollments)
    for enrollment in enrollments:
        total = lessons[enrollment.course_id]
        assert enrollment.completed_lessons == done.get(enrollment.id, 0)
        assert enrollment.progress_percent == enrollment.completed_lessons * 100 // total
        assert (enrollment.status == "completed") == (enrollment.completed_lessons == total)
    assert reviewers <= {(e.user_id, e.course_id) for e in enrollments}


def test_completed_enrolments_hold_one_certificate_dated_their_completion(demo_engine: Engine):
    with Session(demo_engine) as session:
        completed = {
            e.id: e
            for e in session.scalars(select(Enrollment).where(Enrollment.status == "completed"))
        }
        rows = session.scalars(select(Certificate)).all()
        demo_student = session.scalar(select(User).where(User.email == DEMO_STUDENT_EMAIL))
    assert completed and len(rows) == len(completed)
    assert {row.enrollment_id for row in rows} == set(completed)
    for row in rows:
        enrollment = completed[row.enrollment_id]
        assert (row.user_id, row.course_id) == (enrollment.user_id, enrollment.course_id)
        assert row.issued_at == enrollment.completed_at
        assert row.status == "ready"
    assert any(row.user_id == demo_student.id for row in rows)


def test_the_seed_is_already_as_the_daily_archive_job_leaves_it(demo_engine: Engine):
    """Old completions arrive archived, and the demo student's finished course is recent
    enough to stay on /my/completed: the first run of the archive job (a minute after
    start) changes nothing a visitor or a browser test is looking at."""
    with Session(demo_engine) as session:
        completed = session.scalars(select(Enrollment).where(Enrollment.status == "completed"))
        demo_student = session.scalar(select(User).where(User.email == DEMO_STUDENT_EMAIL))
        mine = [row for row in completed if row.user_id == demo_student.id]
        assert len(mine) == 1 and mine[0].archived_at is None
        assert mine[0].completed_at > utcnow() - ARCHIVE_AFTER
        assert session.scalar(
            select(func.count()).select_from(Enrollment).where(Enrollment.archived_at.is_not(None))
        ), "older completions are seeded archived"
        assert archive.archive_completed_enrollments(session=session) == 0
        session.rollback()


def test_accounts_signed_up_before_what_they_did(demo_engine: Engine):
    """Learners before their first enrolment, teachers before their courses: the admin's
    "new users" trend does not show the whole demo as signed up today."""
    with Session(demo_engine) as session:
        late_learners = session.scalar(
            select(func.count())
            .select_from(User)
            .join(Enrollment, Enrollment.user_id == User.id)
            .where(User.created_at >= Enrollment.enrolled_at)
        )
        late_teachers = session.scalar(
            select(func.count())
            .select_from(User)
            .join(Course, Course.teacher_id == User.id)
            .where(User.created_at >= Course.created_at)
        )
        newest_active = session.scalar(
            select(func.max(User.created_at)).where(
                User.id.in_(select(Enrollment.user_id)) | User.id.in_(select(Course.teacher_id))
            )
        )
    assert (late_learners, late_teachers) == (0, 0)
    assert newest_active < utcnow() - timedelta(days=7)


def test_the_newest_learners_signed_up_in_the_last_weeks_and_show_in_the_admin_trend(
    demo_engine: Engine,
):
    """The admin overview's "new users" line is not flat on a demo: the newcomers signed up
    on their own days within the trend's 30 days, and have not enrolled yet."""
    with Session(demo_engine) as session:
        admin = session.scalar(select(User).where(User.role == "admin"))
        recent = session.scalars(
            select(User).where(User.created_at >= utcnow() - timedelta(days=TREND_DAYS - 1))
        ).all()
        enrolled = session.scalar(
            select(func.count())
            .select_from(Enrollment)
            .where(Enrollment.user_id.in_([user.id for user in recent]))
        )
        points = admin_overview.trends(session=session, actor_id=admin.id).points
    assert sorted(user.full_name for user in recent) == sorted(n for n, _l, _d in NEWCOMER_NAMES)
    assert {user.role for user in recent} == {"student"} and enrolled == 0
    by_day = {point.day: point.new_users for point in points}
    for _name, _locale, days in NEWCOMER_NAMES:
        assert by_day[(utcnow() - timedelta(days=days)).date().isoformat()] >= 1
    assert sum(by_day.values()) == len(NEWCOMER_NAMES)


def test_the_demo_blog_has_posts_by_teachers_in_both_languages(demo_engine: Engine):
    with Session(demo_engine) as session:
        page = blog.list_posts(session=session)
        by_tag = blog.list_posts(session=session, tag="обучение")
        authors = set(
            session.scalars(
                select(User.role).join(BlogPost, BlogPost.author_id == User.id).distinct()
            )
        )
    assert page.total == len(blog_posts.POSTS) == 3
    assert {"обучение", "learning"} <= set(page.tags)
    assert by_tag.total == 2
    assert authors == {"teacher"}


def test_the_demo_student_has_an_unread_answer_from_a_teacher_of_theirs(demo_engine: Engine):
    with Session(demo_engine) as session:
        student = session.scalar(select(User).where(User.email == DEMO_STUDENT_EMAIL))
        inbox = messaging.list_conversations(session=session, user_id=student.id)
        assert len(inbox.items) == 1
        teacher = session.get(User, inbox.items[0].other_user.id)
        assert teacher.role == "teacher"
        assert messaging.may_write(session, teacher, student)
        assert inbox.items[0].unread == 1
        assert messaging.unread_messages(session=session, user_id=student.id) == 1


def test_paid_enrolments_are_backed_by_paid_orders_with_payments(demo_engine: Engine):
    with Session(demo_engine) as session:
        orders = {order.id: order for order in session.scalars(select(Order))}
        items: dict[int, list[OrderItem]] = defaultdict(list)
        for item in session.scalars(select(OrderItem)):
            items[item.order_id].append(item)
        payments = {p.order_id: p for p in session.scalars(select(Payment))}
        paid_enrollments = session.execute(
            select(Enrollment, Course.price)
            .join(Course, Course.id == Enrollment.course_id)
            .where(Course.price > 0)
        ).all()
    assert {order.status for order in orders.values()} == {"paid", "pending"}
    for order in orders.values():
        assert order.total == sum(item.price for item in items[order.id])
        if order.status == "paid":
            payment = payments[order.id]
            assert payment.status == "succeeded" and payment.provider == "sandbox"
            assert payment.amount == order.total
    assert len({p.provider_ref for p in payments.values()}) == len(payments)
    for enrollment, _price in paid_enrollments:
        order = orders[enrollment.order_id]
        assert order.status == "paid" and order.user_id == enrollment.user_id
        assert enrollment.course_id in {item.course_id for item in items[order.id]}


def test_second_demo_run_creates_nothing(demo_engine: Engine):
    before = _table_counts(demo_engine)
    line = run_seed("demo", engine=demo_engine, with_banners=False)
    assert "nothing to do" in line
    assert _table_counts(demo_engine) == before


def test_if_empty_is_a_noop_on_a_seeded_database(demo_engine: Engine, capsys):
    before = _table_counts(demo_engine)
    url = demo_engine.url.render_as_string(hide_password=False)
    assert seed_cli.main(["--size", "demo", "--if-empty", "--database-url", url]) == 0
    assert "skipped" in capsys.readouterr().out
    assert _table_counts(demo_engine) == before


def test_banners_are_drawn_once_per_course(tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "data_dir", tmp_path)
    courses = [(spec.slug, spec.title, spec.category) for spec in COURSES]
    assert banners.ensure_banners(courses) == len(COURSES)
    assert banners.ensure_banners(courses) == 0
    with Image.open(tmp_path / "media" / banners.banner_relative_path(COURSES[0].slug)) as png:
        assert png.format == "PNG" and png.size == (800, 400)


def test_banner_command_prints_the_url_and_the_demo_accounts(capsys):
    assert manage.main(["banner"]) == 0
    out = capsys.readouterr().out
    assert settings.public_url in out
    for account in DEMO_ACCOUNTS:
        assert account.email in out and account.password in out


# --- large ----------------------------------------------------------------------------


@pytest.fixture
def demo_copy_engine(demo_engine: Engine, make_database: DatabaseFactory) -> Iterator[Engine]:
    """A copy of `demo_engine`'s database (the demo seed, 5-8 CPU-s, is not run again)."""
    demo_engine.dispose()  # PostgreSQL copies a database nobody is connected to
    engine = make_test_engine(make_database.copy_of(str(demo_engine.url)))
    yield engine
    engine.dispose()


@pytest.mark.parametrize("on_top_of_demo", [False, True], ids=["empty-db", "after-demo"])
def test_large_seed_at_tiny_scale_is_consistent(request, backend: str, on_top_of_demo: bool):
    # `backend` parametrizes the test: both engines below are of the current backend.
    engine: Engine = request.getfixturevalue(
        "demo_copy_engine" if on_top_of_demo else "fresh_engine"
    )
    # A database of its own: the demo's copy, or an empty one (never the session's, which
    # other tests share).
    assert _table_counts(engine)["course"] == (len(COURSES) if on_top_of_demo else 0)
    before = _table_counts(engine)
    sizes = LargeSizes.at_scale(TINY_SCALE)

    run_seed("large", engine=engine, scale=TINY_SCALE)

    after = _table_counts(engine)
    added = {table: after[table] - before[table] for table in after}
    assert added["user"] == sizes.users
    assert added["course"] == sizes.courses
    assert added["lesson"] == sizes.courses * LESSONS_PER_COURSE
    assert added["enrollment"] == sizes.enrollments
    assert added["learning_event"] == sizes.learning_events
    with Session(engine) as session:
        bulk_courses = session.scalars(
            select(Course).where(Course.slug.startswith(f"{BULK_PREFIX}course-"))
        ).all()
        bulk_ids = {course.id for course in bulk_courses}
        enrollments = [e for e in session.scalars(select(Enrollment)) if e.course_id in bulk_ids]
        progress = Counter(session.scalars(select(LessonProgress.enrollment_id)))
        reviews = [r for r in session.scalars(select(Review)) if r.course_id in bulk_ids]
        orders = session.scalars(
            select(Order).where(Order.idempotency_key.startswith(BULK_PREFIX))
        ).all()
        items: dict[int, list[OrderItem]] = defaultdict(list)
        for item in session.scalars(select(OrderItem)):
            items[item.order_id].append(item)
        payments = {p.order_id: p for p in session.scalars(select(Payment))}
        max_event = session.scalar(select(func.max(LearningEvent.course_id)))
    assert added["lesson_progress"] == sum(e.completed_lessons for e in enrollments)
    assert all(progress.get(e.id, 0) == e.completed_lessons for e in enrollments)
    enrolled = Counter(e.course_id for e in enrollments)
    ratings: dict[int, list[int]] = defaultdict(list)
    for review in reviews:
        ratings[review.course_id].append(review.rating)
    for course in bulk_courses:
        assert course.enrollment_count == enrolled[course.id]
        assert course.rating_count == len(ratings[course.id])
    assert added["order"] == len(orders) > 0
    assert added["order_item"] == sum(len(items[o.id]) for o in orders)
    for order in orders:
        assert order.total == sum(item.price for item in items[order.id])
        assert (order.id in payments) == (order.status == "paid")
    assert max_event in bulk_ids
    if engine.dialect.name == "sqlite":
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA foreign_key_check").all() == []

    # Sequences (PostgreSQL) and autoincrement (SQLite) continue after the explicit ids.
    with Session(engine) as session:
        teacher = User(email="after-bulk@example.com", full_name="After Bulk", role="teacher")
        session.add(teacher)
        session.flush()
        course = Course(slug="after-bulk", title="After bulk", teacher_id=teacher.id)
        session.add(course)
        session.flush()
        session.add(Enrollment(user_id=teacher.id, course_id=course.id))
        session.add(Order(user_id=teacher.id))
        session.commit()
    assert "already present" in run_seed("large", engine=engine, scale=TINY_SCALE)


def test_demo_teachers_have_bios(demo_engine: Engine):
    from edu_platform.seed.teacher_bios import TEACHER_BIOS

    with Session(demo_engine) as session:
        bios = dict(
            session.execute(
                select(User.email, User.bio).where(User.email.in_(list(TEACHER_BIOS)))
            ).all()
        )
    assert bios == TEACHER_BIOS
