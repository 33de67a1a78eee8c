"""/teach/courses/<id>/analytics: metric cards, trend, daily activity, retention curve,
lesson funnel and the learners inactive for a week, updating live."""

from __future__ import annotations

import reflex as rx

from edu_platform.components import blocks, tables
from edu_platform.components.buttons import submit_button
from edu_platform.components.charts import bar_series, legend, line_series
from edu_platform.components.dialogs import form_dialog
from edu_platform.components.forms import area_field, error_of, keyed, labelled_field, select_field
from edu_platform.components.i18n import tr
from edu_platform.components.page_parts import table_row, two_columns
from edu_platform.components.panels import figure_card
from edu_platform.components.teach_layout import teach_page
from edu_platform.state.teach_analytics import (
    WINDOWS,
    FunnelRow,
    InactiveRow,
    MetricCard,
    SessionRow,
    TeachAnalyticsState,
)

S = TeachAnalyticsState
CHART_HEIGHT = 260
RATIO_METRICS = ("engagement", "completion", "activity_index", "focus_ratio", "retention")
COLORS = {
    "engagement": "iris",
    "completion": "grass",
    "activity_index": "amber",
    "focus_ratio": "cyan",
    "retention": "crimson",
}


def metric_card(card: MetricCard) -> rx.Component:
    name = rx.match(
        card.name,
        *[(name, tr(f"analytics.metric.{name}")) for name in ("time_on_task", *RATIO_METRICS)],
        card.name,
    )
    note = blocks.muted(
        tr("analytics.median"), " ", card.p50, " · ", tr("analytics.p90"), " ", card.p90, size="1"
    )
    return figure_card(name, card.avg, note=note, value_size="7", data_testid="metric-" + card.name)


def daily_chart() -> rx.Component:
    return rx.recharts.composed_chart(
        rx.recharts.cartesian_grid(stroke_dasharray="3 3"),
        rx.recharts.x_axis(data_key="date", tick={"fontSize": 11}),
        rx.recharts.y_axis(y_axis_id="left", allow_decimals=False),
        rx.recharts.y_axis(y_axis_id="right", orientation="right"),
        bar_series(
            "active_learners", "analytics.active_learners", "iris", shade=8, y_axis_id="left"
        ),
        line_series("minutes", "analytics.minutes", "amber", y_axis_id="right", dot=False),
        rx.recharts.graphing_tooltip(),
        legend(),
        data=S.daily,
        width="100%",
        height=CHART_HEIGHT,
    )


def trend_chart() -> rx.Component:
    return rx.recharts.line_chart(
        rx.recharts.cartesian_grid(stroke_dasharray="3 3"),
        rx.recharts.x_axis(data_key="week", tick={"fontSize": 11}),
        rx.recharts.y_axis(domain=[0, 100], unit="%"),
        *[line_series(name, f"analytics.metric.{name}", COLORS[name]) for name in RATIO_METRICS],
        rx.recharts.graphing_tooltip(),
        legend(),
        data=S.trend,
        width="100%",
        height=CHART_HEIGHT,
    )


def weekly_bars(data: rx.Var, key: str, color: str, name_key: str, **y_axis) -> rx.Component:
    """One series of bars per week (`key` of each data row)."""
    return rx.recharts.bar_chart(
        rx.recharts.cartesian_grid(stroke_dasharray="3 3"),
        rx.recharts.x_axis(data_key="week", tick={"fontSize": 11}),
        rx.recharts.y_axis(**y_axis),
        bar_series(key, name_key, color),
        rx.recharts.graphing_tooltip(),
        data=data,
        width="100%",
        height=CHART_HEIGHT,
    )


def retention_chart() -> rx.Component:
    return weekly_bars(
        S.retention, "share", "crimson", "analytics.retention_share", domain=[0, 100], unit="%"
    )


def table_or_note(header_keys: list[str], rows: rx.Var, row_view, empty_key: str):
    """A small table of `rows`, or the grey note `empty_key` while there are none."""
    return rx.cond(
        rows,
        tables.data_table(header_keys, rows, row_view, size="1"),
        blocks.muted(tr(empty_key), size="3"),
    )


def funnel_row(row: FunnelRow) -> rx.Component:
    return table_row(row.title, row.reached, row.completed)


