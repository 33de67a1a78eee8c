"""/teach overview: two stacked weekly bar charts (enrolments, revenue) per course.

Recharts through rx.recharts as elsewhere in the app: animation off, both axes titled.
"""

from __future__ import annotations

import reflex as rx

from edu_platform.components import blocks
from edu_platform.components.charts import legend, number_ticks
from edu_platform.components.i18n import tr
from edu_platform.services.teach_overview import OverviewSeries
from edu_platform.state.i18n import LangState
from edu_platform.state.teach_overview import TeachOverviewState as S

CHART_HEIGHT = 260


def _bar(prefix: str):
    def bar(item: OverviewSeries) -> rx.Component:
        return rx.recharts.bar(
            data_key=prefix + item.key,
            name=rx.cond(item.key == "other", tr("teacher.overview.other"), item.name),
            stack_id=prefix,
            fill=item.color,
            is_animation_active=False,
        )

    return bar


def weekly_chart(prefix: str, y_title: rx.Var) -> rx.Component:
    return rx.recharts.bar_chart(
        rx.recharts.cartesian_grid(stroke_dasharray="3 3", vertical=False),
        rx.recharts.x_axis(
            rx.recharts.label(
                value=tr("teacher.overview.week"), position="insideBottom", offset=-12
            ),
            data_key=rx.cond(LangState.lang == "ru", "week_ru", "week_en"),
            tick={"fontSize": 11},
        ),
        rx.recharts.y_axis(
            rx.recharts.label(
                value=y_title,
                position="insideLeft",
                offset=4,
                # Recharts props Reflex does not declare: a vertical, centred axis title.
                custom_attrs={"angle": -90, "textAnchor": "middle"},
            ),
            allow_decimals=prefix == "r_",
            tick={"fontSize": 11},
            tick_formatter=number_ticks(),
            width=64,
        ),
        rx.foreach(S.series, _bar(prefix)),
        rx.recharts.graphing_tooltip(is_animation_active=False),
        legend(),
        data=S.points,
        width="100%",
        height=CHART_HEIGHT,
        margin={"top": 8, "right": 8, "bottom": 16, "left": 12},
    )


def _chart_card(title_key: str, total: rx.Component, chart: rx.Component, testid: str):
    return blocks.section_card(
        title_key,
        chart,
        action=total,
        heading_size="3",
        heading_level="h3",
        spacing="2",
        data_testid=testid,
    )


def teach_overview() -> rx.Component:
    """The overview section; its data loads once the section is on screen."""
    return rx.box(
        rx.heading(tr("teacher.overview.title"), size="5", as_="h2", margin_bottom="12px"),
        rx.cond(
            ~S.loaded,
            rx.skeleton(height=f"{CHART_HEIGHT + 60}px", width="100%"),
            rx.cond(
                S.series.length() == 0,
                rx.callout(tr("teacher.overview.empty"), icon="chart-column", width="100%"),
                blocks.tiles(
                    _chart_card(
                        "teacher.overview.enrolments",
                        rx.badge(S.enrolments, size="2", variant="soft"),
                        weekly_chart("e_", tr("teacher.overview.learners_axis")),
                        "chart-enrolments",
                    ),
                    _chart_card(
                        "teacher.overview.revenue",
                        rx.badge(S.revenue_labels[LangState.lang], size="2", variant="soft"),
                        weekly_chart("r_", tr("teacher.overview.revenue_axis") + ", " + S.currency),
                        "chart-revenue",
                    ),
                    columns=rx.breakpoints(initial="1", lg="2"),
                ),
            ),
        ),
        on_mount=S.load,
        width="100%",
    )
