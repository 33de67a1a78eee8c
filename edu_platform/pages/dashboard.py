"""/my (courses in progress, activity, latest notifications) and /my/completed: two of the
learner's tabs (components/learner_nav.py); /my/notifications is pages/notifications.py."""

from __future__ import annotations

import reflex as rx

from edu_platform import routes
from edu_platform.components import blocks, tables
from edu_platform.components.course_schedule import place, session_card, zone_note
from edu_platform.components.i18n import localized_number, tr
from edu_platform.components.layout import page
from edu_platform.components.learner_nav import learner_page
from edu_platform.components.my_course_card import my_courses
from edu_platform.components.page_parts import table_row
from edu_platform.pages.notifications import (
    empty_note,
    mark_all_button,
    notification_row,
    unread_badge,
)
from edu_platform.services.attendance import UpcomingSession
from edu_platform.state.dashboard import CourseActivityRow, DashboardState
from edu_platform.state.i18n import LangState


def _browse_link() -> rx.Component:
    return rx.link(tr("account.my.browse_catalog"), href=routes.CATALOG, size="2")


# --- courses ------------------------------------------------------------------------------


def in_progress_section() -> rx.Component:
    return blocks.section(
        "learner_nav.your_courses",
        my_courses(
            DashboardState.in_progress,
            DashboardState.loaded,
            rx.cond(
                DashboardState.courses.length() > 0,
                empty_note("learner_nav.no_in_progress", _browse_link()),
                empty_note("account.my.no_courses", _browse_link()),
            ),
        ),
    )


# --- upcoming live sessions ---------------------------------------------------------------


def _upcoming_row(live: UpcomingSession) -> rx.Component:
    return session_card(
        live.title,
        live.when_labels[LangState.lang],
        rx.link(live.course_title, href=live.course_url, size="1"),
        rx.cond(
            live.meeting_url != "",
            rx.link(
                tr("course.join_session"),
                href=live.meeting_url,
                is_external=True,
                rel="noopener noreferrer",
                size="1",
            ),
            place(live.location),
        ),
        data_testid="upcoming-session",
    )


def upcoming_section() -> rx.Component:
    """Shown only when there is a session to come (a course without any says nothing)."""
    return rx.cond(
        DashboardState.upcoming.length() > 0,
        blocks.section(
            "account.my.upcoming",
            blocks.column(
                zone_note(DashboardState.viewer_zone),
                blocks.grid_of(
                    DashboardState.upcoming,
                    _upcoming_row,
                    columns=rx.breakpoints(initial="1", sm="2", lg="3"),
                ),
                spacing="2",
            ),
        ),
    )


# --- notifications ------------------------------------------------------------------------


def notifications_section() -> rx.Component:
    return blocks.section(
        blocks.row(
            rx.heading(tr("account.my.notifications"), size="5", as_="h2"),
            unread_badge(DashboardState.unread_count),
        ),
        rx.cond(
            DashboardState.notifications.length() > 0,
            blocks.column(
                rx.foreach(DashboardState.notifications, notification_row),
                rx.link(tr("account.notifications.all"), href=routes.MY_NOTIFICATIONS, size="2"),
                spacing="2",
            ),
            empty_note("account.notifications.empty"),
        ),
        mark_all_button(DashboardState.unread_count, DashboardState.mark_all_read),
    )


# --- my activity ------------------------------------------------------------------------

METRICS = ("time_on_task", "engagement", "completion", "retention")
# The week's three figures over the table: label, value, test id.
STATS = (
    ("analytics.my.minutes", localized_number(DashboardState.minutes_this_week), "my-minutes"),
    ("analytics.my.streak", DashboardState.streak_days, "my-streak"),
    ("analytics.my.days", DashboardState.active_days_this_week, "my-days"),
)


def _stat(label_key: str, value: rx.Var, test_id: str) -> rx.Component:
    return rx.card(
        rx.vstack(
            blocks.muted(tr(label_key)),
            rx.text(value, size=rx.breakpoints(initial="5", sm="7"), as_="p", weight="bold"),
            spacing="1",
        ),
        data_testid=test_id,
    )


def _activity_row(row: CourseActivityRow) -> rx.Component:
    percents = [(getattr(row, name), "%") for name in METRICS[1:]]
    return table_row(row.title, localized_number(row.minutes), *percents, header=True)


def activity_section() -> rx.Component:
    return blocks.section(
        "analytics.my.title",
        blocks.column(
            rx.grid(*[_stat(*stat) for stat in STATS], columns="3", gap="12px", width="100%"),
            rx.cond(
                DashboardState.activity,
                tables.data_table(
                    ["analytics.my.course", *[f"analytics.metric.{name}" for name in METRICS]],
                    DashboardState.activity,
                    _activity_row,
                    size="1",
                ),
            ),
        ),
    )


@page
def dashboard_page() -> rx.Component:
    return learner_page(
        "in_progress",
        in_progress_section(),
        # One under the other: beside the notifications, the activity table's five columns
        # had half the page and scrolled sideways even on a laptop.
        rx.cond(
            DashboardState.loaded,
            rx.fragment(upcoming_section(), activity_section(), notifications_section()),
        ),
        spacing="6",
    )


@page
def completed_page() -> rx.Component:
    return learner_page(
        "completed",
        blocks.section(
            "learner_nav.completed_title",
            my_courses(
                DashboardState.completed_courses,
                DashboardState.loaded,
                empty_note("learner_nav.no_completed", _browse_link()),
            ),
        ),
        spacing="6",
    )
