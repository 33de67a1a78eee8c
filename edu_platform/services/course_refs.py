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
    """The course whose id or exact slug (any case) `course_ref` is; None otherwise."""
    ref = clean_ref(course_ref)
    number = ref.lstrip("#")
    course = None
    if number.isdigit() and len(number) <= MAX_ID_DIGITS:
        course = session.get(Course, int(number))
    if course is None and ref:
        course = session.scalar(select(Course).where(Course.slug == ref.lower()))
    return course
