"""Catalog search: full-text (Russian and English stems), filters, facets, sorts, pages.

PostgreSQL matches `to_tsvector('simple', search_text)` through its GIN index; SQLite
matches the FTS5 table course_fts (alembic 0003). Only published courses are searched.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from sqlalchemy import case, func, literal_column, select, table
from sqlalchemy import column as sql_column
from sqlalchemy.orm import Session, defer
from sqlalchemy.sql import ColumnElement, Select

from edu_platform import cache
from edu_platform.i18n import LANGUAGES, format_number
from edu_platform.models import Category, Course, CourseKind, CourseLevel, Locale, User
from edu_platform.models.base import MAX_ID
from edu_platform.search_text import query_terms
from edu_platform.services import paging
from edu_platform.services.catalog import CourseCard, category_labels, to_card
from edu_platform.services.errors import Invalid

SORTS = ("relevance", "rating", "price", "price_desc", "newest", "popular")
RATING_STEPS = ("4.5", "4", "3.5", "3")

_fts = table("course_fts", sql_column("rowid"), sql_column("search_text"))


@dataclass
class CatalogQuery:
    """Everything the catalog URL and GET /api/v1/courses can ask for."""

    q: str = ""
    category: str = ""  # category slug, or id (API cards show the id)
    level: str = ""
    language: str = ""
    free: bool | None = None  # True: free only, False: paid only
    price_min: Decimal | None = None
    price_max: Decimal | None = None
    rating_min: Decimal | None = None
    kind: str = ""  # course | material; empty: both
    sort: str = ""
    page: int = 1
    per_page: int = 20
    category_id: int | None = None  # resolved from `category` by search_courses

    def effective_sort(self) -> str:
        if self.sort in SORTS and not (self.sort == "relevance" and not self.q.strip()):
            return self.sort
        return "relevance" if self.q.strip() else "popular"


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    labels: dict[str, str] = field(default_factory=dict)  # per UI language (categories)


@dataclass
class Facets:
    categories: list[FacetValue] = field(default_factory=list)
    levels: list[FacetValue] = field(default_factory=list)
    languages: list[FacetValue] = field(default_factory=list)
    prices: list[FacetValue] = field(default_factory=list)  # "free", "paid"
    ratings: list[FacetValue] = field(default_factory=list)  # "4.5", "4", ...
    kinds: list[FacetValue] = field(default_factory=list)  # "course", "material"


@dataclass
class SearchResult(paging.Page[CourseCard]):
    sort: str = ""
    facets: Facets = field(default_factory=Facets)


def parse_decimal(value: object, field_name: str) -> Decimal | None:
    """A non-negative Decimal from a query-string value; Invalid naming the field otherwise."""
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation as error:
        raise Invalid(f"{field_name} must be a number", field=field_name) from error
    if not number.is_finite() or number < 0:
        raise Invalid(f"{field_name} must be a non-negative number", field=field_name)
    return number


def validate(query: CatalogQuery) -> CatalogQuery:
    if query.level and query.level not in {level.value for level in CourseLevel}:
        raise Invalid(f"unknown level {query.level}", field="level")
    if query.language and query.language not in {lang.value for lang in Locale}:
        raise Invalid(f"unknown language {query.language}", field="language")
    if query.kind and query.kind not in {kind.value for kind in CourseKind}:
        raise Invalid(f"unknown kind {query.kind}", field="kind")
    if query.sort and query.sort not in SORTS:
        raise Invalid(f"sort must be one of {', '.join(SORTS)}", field="sort")
    paging.checked(query.page, query.per_page)
    if query.rating_min is not None and query.rating_min > 5:
        raise Invalid("rating_min must be 0..5", field="rating_min")
    if (
        query.price_min is not None
        and query.price_max is not None
        and query.price_min > query.price_max
    ):
        raise Invalid("price_min is above price_max", field="price_min")
    return query


# --- the full-text part, per dialect ----------------------------------------------------


MIN_PREFIX_LENGTH = 3


def _prefix(term: str) -> bool:
    """Prefix-match only terms of 3+ characters ("c*" would match nearly everything)."""
    return len(term) >= MIN_PREFIX_LENGTH


class _TextMatch:
    """The WHERE clause and the rank expression for the query words on this database."""

    def __init__(self, session: Session, terms: list[str]):
        self.terms = terms
        self.dialect = session.get_bind().dialect.name
        self.rank: ColumnElement | None = None
        self.condition: ColumnElement | None = None
        self._fts_subquery = None
        if not terms:
            return
        if self.dialect == "postgresql":
            # Terms hold only [0-9a-zа-я] (search_text.WORD), so the tsquery text is safe;
            # it is still passed as a bound parameter.
            tsquery = func.to_tsquery(
                "simple", " & ".join(term + (":*" if _prefix(term) else "") for term in terms)
            )
            # The stored, GIN-indexed column of alembic 0007 (parsed once per write).
            vector = literal_column("course.search_vector")
            self.condition = vector.op("@@")(tsquery)
            self.rank = func.ts_rank(vector, tsquery)
        else:
            match = " AND ".join(f'"{term}"' + ("*" if _prefix(term) else "") for term in terms)
            self._fts_subquery = (
                select(
                    _fts.c.rowid.label("course_id"),
                    func.bm25(literal_column("course_fts")).label("score"),
                )
                .where(literal_column("course_fts").op("MATCH")(match))
                .subquery("fts")
            )
            self.condition = Course.id.in_(select(self._fts_subquery.c.course_id))
            # bm25 is lower for better matches: negate so that higher means better everywhere.
            self.rank = -self._fts_subquery.c.score

    def join_for_rank(self, query: Select) -> Select:
        if self._fts_subquery is not None:
            return query.join(self._fts_subquery, self._fts_subquery.c.course_id == Course.id)
        return query


def _filters(query: CatalogQuery, match: _TextMatch, skip: str = "") -> list[ColumnElement]:
    """WHERE conditions for the query; `skip` leaves one facet's own filter out."""
    conditions: list[ColumnElement] = [Course.is_published.is_(True)]
    if match.condition is not None:
        conditions.append(match.condition)
    if query.category and skip != "category":
        conditions.append(Course.category_id == (query.category_id or -1))
    if query.kind and skip != "kind":
        conditions.append(Course.kind == query.kind)
    if query.level and skip != "level":
        conditions.append(Course.level == query.level)
    if query.language and skip != "language":
        conditions.append(Course.language == query.language)
    if query.free is not None and skip != "price":
        conditions.append(Course.price == 0 if query.free else Course.price > 0)
    if query.price_min is not None:
        conditions.append(Course.price >= query.price_min)
    if query.price_max is not None:
        conditions.append(Course.price <= query.price_max)
    if query.rating_min is not None and skip != "rating":
        conditions.append(Course.rating_avg >= query.rating_min)
    return conditions


