"""The demo data set: accounts, a catalogue of ~30 courses, learners with progress and orders.

`seed_demo(session=...)` writes it through the ORM in the caller's transaction and is
idempotent: users are looked up by email, categories by slug, courses by slug, and
everything that hangs off a course (modules, lessons, quiz, sessions, enrolments,
progress, reviews, orders) is created only together with that course. A second run
therefore creates nothing. The texts of the catalogue live in `seed/demo_content.py`.
"""

from __future__ import annotations

import hashlib
import random
import secrets
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from slugify import slugify
from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from edu_platform.models import (
    AnswerOption,
    AnswerReveal,
    AttemptAnswer,
    Category,
    Course,
    CourseKind,
    CourseSession,
    Enrollment,
    EnrollmentSource,
    EnrollmentStatus,
    LearningEvent,
    Lesson,
    LessonKind,
    LessonProgress,
    Module,
    Order,
    OrderItem,
    OrderStatus,
    Payment,
    PaymentStatus,
    Question,
    Quiz,
    QuizAttempt,
    Review,
    Role,
    User,
    utcnow,
)
from edu_platform.seed import banners, blog_posts, demo_messages
from edu_platform.seed.demo_content import (
    CATEGORIES,
    CATEGORY_NAMES_EN,
    COURSES,
    NEWCOMER_NAMES,
    QUIZ_BANKS,
    REVIEW_TEXTS,
    STUDENT_NAMES,
    TEACHERS,
    TEXTS,
    CourseSpec,
    QuestionSpec,
)
from edu_platform.services import certificates
from edu_platform.services.archive import ARCHIVE_AFTER
from edu_platform.services.passwords import hash_password

DEMO_PASSWORD = "demo-password-1"


@dataclass(frozen=True)
class DemoAccount:
    role: Role
    email: str
    password: str
    full_name: str
    locale: str


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount(Role.ADMIN, "admin@example.com", DEMO_PASSWORD, "Наталья Белова", "ru"),
    DemoAccount(Role.TEACHER, "teacher@example.com", DEMO_PASSWORD, "Ирина Соколова", "ru"),
    DemoAccount(Role.STUDENT, "student@example.com", DEMO_PASSWORD, "Максим Петров", "ru"),
)
"""Fixed sign-in credentials printed by `python -m edu_platform.manage banner`."""

DEMO_TEACHER_EMAIL = "teacher@example.com"
DEMO_STUDENT_EMAIL = "student@example.com"
QUIZ_PASS_PERCENT = 70
RANDOM_SEED = 20240901
# The demo student finished a course this long ago (or more recently): inside the archive
# window, so "Completed" is not empty on a demo.
RECENT_COMPLETION = timedelta(days=7)
# Staff accounts date from before the oldest demo course (created 200 + 11 × index days ago).
STAFF_SIGNED_UP = timedelta(days=600)


@dataclass
class DemoSummary:
    """How many rows of each kind one run created (all zero on a second run)."""

    created: Counter[str] = field(default_factory=Counter)
    banners_drawn: int = 0

    def line(self) -> str:
        if not any(self.created.values()):
            return f"demo seed: nothing to do (already seeded); banners drawn: {self.banners_drawn}"
        parts = ", ".join(f"{name} {count}" for name, count in self.created.items() if count)
        return f"demo seed: created {parts}; banners drawn: {self.banners_drawn}"


@dataclass
class _CourseBuild:
    """A course created in this run and the rows the learner data needs."""

    spec: CourseSpec
    course: Course
    lessons: list[Lesson]
    quiz: Quiz | None = None
    questions: list[tuple[Question, list[AnswerOption]]] = field(default_factory=list)


