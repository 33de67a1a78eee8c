"""/admin/reports: charts of sales, top courses and completion; user activity table."""

from __future__ import annotations

import reflex as rx

from edu_platform import routes
from edu_platform.components.a11y import named_progress
from edu_platform.components.admin_layout import admin_layout
from edu_platform.components.i18n import tr
from edu_platform.components.layout import page
from edu_platform.services.reports import GRANULARITIES, CompletionRate, UserActivity
from edu_platform.state.admin_reports import AdminReportsState

CHART_HEIGHT = 280


def csv_link(href) -> rx.Component:
    return rx.el.a(
        rx.button(
            rx.icon("download", size=14), tr("admin_ops.reports.csv"), size="1", variant="soft"
        ),
        href=href,
        download=True,
    )


def panel(title_key: str, csv_href, body: rx.Component) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.heading(tr(title_key), size="4"),
                rx.spacer(),
                csv_link(csv_href),
                width="100%",
                align="center",
            ),
            body,
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def date_field(name: str, key: str, value) -> rx.Component:
    field_id = f"report-{name}"
    return rx.vstack(
        rx.el.label(rx.text(tr(key), size="1"), html_for=field_id),
        rx.input(id=field_id, name=name, type="date", default_value=value, size="2"),
        spacing="1",
    )


def range_form() -> rx.Component:
    return rx.form(
        rx.flex(
            date_field("date_from", "admin_ops.audit.from", AdminReportsState.date_from),
            date_field("date_to", "admin_ops.audit.to", AdminReportsState.date_to),
            rx.vstack(
                rx.el.label(
                    rx.text(tr("admin_ops.reports.granularity"), size="1"),
                    html_for="report-granularity",
                ),
                rx.select.root(
                    rx.select.trigger(
                        id="report-granularity", aria_label=tr("admin_ops.reports.granularity")
                    ),
                    rx.select.content(
                        *[
                            rx.select.item(tr(f"admin_ops.reports.{g}"), value=g)
                            for g in GRANULARITIES
                        ]
                    ),
                    name="granularity",
                    default_value=AdminReportsState.granularity,
                ),
                spacing="1",
            ),
            rx.button(
                tr("admin_ops.audit.apply"), type="submit", loading=AdminReportsState.loading
            ),
            gap="12px",
            wrap="wrap",
            align="end",
        ),
        method="post",
        on_submit=AdminReportsState.apply,
        key=AdminReportsState.date_from + AdminReportsState.date_to,
    )


def sales_chart() -> rx.Component:
    return rx.recharts.composed_chart(
        rx.recharts.cartesian_grid(stroke_dasharray="3 3"),
        rx.recharts.x_axis(data_key="period", tick={"fontSize": 11}),
        rx.recharts.y_axis(y_axis_id="left", data_key="revenue"),
        rx.recharts.y_axis(
            y_axis_id="right", data_key="orders", orientation="right", allow_decimals=False
        ),
        rx.recharts.bar(
            data_key="orders", y_axis_id="right", fill=rx.color("iris", 6), name="orders"
        ),
        rx.recharts.line(
            data_key="revenue",
            y_axis_id="left",
            stroke=rx.color("accent", 10),
            stroke_width=2,
            dot=False,
            name="revenue",
        ),
        rx.recharts.graphing_tooltip(),
        rx.recharts.legend(),
        data=AdminReportsState.sales,
        width="100%",
        height=CHART_HEIGHT,
    )


def horizontal_bars(data, key: str, color: str) -> rx.Component:
    return rx.recharts.bar_chart(
        rx.recharts.cartesian_grid(stroke_dasharray="3 3", horizontal=False),
        rx.recharts.x_axis(type_="number", data_key=key, tick={"fontSize": 11}),
        rx.recharts.y_axis(
            type_="category", data_key="title", width=190, tick={"fontSize": 11}, interval=0
        ),
        rx.recharts.bar(data_key=key, fill=rx.color(color, 9), name=key),
        rx.recharts.graphing_tooltip(),
        data=data,
        layout="vertical",
        width="100%",
        height=CHART_HEIGHT,
    )


