"""Chart series the admin and teacher charts share: drawn at once (no animation, which
would replay on every state update), named in the visitor's language, coloured from a
Radix scale.

    bar_series("orders", "admin_ux.reports.series_orders", "iris", shade=6, y_axis_id="right")
    line_series("minutes", "analytics.minutes", "amber", y_axis_id="right", dot=False)
"""

from __future__ import annotations

import reflex as rx
from reflex.vars.function import FunctionStringVar

from edu_platform.components.i18n import tr
from edu_platform.state.i18n import LangState


def _series(data_key: str, name_key: str) -> dict:
    return {"data_key": data_key, "name": tr(name_key), "is_animation_active": False}


def bar_series(data_key: str, name_key: str, color: str, *, shade: int = 9, **props):
    """The bars of `data_key`, named by the message `name_key`."""
    return rx.recharts.bar(**_series(data_key, name_key), fill=rx.color(color, shade), **props)


def line_series(data_key: str, name_key: str, color: str, *, shade: int = 10, **props):
    """The line of `data_key`, named by the message `name_key`."""
    return rx.recharts.line(**_series(data_key, name_key), stroke=rx.color(color, shade), **props)


def number_ticks() -> FunctionStringVar:
    """Axis ticks in the visitor's locale ("12 000" / "12,000"); compact only from a
    million ("1,2 млн"), so that one axis does not mix "45 000" with "180 тыс."."""
    lang = f"({LangState.lang} === 'en' ? 'en-US' : 'ru-RU')"
    return FunctionStringVar.create(
        f"((value) => new Intl.NumberFormat({lang}, "
        "{notation: Math.abs(value) >= 1000000 ? 'compact' : 'standard', "
        "maximumFractionDigits: 1}).format(value))",
        _var_data=LangState.lang._get_all_var_data(),
    )


# A legend that stays readable when its names wrap on a phone: small type and icons, and
# room between it and the plot (Recharts reserves the legend's measured height, but its
# default 14 px icons and the body's line height let a three-line legend touch the top
# tick). wrapperStyle is a Recharts prop Reflex does not declare.
LEGEND_STYLE = {"fontSize": "12px", "lineHeight": "18px", "paddingBottom": "8px"}


def legend(**props) -> rx.Component:
    """The chart's legend above the plot, compact (see LEGEND_STYLE)."""
    return rx.recharts.legend(
        vertical_align="top", icon_size=10, custom_attrs={"wrapperStyle": LEGEND_STYLE}, **props
    )
