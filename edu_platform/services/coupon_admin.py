"""Managing coupons: admins for any course or site-wide, teachers for their own courses.

A teacher's coupon always names one of the teacher's courses (site-wide coupons are the
admins'); a coupon of another teacher's course, and a coupon they would make for one, is
Forbidden to them, as everything is to students. Codes are stored upper-case (the cart
normalises what a buyer types the same way), so `spring25` and `SPRING25` are one code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from edu_platform.models import Coupon, CouponKind, Course, Role, User
from edu_platform.services import course_refs, paging
from edu_platform.services.accounts import require_admin
from edu_platform.services.admin_lists import clean_query
from edu_platform.services.coupons import MAX_CODE_LENGTH, money, normalise_code
from edu_platform.services.errors import Conflict, Forbidden, Invalid, NotFound
from edu_platform.services.records import record_from
from edu_platform.services.text_match import contains

MAX_VALUE = Decimal("9999999999.99")  # Numeric(12, 2)
MAX_USES = 2_147_483_647  # INTEGER
FIELDS = ("code", "kind", "value", "course_id", "valid_until", "usage_limit", "is_active")


@dataclass(frozen=True)
class CouponRow:
    id: int
    code: str
    kind: str
    value: Decimal
    course_id: int | None
    course_title: str
    valid_until: datetime | None
    usage_limit: int | None
    used_count: int
    is_active: bool
    created_at: datetime


def _manager(session: Session, actor_id: int | None) -> User:
    actor = session.get(User, actor_id) if actor_id else None
    if actor is None or not actor.is_active or actor.role not in (Role.ADMIN, Role.TEACHER):
        raise Forbidden(
            "only admins and teachers manage coupons", message_key="coupons.error.forbidden"
        )
    return actor


def _check_course(session: Session, actor: User, course_id: object) -> int | None:
    """The coupon's course: any existing course (or none) for an admin; one of their own
    courses for a teacher."""
    if course_id is None:
        if actor.role != Role.ADMIN:
            raise Forbidden(
                "teachers make coupons for their own courses",
                message_key="coupons.error.site_wide",
                field="course_id",
            )
        return None
    if isinstance(course_id, bool) or not isinstance(course_id, int) or course_id <= 0:
        raise Invalid("course_id must be a course id", field="course_id")
    course = session.get(Course, course_id)
    if course is None:
        raise NotFound(
            f"course {course_id} not found",
            message_key="coupons.error.course_not_found",
            field="course_id",
        )
    if actor.role != Role.ADMIN and course.teacher_id != actor.id:
        raise Forbidden(
            "teachers make coupons for their own courses",
            message_key="coupons.error.not_yours",
            field="course_id",
        )
    return course.id


def _clean(field: str, value: Any) -> Any:
    if field == "code":
        code = normalise_code(str(value or ""))
        if (
            not code
            or len(str(value).strip()) > MAX_CODE_LENGTH
            or any(c.isspace() or not c.isprintable() for c in code)
        ):
            raise Invalid(
                "the code is 1..64 printable characters without spaces",
                message_key="coupons.error.code",
                field="code",
            )
        return code
    if field == "kind":
        kind = str(getattr(value, "value", value) or "")
        if kind not in {k.value for k in CouponKind}:
            raise Invalid(
                "kind is percent or fixed", message_key="coupons.error.kind", field="kind"
            )
        return kind
    if field == "value":
        try:
            amount = money(value)
        except (ArithmeticError, InvalidOperation, ValueError, TypeError):
            amount = Decimal(-1)
        if not Decimal("0") < amount <= MAX_VALUE:
            raise Invalid(
                "value must be a positive amount", message_key="coupons.error.value", field="value"
            )
        return amount
    if field == "valid_until":
        if value is not None and (not isinstance(value, datetime) or value.tzinfo is None):
            raise Invalid(
                "expires_at needs a time zone",
                message_key="coupons.error.expires_at",
                field="expires_at",
            )
        return value
    if field == "usage_limit":
        if isinstance(value, str):  # as typed in the admin form: "" is no limit
            text = value.strip()
            value = int(text) if text.isascii() and text.isdigit() else (text or None)
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_USES
        ):
            raise Invalid(
                "max_uses must be a whole number from 0",
                message_key="coupons.error.max_uses",
                field="max_uses",
            )
        return value
    if field == "is_active":
        return bool(value)
    raise Invalid(f"{field} cannot be changed", field=field)


def _check_percent(coupon: Coupon) -> None:
    if coupon.kind == CouponKind.PERCENT and coupon.value > 100:
        raise Invalid(
            "a percent coupon gives at most 100%",
            message_key="coupons.error.percent",
            field="value",
        )


def _check_code_free(session: Session, code: str, coupon_id: int | None = None) -> None:
    taken = select(Coupon.id).where(Coupon.code == code)
    if coupon_id is not None:
        taken = taken.where(Coupon.id != coupon_id)
    if session.scalar(taken) is not None:
        raise Conflict(
            "this coupon code exists", message_key="coupons.error.code_taken", field="code"
        )


def _titles(session: Session, coupons: list[Coupon]) -> dict[int, str]:
    ids = {c.course_id for c in coupons if c.course_id is not None}
    if not ids:
        return {}
    rows = session.execute(select(Course.id, Course.title).where(Course.id.in_(ids)))
    return {int(course_id): str(title) for course_id, title in rows}


def _save(session: Session, coupon: Coupon) -> None:
    """Flush in a savepoint: a code taken by a concurrent request is a Conflict, not a 500."""
    try:
        with session.begin_nested():
            session.add(coupon)
            session.flush()
    except IntegrityError:
        raise Conflict(
            "this coupon code exists", message_key="coupons.error.code_taken", field="code"
        ) from None


def _row(session: Session, coupon: Coupon, titles: dict[int, str] | None = None) -> CouponRow:
    if titles is None:
        titles = _titles(session, [coupon])
    return record_from(
        CouponRow,
        coupon,
        value=Decimal(coupon.value),
        course_title=titles.get(coupon.course_id, "") if coupon.course_id else "",
    )


def create_coupon(
    *,
    session: Session,
    actor_id: int | None,
    code: object,
    kind: object,
    value: object,
    course_id: object = None,
    course_ref: object = None,
    valid_until: datetime | None = None,
    usage_limit: object = None,
    is_active: bool = True,
) -> CouponRow:
    """A new coupon; Conflict (field code) when the code exists. The course by its id
    (`course_id`, the API) or as typed in the admin form (`course_ref`: "12", "#12" or
    its slug; NotFound on field course_id when there is no such course); `usage_limit`
    an int or, from the form, its digits ("" for no limit)."""
    actor = _manager(session, actor_id)
    if course_refs.clean_ref(course_ref):
        course_id = _course_id_by_ref(session, course_ref)
    values = {
        field: _clean(field, raw)
        for field, raw in (
            ("code", code),
            ("kind", kind),
            ("value", value),
            ("valid_until", valid_until),
            ("usage_limit", usage_limit),
            ("is_active", is_active),
        )
    }
    coupon = Coupon(course_id=_check_course(session, actor, course_id), **values)
    _check_percent(coupon)
    _check_code_free(session, coupon.code)
    _save(session, coupon)
    return _row(session, coupon)


def _course_id_by_ref(session: Session, course_ref: object) -> int:
    course = course_refs.course_by_ref(session, course_ref)
    if course is None or course.id is None:
        raise NotFound(
            f"no course {course_refs.clean_ref(course_ref)!r}",
            message_key="coupons.error.course_not_found",
            field="course_id",
        )
    return course.id


@dataclass(frozen=True)
class CourseChoice:
    slug: str
    title: str


CHOICES_LIMIT = 20


def course_choices(*, session: Session, actor_id: int | None, q: str = "") -> list[CourseChoice]:
    """The courses the coupon form offers as the admin types (admins only): title or slug
    containing `q`, by title, at most CHOICES_LIMIT."""
    require_admin(session=session, user_id=actor_id)
    query = select(Course.slug, Course.title)
    text = clean_query(q)
    if text:
        query = query.where(contains(Course.title, text) | contains(Course.slug, text))
    rows = session.execute(query.order_by(Course.title, Course.id).limit(CHOICES_LIMIT))
    return [CourseChoice(slug=slug, title=title) for slug, title in rows]


def _editable(session: Session, actor: User, coupon_id: object) -> Coupon:
    coupon = None
    if isinstance(coupon_id, int) and not isinstance(coupon_id, bool) and coupon_id > 0:
        coupon = session.get(Coupon, coupon_id)
    if coupon is None:
        raise NotFound("coupon not found", message_key="coupons.error.not_found")
    if actor.role != Role.ADMIN:
        teacher = session.scalar(select(Course.teacher_id).where(Course.id == coupon.course_id))
        if coupon.course_id is None or teacher != actor.id:
            raise Forbidden(
                "teachers manage the coupons of their own courses",
                message_key="coupons.error.not_yours",
            )
    return coupon


def update_coupon(
    *, session: Session, actor_id: int | None, coupon_id: object, changes: Mapping[str, Any]
) -> CouponRow:
    """Change any of the create fields (`used_count` is the payments' own)."""
    actor = _manager(session, actor_id)
    coupon = _editable(session, actor, coupon_id)
    cleaned = {f: _clean(f, v) for f, v in changes.items() if f != "course_id"}
    if "course_id" in changes:
        cleaned["course_id"] = _check_course(session, actor, changes["course_id"])
    if "code" in cleaned:
        _check_code_free(session, cleaned["code"], coupon.id)
    for field, value in cleaned.items():
        setattr(coupon, field, value)
    _check_percent(coupon)
    _save(session, coupon)
    return _row(session, coupon)


def list_coupons(
    *,
    session: Session,
    actor_id: int | None,
    q: str = "",
    course_id: int | None = None,
    page: int = 1,
    per_page: int = 20,
) -> paging.Page:
    """Newest first: every coupon for admins, those of their own courses for teachers;
    `q` matches the code."""
    actor = _manager(session, actor_id)
    query = select(Coupon)
    if actor.role != Role.ADMIN:
        query = query.join(Course, Course.id == Coupon.course_id).where(
            Course.teacher_id == actor.id
        )
    if course_id is not None:
        query = query.where(Coupon.course_id == course_id)
    text = clean_query(q)
    if text:
        query = query.where(contains(Coupon.code, text))
    found = paging.fetch(
        session, query.order_by(Coupon.created_at.desc(), Coupon.id.desc()), page, per_page
    )
    titles = _titles(session, found.items)
    return found.map(lambda coupon: _row(session, coupon, titles))


def admin_coupons(
    *, session: Session, actor_id: int | None, q: str = "", page: int = 1, per_page: int = 20
) -> paging.Page:
    """The admin page's list: every coupon, admins only (Forbidden for anyone else)."""
    require_admin(session=session, user_id=actor_id)
    return list_coupons(session=session, actor_id=actor_id, q=q, page=page, per_page=per_page)
