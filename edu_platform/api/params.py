"""Shared parameter types and error declarations of the API, so that the OpenAPI document
tells the truth: every integer is bounded (an id past 64 bits is a 422, never a database
overflow), lists page the same way, and errors have the project's one shape."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Annotated, Any, Generic, Self, TypedDict, TypeVar

from fastapi import Depends, Path, Query
from pydantic import AfterValidator, AwareDatetime, BaseModel, BeforeValidator, Field

from edu_platform.models.base import MAX_ID
from edu_platform.services.paging import DEFAULT_PER_PAGE, MAX_PAGE, MAX_PER_PAGE

T = TypeVar("T")

# Ids: 1..MAX_ID (2^31-1, models/base.py); anything past it is a 422, not a PostgreSQL
# "integer out of range".

Id = Annotated[int, Path(ge=1, le=MAX_ID)]
"""An id in the path: 1..2^31-1."""
QueryId = Annotated[int | None, Query(ge=1, le=MAX_ID)]
"""An optional id filter in the query string."""
BodyId = Annotated[int, Field(ge=1, le=MAX_ID, strict=True)]
"""An id in a JSON body."""


# YYYY-MM-DD, or an ISO 8601 date-time (API.md: "dates are ISO 8601 with time zone"),
# whose UTC day is taken (API.md counts UTC days); without a zone, the date as written.
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_DATETIME = re.compile(
    r"(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(Z|[+\- ]\d{2}:?\d{2})?"
)
_NOT_A_DATE = "a date is YYYY-MM-DD (or an ISO 8601 date-time)"
# Dates the platform can hold and count days across: 9999-12-31 has no next day.
FIRST_DATE, LAST_DATE = date(1900, 1, 1), date(2999, 12, 31)
_DATE_RANGE = f"a date from {FIRST_DATE} to {LAST_DATE}"


def _iso_date(value: object) -> object:
    """YYYY-MM-DD or an ISO date-time (pydantic alone would read `0` as a Unix
    timestamp), within FIRST_DATE..LAST_DATE."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    if _ISO_DATE.fullmatch(text):
        return text
    match = _ISO_DATETIME.fullmatch(text)
    if match is None:
        raise ValueError(_NOT_A_DATE)
    if match.group(2) is None:
        return match.group(1)
    # An unencoded "+" in a query string arrives as a space.
    zoned = text[: match.start(2)] + match.group(2).replace(" ", "+").replace("Z", "+00:00")
    try:
        return datetime.fromisoformat(zoned).astimezone(UTC).date()
    except (ValueError, OverflowError):  # no such day, or past the calendar's end
        raise ValueError(_NOT_A_DATE) from None


def _in_range(value: date | None) -> date | None:
    if value is not None and not FIRST_DATE <= value <= LAST_DATE:
        raise ValueError(_DATE_RANGE)
    return value


QueryDate = Annotated[date | None, BeforeValidator(_iso_date), AfterValidator(_in_range), Query()]
"""An optional date filter in the query string: YYYY-MM-DD or an ISO date-time."""


def _iso_datetime(value: object) -> object:
    """ISO 8601 text only (pydantic alone would read a number as a Unix timestamp)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValueError("a date-time is ISO 8601 text")
    return value


BodyDateTime = Annotated[datetime, BeforeValidator(_iso_datetime)]
"""A date-time in a JSON body: ISO 8601 text."""
BodyAwareDateTime = Annotated[AwareDatetime, BeforeValidator(_iso_datetime)]
"""A date-time with a time zone in a JSON body: ISO 8601 text."""


def _body_date(value: object) -> object:
    """A date in a body: text only, YYYY-MM-DD or an ISO date-time (its UTC day)."""
    return _iso_date(_iso_datetime(value))


BodyDate = Annotated[date, BeforeValidator(_body_date), AfterValidator(_in_range)]
"""A date in a JSON body: YYYY-MM-DD or an ISO date-time, FIRST_DATE..LAST_DATE."""


class PagingKwargs(TypedDict):
    page: int
    per_page: int


@dataclass(frozen=True)
class Paging:
    page: int
    per_page: int

    def as_kwargs(self) -> PagingKwargs:
        """`page=` and `per_page=` for a service call."""
        return {"page": self.page, "per_page": self.per_page}


def paging(
    page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
    per_page: Annotated[int, Query(ge=1, le=MAX_PER_PAGE)] = DEFAULT_PER_PAGE,
) -> Paging:
    """`page` from 1, `per_page` 1..100 (default 20); out of range is a 422 naming the
    field (the rule of services/paging.py)."""
    return Paging(page=page, per_page=per_page)


PageParams = Annotated[Paging, Depends(paging)]
"""Every API list's `page` and `per_page`."""


class DateKwargs(TypedDict):
    date_from: date | None
    date_to: date | None


@dataclass(frozen=True)
class DateRange:
    date_from: date | None
    date_to: date | None

    def as_kwargs(self) -> DateKwargs:
        """`date_from=` and `date_to=` for a service call."""
        return {"date_from": self.date_from, "date_to": self.date_to}


def date_range(date_from: QueryDate = None, date_to: QueryDate = None) -> DateRange:
    """The optional `date_from` and `date_to` filters, YYYY-MM-DD."""
    return DateRange(date_from=date_from, date_to=date_to)


DateParams = Annotated[DateRange, Depends(date_range)]
"""The reports', analytics' and audit log's `date_from` and `date_to`."""


class PageOut(BaseModel, Generic[T]):
    """Every API list's answer: `{"items": [...], "total": N, "page": P, "per_page": K}`."""

    items: list[T]
    total: int
    page: int
    per_page: int

    @classmethod
    def of(cls, found: Any) -> Self:
        """From a service's page (services/paging.py `Page`, or a subclass with extras)."""
        return cls.model_validate(found, from_attributes=True)


def fields_for(model: type[BaseModel], record: object, /, **values: Any) -> dict[str, Any]:
    """The `model`'s fields read from the record's attributes of the same names, except those
    given in `values` (references built from several attributes): record_from for the API's
    response models."""
    return {
        name: values[name] if name in values else getattr(record, name)
        for name in model.model_fields
    }


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
