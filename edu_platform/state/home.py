"""Home page: featured and popular courses, categories (public data)."""

from __future__ import annotations

import reflex as rx

from edu_platform import db
from edu_platform.services import blog, catalog
from edu_platform.services.blog import PostCard
from edu_platform.services.catalog import CategorySummary, CourseCard
from edu_platform.state.i18n import LangState


class HomeState(rx.State):
    featured: list[CourseCard] = []
    popular: list[CourseCard] = []
    categories: list[CategorySummary] = []
    latest_posts: list[PostCard] = []
    loading: bool = True

    @rx.event
    async def load(self):
        page = await db.run(catalog.home_page, read_only=True)
        self.featured = page.featured
        self.popular = page.popular
        self.categories = page.categories
        lang = (await self.get_state(LangState)).lang
        self.latest_posts = [
            blog.dated(card, lang) for card in await db.run(blog.latest_posts, limit=3)
        ]
        self.loading = False
