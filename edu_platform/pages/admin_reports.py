"""/admin/reports: charts of sales, top courses and completion; user activity table."""

from __future__ import annotations

import reflex as rx
from reflex.vars.function import FunctionStringVar

from edu_platform import routes
from edu_platform.components import admin_list as lists
from edu_platform.components import blocks, tables
from edu_platform.components.a11y import named_progress
from edu_platform.components.admin_layout import admin_page
from edu_platform.components.buttons import download_button, submit_button
from edu_platform.components.charts import bar_series, legend, line_series, number_ticks
from edu_platform.components.forms import error_of, form_error, form_field, keyed, select_field
from edu_platform.components.i18n import tr
from edu_platform.components.panels import figure_card, numbered_page_buttons
from edu_platform.i18n import CURRENCIES
from edu_platform.services.reports import GRANULARITIES
from edu_platform.state.admin_reports import ActivityRow, AdminReportsState, CompletionRow
from edu_platform.state.i18n import LangState

CHART_HEIGHT = 280


def panel(title_key: str, csv_href, body: rx.Component) -> rx.Component:
    """A report: its title, its CSV download and the chart or table."""
    csv = download_button(tr("admin_ops.reports.csv"), csv_href, size="1", icon_size=14)
    return blocks.section_card(title_key, body, action=csv)


def date_field(name: str, key: str, typed) -> rx.Component:
    """A date typed in the language's order (a native date input would follow the
    browser's locale, not the page's language); a wrong one is marked and explained
    under it."""
    field_id = f"report-{name}"
    error = error_of(AdminReportsState.date_errors, name)
    control = rx.input(
        id=field_id,
        name=name,
        default_value=typed[LangState.lang].to(str),
        placeholder=tr("locale.date_placeholder"),
        size="2",
        width="9em",
        aria_invalid=rx.cond(error != "", "true", "false"),
    )
    return form_field(field_id, key, control, error=error, width="auto")


def range_choice(name: str, options: list[tuple[str, str]]) -> rx.Component:
    """A select of the range form named `name`, showing the state's value of that name."""
    return select_field(
        f"report-{name}",
        f"admin_ops.reports.{name}",
        options,
        name=name,
        default_value=getattr(AdminReportsState, name),
        width="auto",
    )


def range_form() -> rx.Component:
    return rx.form(
        rx.flex(
            date_field("date_from", "admin_ops.audit.from", AdminReportsState.date_from_typed),
            date_field("date_to", "admin_ops.audit.to", AdminReportsState.date_to_typed),
            range_choice("granularity", keyed("admin_ops.reports", GRANULARITIES)),
            range_choice("currency", keyed("currency", CURRENCIES)),
            submit_button("admin_ops.audit.apply", loading=AdminReportsState.loading),
            gap="12px",
            wrap="wrap",
            align="end",
        ),
        method="post",
        on_submit=AdminReportsState.apply,
        no_validate=True,
        key=AdminReportsState.date_from + AdminReportsState.date_to + LangState.lang,
    )


# Tooltip values: the `<key>_text` field of the data row, formatted by the state (i18n.py).
TOOLTIP_VALUE = FunctionStringVar.create(
    "((value, name, item) => (item && item.payload && item.payload[item.dataKey + '_text'])"
    " || value)"
)


def tooltip() -> rx.Component:
    return rx.recharts.graphing_tooltip(
        is_animation_active=False, custom_attrs={"formatter": TOOLTIP_VALUE}
    )


def axis_title(key: str, *, vertical: bool = False, right: bool = False) -> dict:
    if not vertical:
        return {"value": tr(key), "position": "insideBottom", "offset": -4, "fontSize": 12}
    return {
        "value": tr(key),
        "angle": 90 if right else -90,
        "position": "insideRight" if right else "insideLeft",
        "style": {"textAnchor": "middle"},
        "fontSize": 12,
    }


def sales_chart() -> rx.Component:
    return rx.recharts.composed_chart(
        rx.recharts.cartesian_grid(stroke_dasharray="3 3"),
        rx.recharts.x_axis(
            data_key="period_label",
            tick={"fontSize": 11},
            label=axis_title("admin_ux.reports.axis_period"),
            height=48,
        ),
        rx.recharts.y_axis(
            y_axis_id="left",
            data_key="revenue",
            tick_formatter=number_ticks(),
            label=axis_title("admin_ux.reports.axis_revenue", vertical=True),
            width=80,
        ),
        rx.recharts.y_axis(
            y_axis_id="right",
            data_key="orders",
            orientation="right",
            allow_decimals=False,
            tick_formatter=number_ticks(),
            label=axis_title("admin_ux.reports.axis_orders", vertical=True, right=True),
            width=60,
        ),
        bar_series("orders", "admin_ux.reports.series_orders", "iris", shade=6, y_axis_id="right"),
        line_series(
            "revenue",
            "admin_ux.reports.series_revenue",
            "accent",
            y_axis_id="left",
            stroke_width=2,
            dot=False,
        ),
        tooltip(),
        legend(),
        data=AdminReportsState.sales,
        width="100%",
        height=CHART_HEIGHT,
    )


