"""Shared parameter types and error declarations of the API, so that the OpenAPI document
tells the truth: every integer is bounded (an id past 64 bits is a 422, never a database
overflow), lists page the same way, and errors have the project's one shape."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Path, Query
from pydantic import BaseModel, Field

MAX_ID = 2**63 - 1  # BIGINT; every id column fits
MAX_PAGE = 1_000_000
MAX_PER_PAGE = 100

Id = Annotated[int, Path(ge=1, le=MAX_ID)]
"""An id in the path: 1..2^63-1."""
QueryId = Annotated[int | None, Query(ge=1, le=MAX_ID)]
"""An optional id filter in the query string."""
BodyId = Annotated[int, Field(ge=1, le=MAX_ID)]
"""An id in a JSON body."""


@dataclass(frozen=True)
class Paging:
    page: int
    per_page: int


def paging(
    page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
    per_page: Annotated[int, Query(ge=1, le=MAX_PER_PAGE)] = 20,
) -> Paging:
    """`page` from 1, `per_page` 1..100 (default 20)."""
    return Paging(page=page, per_page=per_page)


PageParams = Annotated[Paging, Depends(paging)]


class ErrorItem(BaseModel):
    field: str
    message: str


class ErrorOut(BaseModel):
    """Every error: `detail` for people, `code` for programs, `field` naming the bad input,
    `errors` listing each invalid field of a 422."""

    detail: str
    code: str
    field: str | None = None
    errors: list[ErrorItem] | None = None


_DESCRIPTIONS = {
    400: "Bad request",
    401: "No or bad token",
    402: "Payment required",
    403: "Wrong role",
    404: "Not found (or not yours)",
    405: "Method not allowed",
    409: "Conflict",
    413: "Too large",
    422: "Invalid input (`field` names it)",
    429: "Rate limited",
    503: "Unavailable",
}


def errors(*statuses: int) -> dict[int | str, dict]:
    """`responses=` for a route: these statuses answer with ErrorOut."""
    return {
        status: {"model": ErrorOut, "description": _DESCRIPTIONS.get(status, "Error")}
        for status in statuses
    }
