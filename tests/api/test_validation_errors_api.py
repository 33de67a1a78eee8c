"""A 422 names the field it is about (API.md: "400/422 for bad input (naming the field)"),
at the top (`field`, `detail`) and in each of `errors`, whichever part of the request
holds it. A JSON field that is itself called `body` keeps its name, and a body that is
missing or not JSON is named `body`."""

from __future__ import annotations

import pytest

from tests.support.api import auth
from tests.support.factories import make_user

CASES = [
    # (method, path, request keywords, the field named)
    ("POST", "/api/v1/modules/1/lessons", {"json": {"title": "T", "body": 1}}, "body"),
    ("POST", "/api/v1/conversations", {"json": {"user_id": 2}}, "body"),
    ("POST", "/api/v1/conversations/1/messages", {"json": {"body": ""}}, "body"),
    ("POST", "/api/v1/notifications/read", {"json": {}}, "ids"),
    ("POST", "/api/v1/reviews", {"json": {"course_id": 1, "rating": 6}}, "rating"),
    ("POST", "/api/v1/auth/login", {}, "body"),
    (
        "POST",
        "/api/v1/auth/login",
        {"content": b"{not json", "headers": {"Content-Type": "application/json"}},
        "body",
    ),
    ("GET", "/api/v1/courses?per_page=101", {}, "per_page"),
    ("GET", "/api/v1/orders/abc", {}, "order_id"),
]  # fmt: skip


@pytest.mark.parametrize(("method", "path", "request_args", "field"), CASES)
def test_a_422_names_the_field(client, committed_session, method, path, request_args, field):
    user = make_user(committed_session, role="admin", commit=True)
    request_args = dict(request_args)  # the case is shared by both backends' runs
    headers = {**auth(user), **request_args.pop("headers", {})}
    response = client.request(method, path, headers=headers, **request_args)
    assert response.status_code == 422, response.text
    body = response.json()
    assert (body["code"], body["field"]) == ("invalid", field)
    assert body["detail"].startswith(f"{field}: ")
    assert body["errors"][0]["field"] == field
    assert all(error["field"] and error["message"] for error in body["errors"])
