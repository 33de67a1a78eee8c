"""The quiz inside the course player (placeholder until the quiz states exist)."""

from __future__ import annotations

import reflex as rx

from edu_platform.components.i18n import tr


def quiz_panel(lesson_id) -> rx.Component:
    return rx.callout(tr("common.coming_soon"), icon="list-checks")
