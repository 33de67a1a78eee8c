"""Public catalog routes: categories, course search, course detail, reviews."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response
from pydantic import BaseModel

from edu_platform import cache, db
from edu_platform.api.deps import OptionalCallerId
from edu_platform.api.params import Id, PageOut, PageParams, fields_for
from edu_platform.services import catalog, course_page, search
from edu_platform.services.catalog import CourseCard
from edu_platform.services.course_page import CourseDetail, ReviewItem
from edu_platform.services.paging import Page, offset
from edu_platform.services.records import record_from
from edu_platform.services.search import CatalogQuery

router = APIRouter(tags=["catalog"])


class CategoryRef(BaseModel):
    id: int
    name: str


class TeacherRef(BaseModel):
    id: int
    full_name: str


class CourseCardOut(BaseModel):
    id: int
    slug: str
    title: str
    summary: str
    price: str
    currency: str
    level: str
    language: str
    category: CategoryRef | None
    teacher: TeacherRef
    rating_avg: float
    rating_count: int
    enrollment_count: int
    banner_url: str
    is_free: bool
    kind: Literal["course", "material"]


class FacetOut(BaseModel):
    value: str
    label: str
    count: int


class FacetsOut(BaseModel):
    categories: list[FacetOut]
    levels: list[FacetOut]
    languages: list[FacetOut]
    prices: list[FacetOut]
    ratings: list[FacetOut]
    kinds: list[FacetOut]


class CoursePage(PageOut[CourseCardOut]):
    sort: str
    facets: FacetsOut


class CategoryOut(BaseModel):
    id: int
    slug: str
    name: str
    course_count: int


class LessonOut(BaseModel):
    id: int
    title: str
    kind: str
    position: int
    duration_minutes: int


class ModuleOut(BaseModel):
    id: int
    title: str
    position: int
    lessons: list[LessonOut]


@dataclass
class SessionOut(course_page.SessionFacts):
    pass  # the shape as it is; its own name is the OpenAPI schema's


class CourseDetailOut(CourseCardOut):
    description: str
    start_date: date | None
    end_date: date | None
    modules: list[ModuleOut]
    sessions: list[SessionOut]


class ReviewOut(BaseModel):
    id: int
    author: str
    rating: int
    comment: str
    created_at: datetime


def card_out(card: CourseCard) -> dict:
    return fields_for(
        CourseCardOut,
        card,
        category=(
            {"id": card.category_id, "name": card.category_name} if card.category_id else None
        ),
        teacher={"id": card.teacher_id, "full_name": card.teacher_name},
    )


@router.get("/api/v1/categories", response_model=PageOut[CategoryOut])
def list_categories(paging: PageParams) -> Page[CategoryOut]:
    """Categories with the number of their published courses, largest first, in API.md's
    list shape. There are a few dozen at most, so one page is cut from them all."""
    rows = db.run_sync(catalog.categories_with_counts, read_only=True)
    start = offset(paging.page, paging.per_page)
    items = [
        CategoryOut(id=c.id, slug=c.slug, name=c.name, course_count=c.course_count)
        for c in rows[start : start + paging.per_page]
    ]
    return Page(items, len(rows), paging.page, paging.per_page)


@router.get("/api/v1/courses", response_model=CoursePage)
def list_courses(
    paging: PageParams,
    q: str = Query("", max_length=200),
    category: str = "",
    level: str = "",
    language: str = "",
    free: bool | None = None,
    price_min: str = "",
    price_max: str = "",
    rating_min: str = "",
    sort: Literal["", "relevance", "rating", "price", "price_desc", "newest", "popular"] = "",
    kind: Literal["", "both", "course", "material"] = "",
) -> Response:
    """Published courses and materials; `kind` (course|material) keeps one of them, and
    `both` (API.md's name for the default) or none keeps both."""
    query = CatalogQuery(
        q=q,
        category=category,
        level=level,
        language=language,
        free=free,
        price_min=search.parse_decimal(price_min, "price_min"),
        price_max=search.parse_decimal(price_max, "price_max"),
        rating_min=search.parse_decimal(rating_min, "rating_min"),
        sort=sort,
        kind="" if kind == "both" else kind,
        **paging.as_kwargs(),
    )
    search.validate(query)

    def body() -> bytes:
        result = db.run_sync(search.search_courses, read_only=True, query=query)
        facets = result.facets
        return (
            CoursePage(
                items=[CourseCardOut(**card_out(card)) for card in result.items],
                total=result.total,
                page=result.page,
                per_page=result.per_page,
                sort=result.sort,
                facets=FacetsOut(
                    **{
                        name: [FacetOut(**vars(v)) for v in getattr(facets, name)]
                        for name in FacetsOut.model_fields
                    }
                ),
            )
            .model_dump_json()
            .encode()
        )

    # The first pages of each filter set: the finished JSON from the catalog cache.
    content = (
        cache.cached_bytes("api:" + search.cache_key(query), body)
        if paging.page <= cache.CACHED_PAGES
        else body()
    )
    return Response(content, media_type="application/json")


@router.get("/api/v1/courses/{course_id}", response_model=CourseDetailOut)
def get_course(course_id: Id, viewer_id: OptionalCallerId) -> CourseDetailOut:
    detail = db.run_sync(
        course_page.course_detail, read_only=True, course_id=course_id, viewer_id=viewer_id
    )
    return CourseDetailOut(**detail_fields(detail))


def detail_fields(detail: CourseDetail) -> dict:
    """CourseDetailOut's fields of a course page (the authoring API's course adds its own)."""
    return {
        **card_out(detail.card),
        "description": detail.description,
        "start_date": detail.start_date,
        "end_date": detail.end_date,
        "modules": [
            ModuleOut(
                id=m.id,
                title=m.title,
                position=m.position,
                lessons=[LessonOut(**vars(lesson)) for lesson in m.lessons],
            )
            for m in detail.modules
        ],
        "sessions": [record_from(SessionOut, s) for s in detail.sessions],
    }


@router.get("/api/v1/courses/{course_id}/reviews", response_model=PageOut[ReviewOut])
def list_reviews(
    course_id: Id, viewer_id: OptionalCallerId, paging: PageParams
) -> Page[ReviewItem]:
    """Visible reviews, newest first (ReviewOut: the review without the viewer's flag)."""
    return db.run_sync(
        course_page.course_reviews,
        read_only=True,
        course_id=course_id,
        **paging.as_kwargs(),
        viewer_id=viewer_id,
    )
