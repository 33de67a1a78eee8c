"""Shared pieces of the admin lists (courses, orders, enrolments, reviews): the text
filters on courses and users they all offer (paging: services/paging.py)."""

from __future__ import annotations

from sqlalchemy import ColumnElement, or_
from sqlmodel import col

from edu_platform.models import Course, User
from edu_platform.services import text_match

MAX_QUERY_LENGTH = 200


def clean_query(text: str | None) -> str:
    return " ".join(str(text or "").split())[:MAX_QUERY_LENGTH]


def course_condition(text: str) -> ColumnElement[bool] | None:
    """A course filter: a number is the course id, anything else matches title or slug."""
    text = clean_query(text)
    if not text:
        return None
    number = text.lstrip("#")
    if number.isdigit() and len(number) <= 9:
        return col(Course.id) == int(number)
    return or_(text_match.contains(Course.title, text), text_match.contains(Course.slug, text))


def user_condition(text: str) -> ColumnElement[bool] | None:
    """A user filter: email or full name contains the text."""
    text = clean_query(text)
    if not text:
        return None
    return or_(text_match.contains(User.email, text), text_match.contains(User.full_name, text))