def horizontal_bars(data, key: str, color: str, series_key: str) -> rx.Component:
    return rx.recharts.bar_chart(
        rx.recharts.cartesian_grid(stroke_dasharray="3 3", horizontal=False),
        rx.recharts.x_axis(
            type_="number",
            data_key=key,
            tick={"fontSize": 11},
            tick_formatter=number_ticks(),
            label=axis_title(series_key),
            height=44,
        ),
        rx.recharts.y_axis(
            type_="category", data_key="title", width=190, tick={"fontSize": 11}, interval=0
        ),
        bar_series(key, series_key, color),
        tooltip(),
        legend(),
        data=data,
        layout="vertical",
        width="100%",
        height=CHART_HEIGHT,
    )


# The count columns of the two tables: hidden on a phone, where the counts go under the
# row's first cell (the rate and the spend stay in sight).
COMPLETION_COUNTS = ("admin_ops.reports.enrollments", "admin_ops.reports.completed")
ACTIVITY_COUNTS = ("admin_ops.reports.enrollments", "admin_ops.reports.lessons")


def phone_counts(keys: tuple[str, ...], values: tuple[rx.Var, ...]) -> rx.Component:
    """The row's counts as one grey line for a phone: "Enrolments: 22 · Completed: 4"."""
    parts: list = []
    for key, value in zip(keys, values, strict=True):
        if parts:
            parts.append(" · ")
        parts += [tr(key), ": ", value]
    return lists.phone_only(blocks.muted(*parts, size="1"))


def count_cells(values: tuple[rx.Var, ...]) -> list[rx.Component]:
    """The row's count cells, shown from `sm` up."""
    return [lists.cell(rx.text(value), wide=True) for value in values]


def completion_row(rate: CompletionRow) -> rx.Component:
    counts = (rate.enrollments, rate.completed)
    return rx.table.row(
        rx.table.cell(
            rx.vstack(rx.text(rate.title), phone_counts(COMPLETION_COUNTS, counts), spacing="1")
        ),
        *count_cells(counts),
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


def activity_row(row: ActivityRow) -> rx.Component:
    counts = (row.enrollments, row.lessons_done)
    return rx.table.row(
        lists.person_cell(row.full_name, row.email, phone_counts(ACTIVITY_COUNTS, counts)),
        *count_cells(counts),
        rx.table.cell(row.spend, white_space="nowrap"),
    )


def content() -> rx.Component:
    state = AdminReportsState
    return blocks.column(
        rx.heading(tr("admin_ops.reports.title"), size="6"),
        range_form(),
        form_error(state.error),
        blocks.tiles(
            figure_card(
                tr("admin_ops.reports.revenue"), state.revenue_total, test_id="report-revenue"
            ),
            figure_card(
                tr("admin_ops.reports.orders"), state.orders_total, test_id="report-orders"
            ),
            columns=rx.breakpoints(initial="1", sm="2"),
            spacing="3",
        ),
        panel("admin_ops.reports.sales", state.csv_sales, sales_chart()),
        blocks.tiles(
            panel(
                "admin_ops.reports.top_revenue",
                state.csv_top,
                horizontal_bars(
                    state.top_revenue, "revenue", "indigo", "admin_ux.reports.series_revenue"
                ),
            ),
            panel(
                "admin_ops.reports.top_enrollments",
                state.csv_top_enrollments,
                horizontal_bars(
                    state.top_enrollments,
                    "enrollments",
                    "grass",
                    "admin_ux.reports.series_enrollments",
                ),
            ),
            columns=rx.breakpoints(initial="1", lg="2"),
        ),
        panel(
            "admin_ops.reports.completion",
            state.csv_completion,
            tables.data_table(
                ["admin_ops.reports.course", *COMPLETION_COUNTS, "admin_ops.reports.rate"],
                state.completion,
                completion_row,
                wide=frozenset(COMPLETION_COUNTS),
                size="1",
            ),
        ),
        panel(
            "admin_ops.reports.activity",
            state.csv_activity,
            rx.vstack(
                tables.data_table(
                    ["admin_ops.reports.user", *ACTIVITY_COUNTS, "admin_ops.reports.spend"],
                    state.activity,
                    activity_row,
                    wide=frozenset(ACTIVITY_COUNTS),
                    size="1",
                ),
                rx.center(
                    numbered_page_buttons(
                        state.activity_page,
                        state.activity_pages,
                        state.activity_go,
                        "admin_ops",
                        size="1",
                    ),
                    width="100%",
                ),
                width="100%",
            ),
        ),
        spacing="5",
    )


admin_reports_page = admin_page(routes.ADMIN_REPORTS, AdminReportsState.access, content)