def seed_demo(*, session: Session, with_banners: bool = True) -> DemoSummary:
    """Create the missing demo rows in `session`'s transaction (the caller commits)."""
    rng = random.Random(RANDOM_SEED)
    now = utcnow().replace(microsecond=0)
    summary = DemoSummary()
    password_hash = hash_password(DEMO_PASSWORD)  # once: argon2 costs ~50 ms per hash

    users, new_accounts = _ensure_users(session, password_hash, summary)
    categories = _ensure_categories(session, summary)
    existing_slugs = set(session.scalars(select(Course.slug)))
    builds = [
        _create_course(session, spec, users, categories, now, index, summary)
        for index, spec in enumerate(COURSES)
        if spec.slug not in existing_slugs
    ]
    session.flush()
    for build in builds:
        _create_quiz(session, build, summary)
    _create_sessions(session, builds, now, summary)
    session.flush()
    students = [users[account.email] for account in _student_accounts()]
    _create_learning(session, builds, students, users[DEMO_STUDENT_EMAIL], now, rng, summary)
    session.flush()
    _date_signups(session, new_accounts, now)
    _issue_certificates(session, builds, summary)
    summary.created["blog_posts"] += blog_posts.ensure_blog_posts(session, now)
    summary.created["messages"] += demo_messages.ensure_demo_conversation(
        session, DEMO_STUDENT_EMAIL, now
    )
    if with_banners:
        summary.banners_drawn = banners.ensure_banners(
            [(spec.slug, spec.title, spec.category) for spec in COURSES]
        )
    return summary


def _issue_certificates(session: Session, builds: list[_CourseBuild], summary: DemoSummary) -> None:
    """Completed enrolments hold their certificates, dated the completion, as the completion
    job would have issued them; the PDFs are drawn on first download."""
    course_ids = [build.course.id for build in builds if build.course.kind != CourseKind.MATERIAL]
    if not course_ids:
        return
    completed = session.scalars(
        select(Enrollment.id)
        .where(
            Enrollment.course_id.in_(course_ids),
            Enrollment.status == EnrollmentStatus.COMPLETED,
        )
        .order_by(Enrollment.id)
    ).all()
    for enrollment_id in completed:
        certificates.issue_certificate(session=session, enrollment_id=enrollment_id, render=False)
        summary.created["certificates"] += 1


# --- accounts and catalogue -----------------------------------------------------------


@dataclass(frozen=True)
class _Account:
    email: str
    full_name: str
    role: Role
    locale: str


def _learner_email(name: str) -> str:
    return f"{slugify(name, separator='.')}@example.com"


def _student_accounts() -> list[_Account]:
    """The learners of the demo's enrolments."""
    return [
        _Account(_learner_email(name), name, Role.STUDENT, locale) for name, locale in STUDENT_NAMES
    ]


def _newcomer_accounts() -> list[_Account]:
    """Learners who signed up lately and have not enrolled yet (NEWCOMER_NAMES)."""
    return [
        _Account(_learner_email(name), name, Role.STUDENT, locale)
        for name, locale, _days in NEWCOMER_NAMES
    ]


def _all_accounts() -> list[_Account]:
    accounts = [_Account(a.email, a.full_name, a.role, a.locale) for a in DEMO_ACCOUNTS]
    accounts += [
        _Account(email, name, Role.TEACHER, locale)
        for email, name, locale in TEACHERS
        if email != DEMO_TEACHER_EMAIL
    ]
    return accounts + _student_accounts() + _newcomer_accounts()


def _ensure_users(
    session: Session, password_hash: str, summary: DemoSummary
) -> tuple[dict[str, User], list[User]]:
    """Every demo account by email, and the ones this run created."""
    accounts = _all_accounts()
    emails = [account.email for account in accounts]
    found = session.scalars(select(User).where(User.email.in_(emails)))
    users = {user.email: user for user in found}
    created: list[User] = []
    for account in accounts:
        if account.email in users:
            continue
        user = User(
            email=account.email,
            full_name=account.full_name,
            password_hash=password_hash,
            role=account.role.value,
            locale=account.locale,
            email_verified_at=utcnow(),
        )
        session.add(user)
        users[account.email] = user
        created.append(user)
        summary.created["users"] += 1
    session.flush()
    return users, created


