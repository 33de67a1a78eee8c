"""/my: the learner's dashboard, and /my/notifications."""

from __future__ import annotations

import reflex as rx

from edu_platform import routes
from edu_platform.components.a11y import link_button
from edu_platform.components.i18n import tr
from edu_platform.components.layout import page
from edu_platform.services.account_area import MyCertificate, MyCourse, NotificationItem
from edu_platform.state.dashboard import CourseActivityRow, DashboardState, NotificationsState

CERTIFICATE_COLORS = {"ready": "green", "pending": "amber", "revoked": "red"}


def _empty(message_key: str, *extra: rx.Component) -> rx.Component:
    return rx.callout(
        rx.vstack(tr(message_key), *extra, spacing="2", align="start"),
        icon="info",
        width="100%",
    )


def _section(title: rx.Component, body: rx.Component, *actions: rx.Component) -> rx.Component:
    return rx.vstack(
        rx.hstack(title, rx.spacer(), *actions, align="center", width="100%", wrap="wrap"),
        body,
        spacing="3",
        width="100%",
    )


# --- courses ------------------------------------------------------------------------------


def _banner(course: MyCourse) -> rx.Component:
    return rx.cond(
        course.banner_url != "",
        rx.image(
            src=course.banner_url,
            alt="",
            width="100%",
            height="120px",
            object_fit="cover",
            loading="lazy",
        ),
        rx.center(
            rx.icon("book-open", size=32, color="white"),
            width="100%",
            height="120px",
            background=f"linear-gradient(135deg, {rx.color('accent', 9)}, {rx.color('iris', 11)})",
        ),
    )


def course_progress_card(course: MyCourse) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.inset(_banner(course), side="top", pb="current", align_self="stretch"),
            rx.heading(course.title, size="3", trim="both", as_="h3"),
            rx.vstack(
                rx.hstack(
                    rx.cond(
                        course.completed,
                        rx.badge(tr("account.my.completed"), color_scheme="green"),
                        rx.text(tr("account.my.progress"), size="1", color_scheme="gray"),
                    ),
                    rx.spacer(),
                    rx.text(course.progress_percent, "%", size="2", weight="bold"),
                    width="100%",
                    align="center",
                ),
                rx.progress(
                    value=course.progress_percent,
                    max=100,
                    aria_label=tr("account.my.progress"),
                    width="100%",
                ),
                spacing="1",
                width="100%",
            ),
            rx.text(
                tr("account.my.last_activity"),
                ": ",
                course.last_activity,
                size="1",
                color_scheme="gray",
            ),
            rx.spacer(),
            link_button(
                rx.cond(course.completed, tr("account.my.review"), tr("account.my.continue")),
                rx.icon("arrow-right", size=16),
                width="100%",
                variant=rx.cond(course.completed, "soft", "solid"),
                href=course.continue_url,
            ),
            spacing="3",
            height="100%",
            width="100%",
        ),
        height="100%",
        data_testid="my-course",
    )


def _courses_skeleton() -> rx.Component:
    return rx.grid(
        *[rx.skeleton(height="260px", width="100%") for _ in range(3)],
        columns=rx.breakpoints(initial="1", sm="2", md="3"),
        spacing="4",
        width="100%",
    )


def courses_section() -> rx.Component:
    return _section(
        rx.heading(tr("account.my.courses"), size="5", as_="h2"),
        rx.cond(
            ~DashboardState.loaded,
            _courses_skeleton(),
            rx.cond(
                DashboardState.courses.length() > 0,
                rx.grid(
                    rx.foreach(DashboardState.courses, course_progress_card),
                    columns=rx.breakpoints(initial="1", sm="2", md="3"),
                    spacing="4",
                    width="100%",
                ),
                _empty(
                    "account.my.no_courses",
                    rx.link(tr("account.my.browse_catalog"), href=routes.CATALOG, size="2"),
                ),
            ),
        ),
    )


# --- certificates -------------------------------------------------------------------------


def certificate_status(status: rx.Var) -> rx.Component:
    return rx.match(
        status,
        *[
            (name, rx.badge(tr(f"account.certificate.{name}"), color_scheme=color))
            for name, color in CERTIFICATE_COLORS.items()
        ],
        rx.badge(status),
    )