def _order_by(sort: str, match: _TextMatch) -> list:
    orders = {
        "rating": [Course.rating_avg.desc(), Course.rating_count.desc()],
        "price": [Course.price.asc()],
        "price_desc": [Course.price.desc()],
        "newest": [Course.published_at.desc().nulls_last(), Course.created_at.desc()],
        "popular": [Course.enrollment_count.desc()],
        "relevance": [match.rank.desc()] if match.rank is not None else [],
    }[sort]
    # Ties broken by popularity, then id, so pages never overlap.
    return [*orders, Course.enrollment_count.desc(), Course.id.desc()]


def cache_key(query: CatalogQuery, *, facets_only: bool = False) -> str:
    """The filter set (and, unless `facets_only`, sort and page) as a short cache key."""
    parts = {
        "q": " ".join(query.q.split()).casefold(),
        "category": query.category,
        "level": query.level,
        "language": query.language,
        "free": query.free,
        "price_min": str(query.price_min),
        "price_max": str(query.price_max),
        "rating_min": str(query.rating_min),
        "kind": query.kind,
    }
    if not facets_only:
        parts.update(sort=query.effective_sort(), page=query.page, per_page=query.per_page)
    digest = hashlib.sha1(json.dumps(parts, sort_keys=True).encode(), usedforsecurity=False)
    return ("facets:" if facets_only else "search:") + digest.hexdigest()


def search_courses(
    *, session: Session, query: CatalogQuery, with_facets: bool = True
) -> SearchResult:
    """One page of published courses matching `query`, with facet counts.

    The first cache.CACHED_PAGES pages of each filter set and the facets of each filter set
    come from the catalog cache; course and review changes invalidate it.
    """
    validate(query)
    if with_facets and query.page <= cache.CACHED_PAGES:
        return cache.cached(cache_key(query), lambda: _search(session, query, with_facets))
    return _search(session, query, with_facets)