def _date_signups(session: Session, accounts: list[User], now: datetime) -> None:
    """Date the accounts this run created as if they had signed up over time: staff before
    the oldest course, a learner the day before their first enrolment, a newcomer as
    NEWCOMER_NAMES says. (Left at the seed's time, every account looked new: the admin's
    "new users" trend had them all today, after enrolments months old.)"""
    first_enrolment = dict(
        session.execute(
            select(Enrollment.user_id, func.min(Enrollment.enrolled_at))
            .where(Enrollment.user_id.in_([user.id for user in accounts]))
            .group_by(Enrollment.user_id)
        ).all()
    )
    newcomers = {_learner_email(name): days for name, _locale, days in NEWCOMER_NAMES}
    staff_since = now - STAFF_SIGNED_UP
    for user in accounts:
        enrolled = first_enrolment.get(user.id)
        if enrolled:
            signed_up = enrolled - timedelta(days=1)
        elif user.email in newcomers:
            signed_up = now - timedelta(days=newcomers[user.email])
        else:
            signed_up = staff_since
        # A statement, not ORM attributes: the rows were just inserted (and audited as
        # such); the audit listener would log this back-dating as 48 edits.
        session.execute(
            update(User)
            .where(User.id == user.id)
            .values(created_at=signed_up, updated_at=signed_up, email_verified_at=signed_up)
            .execution_options(synchronize_session=False)
        )
        session.expire(user, ["created_at", "updated_at", "email_verified_at"])


def _ensure_categories(session: Session, summary: DemoSummary) -> dict[str, Category]:
    categories = {category.slug: category for category in session.scalars(select(Category))}
    for position, (slug, name, description) in enumerate(CATEGORIES, start=1):
        if slug in categories:
            if not categories[slug].name_en:
                categories[slug].name_en = CATEGORY_NAMES_EN.get(slug, "")
            continue
        category = Category(
            slug=slug,
            name=name,
            name_en=CATEGORY_NAMES_EN.get(slug, ""),
            description=description,
            position=position,
        )
        session.add(category)
        categories[slug] = category
        summary.created["categories"] += 1
    session.flush()
    return categories


def _description(spec: CourseSpec, lessons_count: int) -> str:
    """The course's description. No total time in it: the course page shows the time its
    lessons take, worked out from their content, beside it."""
    texts = TEXTS[spec.language]
    outcomes = "\n".join(f"- {outcome}" for outcome in spec.outcomes)
    return (
        f"{spec.about}\n\n"
        f"## {texts['learn']}\n\n{outcomes}\n\n"
        f"## {texts['audience']}\n\n{texts['level_' + spec.level]}\n\n"
        f"## {texts['format']}\n\n"
        + texts["format_text"].format(
            modules=_counted(len(spec.modules), spec.language, "модуля", "модулей", "module"),
            lessons=_counted(lessons_count, spec.language, "урока", "уроков", "lesson"),
        )
    )


def _counted(count: int, language: str, ru_one: str, ru_many: str, en: str) -> str:
    """ "5 модулей" / "21 модуля" after «из» (Russian genitive), "1 module" / "5 modules"."""
    if language == "ru":
        one = count % 10 == 1 and count % 100 != 11
        return f"{count} {ru_one if one else ru_many}"
    return f"{count} {en if count == 1 else en + 's'}"


def _lesson_body(spec: CourseSpec, module_title: str, number: int) -> str:
    texts = TEXTS[spec.language]
    first = spec.outcomes[number % len(spec.outcomes)]
    second = spec.outcomes[(number + 1) % len(spec.outcomes)]
    language, code = spec.snippet
    return (
        texts["lesson_intro"].format(module=module_title, course=spec.title)
        + f"\n\n## {texts['key_ideas']}\n\n- {first}\n- {second}\n\n"
        f"## {texts['example']}\n\n```{language}\n{code}\n```\n\n"
        f"## {texts['practice']}\n\n{texts['practice_text']}\n"
    )


