"""One page of a list: the shape, the bounds and the count every list in the services uses.

The rule (API.md: "`page` from 1, `per_page` default 20, max 100"; bad input is a 422
naming the field): a value out of range is refused, never quietly changed.
- `page` must be 1..MAX_PAGE and `per_page` 1..MAX_PER_PAGE; `checked` raises Invalid
  naming `page` or `per_page` otherwise (an API answer 422 `{"field": "per_page"}`, a
  toast in a page). The API's `PageParams` (api/params.py) declares the same bounds, so
  the OpenAPI document shows them and FastAPI answers the same 422 at the door.
- A page past the last one is empty (`items == []`) with the real `total`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from edu_platform.services.errors import Invalid

T = TypeVar("T")
U = TypeVar("U")

DEFAULT_PER_PAGE = 20
MAX_PAGE = 1_000_000
MAX_PER_PAGE = 100


@dataclass
class Page(Generic[T]):
    """API.md's list shape: one page of `items` out of `total`."""

    items: list[T] = field(default_factory=list)
    total: int = 0
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE

    @property
    def pages(self) -> int:
        """How many pages there are (at least 1, so "page 1 of 1" when empty)."""
        return max(1, -(-self.total // max(1, self.per_page)))

    def map(self, convert: Callable[[T], U]) -> Page[U]:
        return Page([convert(item) for item in self.items], self.total, self.page, self.per_page)


def checked(page: Any, per_page: Any) -> tuple[int, int]:
    """(page, per_page) as integers; Invalid naming the field when one is out of range."""
    page, per_page = int(page), int(per_page)
    if not 1 <= page <= MAX_PAGE:
        raise Invalid(f"page must be 1..{MAX_PAGE}", field="page")
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise Invalid(f"per_page must be 1..{MAX_PER_PAGE}", field="per_page")
    return page, per_page


def page_from_text(value: object) -> int:
    """A page number from a URL's query string: 1 when missing or not a number, otherwise
    within 1..MAX_PAGE (a link someone edited shows the nearest page, not an error)."""
    try:
        number = int(str(value or "1").strip())
    except ValueError:
        return 1
    return min(max(1, number), MAX_PAGE)


def offset(page: int, per_page: int) -> int:
    return (page - 1) * per_page


def count(session: Session, query: Select) -> int:
    """How many rows `query` returns (its ORDER BY, LIMIT and OFFSET ignored)."""
    counted = query.order_by(None).limit(None).offset(None)
    return session.scalar(select(func.count()).select_from(counted.subquery())) or 0


def fetch(session: Session, query: Select, page: Any, per_page: Any) -> Page[Any]:
    """One page of `query` (already ordered): entities when it selects one thing, rows
    (tuples) when it selects several; `total` counts the whole query."""
    page, per_page = checked(page, per_page)
    window = query.offset(offset(page, per_page)).limit(per_page)
    rows: Sequence[Any]
    if len(query.column_descriptions) == 1:
        rows = session.scalars(window).all()
    else:
        rows = [tuple(row) for row in session.execute(window).all()]
    return Page(list(rows), count(session, query), page, per_page)