def certificate_row(certificate: MyCertificate) -> rx.Component:
    return rx.card(
        rx.hstack(
            rx.icon("award", size=22, color=rx.color("amber", 10), flex_shrink="0"),
            rx.vstack(
                rx.text(certificate.course_title, weight="medium", size="2"),
                rx.text(
                    tr("account.certificate.issued"),
                    ": ",
                    certificate.issued_on,
                    size="1",
                    color_scheme="gray",
                ),
                spacing="1",
                flex="1",
                min_width="0",
            ),
            certificate_status(certificate.status),
            rx.link(tr("account.certificate.verify"), href=certificate.verify_url, size="2"),
            align="center",
            spacing="3",
            width="100%",
            wrap="wrap",
        ),
        size="1",
        width="100%",
        data_testid="my-certificate",
    )


def certificates_section() -> rx.Component:
    return _section(
        rx.heading(tr("account.my.certificates"), size="5", as_="h2"),
        rx.cond(
            DashboardState.certificates.length() > 0,
            rx.vstack(
                rx.foreach(DashboardState.certificates, certificate_row), spacing="2", width="100%"
            ),
            _empty("account.my.no_certificates"),
        ),
    )


# --- notifications ------------------------------------------------------------------------


def notification_row(item: NotificationItem, *, on_read=None) -> rx.Component:
    body = rx.hstack(
        rx.box(
            width="8px",
            height="8px",
            border_radius="50%",
            margin_top="6px",
            flex_shrink="0",
            background=rx.cond(item.unread, rx.color("accent", 9), "transparent"),
        ),
        rx.vstack(
            rx.hstack(
                rx.text(item.title, weight=rx.cond(item.unread, "bold", "regular"), size="2"),
                rx.cond(
                    item.unread,
                    rx.badge(tr("account.notifications.new"), size="1", variant="soft"),
                ),
                spacing="2",
                align="center",
                wrap="wrap",
            ),
            rx.cond(item.body != "", rx.text(item.body, size="2", color_scheme="gray")),
            rx.text(item.created, size="1", color_scheme="gray"),
            spacing="1",
        ),
        spacing="3",
        align="start",
        width="100%",
    )
    content = rx.cond(
        item.link != "",
        rx.link(body, href=item.link, underline="none", color="inherit"),
        body,
    )
    if on_read is not None:
        content = rx.hstack(
            rx.box(content, flex="1", min_width="0"),
            rx.cond(
                item.unread,
                rx.button(
                    rx.icon("check", size=14),
                    tr("notify.mark_read"),
                    size="1",
                    variant="soft",
                    on_click=on_read(item.id),
                    data_testid="mark-read",
                ),
            ),
            align="start",
            width="100%",
        )
    return rx.card(content, size="1", width="100%", data_testid="notification")


def _unread_badge(count: rx.Var) -> rx.Component:
    return rx.cond(
        count > 0,
        rx.badge(count, " ", tr("account.notifications.unread"), color_scheme="indigo"),
    )


def _mark_all_button(count: rx.Var, handler) -> rx.Component:
    return rx.cond(
        count > 0,
        rx.button(
            rx.icon("check-check", size=16),
            tr("account.notifications.mark_all_read"),
            size="2",
            variant="soft",
            on_click=handler,
        ),
    )


def notifications_section() -> rx.Component:
    return _section(
        rx.hstack(
            rx.heading(tr("account.my.notifications"), size="5", as_="h2"),
            _unread_badge(DashboardState.unread_count),
            spacing="2",
            align="center",
        ),
        rx.cond(
            DashboardState.notifications.length() > 0,
            rx.vstack(
                rx.foreach(DashboardState.notifications, notification_row),
                rx.link(tr("account.notifications.all"), href=routes.MY_NOTIFICATIONS, size="2"),
                spacing="2",
                width="100%",
            ),
            _empty("account.notifications.empty"),
        ),
        _mark_all_button(DashboardState.unread_count, DashboardState.mark_all_read),
    )


# --- my activity ------------------------------------------------------------------------


def _stat(label_key: str, value: rx.Var, test_id: str) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.text(tr(label_key), size="2", color_scheme="gray"),
            rx.text(value, size=rx.breakpoints(initial="5", sm="7"), as_="p", weight="bold"),
            spacing="1",
        ),
        data_testid=test_id,
    )


