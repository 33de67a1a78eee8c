"""/admin/certificates: search, revoke, re-issue a course's certificates in bulk."""

from __future__ import annotations

import reflex as rx

from edu_platform import routes
from edu_platform.components.admin_layout import admin_layout
from edu_platform.components.i18n import tr
from edu_platform.components.layout import page
from edu_platform.pages.certificates.common import (
    STATUS_FILTERS,
    download_button,
    status_badge,
)
from edu_platform.state.certificates import (
    AdminCertificatesState,
)

# --- /admin/certificates ----------------------------------------------------------------


def _filters() -> rx.Component:
    search = rx.form(
        rx.vstack(
            rx.el.label(
                rx.text(tr("certificates.admin.search_label"), size="2", weight="medium"),
                html_for="admin-certificates-q",
            ),
            rx.hstack(
                rx.input(
                    id="admin-certificates-q",
                    name="q",
                    type="search",
                    default_value=AdminCertificatesState.q,
                    placeholder=tr("certificates.admin.search_placeholder"),
                    width="100%",
                ),
                rx.button(tr("certificates.admin.search_submit"), type="submit"),
                width="100%",
                spacing="2",
            ),
            spacing="1",
            width="100%",
        ),
        method="post",
        on_submit=AdminCertificatesState.search,
        flex="1",
        min_width="240px",
    )
    status = rx.vstack(
        rx.el.label(
            rx.text(tr("certificates.admin.status_filter"), size="2", weight="medium"),
            html_for="admin-certificates-status",
        ),
        rx.select.root(
            rx.select.trigger(id="admin-certificates-status", width="100%"),
            rx.select.content(
                *[
                    rx.select.item(
                        tr(
                            "certificates.admin.status_all"
                            if value == "all"
                            else f"certificates.status.{value}"
                        ),
                        value=value,
                    )
                    for value in STATUS_FILTERS
                ]
            ),
            value=AdminCertificatesState.status_filter,
            on_change=AdminCertificatesState.set_status_filter,
        ),
        spacing="1",
        min_width="180px",
    )
    return rx.flex(
        search,
        status,
        direction=rx.breakpoints(initial="column", sm="row"),
        align=rx.breakpoints(initial="stretch", sm="end"),
        spacing="3",
        width="100%",
    )


def _admin_row(row) -> rx.Component:
    return rx.table.row(
        rx.table.cell(
            rx.link(rx.code(row.serial, variant="ghost"), href=row.verify_url, size="2"),
            white_space="nowrap",
        ),
        rx.table.cell(rx.text(row.holder_name, size="2")),
        rx.table.cell(rx.text(row.course_title, size="2")),
        rx.table.cell(rx.text(row.issued_on, size="2"), white_space="nowrap"),
        rx.table.cell(
            rx.vstack(
                status_badge(row.status),
                rx.cond(
                    row.revoked_reason != "",
                    rx.text(row.revoked_reason, size="1", color_scheme="gray"),
                ),
                spacing="1",
            )
        ),
        rx.table.cell(
            rx.hstack(
                rx.cond(row.pdf_url != "", download_button(row.pdf_url, size="1")),
                rx.cond(
                    row.status != "revoked",
                    rx.button(
                        tr("certificates.admin.revoke"),
                        on_click=AdminCertificatesState.open_revoke(row.serial),
                        color_scheme="red",
                        variant="soft",
                        size="1",
                        aria_label=f"{tr('certificates.admin.revoke')} {row.serial}",
                    ),
                ),
                spacing="2",
            )
        ),
        data_testid="admin-certificate-row",
        align="center",
    )


def _admin_table() -> rx.Component:
    return rx.cond(
        AdminCertificatesState.rows.length() > 0,
        rx.box(
            rx.table.root(
                rx.table.header(
                    rx.table.row(
                        *[
                            rx.table.column_header_cell(tr(f"certificates.admin.col.{name}"))
                            for name in (
                                "serial",
                                "holder",
                                "course",
                                "issued",
                                "status",
                                "actions",
                            )
                        ]
                    )
                ),
                rx.table.body(rx.foreach(AdminCertificatesState.rows, _admin_row)),
                variant="surface",
                width="100%",
            ),
            overflow_x="auto",
            width="100%",
        ),
        rx.callout(tr("certificates.admin.empty"), icon="search-x", width="100%"),
    )


def _pagination() -> rx.Component:
    return rx.hstack(
        rx.text(
            tr("certificates.admin.total"),
            ": ",
            AdminCertificatesState.total,
            size="2",
            color_scheme="gray",
        ),
        rx.spacer(),
        rx.button(
            tr("certificates.admin.prev"),
            on_click=AdminCertificatesState.prev_page,
            disabled=~AdminCertificatesState.has_prev,
            variant="soft",
            size="2",
        ),
        rx.text(
            tr("certificates.admin.page"),
            " ",
            AdminCertificatesState.current_page,
            " / ",
            AdminCertificatesState.pages,
            size="2",
        ),
        rx.button(
            tr("certificates.admin.next"),
            on_click=AdminCertificatesState.next_page,
            disabled=~AdminCertificatesState.has_next,
            variant="soft",
            size="2",
        ),
        align="center",
        spacing="3",
        width="100%",
        wrap="wrap",
    )


