"""The 404 page."""

from __future__ import annotations

import reflex as rx

from edu_platform import routes
from edu_platform.components import blocks
from edu_platform.components.a11y import link_button
from edu_platform.components.i18n import tr
from edu_platform.components.layout import page


@page
def not_found_page() -> rx.Component:
    return blocks.status_panel(
        "compass",
        "accent",
        rx.heading(tr("common.not_found"), size="7"),
        link_button(tr("common.back_home"), href=routes.HOME),
        min_height="50vh",
    )
