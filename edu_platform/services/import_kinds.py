"""What each import kind checks: per-row validation in Python (every field), and the
checks that need the database (users, courses, categories, payment references), read in
bulk once per batch and cached for the run. Writing is in import_writes.

Natural keys (duplicates within a file are row errors, on the later row): users by
email, courses by slug, enrolments by user + course, orders by provider_ref.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import any_, bindparam, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from edu_platform.models import (
    Category,
    Course,
    CourseLevel,
    Locale,
    Payment,
    Role,
    User,
)
from edu_platform.services import import_formats as fmt
from edu_platform.services.import_formats import FieldProblem
from edu_platform.settings import settings

IMPORT_PROVIDER = "import"
ORDER_KEY_PREFIX = "import:"
MAX_PROVIDER_REF = 120  # order.idempotency_key holds 128 with the prefix
LOOKUP_CHUNK = 2000
TEACHING_ROLES = (Role.TEACHER.value, Role.ADMIN.value)
ROLES = tuple(role.value for role in Role)
LEVELS = tuple(level.value for level in CourseLevel)
LANGUAGES = tuple(locale.value for locale in Locale)

Problem = tuple[str | None, str, dict[str, Any]]  # field, code, params


@dataclass
class Candidate:
    """A row that passed the checks so far: its line and clean values by column."""

    line: int
    values: dict[str, Any]
    problems: list[Problem] = field(default_factory=list)
    source: Any = None  # the SourceRow, for what an error keeps of the input


@dataclass
class Lookups:
    """Ids read during one run, kept across its batches (one query per batch at most).

    Plain str → int/str dicts on purpose: the garbage collector does not track them, so
    100k cached users cost no time in its full collections (tuples as values did: 2x).
    """

    user_ids: dict[str, int] = field(default_factory=dict)  # by email
    user_roles: dict[str, str] = field(default_factory=dict)
    course_ids: dict[str, int] = field(default_factory=dict)  # by slug
    course_titles: dict[str, str] = field(default_factory=dict)
    course_currencies: dict[str, str] = field(default_factory=dict)
    categories: dict[str, int] | None = None  # slug and lower-cased name → id


# --- reading what rows refer to --------------------------------------------------------


def chunks(items: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), LOOKUP_CHUNK):
        yield items[start : start + LOOKUP_CHUNK]


def is_one_of(session: Session, column: Any, values: Sequence[Any]) -> Any:
    """`column IN values`: one array parameter on PostgreSQL (= ANY), so a lookup of
    2,000 keys is not a statement of 2,000 parameters to build and plan."""
    if session.get_bind().dialect.name == "postgresql":
        return column == any_(bindparam(None, list(values), type_=ARRAY(column.type)))
    return column.in_(values)


def _load_users(session: Session, lookups: Lookups, emails: Iterable[str]) -> None:
    missing = sorted({email for email in emails if email and email not in lookups.user_ids})
    table = User.__table__
    for chunk in chunks(missing):
        for user_id, email, role in session.execute(
            select(table.c.id, table.c.email, table.c.role).where(
                is_one_of(session, table.c.email, chunk)
            )
        ):
            lookups.user_ids[email], lookups.user_roles[email] = user_id, role


def _load_courses(session: Session, lookups: Lookups, slugs: Iterable[str]) -> None:
    missing = sorted({slug for slug in slugs if slug and slug not in lookups.course_ids})
    table = Course.__table__
    for chunk in chunks(missing):
        for course_id, slug, title, currency in session.execute(
            select(table.c.id, table.c.slug, table.c.title, table.c.currency).where(
                is_one_of(session, table.c.slug, chunk)
            )
        ):
            lookups.course_ids[slug], lookups.course_titles[slug] = course_id, title
            lookups.course_currencies[slug] = currency


def _load_categories(session: Session, lookups: Lookups) -> dict[str, int]:
    if lookups.categories is None:
        table = Category.__table__
        found: dict[str, int] = {}
        for category_id, slug, name in session.execute(
            select(table.c.id, table.c.slug, table.c.name)
        ):
            found.setdefault(name.strip().lower(), category_id)
            found[slug.lower()] = category_id  # a slug wins over another category's name
        lookups.categories = found
    return lookups.categories


# --- per-kind parsing (pure) -------------------------------------------------------------


RowParser = Callable[[list[str]], tuple[dict[str, Any], list[Problem]]]


def row_parser(kind: str, now: datetime) -> RowParser:
    """A function giving a row's clean values and what is wrong with them (every field
    is checked); built once per batch."""
    fields = _parsers(kind, now)
    plan = [(name, fields.get(name)) for name in fmt.TEMPLATES[kind]]

    def parse(values: list[str]) -> tuple[dict[str, Any], list[Problem]]:
        clean: dict[str, Any] = {}
        problems: list[Problem] = []
        for (name, parser), value in zip(plan, values, strict=True):
            if parser is None:
                clean[name] = value
                continue
            try:
                clean[name] = parser(value)
            except FieldProblem as problem:
                problems.append((name, problem.code, problem.params))
        return clean, problems

    return parse


def _parsers(kind: str, now: datetime) -> dict[str, Callable[[str], Any]]:
    if kind == "users":
        return {
            "email": fmt.email,
            "full_name": lambda v: fmt.text(v, max_length=200, required=True),
            "role": lambda v: fmt.choice(v, ROLES, Role.STUDENT.value),
        }
    if kind == "courses":
        return {
            "slug": fmt.slug,
            "title": lambda v: fmt.text(v, max_length=300, required=True),
            "summary": lambda v: fmt.text(v, max_length=1000),
            "description": lambda v: fmt.long_text(v, max_length=100_000),
            "price": fmt.price,
            "currency": lambda v: fmt.currency(v, settings.default_currency),
            "level": lambda v: fmt.choice(v, LEVELS, CourseLevel.BEGINNER.value),
            "language": lambda v: fmt.choice(v, LANGUAGES, Locale.RU.value),
            "category": lambda v: fmt.text(v, max_length=200),
            "teacher_email": fmt.email,
        }
    if kind == "enrollments":
        return {
            "email": fmt.email,
            "course_slug": fmt.slug,
            "enrolled_at": lambda v: fmt.timestamp(v, required=False, now=now),
        }
    return {
        "email": fmt.email,
        "course_slug": fmt.slug,
        "price": lambda v: fmt.price(v, required=True),
        "paid_at": lambda v: fmt.timestamp(v, required=True, now=now),
        "provider_ref": lambda v: fmt.reference(v, max_length=MAX_PROVIDER_REF),
    }


def natural_key(kind: str, values: dict[str, Any]) -> tuple[str, str]:
    """(field named in a duplicate error, key text) of a clean row (a str, not a tuple:
    the run keeps every key, and the collector skips a dict of strings)."""
    if kind == "users":
        return "email", values["email"]
    if kind == "courses":
        return "slug", values["slug"]
    if kind == "enrollments":
        return "course_slug", f"{values['email']} {values['course_slug']}"  # no spaces in either
    return "provider_ref", values["provider_ref"]


# --- per-kind checks against the database ----------------------------------------------


def resolve(session: Session, kind: str, lookups: Lookups, rows: list[Candidate]) -> None:
    """Add the problems that need the database (unknown user, course, category…)."""
    if kind == "users":
        return
    if kind == "courses":
        _load_users(session, lookups, (row.values["teacher_email"] for row in rows))
        categories = _load_categories(session, lookups)
        for row in rows:
            teacher = row.values["teacher_email"]
            if teacher not in lookups.user_ids:
                row.problems.append(("teacher_email", "user_missing", {}))
            elif lookups.user_roles[teacher] not in TEACHING_ROLES:
                row.problems.append(("teacher_email", "not_teacher", {}))
            else:
                row.values["teacher_id"] = lookups.user_ids[teacher]
            category = row.values["category"]
            row.values["category_id"] = None
            if category:
                row.values["category_id"] = categories.get(category.lower())
                if row.values["category_id"] is None:
                    row.problems.append(("category", "category_missing", {}))
        return
    _load_users(session, lookups, (row.values["email"] for row in rows))
    _load_courses(session, lookups, (row.values["course_slug"] for row in rows))
    for row in rows:
        values = row.values
        user_id = lookups.user_ids.get(values["email"])
        slug = values["course_slug"]
        course_id = lookups.course_ids.get(slug)
        if user_id is None:
            row.problems.append(("email", "user_missing", {}))
        else:
            values["user_id"] = user_id
        if course_id is None:
            row.problems.append(("course_slug", "course_missing", {}))
        else:
            values["course_id"] = course_id
            values["title"] = lookups.course_titles[slug]
            values["currency"] = lookups.course_currencies[slug]
    if kind == "orders":
        _check_payment_refs(session, rows)


def _check_payment_refs(session: Session, rows: list[Candidate]) -> None:
    """A provider_ref already imported marks the row done; one of another provider is an
    error (it would collide with a real payment)."""
    refs = [row.values["provider_ref"] for row in rows]
    table = Payment.__table__
    existing: dict[str, str] = {}
    for chunk in chunks(refs):
        existing.update(
            session.execute(
                select(table.c.provider_ref, table.c.provider).where(
                    is_one_of(session, table.c.provider_ref, chunk)
                )
            ).all()
        )
    for row in rows:
        provider = existing.get(row.values["provider_ref"])
        if provider == IMPORT_PROVIDER:
            row.values["already_imported"] = True
        elif provider is not None:
            row.problems.append(("provider_ref", "reference_taken", {}))
