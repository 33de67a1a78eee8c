"""The routes API.md gives to admins, or to teachers and admins, check the caller's role
before anything else: a caller without it hears 403 whatever the request holds, not a 422
that would describe the route's fields (or 404 for an id that does not exist).

The gate is a dependency (edu_platform/api/deps.py: AdminId, StaffId); the table below is
API.md's, so a route that loses its gate, or gains one it should not have, fails here.
Course authoring (courses, modules, lessons, their files, the learners list) has no role
gate: any signed-in user writes materials through it, and someone else's course answers
404 (README, "Architecture").

What FastAPI does before any dependency still comes first: a body that is not JSON is a
422 naming `body` (nothing about the route's fields), a body over its limit a 413.
"""

from __future__ import annotations

import re

import pytest
from fastapi.routing import APIRoute

from edu_platform.services import active_users
from tests.support.api import api_app, auth
from tests.support.factories import make_user

ADMIN_ONLY = {
    "GET /api/v1/users",
    "PATCH /api/v1/users/{user_id}",
    "GET /api/v1/audit-log",
    "GET /api/v1/reports/sales-dynamics",
    "GET /api/v1/reports/top-courses",
    "GET /api/v1/reports/user-activity",
    "GET /api/v1/reports/completion-rates",
    "POST /api/v1/orders/{order_id}/refund",
    "POST /api/v1/certificates/{serial}/revoke",
    "POST /api/v1/courses/{course_id}/certificates/reissue",
    "GET /api/v1/bulk-jobs/{bulk_job_id}",
    "POST /api/v1/imports",
    "GET /api/v1/imports",
    "GET /api/v1/imports/templates/{kind}",
    "GET /api/v1/imports/{job_id}",
    "GET /api/v1/imports/{job_id}/errors",
    "POST /api/v1/webhooks",
    "GET /api/v1/webhooks",
    "PATCH /api/v1/webhooks/{webhook_id}",
    "DELETE /api/v1/webhooks/{webhook_id}",
    "GET /api/v1/webhooks/{webhook_id}/deliveries",
    "POST /api/v1/webhooks/{webhook_id}/deliveries/{delivery_id}/redeliver",
}
TEACHERS_AND_ADMINS = {
    "POST /api/v1/coupons",
    "GET /api/v1/coupons",
    "PATCH /api/v1/coupons/{coupon_id}",
    "POST /api/v1/metrics/calculate",
    "GET /api/v1/analytics/course/{course_id}",
    "POST /api/v1/posts",
    "PATCH /api/v1/posts/{post}",
    "DELETE /api/v1/posts/{post}",
}
# What the request gets wrong: ids of 0 (ids start at 1), paging out of range, a date
# that is none, and a body without one required field.
JUNK_QUERY = "?page=0&per_page=1000&date_from=never&limit=-1"
JUNK_BODY = {"unexpected": True}


def _routes(router):
    for route in router.routes:
        if isinstance(route, APIRoute):
            yield route
        elif hasattr(route, "original_router"):  # an included router (FastAPI ≥ 0.130)
            yield from _routes(route.original_router)


def _gate_roles(dependant) -> tuple[str, ...] | None:
    for dependency in dependant.dependencies:
        if getattr(dependency.call, "__qualname__", "").startswith("_caller_in_role"):
            return tuple(str(role) for role in dependency.call.__closure__[0].cell_contents)
        roles = _gate_roles(dependency)
        if roles:
            return roles
    return None


def test_the_gated_routes_are_the_ones_api_md_gives_to_admins_or_to_teachers_and_admins():
    gated = {}
    for route in _routes(api_app().router):
        roles = _gate_roles(route.dependant)
        if roles:
            for method in route.methods:
                gated[f"{method} {route.path}"] = roles
    expected = dict.fromkeys(ADMIN_ONLY, ("admin",)) | dict.fromkeys(
        TEACHERS_AND_ADMINS, ("teacher", "admin")
    )
    assert gated == expected


def _send(client, route: str, headers: dict | None):
    method, path = route.split(" ")
    url = re.sub(r"\{[^}]+\}", "0", path) + JUNK_QUERY
    body = JUNK_BODY if method in ("POST", "PATCH") else None
    return client.request(method, url, json=body, headers=headers)


@pytest.mark.parametrize("route", sorted(ADMIN_ONLY | TEACHERS_AND_ADMINS))
def test_a_caller_without_the_role_hears_403_before_the_request_is_checked(
    client, committed_session, route
):
    student = make_user(committed_session)
    teacher = make_user(committed_session, role="teacher")
    admin = make_user(committed_session, role="admin")
    committed_session.commit()
    refused = [student, teacher] if route in ADMIN_ONLY else [student]
    for caller in refused:
        response = _send(client, route, auth(caller))
        assert (response.status_code, response.json()["code"]) == (403, "forbidden"), (
            caller.role,
            response.json(),
        )
    assert _send(client, route, None).status_code == 401
    # The role passes the gate, and the request's mistakes are then found as before.
    allowed = [admin] if route in ADMIN_ONLY else [teacher, admin]
    for caller in allowed:
        response = _send(client, route, auth(caller))
        assert response.status_code in (404, 422), (caller.role, response.json())


def test_every_gated_operation_documents_401_and_403():
    document = api_app().openapi()
    for route in sorted(ADMIN_ONLY | TEACHERS_AND_ADMINS):
        method, path = route.split(" ")
        responses = document["paths"][path][method.lower()]["responses"]
        assert {"401", "403"} <= set(responses), route


def test_a_student_with_a_body_that_is_not_json_hears_only_that_it_is_not_json(
    client, committed_session
):
    student = make_user(committed_session, commit=True)
    response = client.post(
        "/api/v1/webhooks",
        content=b"{not json",
        headers={**auth(student), "Content-Type": "application/json"},
    )
    assert (response.status_code, response.json()["field"]) == (422, "body")
    assert "url" not in response.text


def test_a_blocked_admin_is_401_before_the_role_is_looked_at(client, committed_session):
    admin = make_user(committed_session, role="admin", commit=True)
    headers = auth(admin)
    admin.is_active = False
    committed_session.commit()
    active_users.clear()  # the per-process cache of active accounts (a few seconds)
    response = client.get("/api/v1/audit-log", headers=headers)
    assert (response.status_code, response.json()["code"]) == (401, "unauthorized")