def _create_course(
    session: Session,
    spec: CourseSpec,
    users: dict[str, User],
    categories: dict[str, Category],
    now: datetime,
    index: int,
    summary: DemoSummary,
) -> _CourseBuild:
    created_at = now - timedelta(days=200 + 11 * index)
    start_date = (now + timedelta(days=spec.starts_in_days)).date() if spec.starts_in_days else None
    course = Course(
        slug=spec.slug,
        title=spec.title,
        summary=spec.summary,
        level=spec.level,
        language=spec.language,
        price=Decimal(spec.price).quantize(Decimal("0.01")),
        currency="RUB",
        is_published=spec.published,
        is_featured=spec.featured,
        banner=banners.banner_relative_path(spec.slug),
        category_id=categories[spec.category].id,
        teacher_id=users[spec.teacher].id,
        start_date=start_date,
        end_date=start_date + timedelta(weeks=spec.weeks) if start_date else None,
        points_per_visit=spec.points_per_visit,
        created_at=created_at,
        updated_at=created_at,
        published_at=created_at + timedelta(days=3) if spec.published else None,
    )
    session.add(course)
    session.flush()
    summary.created["courses"] += 1

    lessons: list[Lesson] = []
    texts = TEXTS[spec.language]
    # Positions are 0-based and dense, as the authoring service numbers them (API.md's
    # `position` of modules, lessons and questions).
    for module_position, (module_title, lesson_titles) in enumerate(spec.modules):
        module = Module(course_id=course.id, title=module_title, position=module_position)
        session.add(module)
        session.flush()
        summary.created["modules"] += 1
        is_last_module = module_position == len(spec.modules) - 1
        titles = list(lesson_titles) + ([texts["final_quiz"]] if is_last_module else [])
        for position, lesson_title in enumerate(titles):
            is_quiz = is_last_module and position == len(titles) - 1
            duration = 15 if is_quiz else 10 + (len(lessons) * 7 + len(lesson_title)) % 30
            lesson = Lesson(
                module_id=module.id,
                course_id=course.id,
                title=lesson_title,
                kind=(LessonKind.QUIZ if is_quiz else LessonKind.TEXT).value,
                body=(
                    texts["quiz_intro"]
                    if is_quiz
                    else _lesson_body(spec, module_title, len(lessons))
                ),
                position=position,
                duration_minutes=duration,
                is_preview=not lessons,
            )
            session.add(lesson)
            lessons.append(lesson)
            summary.created["lessons"] += 1
    course.lessons_count = len(lessons)
    course.description = _description(spec, len(lessons))
    return _CourseBuild(spec=spec, course=course, lessons=lessons)


def _create_quiz(session: Session, build: _CourseBuild, summary: DemoSummary) -> None:
    quiz_lesson = build.lessons[-1]
    quiz = Quiz(
        lesson_id=quiz_lesson.id,
        course_id=build.course.id,
        pass_percent=QUIZ_PASS_PERCENT,
        is_final=True,
        max_attempts=3,
        time_limit_minutes=20,
        # The right answers only once the three attempts are used: a learner who could
        # read them after the first would pass the second by copying (issue 14).
        reveal_answers=AnswerReveal.AFTER_LAST_ATTEMPT.value,
    )
    session.add(quiz)
    session.flush()
    summary.created["quizzes"] += 1
    bank = QUIZ_BANKS[(build.spec.category, build.spec.language)]
    # Every other course drops the last question: quizzes of 4 or 5 questions.
    chosen: list[QuestionSpec] = bank if build.spec.slug_hash % 2 else bank[:-1]
    for position, spec in enumerate(chosen):
        question = Question(
            quiz_id=quiz.id,
            kind=spec.kind.value,
            text=spec.text,
            position=position,
            points=1,
            correct_text=spec.correct_text,
            correct_number=spec.correct_number,
            tolerance=spec.tolerance,
        )
        session.add(question)
        session.flush()
        options = [
            AnswerOption(question_id=question.id, text=text, is_correct=correct, position=index)
            for index, (text, correct) in enumerate(spec.options, start=1)
        ]
        session.add_all(options)
        build.questions.append((question, options))
        summary.created["questions"] += 1
        summary.created["answer_options"] += len(options)
    build.quiz = quiz


