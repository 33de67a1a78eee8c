"""/admin/reviews: moderation of course reviews (hide / show again)."""

from __future__ import annotations

import reflex as rx

from edu_platform import routes
from edu_platform.components import admin_list as lists
from edu_platform.components import blocks
from edu_platform.components.admin_layout import admin_page
from edu_platform.components.i18n import tr
from edu_platform.state.admin_reviews import (
    RATINGS,
    SORTS,
    VISIBILITY,
    AdminReviewsState,
    ReviewRow,
)

S = AdminReviewsState


def stars(rating: rx.Var) -> rx.Component:
    return blocks.row(
        rx.icon("star", size=14, color=rx.color("amber", 9)),
        rx.text(rating, size="2", weight="medium"),
        spacing="1",
        aria_label=tr("admin_data.reviews.rating") + ": " + rating.to_string(),
    )


def visibility_badge(row: ReviewRow) -> rx.Component:
    return rx.cond(
        row.hidden,
        blocks.icon_badge("eye-off", "admin_data.reviews.hidden", "red"),
        rx.badge(tr("admin_data.reviews.visible"), color_scheme="green"),
    )


def toggle(row: ReviewRow) -> rx.Component:
    return lists.row_flag(
        S,
        row,
        row.hidden,
        S.set_hidden,
        row.email,
        clear=("admin_data.reviews.show", None, "eye"),
        set_=("admin_data.reviews.hide", "red", "eye-off"),
    )


def review_row(row: ReviewRow) -> rx.Component:
    return lists.list_row(
        "admin-review-row",
        rx.table.cell(
            rx.vstack(
                blocks.row(
                    stars(row.rating),
                    lists.phone_only(visibility_badge(row)),
                ),
                rx.text(row.comment, size="2", style={"word_break": "break-word"}),
                blocks.muted(row.full_name, " · ", row.email, size="1", overflow_wrap="anywhere"),
                lists.phone_only(rx.link(row.course_title, href=row.course_url, size="1")),
                spacing="1",
            ),
            # No floor on a phone: 220 px there pushed the row's button past the table.
            min_width=rx.breakpoints(initial="0", sm="220px"),
            max_width="480px",
        ),
        lists.cell(rx.link(row.course_title, href=row.course_url, size="2"), wide=True),
        lists.cell(visibility_badge(row), wide=True),
        lists.text_cell(row.created, wide=True, nowrap=True),
        rx.table.cell(toggle(row)),
    )


def content() -> rx.Component:
    return lists.keyed_list_page(
        S,
        "admin_data.reviews",
        "admin-reviews",
        ["review", "course", "visibility", "created"],
        wide={"course", "visibility", "created"},
        actions=True,
        search=(
            lists.hinted_filter(S, "admin-reviews", "course", "admin_data.filter.course"),
            lists.hinted_filter(S, "admin-reviews", "q", "admin_data.reviews.search"),
        ),
        choices=lists.keyed_filters(
            S,
            "admin-reviews",
            "admin_data.reviews",
            rating=RATINGS,
            visibility=VISIBILITY,
            sort=SORTS,
        ),
        row_view=review_row,
    )


admin_reviews_page = admin_page(routes.ADMIN_REVIEWS, S.access, content)
