"""The course page's main button (placeholder until the commerce states exist)."""

from __future__ import annotations

import reflex as rx

from edu_platform.components.i18n import tr


def course_action_button(course_id, slug, is_free, price_label, enrolled) -> rx.Component:
    return rx.cond(
        enrolled,
        rx.link(rx.button(tr("course.continue"), size="3", width="100%"), href="/learn/" + slug),
        rx.cond(
            is_free,
            rx.button(tr("course.enrol_free"), size="3", width="100%"),
            rx.button(tr("course.buy_for"), " ", price_label, size="3", width="100%"),
        ),
    )