def _create_sessions(
    session: Session, builds: list[_CourseBuild], now: datetime, summary: DemoSummary
) -> None:
    for build in builds:
        spec = build.spec
        if not spec.starts_in_days or not spec.published:
            continue
        texts = TEXTS[spec.language]
        first_day = (now + timedelta(days=spec.starts_in_days)).date()
        for number in range(1, 4):
            # 19:00 Moscow time is 16:00 UTC.
            starts_at = datetime.combine(
                first_day + timedelta(weeks=number - 1), time(16, 0), tzinfo=UTC
            )
            session.add(
                CourseSession(
                    course_id=build.course.id,
                    title=texts["session_title"].format(number=number),
                    starts_at=starts_at,
                    ends_at=starts_at + timedelta(minutes=90),
                    location=texts["session_location"],
                    meeting_url=f"https://meet.example.com/{spec.slug}-{number}",
                    checkin_token=secrets.token_urlsafe(24),
                )
            )
            summary.created["course_sessions"] += 1


# --- learners -------------------------------------------------------------------------


def _pick_courses(
    rng: random.Random, published: list[_CourseBuild], count: int
) -> list[_CourseBuild]:
    # Featured courses are three times as popular; sampling without replacement.
    pool = list(published)
    weights = [3 if build.spec.featured else 1 for build in pool]
    picked: list[_CourseBuild] = []
    while pool and len(picked) < count:
        build = rng.choices(pool, weights=weights)[0]
        index = pool.index(build)
        pool.pop(index)
        weights.pop(index)
        picked.append(build)
    return picked


def _completed_count(rng: random.Random, total: int) -> int:
    roll = rng.random()
    if roll < 0.25:
        return total
    if roll < 0.35:
        return 0
    return rng.randint(1, total - 1)


def _create_learning(
    session: Session,
    builds: list[_CourseBuild],
    students: list[User],
    demo_student: User,
    now: datetime,
    rng: random.Random,
    summary: DemoSummary,
) -> None:
    published = [build for build in builds if build.spec.published]
    if not published:
        return
    plan: list[tuple[User, _CourseBuild, int]] = []
    # The demo student: one course finished, one half way, one just started.
    for build, share in zip(_pick_courses(rng, published, 3), (1.0, 0.5, 0.15), strict=False):
        plan.append((demo_student, build, max(1, int(len(build.lessons) * share))))
    for student in students:
        if student.id == demo_student.id:
            continue
        plan.extend(
            (student, build, _completed_count(rng, len(build.lessons)))
            for build in _pick_courses(rng, published, rng.randint(3, 7))
        )

    ratings: dict[int, list[int]] = defaultdict(list)
    paid_by_student: dict[int, list[tuple[Enrollment, _CourseBuild]]] = defaultdict(list)
    for student, build, completed in plan:
        enrollment = _enroll(
            session, student, build, completed, now, rng, summary,
            finish_recently=student.id == demo_student.id,
        )  # fmt: skip
        if build.course.price > 0:
            paid_by_student[student.id].append((enrollment, build))
        # Learners who got at least half way leave a review seven times out of ten.
        if completed * 2 >= len(build.lessons) and rng.random() < 0.7:
            rating = rng.choices((5, 4, 3, 2, 1), weights=(50, 30, 12, 5, 3))[0]
            texts = REVIEW_TEXTS[build.spec.language][rating]
            session.add(
                Review(
                    user_id=student.id,
                    course_id=build.course.id,
                    rating=rating,
                    comment=rng.choice(texts),
                    created_at=enrollment.last_activity_at or now,
                    updated_at=enrollment.last_activity_at or now,
                )
            )
            ratings[build.course.id].append(rating)
            summary.created["reviews"] += 1
    session.flush()
    _create_orders(session, paid_by_student, students, published, now, rng, summary)

    enrolled = Counter(build.course.id for _, build, _ in plan)
    for build in builds:
        course = build.course
        course.enrollment_count = enrolled.get(course.id, 0)
        course_ratings = ratings.get(course.id, [])
        course.rating_count = len(course_ratings)
        course.rating_avg = (
            (Decimal(sum(course_ratings)) / len(course_ratings)).quantize(
                Decimal("0.01"), rounding=ROUND_HALF_UP
            )
            if course_ratings
            else Decimal("0.00")
        )


