"""The large data set for load and query tests, written through each database's bulk path.

At scale 1: 10k users (100 teachers), 1k courses × 3 modules × 4 lessons (12k lessons),
100k enrolments, ~1M lesson_progress rows, 20k reviews, 20k orders with 60k items and
a payment per paid order, 1M learning events.

How it writes: PostgreSQL COPY (text format, rows formatted in Python) and, on SQLite,
stdlib `sqlite3.executemany`, each in ONE transaction on a raw DBAPI connection of the
engine; never an ORM object per row, so the audit listener does not see these rows (one
summary audit row per table is written instead). Ids are explicit: each table continues
after its current maximum id, and PostgreSQL sequences are moved past them afterwards.

Where it can run: on an empty migrated database or on top of the demo data. Emails and
slugs carry the "bulk-" prefix; the demo categories are reused (created if missing). It
runs once per database: when bulk users already exist it does nothing.

Aggregates are computed while generating and written with the rows: course
enrollment_count / rating_avg / rating_count / lessons_count, enrolment progress_percent
and completed_lessons (= its lesson_progress rows), order subtotal/total (= its items),
payment amount (= order total).
"""

from __future__ import annotations

import json
import random
import time as clock
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from edu_platform.audit import record
from edu_platform.models import AuditAction, utcnow
from edu_platform.search_text import search_text_for
from edu_platform.seed.demo import DEMO_PASSWORD
from edu_platform.seed.demo_content import CATEGORIES, CATEGORY_NAMES_EN
from edu_platform.services.passwords import hash_password

BULK_PREFIX = "bulk-"
MODULES_PER_COURSE = 3
LESSONS_PER_MODULE = 4
LESSONS_PER_COURSE = MODULES_PER_COURSE * LESSONS_PER_MODULE
ITEMS_PER_ORDER = 3
PRICES = (Decimal("2990.00"), Decimal("4990.00"), Decimal("12900.00"), Decimal("1990.00"))
# Completed lessons of successive enrolments (of 12): mean 10, 40 % finish the course.
COMPLETION_PATTERN = (12, 12, 12, 10, 8, 12, 6, 11, 9, 8)
RATING_PATTERN = (5, 4, 5, 3, 5, 4, 2, 5, 4, 1, 5, 4)
COPY_CHUNK_ROWS = 5000


