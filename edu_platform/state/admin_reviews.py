"""/admin/reviews: every review filtered by course, rating and visibility; hide an abusive
one or show it again (the course rating follows)."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from edu_platform import routes
from edu_platform.services import reviews_admin
from edu_platform.services.records import record_from
from edu_platform.state.admin_lists import ListPager, day

RATINGS = ("all", "5", "4", "3", "2", "1")
VISIBILITY = reviews_admin.VISIBILITY
SORTS = tuple(reviews_admin.SORTS)


@dataclass
class ReviewRow:
    id: int
    course_title: str
    course_url: str
    email: str
    full_name: str
    rating: int
    comment: str
    hidden: bool
    created: str


class AdminReviewsState(ListPager, rx.State):
    rows: list[ReviewRow] = []
    course: str = ""
    q: str = ""
    rating: str = "all"
    visibility: str = "all"
    sort: str = "newest"

    def _text_filters(self) -> dict[str, int]:
        return {"course": 200, "q": 200}

    def _select_filters(self) -> dict[str, tuple[tuple[str, ...], str]]:
        return {
            "rating": (RATINGS, "all"),
            "visibility": (VISIBILITY, "all"),
            "sort": (SORTS, "newest"),
        }

    async def _fetch(self, user_id: int) -> None:
        lang = await self._lang()
        items = await self._read_page(
            reviews_admin.list_reviews,
            user_id,
            course=self.course,
            rating=None if self.rating == "all" else int(self.rating),
            visibility=self.visibility,
            q=self.q,
            sort=self.sort,
        )
        self.rows = [
            record_from(
                ReviewRow,
                row,
                course_url=routes.course_url(row.course_slug),
                hidden=row.is_hidden,
                created=day(row.created_at, lang),
            )
            for row in items
        ]

    @rx.event
    async def load(self):
        params = self.router.url.query_parameters
        self.course = str(params.get("course", "") or "")[:200]
        self.q, self.rating, self.visibility, self.sort = "", "all", "all", "newest"
        await self._restart()

    @rx.event
    async def set_hidden(self, review_id: int, hidden: bool):
        self._busy(review_id)
        yield
        done = "hidden_done" if hidden is True else "shown_done"
        yield await self._mutate(
            reviews_admin.set_hidden,
            done_key=f"admin_data.reviews.{done}",
            review_id=self.busy_id,
            hidden=hidden is True,
        )
