"""/checkin/<token>: the result of a QR check-in."""

from __future__ import annotations

import reflex as rx

from edu_platform.components import blocks
from edu_platform.components.i18n import tr
from edu_platform.components.layout import page
from edu_platform.state.checkin import CheckinState


@page
def checkin_page() -> rx.Component:
    return blocks.centred_card(
        rx.cond(
            CheckinState.error != "",
            blocks.icon_message(
                "circle-x",
                "red",
                rx.heading(tr("teaching.checkin.title"), size="5"),
                rx.text(CheckinState.error, data_testid="checkin-error"),
            ),
            rx.cond(
                CheckinState.done,
                blocks.icon_message(
                    "circle-check",
                    "green",
                    rx.heading(
                        rx.cond(
                            CheckinState.already,
                            tr("teaching.checkin.already"),
                            tr("teaching.checkin.done"),
                        ),
                        size="5",
                        data_testid="checkin-done",
                    ),
                    rx.text(CheckinState.course_title, " — ", CheckinState.session_title),
                    rx.text(tr("teaching.checkin.points"), " ", CheckinState.points),
                    rx.text(
                        tr("teaching.checkin.total"), " ", CheckinState.total_points, weight="bold"
                    ),
                ),
                rx.spinner(size="3"),
            ),
        ),
    )
