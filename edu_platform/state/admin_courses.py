"""/admin/courses: every course with search, a published/draft filter and sorting;
publish or unpublish one, open it in the teacher's editor."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from edu_platform import routes
from edu_platform.services import admin_courses
from edu_platform.state.admin_lists import ListPager

STATUSES = admin_courses.STATUSES
SORTS = tuple(admin_courses.SORTS)


@dataclass
class CourseItem:
    id: int
    title: str
    teacher: str
    teacher_email: str
    published: bool
    price: str
    learners: int
    rating: str
    rating_count: int
    course_url: str
    editor_url: str
    enrollments_url: str


class AdminCoursesState(ListPager, rx.State):
    rows: list[CourseItem] = []
    q: str = ""
    status: str = "all"
    sort: str = "newest"

    def _select_filters(self) -> dict[str, tuple[tuple[str, ...], str]]:
        return {"status": (STATUSES, "all"), "sort": (SORTS, "newest")}

    async def _fetch(self, user_id: int) -> None:
        items = await self._read_page(admin_courses.list_courses, user_id, **self._filter_values())
        self.rows = [
            CourseItem(
                id=row.id,
                title=row.title,
                teacher=row.teacher_name,
                teacher_email=row.teacher_email,
                published=row.is_published,
                price=await self._money(row.price, row.currency),
                learners=row.enrollment_count,
                rating=f"{row.rating_avg:.1f}" if row.rating_count else "–",
                rating_count=row.rating_count,
                course_url=routes.course_url(row.slug),
                editor_url=routes.teach_course_url(row.id),
                enrollments_url=f"{routes.ADMIN_ENROLLMENTS}?course={row.id}",
            )
            for row in items
        ]

    @rx.event
    async def set_published(self, course_id: int, published: bool):
        self._busy(course_id)
        yield
        done = "published" if published is True else "unpublished"
        yield await self._mutate(
            admin_courses.set_published,
            done_key=f"admin_data.courses.{done}",
            course_id=self.busy_id,
            published=published is True,
        )
