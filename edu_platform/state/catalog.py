"""The catalog page: every filter lives in the query string, so a URL can be shared.

on_load reads the URL and searches; each filter control navigates to a new URL.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field

import reflex as rx

from edu_platform import db, routes
from edu_platform.i18n import has_key
from edu_platform.services import paging, search
from edu_platform.services.catalog import CourseCard
from edu_platform.services.errors import DomainError
from edu_platform.services.highlight import Segment, highlight, query_stems
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
    labels: dict[str, str] = field(default_factory=dict)  # per UI language (categories)


@dataclass
class CatalogHit:
    """A result card with its title and summary cut into segments, the search words marked."""

    card: CourseCard
    title: list[Segment]
    summary: list[Segment]


@dataclass
class ActiveFilter:
    """A filter in the URL, offered for removal when nothing is found."""

    key: str  # URL key: its name is the message catalog_hints.filter.<key>
    value_key: str  # a message key for the value, or "" to show value_text
    value_text: str
    url: str  # the catalog without this filter


FILTER_KEYS = (
    "q", "kind", "category", "level", "language", "price", "rating_min", "price_min", "price_max"
)  # fmt: skip
# Refused filters that have a chip of their own (`active_filters`) and no field to speak in.
CHIP_ERROR_KEYS = tuple(key for key in FILTER_KEYS if key not in ("q", "price_min", "price_max"))
# Values whose names are in the message catalogue, by URL key.
VALUE_KEY_PREFIX = {
    "level": "course.level.",
    "language": "catalog.lang.",
    "price": "catalog.",
    "kind": "materials.kind.",
}
POPULAR_COUNT = 4


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
    hits: list[CatalogHit] = []
    active_filters: list[ActiveFilter] = []
    popular: list[CourseCard] = []  # suggestions when nothing is found

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
                v.labels,
            )
            for v in values
        ]

    @rx.var
    def bad_filter(self) -> bool:
        """The search refused a filter value that has a chip to remove it (the prices say
        their own under their fields; a bad sort or page has no chip)."""
        return self.error_field in CHIP_ERROR_KEYS

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
            self.hits, self.total = [], 0
            self.active_filters = self._active_filters()
            self.popular = await self._popular()
            self.loading = False
            return self._fill_search_box()
        if result.total and result.page > result.pages:
            # A page past the end (an old link, a typed number): the last page instead of
            # "Page 99 of 3" with no card (still loading: no stale card shows meanwhile).
            return rx.redirect(self._url(page=str(result.pages)), replace=True)
        # The cards travel once, inside `hits` (with their marked title and summary): a
        # second list of the same cards would double every search's websocket delta.
        stems = query_stems(query.q)
        # The summary travels once too: as segments (the card's own copy is left empty).
        self.hits = [
            CatalogHit(
                dataclasses.replace(card, summary=""),
                highlight(card.title, stems),
                highlight(card.summary, stems),
            )
            for card in result.items
        ]
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
        self.active_filters = self._active_filters()
        self.popular = await self._popular() if result.total == 0 else []
        self.loading = False
        # The search box keeps what the visitor typed before the results came (see pages/
        # catalog.py search_bar): it takes the URL's words only if untouched.
        return self._fill_search_box()

    def _fill_search_box(self) -> rx.event.EventSpec:
        """Show the URL's words in the search box unless the visitor typed there since
        the box last followed the URL: typed text is never replaced. (The first time the
        untouched box takes them from its defaultValue, a typed one keeps its text.)"""
        words = json.dumps(self.params.get("q", ""))
        return rx.call_script(
            "(() => { const box = document.getElementById('catalog-search'); if (!box) return;"
            f" const words = {words}; const last = box.dataset.query;"
            " if (last !== undefined && box.value === last) box.value = words;"
            " box.dataset.query = words; })()"
        )

    def _active_filters(self) -> list[ActiveFilter]:
        categories = {link.value: link.label for link in self.categories}
        found = []
        for key in FILTER_KEYS:
            value = self.params.get(key, "")
            if not value:
                continue
            value_key = VALUE_KEY_PREFIX.get(key, "") + value
            text = categories.get(value, value) if key == "category" else value
            found.append(
                ActiveFilter(
                    key,
                    value_key if key in VALUE_KEY_PREFIX and has_key(value_key) else "",
                    text,
                    self._url(**{key: ""}),
                )
            )
        return found

    async def _popular(self) -> list[CourseCard]:
        query = CatalogQuery(sort="popular", per_page=POPULAR_COUNT)
        return (await db.run(search.search_courses, read_only=True, query=query)).items

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