def _activity_row(row: CourseActivityRow) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(row.title),
        rx.table.cell(row.minutes),
        rx.table.cell(row.engagement, "%"),
        rx.table.cell(row.completion, "%"),
        rx.table.cell(row.retention, "%"),
    )


def activity_section() -> rx.Component:
    return _section(
        rx.heading(tr("analytics.my.title"), size="5", as_="h2"),
        rx.vstack(
            rx.grid(
                _stat("analytics.my.minutes", DashboardState.minutes_this_week, "my-minutes"),
                _stat("analytics.my.streak", DashboardState.streak_days, "my-streak"),
                _stat("analytics.my.days", DashboardState.active_days_this_week, "my-days"),
                columns="3",
                gap="12px",
                width="100%",
            ),
            rx.cond(
                DashboardState.activity,
                rx.box(
                    rx.table.root(
                        rx.table.header(
                            rx.table.row(
                                rx.table.column_header_cell(tr("analytics.my.course")),
                                *[
                                    rx.table.column_header_cell(tr(f"analytics.metric.{name}"))
                                    for name in (
                                        "time_on_task",
                                        "engagement",
                                        "completion",
                                        "retention",
                                    )
                                ],
                            )
                        ),
                        rx.table.body(rx.foreach(DashboardState.activity, _activity_row)),
                        width="100%",
                        size="1",
                    ),
                    overflow_x="auto",
                    width="100%",
                ),
            ),
            spacing="3",
            width="100%",
        ),
    )


@page
def dashboard_page() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.heading(tr("account.my.title"), size="7"),
            rx.spacer(),
            rx.link(tr("nav.account"), href=routes.ACCOUNT, size="2"),
            align="center",
            width="100%",
        ),
        courses_section(),
        rx.cond(DashboardState.loaded, activity_section()),
        rx.cond(
            DashboardState.loaded,
            rx.grid(
                certificates_section(),
                notifications_section(),
                columns=rx.breakpoints(initial="1", md="2"),
                spacing="6",
                width="100%",
            ),
        ),
        spacing="6",
        width="100%",
    )


def _centre_row(item: NotificationItem) -> rx.Component:
    return notification_row(item, on_read=NotificationsState.mark_read)


@page
def notifications_page() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.link(
                rx.hstack(
                    rx.icon("arrow-left", size=14),
                    tr("nav.my_learning"),
                    spacing="1",
                    align="center",
                ),
                href=routes.MY,
                size="2",
            ),
            width="100%",
        ),
        _section(
            rx.hstack(
                rx.heading(tr("account.notifications.title"), size="7"),
                _unread_badge(NotificationsState.unread_count),
                spacing="2",
                align="center",
            ),
            rx.cond(
                ~NotificationsState.loaded,
                rx.vstack(
                    *[rx.skeleton(height="64px", width="100%") for _ in range(3)],
                    spacing="2",
                    width="100%",
                ),
                rx.cond(
                    NotificationsState.items.length() > 0,
                    rx.vstack(
                        rx.foreach(NotificationsState.items, _centre_row),
                        spacing="2",
                        width="100%",
                    ),
                    _empty("account.notifications.empty"),
                ),
            ),
            _mark_all_button(NotificationsState.unread_count, NotificationsState.mark_all_read),
        ),
        rx.cond(
            NotificationsState.page_count > 1,
            rx.hstack(
                rx.button(
                    tr("account.pager.previous"),
                    variant="soft",
                    disabled=~NotificationsState.has_previous,
                    on_click=NotificationsState.go_to_page(NotificationsState.page - 1),
                ),
                rx.text(
                    tr("account.pager.page"),
                    " ",
                    NotificationsState.page,
                    " / ",
                    NotificationsState.page_count,
                    size="2",
                ),
                rx.button(
                    tr("account.pager.next"),
                    variant="soft",
                    disabled=~NotificationsState.has_next,
                    on_click=NotificationsState.go_to_page(NotificationsState.page + 1),
                ),
                spacing="3",
                align="center",
                justify="center",
                width="100%",
            ),
        ),
        spacing="5",
        width="100%",
        max_width="760px",
        margin="0 auto",
    )