@dataclass(frozen=True)
class LargeSizes:
    users: int
    teachers: int
    courses: int
    enrollments: int
    orders: int
    learning_events: int

    @classmethod
    def at_scale(cls, scale: float) -> LargeSizes:
        """Row targets at `scale` (1.0: the full data set), with small floors for tests."""
        users = max(20, round(10_000 * scale))
        teachers = max(2, users // 100)
        courses = max(8, round(1_000 * scale))
        students = users - teachers
        # A learner needs ITEMS_PER_ORDER courses left over for unpaid (pending) orders.
        enrollments = min(round(100_000 * scale), students * (courses - ITEMS_PER_ORDER - 1))
        return cls(
            users=users,
            teachers=teachers,
            courses=courses,
            enrollments=max(enrollments, students),
            orders=round(20_000 * scale),
            learning_events=round(1_000_000 * scale),
        )


@dataclass
class TableTiming:
    table: str
    rows: int
    seconds: float

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


@dataclass
class LargeSummary:
    backend: str
    skipped: bool = False
    tables: list[TableTiming] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def rows(self) -> int:
        return sum(table.rows for table in self.tables)

    def line(self) -> str:
        if self.skipped:
            return "large seed: bulk data already present, nothing to do"
        return (
            f"large seed ({self.backend}): {self.rows:,} rows in {len(self.tables)} tables, "
            f"{self.seconds:.1f} s ({self.rows / self.seconds:,.0f} rows/s)"
        )


# --- writers: one per database --------------------------------------------------------


class _Writer:
    """Bulk-inserts rows of Python values into one table on a raw DBAPI connection."""

    backend = ""

    def __init__(self, dbapi_connection: Any) -> None:
        self.connection = dbapi_connection

    def begin(self) -> None: ...

    def query(self, sql: str) -> list[tuple]:
        cursor = self.connection.cursor()
        try:
            cursor.execute(sql)
            return list(cursor.fetchall())
        finally:
            cursor.close()

    def insert(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
        raise NotImplementedError

    def finish(self, tables: Sequence[str]) -> None:
        self.connection.commit()

    def rollback(self) -> None:
        self.connection.rollback()


def _pg_text(value: str) -> str:
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        value = (
            value.replace("\\", "\\\\")
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
    return value


_PG_FORMAT: dict[type, Callable[[Any], str]] = {
    type(None): lambda _value: "\\N",
    str: _pg_text,
    bool: lambda value: "t" if value else "f",
    int: str,
    Decimal: str,
    datetime: datetime.isoformat,
    date: date.isoformat,
}


class _PostgresWriter(_Writer):
    """COPY … FROM STDIN in text format, rows formatted in Python and sent in chunks."""

    backend = "postgresql"

    def begin(self) -> None:
        # Nothing waits on this transaction's durability until its final COMMIT.
        self.query("SET LOCAL synchronous_commit = off")

    def query(self, sql: str) -> list[tuple]:
        cursor = self.connection.cursor()
        try:
            cursor.execute(sql)
            return list(cursor.fetchall()) if cursor.description else []
        finally:
            cursor.close()

    def insert(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
        fmt = _PG_FORMAT
        names = ", ".join(columns)
        count = 0
        cursor = self.connection.cursor()
        try:
            with cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
                chunk: list[str] = []
                for row in rows:
                    chunk.append("\t".join([fmt[type(value)](value) for value in row]))
                    if len(chunk) == COPY_CHUNK_ROWS:
                        copy.write("\n".join(chunk) + "\n")
                        count += len(chunk)
                        chunk.clear()
                if chunk:
                    copy.write("\n".join(chunk) + "\n")
                    count += len(chunk)
        finally:
            cursor.close()
        return count

    def finish(self, tables: Sequence[str]) -> None:
        # Later ORM inserts must not collide with the explicit ids written here.
        for table in tables:
            self.query(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                f'(SELECT max(id) FROM "{table}"))'
            )
        self.connection.commit()
        autocommit = self.connection.autocommit
        self.connection.autocommit = True
        try:
            # Fresh planner statistics: the first queries after a load would misestimate.
            self.query("ANALYZE " + ", ".join(f'"{table}"' for table in tables))
        finally:
            self.connection.autocommit = autocommit


def _sqlite_datetime(value: datetime) -> str:
    # SQLAlchemy's SQLite DATETIME storage format (UTC, no offset, microseconds).
    return value.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


_SQLITE_FORMAT: dict[type, Callable[[Any], Any]] = {
    type(None): lambda value: value,
    str: lambda value: value,
    bool: int,
    int: lambda value: value,
    Decimal: str,
    datetime: _sqlite_datetime,
    date: date.isoformat,
}


class _SqliteWriter(_Writer):
    """stdlib sqlite3 executemany, all tables in one transaction."""

    backend = "sqlite"

    def begin(self) -> None:
        # The engine puts pysqlite in autocommit mode (it issues BEGIN itself).
        if not self.connection.in_transaction:
            self.connection.execute("BEGIN")

    def insert(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
        fmt = _SQLITE_FORMAT
        sql = (
            f'INSERT INTO "{table}" ({", ".join(columns)}) VALUES ({", ".join("?" * len(columns))})'
        )
        converted = (tuple([fmt[type(value)](value) for value in row]) for row in rows)
        cursor = self.connection.cursor()
        try:
            cursor.executemany(sql, converted)
            return cursor.rowcount
        finally:
            cursor.close()

    def finish(self, tables: Sequence[str]) -> None:
        self.connection.commit()
        self.connection.execute("ANALYZE")


# --- the plan: every row derived from indexes, so foreign keys line up ----------------


@dataclass
class _Ids:
    """The first free id of each table (rows get base + 1, base + 2, ...)."""

    base: dict[str, int]

    def __call__(self, table: str, index: int) -> int:
        return self.base[table] + index + 1


@dataclass
class _Plan:
    sizes: LargeSizes
    ids: _Ids
    now: datetime
    password_hash: str
    # Per enrolment: [id, user_id, course_index, completed, enrolled_at, order_id, source]
    enrollments: list[list[Any]] = field(default_factory=list)
    # Per order: (id, user_id, status, created_at, [course indexes])
    orders: list[tuple[int, int, str, datetime, list[int]]] = field(default_factory=list)
    reviews: list[tuple[int, int, int, datetime]] = field(default_factory=list)
    enrollment_count: list[int] = field(default_factory=list)
    rating_sum: list[int] = field(default_factory=list)
    rating_count: list[int] = field(default_factory=list)

    @property
    def students(self) -> int:
        return self.sizes.users - self.sizes.teachers

    def student_id(self, student: int) -> int:
        return self.ids("user", self.sizes.teachers + student)

    def course_of(self, student: int, slot: int) -> int:
        """The slot-th distinct course of a student (a coprime stride walks all courses)."""
        courses = self.sizes.courses
        return (student * 7919 + slot * _coprime_stride(courses)) % courses

    def price(self, course: int) -> Decimal:
        return Decimal("0.00") if course % 5 == 0 else PRICES[course % len(PRICES)]


def _coprime_stride(n: int) -> int:
    for stride in (101, 103, 107, 109, 113, 127):
        if _gcd(stride, n) == 1:
            return stride
    return 1


def _gcd(a: int, b: int) -> int:
    while b:
        a, b = b, a % b
    return a


def _build_plan(plan: _Plan) -> None:
    sizes = plan.sizes
    students = plan.students
    plan.enrollment_count = [0] * sizes.courses
    plan.rating_sum = [0] * sizes.courses
    plan.rating_count = [0] * sizes.courses
    per_student, extra = divmod(sizes.enrollments, students)
    slots_used: list[int] = []
    index = 0
    for student in range(students):
        slots = per_student + (1 if student < extra else 0)
        slots_used.append(slots)
        for slot in range(slots):
            course = plan.course_of(student, slot)
            completed = COMPLETION_PATTERN[index % len(COMPLETION_PATTERN)]
            enrolled_at = plan.now - timedelta(days=30 + index % 300, minutes=index % 1440)
            source = "free" if plan.price(course) == 0 else "import"
            plan.enrollments.append(
                [
                    plan.ids("enrollment", index),
                    plan.student_id(student),
                    course,
                    completed,
                    enrolled_at,
                    None,
                    source,
                ]
            )
            plan.enrollment_count[course] += 1
            if completed * 2 >= LESSONS_PER_COURSE and index % 5 == 0:
                rating = RATING_PATTERN[(index // 5) % len(RATING_PATTERN)]
                plan.reviews.append((plan.student_id(student), course, rating, enrolled_at))
                plan.rating_sum[course] += rating
                plan.rating_count[course] += 1
            index += 1
    _plan_orders(plan, slots_used)


def _plan_orders(plan: _Plan, slots_used: list[int]) -> None:
    """Paid orders group a learner's paid enrolments by three; pending and cancelled ones
    are for courses the learner has not bought."""
    sizes = plan.sizes
    unpaid_target = sizes.orders // 10
    paid_target = sizes.orders - unpaid_target
    # Each learner's paid enrolments, in enrolment order.
    paid_queues: list[list[list[Any]]] = [[] for _ in range(plan.students)]
    first_user = plan.student_id(0)
    for enrollment in plan.enrollments:
        if enrollment[6] == "import":
            paid_queues[enrollment[1] - first_user].append(enrollment)
    orders: list[tuple[int, str, datetime, list[list[Any]] | list[int]]] = []
    paid = 0
    while paid < paid_target:
        progressed = False
        for student, queue in enumerate(paid_queues):
            if paid == paid_target:
                break
            if len(queue) < ITEMS_PER_ORDER:
                continue
            group, paid_queues[student] = queue[:ITEMS_PER_ORDER], queue[ITEMS_PER_ORDER:]
            paid_at = min(enrollment[4] for enrollment in group)
            orders.append((student, "paid", paid_at, group))
            paid += 1
            progressed = True
        if not progressed:
            break  # small scales: fewer paid enrolments than the order target needs
    for number in range(unpaid_target):
        student = number % plan.students
        courses: list[int] = []
        slot = slots_used[student]
        while len(courses) < ITEMS_PER_ORDER and slot < sizes.courses:
            course = plan.course_of(student, slot)
            if plan.price(course) > 0:
                courses.append(course)
            slot += 1
        if courses:
            status = "pending" if number % 2 == 0 else "cancelled"
            created_at = plan.now - timedelta(days=number % 20, minutes=number % 1440)
            orders.append((student, status, created_at, courses))
    # Interleave statuses the way they would arrive, deterministically.
    random.Random(7).shuffle(orders)
    for index, (student, status, at, items) in enumerate(orders):
        order_id = plan.ids("order", index)
        if status == "paid":
            for enrollment in items:
                enrollment[4] = at  # enrolled when the order was paid
                enrollment[5] = order_id
                enrollment[6] = "order"
            courses = [enrollment[2] for enrollment in items]
        else:
            courses = list(items)
        plan.orders.append((order_id, plan.student_id(student), status, at, courses))


# --- row generators -------------------------------------------------------------------

# fmt: off
_RU_FIRST = ("Александр", "Мария", "Дмитрий", "Анна", "Сергей", "Елена", "Иван", "Ольга",
             "Никита", "Татьяна", "Павел", "Юлия", "Максим", "Ирина", "Артём", "Ксения")
_RU_LAST = ("Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов",
            "Михайлов", "Новиков", "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев")
_EN_FIRST = ("James", "Emma", "Oliver", "Ava", "William", "Sophia", "Lucas", "Mia",
             "Henry", "Amelia", "Jack", "Harper", "Leo", "Ella", "Noah", "Chloe")
_EN_LAST = ("Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson",
            "Taylor", "Clark", "Lewis", "Walker", "Hall", "Young")
_TOPICS = (
    ("Python", "programming"), ("SQL", "programming"), ("Django", "programming"),
    ("JavaScript", "programming"), ("Go", "programming"), ("Docker", "programming"),
    ("pandas", "data-science"), ("Machine Learning", "data-science"),
    ("Power BI", "data-science"), ("Excel", "data-science"), ("Figma", "design"),
    ("UX", "design"), ("SEO", "marketing"), ("SMM", "marketing"), ("Agile", "business"),
    ("Product Management", "business"), ("English", "languages"), ("German", "languages"),
    ("Public Speaking", "soft-skills"), ("Time Management", "soft-skills"),
)
_FORMATS = {
    "ru": ("{topic}: базовый курс", "{topic}: практикум", "{topic}: продвинутый уровень",
           "{topic}: интенсив"),
    "en": ("{topic} Fundamentals", "{topic} in Practice", "Advanced {topic}",
           "{topic} Bootcamp"),
}
_LEVELS = ("beginner", "intermediate", "advanced")
_LESSON_BODY = {
    "ru": "## Теория\n\nКороткий разбор темы урока.\n\n```python\nprint(\"Привет\")\n```\n",
    "en": "## Theory\n\nA short walk through the topic.\n\n```python\nprint(\"Hello\")\n```\n",
}
# fmt: on


def _language(course: int) -> str:
    return "ru" if course % 3 else "en"


def _full_name(user: int) -> str:
    first, last = (user // 2) % 16, (user // 32) % 14
    if user % 2:
        return f"{_EN_FIRST[first]} {_EN_LAST[last]}"
    # Odd positions of _RU_FIRST are women's names: Иванов → Иванова.
    return f"{_RU_FIRST[first]} {_RU_LAST[last]}{'а' if first % 2 else ''}"


def _user_rows(plan: _Plan) -> Iterator[tuple]:
    created = plan.now - timedelta(days=400)
    for user in range(plan.sizes.users):
        role = "teacher" if user < plan.sizes.teachers else "student"
        at = created + timedelta(minutes=user)
        yield (
            plan.ids("user", user),
            f"{BULK_PREFIX}user-{user:06d}@example.com",
            _full_name(user),
            plan.password_hash,
            role,
            "en" if user % 2 else "ru",
            True,
            at,
            at,
        )


def _course_title(course: int) -> tuple[str, str]:
    topic, category = _TOPICS[course % len(_TOPICS)]
    form = _FORMATS[_language(course)][(course // len(_TOPICS)) % 4]
    return form.format(topic=topic), category


def _course_rows(plan: _Plan, category_by_slug: dict[str, int]) -> Iterator[tuple]:
    teachers = plan.sizes.teachers
    for course in range(plan.sizes.courses):
        title, category = _course_title(course)
        language = _language(course)
        count = plan.rating_count[course]
        rating = (
            (Decimal(plan.rating_sum[course]) / count).quantize(
                Decimal("0.01"), rounding=ROUND_HALF_UP
            )
            if count
            else Decimal("0.00")
        )
        created = plan.now - timedelta(days=365, hours=course)
        summary = (
            f"Курс «{title}»: теория, практика и итоговый проект."
            if language == "ru"
            else f"{title}: theory, practice and a final project."
        )
        yield (
            plan.ids("course", course),
            f"{BULK_PREFIX}course-{course:05d}",
            title,
            summary,
            summary,
            _LEVELS[course % 3],
            language,
            plan.price(course),
            "RUB",
            True,
            False,
            category_by_slug[category],
            plan.ids("user", course % teachers),
            0,
            False,
            rating,
            count,
            plan.enrollment_count[course],
            LESSONS_PER_COURSE,
            search_text_for(title, summary),
            created,
            created,
            created,
        )


def _module_rows(plan: _Plan) -> Iterator[tuple]:
    for course in range(plan.sizes.courses):
        word = "Модуль" if _language(course) == "ru" else "Module"
        created = plan.now - timedelta(days=365, hours=course)
        for module in range(MODULES_PER_COURSE):
            index = course * MODULES_PER_COURSE + module
            yield (
                plan.ids("module", index),
                plan.ids("course", course),
                f"{word} {module + 1}",
                module,  # positions are 0-based, as the authoring service numbers them
                created,
                created,
            )


def _lesson_id(plan: _Plan, course: int, lesson: int) -> int:
    return plan.ids("lesson", course * LESSONS_PER_COURSE + lesson)


def _lesson_rows(plan: _Plan) -> Iterator[tuple]:
    for course in range(plan.sizes.courses):
        language = _language(course)
        word = "Урок" if language == "ru" else "Lesson"
        body = _LESSON_BODY[language]
        created = plan.now - timedelta(days=365, hours=course)
        for lesson in range(LESSONS_PER_COURSE):
            module = course * MODULES_PER_COURSE + lesson // LESSONS_PER_MODULE
            yield (
                _lesson_id(plan, course, lesson),
                plan.ids("module", module),
                plan.ids("course", course),
                f"{word} {lesson + 1}",
                "text",
                body,
                lesson % LESSONS_PER_MODULE,
                10 + lesson * 2,
                lesson == 0,
                created,
                created,
            )


def _enrollment_rows(plan: _Plan) -> Iterator[tuple]:
    for (
        enrollment_id,
        user_id,
        course,
        completed,
        enrolled_at,
        order_id,
        source,
    ) in plan.enrollments:
        finished = completed == LESSONS_PER_COURSE
        last = enrolled_at + timedelta(hours=20 * completed)
        yield (
            enrollment_id,
            user_id,
            plan.ids("course", course),
            "completed" if finished else "active",
            completed * 100 // LESSONS_PER_COURSE,
            completed,
            0,
            source,
            order_id,
            enrolled_at,
            last if finished else None,
            last,
        )


def _progress_rows(plan: _Plan) -> Iterator[tuple]:
    index = 0
    hour = timedelta(hours=20)
    for enrollment_id, user_id, course, completed, enrolled_at, _order, _source in plan.enrollments:
        at = enrolled_at
        for lesson in range(completed):
            at += hour
            yield (
                plan.ids("lesson_progress", index),
                enrollment_id,
                _lesson_id(plan, course, lesson),
                user_id,
                at,
                0,
                at,
            )
            index += 1


def _review_rows(plan: _Plan) -> Iterator[tuple]:
    comments = {
        "ru": (
            "Полезный курс, рекомендую.",
            "Хорошая подача материала.",
            "Нормально, но хотелось больше практики.",
        ),
        "en": (
            "Useful course, recommended.",
            "Well structured material.",
            "Fine, but I wanted more practice.",
        ),
    }
    for index, (user_id, course, rating, at) in enumerate(plan.reviews):
        comment = comments[_language(course)][0 if rating >= 4 else 1 if rating == 3 else 2]
        reviewed = at + timedelta(days=10)
        yield (
            plan.ids("review", index),
            user_id,
            plan.ids("course", course),
            rating,
            comment,
            False,
            reviewed,
            reviewed,
        )


def _order_rows(plan: _Plan) -> Iterator[tuple]:
    for order_id, user_id, status, at, courses in plan.orders:
        total = sum((plan.price(course) for course in courses), Decimal("0.00"))
        yield (
            order_id,
            user_id,
            status,
            total,
            Decimal("0.00"),
            total,
            "RUB",
            f"{BULK_PREFIX}{order_id}",
            at - timedelta(minutes=5),
            at,
            at if status == "paid" else None,
            at if status == "cancelled" else None,
        )


def _order_item_rows(plan: _Plan) -> Iterator[tuple]:
    index = 0
    for order_id, _user, _status, _at, courses in plan.orders:
        for course in courses:
            yield (
                plan.ids("order_item", index),
                order_id,
                plan.ids("course", course),
                _course_title(course)[0],
                plan.price(course),
            )
            index += 1


def _payment_rows(plan: _Plan) -> Iterator[tuple]:
    index = 0
    for order_id, _user, status, at, courses in plan.orders:
        if status != "paid":
            continue
        total = sum((plan.price(course) for course in courses), Decimal("0.00"))
        yield (
            plan.ids("payment", index),
            order_id,
            "sandbox",
            f"sandbox_{BULK_PREFIX}{order_id}",
            "succeeded",
            total,
            "RUB",
            at - timedelta(minutes=4),
            at,
        )
        index += 1


def _event_rows(plan: _Plan) -> Iterator[tuple]:
    enrollments = plan.enrollments
    count = len(enrollments)
    payloads = [json.dumps({"seconds": 60 * minutes}) for minutes in range(1, 31)]
    for index in range(plan.sizes.learning_events):
        _id, user_id, course, completed, enrolled_at, _order, _source = enrollments[index % count]
        step = index // count
        lesson = step % LESSONS_PER_COURSE
        done = lesson < completed
        yield (
            plan.ids("learning_event", index),
            user_id,
            plan.ids("course", course),
            _lesson_id(plan, course, lesson),
            "lesson_completed" if done else "lesson_opened",
            enrolled_at + timedelta(hours=20 * (lesson + 1), minutes=step),
            payloads[index % 30] if done else None,
        )


# fmt: off
_COLUMNS: dict[str, tuple[str, ...]] = {
    "user": ("id", "email", "full_name", "password_hash", "role", "locale", "is_active",
             "created_at", "updated_at"),
    "course": ("id", "slug", "title", "summary", "description", "level", "language", "price",
               "currency", "is_published", "is_featured", "category_id", "teacher_id",
               "points_per_visit", "require_sequential", "rating_avg", "rating_count",
               "enrollment_count", "lessons_count", "search_text", "created_at", "updated_at",
               "published_at"),
    "module": ("id", "course_id", "title", "position", "created_at", "updated_at"),
    "lesson": ("id", "module_id", "course_id", "title", "kind", "body", "position",
               "duration_minutes", "is_preview", "created_at", "updated_at"),
    "order": ("id", "user_id", "status", "subtotal", "discount", "total", "currency",
              "idempotency_key", "created_at", "updated_at", "paid_at", "cancelled_at"),
    "order_item": ("id", "order_id", "course_id", "title", "price"),
    "payment": ("id", "order_id", "provider", "provider_ref", "status", "amount", "currency",
                "created_at", "updated_at"),
    "enrollment": ("id", "user_id", "course_id", "status", "progress_percent",
                   "completed_lessons", "points", "source", "order_id", "enrolled_at",
                   "completed_at", "last_activity_at"),
    "lesson_progress": ("id", "enrollment_id", "lesson_id", "user_id", "completed_at",
                        "video_position_seconds", "updated_at"),
    "review": ("id", "user_id", "course_id", "rating", "comment", "is_hidden", "created_at",
               "updated_at"),
    "learning_event": ("id", "user_id", "course_id", "lesson_id", "type", "ts", "payload"),
}
TABLES = tuple(_COLUMNS)
# fmt: on


# --- entry point ----------------------------------------------------------------------


def _writer_for(engine: Engine, dbapi_connection: Any) -> _Writer:
    if engine.dialect.name == "postgresql":
        return _PostgresWriter(dbapi_connection)
    if engine.dialect.name == "sqlite":
        return _SqliteWriter(dbapi_connection)
    raise ValueError(f"no bulk path for {engine.dialect.name}")


def _ensure_categories(writer: _Writer) -> dict[str, int]:
    existing = dict(writer.query("SELECT slug, id FROM category"))
    missing = [(slug, name, text) for slug, name, text in CATEGORIES if slug not in existing]
    if missing:
        base = max(existing.values(), default=0)
        now = utcnow()
        rows = [
            (base + number, slug, name, CATEGORY_NAMES_EN.get(slug, ""), text, base + number, now)
            for number, (slug, name, text) in enumerate(missing, start=1)
        ]
        writer.insert(
            "category",
            ("id", "slug", "name", "name_en", "description", "position", "created_at"),
            rows,
        )
        existing.update({row[1]: row[0] for row in rows})
        if writer.backend == "postgresql":
            writer.query(
                "SELECT setval(pg_get_serial_sequence('category', 'id'), "
                "(SELECT max(id) FROM category))"
            )
    return existing


def seed_large(*, engine: Engine, scale: float = 1.0) -> LargeSummary:
    """Write the large data set at `scale` in one transaction; gives per-table timings."""
    started = clock.perf_counter()
    sizes = LargeSizes.at_scale(scale)
    raw = engine.raw_connection()
    try:
        writer = _writer_for(engine, raw.driver_connection)
        summary = LargeSummary(backend=writer.backend)
        writer.begin()
        bulk_users = writer.query(
            f"SELECT count(*) FROM \"user\" WHERE email LIKE '{BULK_PREFIX}user-%'"
        )
        if bulk_users[0][0]:
            writer.rollback()
            summary.skipped = True
            return summary
        try:
            categories = _ensure_categories(writer)
            base = {
                table: writer.query(f'SELECT coalesce(max(id), 0) FROM "{table}"')[0][0]
                for table in TABLES
            }
            plan = _Plan(
                sizes=sizes,
                ids=_Ids(base),
                now=utcnow().replace(microsecond=0),
                password_hash=hash_password(DEMO_PASSWORD),  # hashed once for every user
            )
            _build_plan(plan)
            generators: dict[str, Callable[[], Iterable[tuple]]] = {
                "user": lambda: _user_rows(plan),
                "course": lambda: _course_rows(plan, categories),
                "module": lambda: _module_rows(plan),
                "lesson": lambda: _lesson_rows(plan),
                "order": lambda: _order_rows(plan),
                "order_item": lambda: _order_item_rows(plan),
                "payment": lambda: _payment_rows(plan),
                "enrollment": lambda: _enrollment_rows(plan),
                "lesson_progress": lambda: _progress_rows(plan),
                "review": lambda: _review_rows(plan),
                "learning_event": lambda: _event_rows(plan),
            }
            for table in TABLES:
                table_started = clock.perf_counter()
                rows = writer.insert(table, _COLUMNS[table], generators[table]())
                summary.tables.append(
                    TableTiming(table, rows, clock.perf_counter() - table_started)
                )
            writer.finish(TABLES)
        except BaseException:
            writer.rollback()
            raise
    finally:
        raw.close()
    _write_audit_summary(engine, summary, scale)
    summary.seconds = clock.perf_counter() - started
    return summary


def _write_audit_summary(engine: Engine, summary: LargeSummary, scale: float) -> None:
    """One audit row per bulk-loaded table: COPY and executemany bypass the ORM listener."""
    with Session(engine) as session:
        for table in summary.tables:
            record(
                session,
                action=AuditAction.INSERT,
                table_name=table.table,
                new={"seed": "large", "scale": scale, "rows": table.rows},
            )
        session.commit()