def _category_id(session: Session, ref: str) -> int | None:
    """The category `ref` names: by its slug (the catalog's links), else by its id (the
    `category.id` of an API card). None when there is no such category (a ref with a
    control character names none, and PostgreSQL refuses a NUL)."""
    if not ref.isprintable():
        return None
    found = session.scalar(select(Category.id).where(Category.slug == ref))
    # ASCII digits only ("²" is a digit to str.isdigit, not to int()), and no more than
    # an id has (int() refuses thousands of digits).
    if found is None and ref.isascii() and ref.isdigit() and len(ref) <= 10 and int(ref) <= MAX_ID:
        found = session.scalar(select(Category.id).where(Category.id == int(ref)))
    return found


def _search(session: Session, query: CatalogQuery, with_facets: bool) -> SearchResult:
    match = _TextMatch(session, query_terms(query.q))
    if query.q.strip() and not match.terms:
        return SearchResult([], 0, query.page, query.per_page, query.effective_sort(), Facets())
    sort = query.effective_sort()
    if query.category:  # looked up once, not once per facet query
        query.category_id = _category_id(session, query.category)
    conditions = _filters(query, match)

    # Counted on the filters alone: the relevance join below never changes the number.
    total = session.scalar(select(func.count(Course.id)).where(*conditions)) or 0
    page_query = (
        select(Course, Category.name, User.full_name, Category.name_en)
        .options(defer(Course.description), defer(Course.search_text))
        .join(User, User.id == Course.teacher_id)
        .outerjoin(Category, Category.id == Course.category_id)
        .where(*conditions)
    )
    if sort == "relevance":
        page_query = match.join_for_rank(page_query)
    rows = session.execute(
        page_query.order_by(*_order_by(sort, match))
        .offset(paging.offset(query.page, query.per_page))
        .limit(query.per_page)
    ).all()
    facets = (
        cache.cached(cache_key(query, facets_only=True), lambda: _facets(session, query, match))
        if with_facets
        else Facets()
    )
    return SearchResult(
        [to_card(*row) for row in rows], total, query.page, query.per_page, sort, facets
    )


def _facets(session: Session, query: CatalogQuery, match: _TextMatch) -> Facets:
    """Counts next to each filter value, each computed with the other filters applied."""
    facets = Facets()
    where = _filters(query, match, skip="category")
    for slug, name, name_en, count in session.execute(
        select(Category.slug, Category.name, Category.name_en, func.count(Course.id))
        .join(Course, Course.category_id == Category.id)
        .where(*where)
        .group_by(Category.slug, Category.name, Category.name_en)
        .order_by(func.count(Course.id).desc(), Category.name)
    ):
        facets.categories.append(FacetValue(slug, name, count, category_labels(name, name_en)))
    for attribute, name in (("level", "levels"), ("language", "languages")):
        column = getattr(Course, attribute)
        where = _filters(query, match, skip=attribute)
        counts = dict(
            session.execute(
                select(column, func.count(Course.id)).where(*where).group_by(column)
            ).all()
        )
        values = CourseLevel if attribute == "level" else Locale
        getattr(facets, name).extend(
            FacetValue(v.value, v.value, counts.get(v.value, 0)) for v in values
        )
    where = _filters(query, match, skip="price")
    free_count, paid_count = session.execute(
        select(
            func.coalesce(func.sum(case((Course.price == 0, 1), else_=0)), 0),
            func.coalesce(func.sum(case((Course.price > 0, 1), else_=0)), 0),
        ).where(*where)
    ).one()
    facets.prices = [
        FacetValue("free", "free", int(free_count)),
        FacetValue("paid", "paid", int(paid_count)),
    ]
    where = _filters(query, match, skip="kind")
    kind_counts = dict(
        session.execute(
            select(Course.kind, func.count(Course.id)).where(*where).group_by(Course.kind)
        ).all()
    )
    facets.kinds = [FacetValue(k.value, k.value, kind_counts.get(k.value, 0)) for k in CourseKind]
    where = _filters(query, match, skip="rating")
    rating_counts = session.execute(
        select(
            *[
                func.coalesce(func.sum(case((Course.rating_avg >= Decimal(step), 1), else_=0)), 0)
                for step in RATING_STEPS
            ]
        ).where(*where)
    ).one()
    facets.ratings = [
        FacetValue(step, step, int(count), {lang: format_number(step, lang) for lang in LANGUAGES})
        for step, count in zip(RATING_STEPS, rating_counts, strict=True)
    ]
    return facets


cache.register(CourseCard, SearchResult, Facets, FacetValue)
