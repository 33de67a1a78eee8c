"""A learner's course card (banner, progress, the next step) and the grid of them, shared
by /my, /my/completed and /my/archive."""

from __future__ import annotations

import reflex as rx

from edu_platform.components import blocks
from edu_platform.components.a11y import link_button
from edu_platform.components.i18n import tr, tr_plural
from edu_platform.services.my_learning import MyCourse
from edu_platform.state.i18n import LangState

GRID_COLUMNS = rx.breakpoints(initial="1", sm="2", md="3", lg="4")


def next_step_label(course: MyCourse) -> rx.Component:
    """Review (completed), Start (nothing done yet) or Continue."""
    return rx.cond(
        course.completed,
        tr("account.my.review"),
        rx.cond(course.progress_percent == 0, tr("learner_nav.start"), tr("account.my.continue")),
    )


def _status_line(course: MyCourse) -> rx.Component:
    return blocks.row(
        rx.cond(
            course.completed,
            blocks.icon_badge("circle-check", "account.my.completed", "green", variant="soft"),
            blocks.muted(tr("account.my.progress"), size="1"),
        ),
        rx.spacer(),
        rx.cond(
            course.points > 0,
            rx.badge(
                rx.icon("award", size=12),
                tr_plural("plural.points", course.points),
                color_scheme="amber",
                variant="soft",
                data_testid="course-points",
            ),
        ),
        rx.text(course.progress_percent, "%", size="2", weight="bold"),
        spacing="3",
        width="100%",
    )


def course_progress_card(course: MyCourse) -> rx.Component:
    return rx.card(
        blocks.column(
            rx.inset(
                blocks.image_banner(course.banner_url, "", 32, height="132px"),
                side="top",
                pb="current",
                align_self="stretch",
            ),
            rx.heading(course.title, size="3", trim="both", as_="h3"),
            blocks.column(
                _status_line(course),
                rx.progress(
                    value=course.progress_percent,
                    max=100,
                    aria_label=tr("account.my.progress"),
                    width="100%",
                    color_scheme=rx.cond(course.completed, "green", "indigo"),
                ),
                spacing="1",
            ),
            blocks.muted(
                rx.cond(
                    course.completed_on[LangState.lang].to(str) != "",
                    rx.fragment(
                        tr("learner_nav.completed_on"),
                        ": ",
                        course.completed_on[LangState.lang].to(str),
                    ),
                    rx.fragment(
                        # Nothing done yet: the date is the enrolment's, not an activity.
                        rx.cond(
                            course.progress_percent == 0,
                            tr("learner_nav.enrolled_on"),
                            tr("account.my.last_activity"),
                        ),
                        ": ",
                        course.last_activity[LangState.lang].to(str),
                    ),
                ),
                size="1",
            ),
            rx.spacer(),
            # Where the two buttons do not fit side by side (a four-column grid in Russian),
            # the certificate's goes under the next step's, both the card's width.
            rx.flex(
                link_button(
                    next_step_label(course),
                    rx.icon("arrow-right", size=16),
                    flex="1 1 auto",
                    variant=rx.cond(course.completed, "soft", "solid"),
                    href=course.continue_url,
                ),
                rx.cond(
                    course.certificate_url != "",
                    link_button(
                        rx.icon("award", size=16),
                        tr("learner_nav.certificate"),
                        flex="1 1 auto",
                        variant="outline",
                        href=course.certificate_url,
                    ),
                ),
                wrap="wrap",
                gap="8px",
                width="100%",
            ),
            height="100%",
        ),
        height="100%",
        data_testid="my-course",
    )


def courses_skeleton() -> rx.Component:
    return blocks.skeleton_grid(lambda: rx.skeleton(height="280px", width="100%"), GRID_COLUMNS)


def my_courses(courses: rx.Var, loaded: rx.Var, empty: rx.Component) -> rx.Component:
    """The learner's course cards in a grid once loaded (a skeleton before), or `empty`."""
    return blocks.list_or_empty(
        courses,
        course_progress_card,
        empty,
        loading=~loaded,
        skeleton=courses_skeleton(),
        columns=GRID_COLUMNS,
        spacing="4",
    )
