"""A course as an admin types it into a form: its number ("12" or "#12") or its slug.

Shared by the forms that name a course in a text box (the enrol form, the coupon form):
each maps "no such course" to its own message and field.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from edu_platform.models import Course

MAX_ID_DIGITS = 9  # below 2^31: a longer number is no id of ours (and would overflow)


def clean_ref(course_ref: object) -> str:
    """The ref with its whitespace collapsed ("" when nothing was typed)."""
    return " ".join(str(course_ref or "").split())


def course_by_ref(session: Session, course_ref: object) -> Course | None:
    """The course `course_ref` names; None when there is none.

    "#12" is always the id. A bare "2024" is first a slug (a slug may be all digits, and
    the coupon form's suggestions fill in slugs), then the id; anything else is the exact
    slug in any case."""
    ref = clean_ref(course_ref)
    if not ref:
        return None
    number = ref.removeprefix("#")
    # ASCII digits only: "²".isdigit() is true, but int("²") fails.
    is_number = number.isascii() and number.isdigit() and len(number) <= MAX_ID_DIGITS
    if not ref.startswith("#"):
        course = session.scalar(select(Course).where(Course.slug == ref.lower()))
        if course is not None or not is_number:
            return course
    return session.get(Course, int(number)) if is_number else None
