"""Single records by id: GET /api/v1/users/{id} (admins; the user themself) and
GET /api/v1/enrollments/{id} (its learner, the course's teacher, admins)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from fastapi import APIRouter

from edu_platform import db
from edu_platform.api.deps import CallerId
from edu_platform.api.params import Id, errors
from edu_platform.services import enrollment, users_admin

router = APIRouter()
F = TypeVar("F", bound=Callable[..., Any])


def _one_record(path: str, record: type, tag: str) -> Callable[[F], F]:
    """The decorator of a GET that answers one record by id (401/403/404/422 documented)."""
    return router.get(path, response_model=record, tags=[tag], responses=errors(401, 403, 404, 422))


@_one_record("/api/v1/users/{user_id}", users_admin.UserRow, "users")
def get_user(user_id: Id, caller_id: CallerId) -> users_admin.UserRow:
    """A user in the admin view's shape; 403 unless the caller is an admin or that user."""
    return db.run_sync(users_admin.user_view, actor_id=caller_id, user_id=user_id)


@_one_record("/api/v1/enrollments/{enrollment_id}", enrollment.EnrollmentView, "commerce")
def get_enrollment(enrollment_id: Id, caller_id: CallerId) -> enrollment.EnrollmentView:
    """An enrolment with progress; 404 for anyone but its learner, the course's teacher and
    admins."""
    return db.run_sync(enrollment.get_enrollment, actor_id=caller_id, enrollment_id=enrollment_id)