def _revoke_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(tr("certificates.admin.revoke_title")),
            rx.dialog.description(
                rx.vstack(
                    rx.code(AdminCertificatesState.revoke_serial),
                    rx.text(tr("certificates.admin.revoke_text"), size="2"),
                    spacing="2",
                )
            ),
            rx.form(
                rx.vstack(
                    rx.el.label(
                        rx.text(tr("certificates.admin.reason"), size="2", weight="medium"),
                        html_for="revoke-reason",
                    ),
                    rx.text_area(
                        id="revoke-reason",
                        name="reason",
                        required=True,
                        max_length=1000,
                        width="100%",
                    ),
                    rx.cond(
                        AdminCertificatesState.revoke_error != "",
                        rx.text(
                            AdminCertificatesState.revoke_error,
                            size="2",
                            color_scheme="red",
                            role="alert",
                        ),
                    ),
                    rx.hstack(
                        rx.dialog.close(
                            rx.button(
                                tr("certificates.admin.cancel"),
                                variant="soft",
                                color_scheme="gray",
                                type="button",
                            )
                        ),
                        rx.button(
                            tr("certificates.admin.revoke_confirm"),
                            type="submit",
                            color_scheme="red",
                            loading=AdminCertificatesState.busy,
                        ),
                        justify="end",
                        spacing="3",
                        width="100%",
                    ),
                    spacing="3",
                    width="100%",
                    padding_top="12px",
                ),
                method="post",
                on_submit=AdminCertificatesState.submit_revoke,
            ),
        ),
        open=AdminCertificatesState.revoke_open,
        on_open_change=AdminCertificatesState.close_revoke,
    )


def _reissue_card() -> rx.Component:
    progress = rx.cond(
        AdminCertificatesState.bulk_id > 0,
        rx.vstack(
            rx.hstack(
                rx.text(AdminCertificatesState.bulk_course, size="2", weight="medium"),
                rx.spacer(),
                rx.match(
                    AdminCertificatesState.bulk_status,
                    *[
                        (
                            name,
                            rx.badge(tr(f"certificates.admin.job.{name}"), color_scheme=color),
                        )
                        for name, color in (
                            ("queued", "gray"),
                            ("running", "indigo"),
                            ("done", "green"),
                            ("failed", "red"),
                        )
                    ],
                    rx.fragment(),
                ),
                width="100%",
                align="center",
            ),
            rx.progress(
                value=AdminCertificatesState.bulk_percent,
                max=100,
                aria_label=tr("certificates.admin.progress"),
                width="100%",
                data_testid="reissue-progress",
            ),
            rx.text(
                AdminCertificatesState.bulk_processed,
                " ",
                tr("certificates.admin.progress_of"),
                " ",
                AdminCertificatesState.bulk_total,
                rx.cond(
                    AdminCertificatesState.bulk_failed > 0,
                    rx.text.span(
                        " · ",
                        AdminCertificatesState.bulk_failed,
                        " ",
                        tr("certificates.admin.progress_failed"),
                        color=rx.color("red", 11),
                    ),
                ),
                size="2",
                color_scheme="gray",
                data_testid="reissue-counts",
            ),
            spacing="2",
            width="100%",
        ),
    )
    return rx.card(
        rx.vstack(
            rx.heading(tr("certificates.admin.reissue_title"), size="4"),
            rx.text(tr("certificates.admin.reissue_text"), size="2", color_scheme="gray"),
            rx.cond(
                AdminCertificatesState.courses.length() > 0,
                rx.flex(
                    rx.vstack(
                        rx.el.label(
                            rx.text(
                                tr("certificates.admin.reissue_course"), size="2", weight="medium"
                            ),
                            html_for="reissue-course",
                        ),
                        rx.select.root(
                            rx.select.trigger(
                                id="reissue-course",
                                placeholder=tr("certificates.admin.reissue_pick"),
                                width="100%",
                            ),
                            rx.select.content(
                                rx.foreach(
                                    AdminCertificatesState.courses,
                                    lambda course: rx.select.item(course.label, value=course.value),
                                )
                            ),
                            value=AdminCertificatesState.reissue_course,
                            on_change=AdminCertificatesState.set_reissue_course,
                        ),
                        spacing="1",
                        flex="1",
                        min_width="240px",
                    ),
                    rx.button(
                        rx.icon("refresh-cw", size=16),
                        tr("certificates.admin.reissue_button"),
                        on_click=AdminCertificatesState.start_reissue,
                        disabled=AdminCertificatesState.reissue_course == "",
                    ),
                    direction=rx.breakpoints(initial="column", sm="row"),
                    align=rx.breakpoints(initial="stretch", sm="end"),
                    spacing="3",
                    width="100%",
                ),
                rx.text(tr("certificates.admin.reissue_none"), size="2"),
            ),
            progress,
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def admin_certificates_content() -> rx.Component:
    return rx.vstack(
        rx.heading(tr("certificates.admin.title"), size="7"),
        _reissue_card(),
        _filters(),
        _admin_table(),
        _pagination(),
        _revoke_dialog(),
        spacing="4",
        width="100%",
    )


@page
def admin_certificates_page() -> rx.Component:
    return admin_layout(
        routes.ADMIN_CERTIFICATES, AdminCertificatesState.access, admin_certificates_content()
    )
