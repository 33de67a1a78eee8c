"""A small trend card: a label, the window's total and a sparkline (recharts, no axes, no
animation). The line is decorative: the total and the label carry the meaning, and the
chart box is named for screen readers."""

from __future__ import annotations

import reflex as rx

from edu_platform.components import blocks
from edu_platform.components.i18n import tr

SPARK_HEIGHT = 48


def sparkline(data: rx.Var, key: str, color: str = "accent") -> rx.Component:
    return rx.recharts.area_chart(
        rx.recharts.area(
            data_key=key,
            stroke=rx.color(color, 10),
            fill=rx.color(color, 4),
            stroke_width=2,
            dot=False,
            is_animation_active=False,
            type_="monotone",
        ),
        data=data,
        width="100%",
        height=SPARK_HEIGHT,
        margin={"top": 4, "right": 0, "bottom": 0, "left": 0},
    )


def trend_card(
    label_key: str, total: rx.Var, data: rx.Var, key: str, test_id: str, color: str = "accent"
) -> rx.Component:
    return blocks.stacked_card(
        blocks.muted(tr(label_key)),
        rx.text(total, size="6", weight="bold", data_testid=f"{test_id}-total"),
        rx.box(
            sparkline(data, key, color),
            width="100%",
            role="img",
            aria_label=tr(label_key),
        ),
        spacing="1",
        data_testid=test_id,
    )