def funnel_table() -> rx.Component:
    return table_or_note(
        ["analytics.lesson", "analytics.reached", "analytics.completed"],
        S.funnel,
        funnel_row,
        "analytics.no_lessons",
    )


def registrations_chart() -> rx.Component:
    return weekly_bars(
        S.registrations,
        "enrollments",
        "grass",
        "analytics.stats.enrollments",
        allow_decimals=False,
    )


def session_row(row: SessionRow) -> rx.Component:
    return table_row(row.title, row.starts_at, row.attended, (row.share, "%"), header=True)


def statistics_section() -> rx.Component:
    return two_columns(
        blocks.section_card(
            "analytics.stats.registrations",
            rx.text(
                tr("analytics.stats.total"),
                " ",
                S.enrollments_total,
                " · ",
                tr("analytics.stats.completed"),
                " ",
                S.completed_total,
                " (",
                S.completion_rate,
                "%)",
                size="2",
                data_testid="course-completion",
            ),
            registrations_chart(),
        ),
        blocks.section_card(
            "analytics.stats.attendance",
            table_or_note(
                [
                    "analytics.stats.session",
                    "analytics.stats.when",
                    "analytics.stats.attended",
                    "analytics.stats.share",
                ],
                S.sessions,
                session_row,
                "analytics.stats.no_sessions",
            ),
        ),
        gap="16px",
    )


def inactive_row(row: InactiveRow) -> rx.Component:
    return table_row(row.full_name, row.last_active)


def announce_dialog() -> rx.Component:
    return form_dialog(
        title=tr("analytics.announce.title"),
        description=rx.fragment(tr("analytics.announce.hint"), " ", S.inactive_total),
        fields=[
            labelled_field("subject", "analytics.announce.subject", S.announce_errors),
            area_field(
                "analytics-text",
                "analytics.announce.text",
                name="text",
                required=True,
                rows="5",
                error=error_of(S.announce_errors, "text"),
            ),
        ],
        submit=submit_button("analytics.announce.send", loading=S.announce_busy),
        on_submit=S.announce,
        open=S.announce_open,
        on_open_change=S.set_announce_open,
        cancel_key="analytics.announce.cancel",
        trigger=blocks.icon_button(
            "megaphone", "analytics.announce.open", disabled=S.inactive_total == 0
        ),
        max_width="520px",
    )


def inactive_section() -> rx.Component:
    return blocks.section_card(
        "analytics.inactive",
        blocks.toolbar(
            rx.text(tr("analytics.inactive_count"), " ", S.inactive_total, weight="medium"),
            announce_dialog(),
            justify="between",
            gap="8px",
        ),
        table_or_note(
            ["analytics.learner", "analytics.last_active"],
            S.inactive,
            inactive_row,
            "analytics.none_inactive",
        ),
    )


def window_select() -> rx.Component:
    """How many days back the figures look (WINDOWS); a change reloads them."""
    choices = keyed("analytics.window", WINDOWS)
    return select_field(
        "analytics-window",
        "analytics.window",
        choices,
        value=S.window_days,
        on_change=S.set_window,
        width="auto",
    )


def toolbar() -> rx.Component:
    return blocks.toolbar(
        blocks.row(
            rx.text(tr("analytics.learners"), " ", S.learners_total, weight="medium"),
            blocks.icon_badge(
                "radio", "analytics.live", "green", " ", S.updated_at, variant="soft"
            ),
            spacing="3",
            wrap="wrap",
        ),
        window_select(),
        justify="between",
        align="end",
    )


def content() -> rx.Component:
    return blocks.column(
        toolbar(),
        rx.grid(
            rx.foreach(S.cards, metric_card),
            columns=rx.breakpoints(initial="2", sm="3", lg="6"),
            gap="12px",
            width="100%",
        ),
        blocks.section_card("analytics.daily", daily_chart()),
        blocks.section_card("analytics.trend", trend_chart()),
        two_columns(
            blocks.section_card("analytics.retention", retention_chart()),
            blocks.section_card("analytics.funnel", funnel_table()),
            gap="16px",
        ),
        statistics_section(),
        inactive_section(),
        spacing="4",
        on_unmount=S.stop_watching,
    )


teach_analytics_page = teach_page(S, "analytics", content)
