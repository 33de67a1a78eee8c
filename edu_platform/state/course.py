"""The course page (/course/[slug]): public detail, syllabus, schedule and reviews."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from edu_platform import db
from edu_platform.i18n import date_labels
from edu_platform.services import course_page, reviews
from edu_platform.services.catalog import CourseCard
from edu_platform.services.course_page import (
    ModuleOutline,
    RatingBar,
    ReviewItem,
    SessionSlot,
)
from edu_platform.services.errors import NotFound
from edu_platform.services.teachers import TeacherCard
from edu_platform.services.time_zones import with_times
from edu_platform.state.base import VisitorState
from edu_platform.state.time_zone import resolve_zone


@dataclass
class SyllabusLesson:
    """What the syllabus shows of a lesson (the service record also carries its id,
    position and minutes for the API: the websocket does not need them)."""

    title: str
    kind: str
    duration_labels: dict[str, str]


@dataclass
class ReviewRow:
    """A review as the page shows it: its date in every UI language."""

    id: int
    author: str
    rating: int
    comment: str
    is_own: bool
    created: dict[str, str]


def review_row(item: ReviewItem) -> ReviewRow:
    return ReviewRow(
        item.id, item.author, item.rating, item.comment, item.is_own, date_labels(item.created_at)
    )


@dataclass
class SyllabusModule:
    id: int
    title: str
    lessons: list[SyllabusLesson]
    duration_labels: dict[str, str]


def syllabus(modules: list[ModuleOutline]) -> list[SyllabusModule]:
    return [
        SyllabusModule(
            module.id,
            module.title,
            [
                SyllabusLesson(lesson.title, lesson.kind, lesson.duration_labels)
                for lesson in module.lessons
            ],
            module.duration_labels,
        )
        for module in modules
    ]


REVIEWS_PER_PAGE = 5


class CourseState(VisitorState, rx.State):
    card: CourseCard | None = None
    description: str = ""
    is_published: bool = True
    modules: list[SyllabusModule] = []
    sessions: list[SessionSlot] = []
    rating_bars: list[RatingBar] = []
    lessons_count: int = 0
    duration_minutes: int = 0
    duration_labels: dict[str, str] = {}
    teacher: TeacherCard | None = None
    viewer_zone: str = ""  # IANA name the schedule is shown in; "" = UTC
    enrolled: bool = False
    progress_percent: int = 0
    can_edit: bool = False
    reviews: list[ReviewRow] = []
    reviews_total: int = 0
    reviews_page: int = 1
    not_found: bool = False
    loading: bool = True
    my_rating: int = 0
    my_comment: str = ""
    review_error: str = ""
    review_form_key: int = 0

    @rx.var
    def more_reviews(self) -> bool:
        return len(self.reviews) < self.reviews_total

    @rx.event
    async def report_zone(self, zone: str):
        """The browser's time zone (sent on mount): the schedule is shown in it."""
        self.viewer_zone = await resolve_zone(self, zone)
        self.sessions = with_times(self.sessions, self.viewer_zone)

    @rx.event
    async def load(self):
        self.loading = True
        viewer_id = await self._current_user_id()
        slug = str(self.slug)[:200]  # the [slug] route parameter (TOOLCHAIN.md, 5)
        try:
            detail = await db.run(
                course_page.course_detail, read_only=True, slug=slug, viewer_id=viewer_id
            )
        except NotFound:
            self.not_found, self.card, self.loading = True, None, False
            return
        self.not_found = False
        self.card = detail.card
        self.description = detail.description
        self.is_published = detail.is_published
        self.modules = syllabus(detail.modules)
        self.viewer_zone = await resolve_zone(self)
        self.sessions = with_times(detail.sessions, self.viewer_zone)
        self.teacher = detail.teacher
        self.duration_labels = detail.duration_labels
        self.rating_bars = detail.rating_bars
        self.lessons_count = detail.lessons_count
        self.duration_minutes = detail.duration_minutes
        self.enrolled = detail.viewer_enrolled
        self.progress_percent = detail.viewer_progress_percent
        self.can_edit = detail.viewer_can_edit
        self.my_rating, self.my_comment = detail.viewer_rating, detail.viewer_comment
        self.review_error = ""
        await self._show_reviews(viewer_id)
        self.loading = False

    async def _show_reviews(self, viewer_id: int | None, page: int = 1) -> None:
        """Show the reviews' page `page` (after those shown when it is not the first)."""
        assert self.card is not None  # the course page is showing a course
        found = await db.run(
            course_page.course_reviews,
            read_only=True,
            course_id=self.card.id,
            page=page,
            per_page=REVIEWS_PER_PAGE,
            viewer_id=viewer_id,
        )
        shown = [review_row(item) for item in found.items]
        self.reviews = shown if page == 1 else self.reviews + shown
        self.reviews_page, self.reviews_total = found.page, found.total

    @rx.event
    async def load_more_reviews(self):
        if self.card is None:
            return
        await self._show_reviews(await self._current_user_id(), self.reviews_page + 1)

    @rx.event
    async def save_review(self, form_data: dict):
        """Write or edit the viewer's own review (enrolled learners only: the service checks)."""
        if self.card is None:
            return
        user_id = await self._current_user_id()
        try:
            rating = int(str(form_data.get("rating", "0")))
        except ValueError:
            rating = 0
        comment = str(form_data.get("comment", ""))[:5000]
        outcome = await self._run_as(
            user_id,
            reviews.upsert_review,
            course_id=self.card.id,
            rating=rating,
            comment=comment,
            replace=True,
        )
        self.review_error = outcome.message
        if not outcome.ok:
            return None
        self.review_form_key += 1
        await self._reload_after_review(user_id)
        return await self._toast("course.review_saved")

    async def _reload_after_review(self, viewer_id: int | None) -> None:
        assert self.card is not None  # the course page is showing a course
        detail = await db.run(
            course_page.course_detail, read_only=True, course_id=self.card.id, viewer_id=viewer_id
        )
        self.card, self.rating_bars = detail.card, detail.rating_bars
        self.my_rating, self.my_comment = detail.viewer_rating, detail.viewer_comment
        await self._show_reviews(viewer_id)
