"""The course card used on the home page and in the catalog."""

from __future__ import annotations

import reflex as rx

from edu_platform import routes
from edu_platform.components import blocks
from edu_platform.components.i18n import tr
from edu_platform.services.catalog import CourseCard
from edu_platform.services.highlight import Segment
from edu_platform.state.i18n import LangState

LEVEL_COLORS = {"beginner": "green", "intermediate": "amber", "advanced": "crimson"}


def banner(card: CourseCard) -> rx.Component:
    return blocks.image_banner(card.banner_url, card.title, 40, aspect_ratio="2 / 1")


def rating(card: CourseCard) -> rx.Component:
    return rx.cond(
        card.rating_count > 0,
        blocks.row(
            rx.icon("star", size=14, color=rx.color("amber", 9), fill=rx.color("amber", 9)),
            rx.text(card.rating_labels[LangState.lang].to(str), size="2", weight="bold"),
            blocks.muted("(", card.rating_count, ")", size="1"),
            spacing="1",
        ),
        blocks.muted(tr("course.no_rating"), size="1", white_space="nowrap"),
    )


def level_badge(card: CourseCard) -> rx.Component:
    # An unknown level shows nothing (not an empty gray badge as badges.status_badge would).
    return rx.match(
        card.level,
        *[
            (level, rx.badge(tr(f"course.level.{level}"), color_scheme=color, variant="soft"))
            for level, color in LEVEL_COLORS.items()
        ],
        rx.fragment(),
    )


def segment(part: Segment) -> rx.Component:
    """A piece of text; a search match is wrapped in <mark> (React escapes the text)."""
    return rx.cond(part.hit, rx.el.mark(part.text, class_name="search-hit"), rx.el.span(part.text))


def course_card(card: CourseCard) -> rx.Component:
    return card_with_marks(card)


def card_with_marks(
    card: CourseCard, title: rx.Var | None = None, summary: rx.Var | None = None
) -> rx.Component:
    """`title` and `summary` (lists of Segment) show the search words marked (catalog)."""
    return rx.card(
        blocks.block_link(
            rx.vstack(
                rx.inset(banner(card), side="top", pb="current", align_self="stretch"),
                rx.hstack(
                    level_badge(card),
                    rx.badge(card.language.upper(), variant="outline"),
                    rx.cond(
                        card.kind == "material",
                        rx.badge(tr("materials.badge"), color_scheme="violet", variant="soft"),
                    ),
                    rx.spacer(),
                    rating(card),
                    width="100%",
                    align="center",
                ),
                # The course's own words are in its language (WCAG 3.1.2).
                rx.heading(
                    card.title if title is None else rx.foreach(title, segment),
                    size="3",
                    trim="both",
                    class_name="course-title",
                    as_="h3",
                    custom_attrs={"lang": card.language},
                ),
                blocks.muted(card.teacher_name),
                rx.fragment()
                if summary is None
                else rx.text(
                    rx.foreach(summary, segment),
                    size="2",
                    class_name="course-summary",
                    custom_attrs={"lang": card.language},
                ),
                rx.spacer(),
                rx.hstack(
                    rx.cond(
                        card.is_free,
                        rx.badge(tr("course.free"), color_scheme="green", size="2"),
                        rx.text(card.price_labels[LangState.lang], weight="bold", size="3"),
                    ),
                    rx.spacer(),
                    blocks.row(
                        rx.icon("users", size=14),
                        rx.text(card.enrollment_count, size="1"),
                        spacing="1",
                        color=rx.color("gray", 10),
                    ),
                    width="100%",
                    align="center",
                ),
                spacing="2",
                height="100%",
                align="start",
            ),
            routes.course_url(card.slug),
        ),
        height="100%",
        data_testid="course-card",
    )


def course_cards_section(
    heading: rx.Component, cards: rx.Var, columns, spacing: str = "3", **props
) -> rx.Component:
    """A heading over a grid of course cards, nothing where there are none (popular
    courses, a teacher's other courses)."""
    return rx.cond(
        cards.length() > 0,
        blocks.column(
            heading,
            # A one-parameter render function: foreach refuses course_card's optional ones.
            blocks.grid_of(cards, lambda card: course_card(card), columns=columns, spacing=spacing),
            **props,
        ),
    )


def card_skeleton() -> rx.Component:
    return rx.card(blocks.skeletons("150px", ("20px", "80%"), ("16px", "50%"), spacing="2"))


COURSE_GRID_COLUMNS = rx.breakpoints(initial="1", xs="1", sm="2", md="3", lg="4")


# Beside the catalog's filter column: 1 on a phone, 2 on a tablet, 3 from 1024 px.
NARROW_GRID_COLUMNS = rx.breakpoints(initial="1", sm="2", md="3")


def course_grid(cards, loading, narrow: bool = False) -> rx.Component:
    """Cards in a responsive grid; `narrow` for a grid that shares the row with a sidebar."""
    columns = NARROW_GRID_COLUMNS if narrow else COURSE_GRID_COLUMNS
    return rx.cond(
        loading,
        blocks.skeleton_grid(card_skeleton, columns),
        # A one-parameter render function: foreach refuses course_card's optional ones.
        blocks.grid_of(cards, lambda card: course_card(card), columns=columns, spacing="4"),
    )
