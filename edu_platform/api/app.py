"""Builds the FastAPI app: routers, error mapping, OpenAPI under /api."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import DataError, DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from starlette.exceptions import HTTPException as StarletteHTTPException

from edu_platform.api import (
    audit,
    auth,
    authoring,
    blog,
    catalog,
    certificates,
    commerce,
    community,
    coupons,
    feedback,
    form_auth,
    health,
    imports,
    learning,
    lookups,
    media,
    metrics,
    oauth,
    openapi,
    quiz_authoring,
    reports,
    reviews,
    syllabus,
    teaching,
    telegram,
    users,
    webhooks,
)
from edu_platform.api.body_limit import BodyLimitMiddleware
from edu_platform.api.head_requests import HeadAsGetMiddleware
from edu_platform.services.errors import DomainError

log = logging.getLogger(__name__)
# What a client is told to wait before retrying while the database is unreachable.
DATABASE_RETRY_AFTER_SECONDS = 5


def error_body(detail: str, code: str, field: str | None = None) -> dict:
    body = {"detail": detail, "code": code}
    if field:
        body["field"] = field
    return body


# Where FastAPI found a value: the first part of an error's `loc`, not part of its name.
REQUEST_PARTS = ("body", "query", "path", "header", "cookie")


def field_of(error: dict) -> str:
    """The field a validation error names: its `loc` without the request part it was found
    in ("body", "query", ...), so that a JSON field called `body` keeps its name. An error
    about the whole body (missing, not JSON) names `body`."""
    location = [str(part) for part in error.get("loc", ())]
    part = location.pop(0) if location and location[0] in REQUEST_PARTS else ""
    if error.get("type") == "json_invalid":
        return "body"  # `loc` holds the position in the text, not a field
    return ".".join(location) or part or "body"


def refused_nul(exc: Exception) -> bool:
    """Whether PostgreSQL refused a NUL character in a text value (SQLite stores it): the
    client's input, a 422, not the server's fault."""
    return isinstance(exc, DataError) and "NUL (0x00)" in str(getattr(exc, "orig", exc))


def _install_error_handlers(api: FastAPI) -> None:
    @api.exception_handler(DomainError)
    async def _domain_error(_request: Request, exc: DomainError) -> JSONResponse:
        retry_after = getattr(exc, "retry_after", None)
        headers = {"Retry-After": str(retry_after)} if retry_after else None
        return JSONResponse(
            error_body(exc.detail, exc.code, exc.field), status_code=exc.status, headers=headers
        )

    @api.exception_handler(DBAPIError)
    @api.exception_handler(PoolTimeoutError)
    async def _database_error(_request: Request, exc: Exception) -> JSONResponse:
        # The database is down, restarting or out of connections: a clear, retryable 503
        # (not a 500 with a traceback). Other driver errors (a broken constraint) are bugs.
        if refused_nul(exc):
            # The last guard: a text field no check above the database cleaned.
            return JSONResponse(
                error_body("text must not contain the NUL character (U+0000)", "invalid"),
                status_code=422,
            )
        unreachable = isinstance(exc, OperationalError | PoolTimeoutError) or getattr(
            exc, "connection_invalidated", False
        )
        if not unreachable:
            raise exc
        log.warning("database unavailable: %s", str(exc).splitlines()[0][:300])
        return JSONResponse(
            error_body("the database is unavailable; try again in a few seconds", "unavailable"),
            status_code=503,
            headers={"Retry-After": str(DATABASE_RETRY_AFTER_SECONDS)},
        )

    @api.exception_handler(RequestValidationError)
    async def _validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        first = errors[0] if errors else {}
        field = field_of(first) if first else None
        detail = f"{field}: {first.get('msg', 'invalid')}" if field else "invalid request"
        body = error_body(detail, "invalid", field)
        body["errors"] = [{"field": field_of(e), "message": e.get("msg")} for e in errors]
        return JSONResponse(body, status_code=422)

    @api.exception_handler(StarletteHTTPException)
    async def _http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {
            401: "unauthorized",
            403: "forbidden",
            404: "not_found",
            405: "method_not_allowed",
            409: "conflict",
            413: "too_large",
            429: "rate_limited",
        }.get(exc.status_code, "error")
        return JSONResponse(
            error_body(str(exc.detail), code),
            status_code=exc.status_code,
            headers=getattr(exc, "headers", None),
        )


def create_api() -> FastAPI:
    """The /api application with every router and a JSON 404 for unknown paths."""
    api = FastAPI(
        title="EduPlatform API",
        version="1.0",
        openapi_url="/api/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
    )
    _install_error_handlers(api)
    api.add_middleware(BodyLimitMiddleware)
    api.add_middleware(HeadAsGetMiddleware)
    api.include_router(health.router)
    api.include_router(media.router)
    api.include_router(auth.router)
    api.include_router(form_auth.router)
    api.include_router(oauth.router)
    api.include_router(users.router)
    api.include_router(lookups.router)
    api.include_router(catalog.router)
    api.include_router(learning.router)
    api.include_router(feedback.router)
    api.include_router(audit.router)
    api.include_router(reports.router)
    api.include_router(commerce.router)
    api.include_router(coupons.router)
    api.include_router(reviews.router)
    api.include_router(certificates.router)
    api.include_router(authoring.router)
    api.include_router(syllabus.router)
    api.include_router(quiz_authoring.router)
    api.include_router(teaching.router)
    api.include_router(imports.router)
    api.include_router(metrics.router)
    api.include_router(webhooks.router)
    api.include_router(community.router)
    api.include_router(blog.router)
    api.include_router(telegram.router)

    # Registered last: without it an unknown /api path falls through to the SPA's HTML 404.
    # A known path asked with a method it does not have is a 405 with `Allow`.
    @api.api_route(
        "/api/{rest:path}",
        methods=["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"],
        include_in_schema=False,
        name=openapi.CATCH_ALL,
    )
    def _unknown_api_path(request: Request, rest: str) -> Response:
        allowed = openapi.allowed_methods(api, request.url.path)
        if allowed and request.method == "OPTIONS":
            return Response(status_code=204, headers={"Allow": ", ".join([*allowed, "OPTIONS"])})
        if allowed:
            return JSONResponse(
                error_body(f"{request.method} is not allowed here", "method_not_allowed"),
                status_code=405,
                headers={"Allow": ", ".join(allowed)},
            )
        return JSONResponse(error_body(f"no API route /api/{rest}", "not_found"), status_code=404)

    openapi.install(api)
    return api