def _enroll(
    session: Session,
    student: User,
    build: _CourseBuild,
    completed: int,
    now: datetime,
    rng: random.Random,
    summary: DemoSummary,
    *,
    finish_recently: bool = False,
) -> Enrollment:
    """The student's enrolment with `completed` lessons done. A finished course completed
    more than ARCHIVE_AFTER ago is seeded archived, as the daily archive job would leave it
    (so the data does not change under a visitor a minute after the first start);
    `finish_recently` (the demo student) finishes it a few days ago instead, so /my/completed
    shows it."""
    total = len(build.lessons)
    enrolled_at = now - timedelta(days=rng.randint(20, 150), hours=rng.randint(0, 23))
    lesson_times = [
        enrolled_at + timedelta(days=1 + index * rng.randint(1, 2), minutes=rng.randint(0, 600))
        for index in range(completed)
    ]
    finished = completed == total
    if finished and finish_recently and lesson_times[-1] < now - RECENT_COMPLETION:
        # Shift the whole story forward (no extra draws: the rest of the seed is unchanged).
        shift = (now - RECENT_COMPLETION) - lesson_times[-1]
        enrolled_at += shift
        lesson_times = [moment + shift for moment in lesson_times]
    completed_at = lesson_times[-1] if finished else None
    enrollment = Enrollment(
        user_id=student.id,
        course_id=build.course.id,
        status=(EnrollmentStatus.COMPLETED if finished else EnrollmentStatus.ACTIVE).value,
        progress_percent=completed * 100 // total,
        completed_lessons=completed,
        source=(EnrollmentSource.ORDER if build.course.price > 0 else EnrollmentSource.FREE).value,
        enrolled_at=enrolled_at,
        completed_at=completed_at,
        last_activity_at=lesson_times[-1] if lesson_times else enrolled_at,
        archived_at=now if completed_at and completed_at < now - ARCHIVE_AFTER else None,
    )
    session.add(enrollment)
    session.flush()
    summary.created["enrollments"] += 1
    for lesson, completed_at in zip(build.lessons, lesson_times, strict=False):
        session.add(
            LessonProgress(
                enrollment_id=enrollment.id,
                lesson_id=lesson.id,
                user_id=student.id,
                completed_at=completed_at,
                updated_at=completed_at,
            )
        )
        summary.created["lesson_progress"] += 1
    if finished and build.quiz is not None:
        _passed_attempt(session, student, build, lesson_times[-1], summary)
    _learning_events(session, student, build, completed, lesson_times, now, rng, summary)
    return enrollment


def _study_session(
    student: User, build: _CourseBuild, lesson_index: int, ends_at: datetime,
    rng: random.Random, *, completes: bool,
) -> list[dict]:  # fmt: skip
    """A sitting on one lesson: opened, heartbeats a minute or three apart, maybe done."""
    lesson = build.lessons[lesson_index]
    beats = rng.randint(3, 12)
    at = ends_at - timedelta(minutes=beats * 2 + 1)
    events = [_event(student, build, lesson.id, "lesson_opened", at)]
    for _ in range(beats):
        at += timedelta(seconds=rng.randint(40, 180))
        events.append(_event(student, build, lesson.id, "heartbeat", at))
    if completes:
        events.append(_event(student, build, lesson.id, "lesson_completed", ends_at))
    return events


def _event(student: User, build: _CourseBuild, lesson_id: int, kind: str, at: datetime) -> dict:
    return {
        "user_id": student.id,
        "course_id": build.course.id,
        "lesson_id": lesson_id,
        "type": kind,
        "ts": at,
    }


def _learning_events(
    session: Session,
    student: User,
    build: _CourseBuild,
    completed: int,
    lesson_times: list[datetime],
    now: datetime,
    rng: random.Random,
    summary: DemoSummary,
) -> None:
    """Events behind the progress (one sitting per lesson done) and, for learners still
    on their way, a few recent sittings on the next lesson, so the analytics pages and
    "My activity" show a living course.

    Written as one multi-row insert, not as ORM objects: the demo's ~10,000 events were a
    third of the seed's time as objects (a model instance costs ~0.15 ms to build), and
    nothing listens to their flush (the table is not audited, it has no foreign keys)."""
    events: list[dict] = []
    for index, done_at in enumerate(lesson_times):
        events += _study_session(student, build, index, done_at, rng, completes=True)
    if completed < len(build.lessons) and rng.random() < 0.7:
        for _ in range(rng.randint(1, 4)):
            when = now - timedelta(days=rng.randint(0, 20), minutes=rng.randint(30, 900))
            events += _study_session(student, build, completed, when, rng, completes=False)
    if events:
        session.execute(insert(LearningEvent), events)
    summary.created["learning_events"] += len(events)


