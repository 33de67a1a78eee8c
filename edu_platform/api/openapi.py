"""Makes the OpenAPI document tell the truth, once for every route.

- Integers are bounded where they are declared (api/params.py: `Id`, `QueryId`, `BodyId`,
  `MAX_PAGE`), so an id past 64 bits is a 422 naming it, never a database overflow;
  tests/api/test_openapi_contract.py checks that no integer parameter is left unbounded.
- Errors: every error status answers with the project's shape `{detail, code, field?,
  errors?}` (ErrorOut); the document declares it instead of FastAPI's default 422 body,
  and declares the statuses each route can return: 422 (parameters or a body), 401
  (anything reading the caller's token), 403 (anything needing a signed-in caller: roles
  and ownership are checked by the services), 404 (a resource in the path), plus the
  route's own (`responses=` on the route, or EXTRA_STATUSES here).
- Methods: a method a path does not have is a 405 with `Allow` (app.py's catch-all).
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute, iter_route_contexts

from edu_platform.api import deps
from edu_platform.api.params import _DESCRIPTIONS, ErrorOut

# Statuses a route returns beyond the inferred ones: (method, path) → statuses.
EXTRA_STATUSES: dict[tuple[str, str], tuple[int, ...]] = {
    ("GET", "/api/health"): (503,),
    ("POST", "/api/v1/auth/register"): (409, 429),
    ("POST", "/api/v1/auth/login"): (401, 429),
    ("POST", "/api/v1/auth/refresh"): (401,),
    ("PATCH", "/api/v1/users/{user_id}"): (409,),
    ("POST", "/api/v1/courses"): (409,),
    ("PATCH", "/api/v1/courses/{course_id}"): (409,),
    ("POST", "/api/v1/enrollments"): (200, 402, 404, 409),
    ("POST", "/api/v1/orders"): (404, 409),
    ("POST", "/api/v1/orders/{order_id}/pay"): (402, 409),
    ("POST", "/api/v1/orders/{order_id}/refund"): (409,),
    ("POST", "/api/v1/payments/webhook"): (401, 404, 409),
    ("POST", "/api/v1/payments/yookassa"): (403, 404, 409, 413, 422, 502),
    ("POST", "/api/v1/reviews"): (404, 409),
    ("POST", "/api/v1/imports"): (400, 413, 422),
    ("POST", "/api/v1/certificates/{serial}/revoke"): (409,),
}
# Media types a route answers with besides JSON (CSV exports, files).
EXTRA_CONTENT: dict[tuple[str, str], tuple[str, ...]] = {
    ("GET", "/api/v1/reports/sales-dynamics"): ("text/csv",),
    ("GET", "/api/v1/reports/top-courses"): ("text/csv",),
    ("GET", "/api/v1/reports/user-activity"): ("text/csv",),
    ("GET", "/api/v1/reports/completion-rates"): ("text/csv",),
    ("GET", "/api/v1/courses/{course_id}/learners"): ("text/csv",),
    ("GET", "/api/v1/imports/{job_id}/errors"): ("text/csv",),
    ("GET", "/api/v1/imports/templates/{kind}"): ("text/csv",),
}

_AUTH_REQUIRED = {deps.current_user_id, deps.current_user}
_AUTH_READ = _AUTH_REQUIRED | {deps.optional_user_id}
_ERROR_REF = {"$ref": "#/components/schemas/ErrorOut"}
CATCH_ALL = "unknown_api_path"  # app.py's last route


# --- statuses -------------------------------------------------------------------------------


def _calls(dependant: Dependant) -> set[Any]:
    found = {dependant.call}
    for sub in dependant.dependencies:
        found |= _calls(sub)
    return found


def _has_params(dependant: Dependant) -> bool:
    if dependant.path_params or dependant.query_params or dependant.header_params:
        return True
    if dependant.body_params or dependant.cookie_params:
        return True
    return any(_has_params(sub) for sub in dependant.dependencies)


def _has_body(dependant: Dependant) -> bool:
    return bool(dependant.body_params) or any(_has_body(d) for d in dependant.dependencies)


def _api_routes(api: FastAPI) -> Iterator[Any]:
    """Every operation as served (FastAPI builds one per router inclusion)."""
    for context in iter_route_contexts(api.routes):
        if isinstance(context.original_route, APIRoute):
            yield context


def _statuses(route: Any, method: str) -> set[int]:
    calls = _calls(route.dependant)
    statuses = set(EXTRA_STATUSES.get((method, route.path), ()))
    statuses |= {int(s) for s in route.responses if str(s).isdigit() and int(s) >= 400}
    if statuses & {200, 201}:
        statuses.discard(route.status_code or 200)
    if _has_params(route.dependant):
        statuses.add(422)
    if _has_body(route.dependant):
        statuses.add(400)  # a body that is not JSON at all
    if calls & _AUTH_READ:
        # A bad token is a 401; who may see what is the services' rule (403), also for
        # routes open to anonymous callers that serve some things to learners only.
        statuses |= {401, 403}
    if "{" in route.path:
        statuses.add(404)
    return statuses


def _document_errors(api: FastAPI, schema: dict) -> None:
    schema.setdefault("components", {}).setdefault("schemas", {})
    schema["components"]["schemas"]["ErrorOut"] = ErrorOut.model_json_schema(
        ref_template="#/components/schemas/{model}"
    )
    nested = schema["components"]["schemas"]["ErrorOut"].pop("$defs", {})
    schema["components"]["schemas"].update(nested)
    for name in ("HTTPValidationError", "ValidationError"):
        schema["components"]["schemas"].pop(name, None)
    for route in _api_routes(api):
        if not route.include_in_schema:
            continue
        path = schema["paths"].get(route.path_format, {})
        for method in route.methods:
            operation = path.get(method.lower())
            if operation is None:
                continue
            responses = operation.setdefault("responses", {})
            success = responses.get(str(route.status_code or 200))
            for status in sorted(_statuses(route, method)):
                if status < 400:  # another success status with the same body
                    if success is not None:
                        responses.setdefault(str(status), copy.deepcopy(success))
                    continue
                entry = responses.setdefault(str(status), {})
                entry["description"] = entry.get("description") or _DESCRIPTIONS.get(
                    status, "Error"
                )
                if entry["description"] == "Validation Error":
                    entry["description"] = _DESCRIPTIONS[422]
                entry["content"] = {"application/json": {"schema": _ERROR_REF}}
            for media_type in EXTRA_CONTENT.get((method, route.path), ()):
                if success is not None:
                    success.setdefault("content", {})[media_type] = {"schema": {"type": "string"}}


def install(api: FastAPI) -> None:
    """Serve the corrected document."""

    def openapi() -> dict:
        if api.openapi_schema is None:
            schema = get_openapi(
                title=api.title,
                version=api.version,
                routes=api.routes,
                description=api.description,
            )
            _document_errors(api, schema)
            api.openapi_schema = schema
        return api.openapi_schema

    api.openapi = openapi  # type: ignore[method-assign]


def allowed_methods(api: FastAPI, path: str) -> list[str]:
    """The methods the API's documented routes serve on `path` (for 405 and OPTIONS)."""
    methods: set[str] = set()
    for route in _api_routes(api):
        if route.name != CATCH_ALL and route.methods and route.path_regex.match(path):
            methods |= route.methods
    return sorted(methods)
