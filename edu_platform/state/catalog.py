"""The catalog page: every filter lives in the query string, so a URL can be shared.

on_load reads the URL and searches; each filter control navigates to a new URL.
"""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from edu_platform import db, routes
from edu_platform.services import paging, search
from edu_platform.services.catalog import CourseCard
from edu_platform.services.errors import DomainError
from edu_platform.services.search import CatalogQuery, FacetValue

PER_PAGE = 12
URL_KEYS = (
    "q",
    "kind",
    "category",
    "level",
    "language",
    "price",
    "rating_min",
    "price_min",
    "price_max",
    "sort",
    "page",
)


@dataclass
class FacetLink:
    """A filter value as the sidebar shows it: its count and the URL that toggles it."""

    value: str
    label: str
    count: int
    url: str
    active: bool


def _query_from_params(params: dict[str, str]) -> CatalogQuery:
    price = params.get("price", "")
    return CatalogQuery(
        q=params.get("q", "")[:200],
        category=params.get("category", "")[:120],
        level=params.get("level", ""),
        language=params.get("language", ""),
        kind=params.get("kind", "")[:20],
        free=True if price == "free" else False if price == "paid" else None,
        price_min=search.parse_decimal(params.get("price_min"), "price_min"),
        price_max=search.parse_decimal(params.get("price_max"), "price_max"),
        rating_min=search.parse_decimal(params.get("rating_min"), "rating_min"),
        sort=params.get("sort", ""),
        page=paging.page_from_text(params.get("page")),
        per_page=PER_PAGE,
    )


class CatalogState(rx.State):
    params: dict[str, str] = {}
    items: list[CourseCard] = []
    total: int = 0
    page: int = 1
    pages: int = 1
    sort: str = "popular"
    categories: list[FacetLink] = []
    levels: list[FacetLink] = []
    languages: list[FacetLink] = []
    prices: list[FacetLink] = []
    ratings: list[FacetLink] = []
    kinds: list[FacetLink] = []
    loading: bool = True
    error_field: str = ""

    def _url(self, **changes: str) -> str:
        """The catalog URL with `changes` applied; any filter change goes back to page 1."""
        params = {key: value for key, value in self.params.items() if key in URL_KEYS}
        if "page" not in changes:
            params.pop("page", None)
        params.update(changes)
        return routes.catalog_url(**{key: params.get(key, "") for key in URL_KEYS})

    def _links(self, key: str, values: list[FacetValue]) -> list[FacetLink]:
        current = self.params.get(key, "")
        return [
            FacetLink(
                v.value,
                v.label,
                v.count,
                self._url(**{key: "" if v.value == current else v.value}),
                v.value == current,
            )
            for v in values
        ]

    @rx.event
    async def load(self):
        params = dict(self.router.url.query_parameters)
        self.params = {key: str(value)[:200] for key, value in params.items() if key in URL_KEYS}
        self.loading = True
        self.error_field = ""
        try:
            query = _query_from_params(self.params)
            result = await db.run(search.search_courses, read_only=True, query=query)
        except DomainError as error:
            self.error_field = error.field or "q"
            self.items, self.total, self.loading = [], 0, False
            return
        self.items = result.items
        self.total = result.total
        self.page = result.page
        self.pages = result.pages
        self.sort = result.sort
        self.categories = self._links("category", result.facets.categories)
        self.levels = self._links("level", result.facets.levels)
        self.languages = self._links("language", result.facets.languages)
        self.prices = self._links("price", result.facets.prices)
        self.ratings = self._links("rating_min", result.facets.ratings)
        self.kinds = self._links("kind", result.facets.kinds)
        self.loading = False

    @rx.var
    def query_text(self) -> str:
        return self.params.get("q", "")

    @rx.var
    def has_filters(self) -> bool:
        return any(self.params.get(key) for key in URL_KEYS if key not in ("sort", "page"))

    @rx.var
    def prev_url(self) -> str:
        return self._url(page=str(self.page - 1)) if self.page > 1 else ""

    @rx.var
    def next_url(self) -> str:
        return self._url(page=str(self.page + 1)) if self.page < self.pages else ""

    @rx.var
    def reset_url(self) -> str:
        return routes.CATALOG

    @rx.event
    def search_words(self, form_data: dict):
        return rx.redirect(self._url(q=str(form_data.get("q", ""))[:200].strip()))

    @rx.event
    def set_sort(self, sort: str):
        if sort in search.SORTS:
            return rx.redirect(self._url(sort=sort))

    @rx.event
    def set_price_range(self, form_data: dict):
        return rx.redirect(
            self._url(
                price_min=str(form_data.get("price_min", "")).strip()[:12],
                price_max=str(form_data.get("price_max", "")).strip()[:12],
            )
        )