def _passed_attempt(
    session: Session, student: User, build: _CourseBuild, at: datetime, summary: DemoSummary
) -> None:
    attempt = QuizAttempt(
        quiz_id=build.quiz.id,
        user_id=student.id,
        started_at=at - timedelta(minutes=12),
        submitted_at=at,
        score_percent=100,
        passed=True,
        question_ids=[question.id for question, _ in build.questions],
    )
    session.add(attempt)
    session.flush()
    summary.created["quiz_attempts"] += 1
    for question, options in build.questions:
        session.add(
            AttemptAnswer(
                attempt_id=attempt.id,
                question_id=question.id,
                selected_option_ids=[o.id for o in options if o.is_correct] or None,
                text_answer=question.correct_text,
                number_answer=question.correct_number,
                is_correct=True,
                answered_at=at,
            )
        )


def _provider_ref(*parts: object) -> str:
    digest = hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:24]
    return f"sandbox_demo_{digest}"


def _create_orders(
    session: Session,
    paid_by_student: dict[int, list[tuple[Enrollment, _CourseBuild]]],
    students: list[User],
    published: list[_CourseBuild],
    now: datetime,
    rng: random.Random,
    summary: DemoSummary,
) -> None:
    """Paid orders (one or two courses each) behind every paid enrolment; a few pending."""
    for user_id, enrollments in paid_by_student.items():
        index = 0
        while index < len(enrollments):
            group = enrollments[index : index + rng.choice((1, 1, 2))]
            index += len(group)
            paid_at = min(enrollment.enrolled_at for enrollment, _ in group)
            total = sum((build.course.price for _, build in group), Decimal("0.00"))
            order = Order(
                user_id=user_id,
                status=OrderStatus.PAID.value,
                subtotal=total,
                total=total,
                idempotency_key=_provider_ref(user_id, *(b.spec.slug for _, b in group)),
                created_at=paid_at - timedelta(minutes=5),
                updated_at=paid_at,
                paid_at=paid_at,
            )
            session.add(order)
            session.flush()
            summary.created["orders"] += 1
            for enrollment, build in group:
                session.add(
                    OrderItem(
                        order_id=order.id,
                        course_id=build.course.id,
                        title=build.course.title,
                        price=build.course.price,
                    )
                )
                enrollment.order_id = order.id
                summary.created["order_items"] += 1
            session.add(
                Payment(
                    order_id=order.id,
                    provider="sandbox",
                    provider_ref=_provider_ref("payment", order.idempotency_key),
                    status=PaymentStatus.SUCCEEDED.value,
                    amount=total,
                    created_at=paid_at - timedelta(minutes=4),
                    updated_at=paid_at,
                )
            )
            summary.created["payments"] += 1

    # Abandoned checkouts: a pending order for a paid course the learner has not bought.
    paid_courses = [build for build in published if build.course.price > 0]
    for student in students[3:6]:
        owned = {build.course.id for _, build in paid_by_student.get(student.id, [])}
        candidates = [build for build in paid_courses if build.course.id not in owned]
        if not candidates:
            continue
        build = rng.choice(candidates)
        created_at = now - timedelta(days=rng.randint(1, 5))
        order = Order(
            user_id=student.id,
            status=OrderStatus.PENDING.value,
            subtotal=build.course.price,
            total=build.course.price,
            idempotency_key=_provider_ref("pending", student.id, build.spec.slug),
            created_at=created_at,
            updated_at=created_at,
        )
        session.add(order)
        session.flush()
        session.add(
            OrderItem(
                order_id=order.id,
                course_id=build.course.id,
                title=build.course.title,
                price=build.course.price,
            )
        )
        summary.created["orders"] += 1
        summary.created["order_items"] += 1