def completion_row(rate: CompletionRate) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rate.title),
        rx.table.cell(rate.enrollments),
        rx.table.cell(rate.completed),
        rx.table.cell(
            rx.hstack(
                named_progress(
                    rate.rate_percent,
                    rate.title + ": " + rate.rate_percent.to_string() + " %",
                    width="100px",
                ),
                rx.text(rate.rate_percent, "%", size="1"),
                align="center",
            )
        ),
    )


def activity_row(row: UserActivity) -> rx.Component:
    return rx.table.row(
        rx.table.cell(
            rx.vstack(
                rx.text(row.full_name, size="2"),
                rx.text(row.email, size="1", color_scheme="gray"),
                spacing="0",
            )
        ),
        rx.table.cell(row.enrollments),
        rx.table.cell(row.lessons_done),
        rx.table.cell(row.spend),
    )


def header_cells(*keys: str) -> rx.Component:
    return rx.table.header(rx.table.row(*[rx.table.column_header_cell(tr(k)) for k in keys]))


def content() -> rx.Component:
    state = AdminReportsState
    return rx.vstack(
        rx.heading(tr("admin_ops.reports.title"), size="6"),
        range_form(),
        rx.cond(
            state.error != "", rx.callout(state.error, color_scheme="red", icon="triangle-alert")
        ),
        rx.grid(
            rx.card(
                rx.vstack(
                    rx.text(tr("admin_ops.reports.revenue"), size="2"),
                    rx.heading(state.revenue_total, size="6", data_testid="report-revenue"),
                    spacing="1",
                )
            ),
            rx.card(
                rx.vstack(
                    rx.text(tr("admin_ops.reports.orders"), size="2"),
                    rx.heading(state.orders_total, size="6", data_testid="report-orders"),
                    spacing="1",
                )
            ),
            columns=rx.breakpoints(initial="1", sm="2"),
            spacing="3",
            width="100%",
        ),
        panel("admin_ops.reports.sales", state.csv_sales, sales_chart()),
        rx.grid(
            panel(
                "admin_ops.reports.top_revenue",
                state.csv_top,
                horizontal_bars(state.top_revenue, "revenue", "indigo"),
            ),
            panel(
                "admin_ops.reports.top_enrollments",
                state.csv_top,
                horizontal_bars(state.top_enrollments, "enrollments", "grass"),
            ),
            columns=rx.breakpoints(initial="1", lg="2"),
            spacing="4",
            width="100%",
        ),
        panel(
            "admin_ops.reports.completion",
            state.csv_completion,
            rx.box(
                rx.table.root(
                    header_cells(
                        "admin_ops.reports.course",
                        "admin_ops.reports.enrollments",
                        "admin_ops.reports.completed",
                        "admin_ops.reports.rate",
                    ),
                    rx.table.body(rx.foreach(state.completion, completion_row)),
                    width="100%",
                    size="1",
                ),
                overflow_x="auto",
                width="100%",
            ),
        ),
        panel(
            "admin_ops.reports.activity",
            state.csv_activity,
            rx.vstack(
                rx.box(
                    rx.table.root(
                        header_cells(
                            "admin_ops.reports.user",
                            "admin_ops.reports.enrollments",
                            "admin_ops.reports.lessons",
                            "admin_ops.reports.spend",
                        ),
                        rx.table.body(rx.foreach(state.activity, activity_row)),
                        width="100%",
                        size="1",
                    ),
                    overflow_x="auto",
                    width="100%",
                ),
                rx.hstack(
                    rx.button(
                        tr("admin_ops.prev"),
                        size="1",
                        variant="soft",
                        disabled=state.activity_page <= 1,
                        on_click=state.activity_go(state.activity_page - 1),
                    ),
                    rx.text(state.activity_page, " / ", state.activity_pages, size="1"),
                    rx.button(
                        tr("admin_ops.next"),
                        size="1",
                        variant="soft",
                        disabled=state.activity_page >= state.activity_pages,
                        on_click=state.activity_go(state.activity_page + 1),
                    ),
                    justify="center",
                    width="100%",
                    align="center",
                ),
                width="100%",
            ),
        ),
        spacing="5",
        width="100%",
    )


@page
def admin_reports_page() -> rx.Component:
    return admin_layout(routes.ADMIN_REPORTS, AdminReportsState.access, content())
