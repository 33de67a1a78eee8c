"""The home page: hero with search, categories, featured and popular courses."""

from __future__ import annotations

import reflex as rx

from edu_platform import routes
from edu_platform.components import blocks
from edu_platform.components.a11y import link_button
from edu_platform.components.course_card import course_grid
from edu_platform.components.i18n import tr
from edu_platform.components.layout import page, search_box
from edu_platform.pages.blog import post_card
from edu_platform.services.catalog import CategorySummary
from edu_platform.state.home import HomeState
from edu_platform.state.i18n import LangState


def hero() -> rx.Component:
    return rx.box(
        rx.vstack(
            rx.heading(
                tr("home.hero.title"), size=rx.breakpoints(initial="7", md="8"), color="white"
            ),
            rx.text(tr("app.tagline"), size="4", color="white", opacity="0.9", max_width="640px"),
            rx.box(
                rx.card(search_box("hero-search", size="3", visible_label=True)),
                width="100%",
                max_width="640px",
            ),
            link_button(
                tr("home.hero.cta"),
                size="3",
                variant="surface",
                color_scheme="gray",
                high_contrast=True,
                href=routes.CATALOG,
            ),
            spacing="4",
            align="start",
        ),
        padding=rx.breakpoints(initial="24px", md="48px"),
        border_radius="16px",
        background=f"linear-gradient(120deg, {rx.color('accent', 10)}, {rx.color('iris', 12)})",
        width="100%",
    )


def category_chip(category: CategorySummary) -> rx.Component:
    return blocks.block_link(
        rx.card(
            rx.hstack(
                rx.icon("layers", size=18, color=rx.color("accent", 10)),
                rx.text(category.names[LangState.lang].to(str), weight="medium", size="2"),
                rx.spacer(),
                rx.badge(category.course_count, variant="soft", radius="full"),
                align="center",
                width="100%",
            ),
            size="1",
        ),
        href="/catalog?category=" + category.slug,
    )


def section(title_key: str, body: rx.Component, *actions, **props) -> rx.Component:
    """A block of the home page: a page section with a larger heading and more room."""
    return blocks.section(
        title_key, body, *actions, heading_size="6", spacing="4", margin_top="24px", **props
    )


def empty_state() -> rx.Component:
    return blocks.notice(tr("home.empty"), data_testid="home-empty")


def latest_posts() -> rx.Component:
    columns = rx.breakpoints(initial="1", md="3")
    posts = blocks.grid_of(HomeState.latest_posts, post_card, columns=columns, spacing="4")
    all_posts = rx.link(tr("blog.home.all"), href=routes.BLOG, size="2")
    return section("blog.home.latest", posts, all_posts, data_testid="home-latest-posts")


@page(header_search=False)
def home_page() -> rx.Component:
    return blocks.column(
        hero(),
        rx.cond(
            ~HomeState.loading
            & (HomeState.featured.length() == 0)
            & (HomeState.popular.length() == 0),
            empty_state(),
            rx.fragment(
                section(
                    "home.categories",
                    blocks.grid_of(
                        HomeState.categories,
                        category_chip,
                        columns=rx.breakpoints(initial="1", sm="2", md="3"),
                    ),
                ),
                section("home.featured", course_grid(HomeState.featured, HomeState.loading)),
                section("home.popular", course_grid(HomeState.popular, HomeState.loading)),
            ),
        ),
        rx.cond(HomeState.latest_posts.length() > 0, latest_posts()),
        spacing="4",
    )
