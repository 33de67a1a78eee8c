"""/checkin/<token>: the result of a QR check-in."""

from __future__ import annotations

import reflex as rx

from edu_platform.components.i18n import tr
from edu_platform.components.layout import page
from edu_platform.state.checkin import CheckinState


@page
def checkin_page() -> rx.Component:
    return rx.center(
        rx.card(
            rx.cond(
                CheckinState.error != "",
                rx.vstack(
                    rx.icon("circle-x", size=48, color=rx.color("red", 9)),
                    rx.heading(tr("teaching.checkin.title"), size="5"),
                    rx.text(CheckinState.error, data_testid="checkin-error"),
                    align="center",
                    spacing="3",
                ),
                rx.cond(
                    CheckinState.done,
                    rx.vstack(
                        rx.icon("circle-check", size=48, color=rx.color("green", 9)),
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
                            tr("teaching.checkin.total"),
                            " ",
                            CheckinState.total_points,
                            weight="bold",
                        ),
                        align="center",
                        spacing="3",
                    ),
                    rx.spinner(size="3"),
                ),
            ),
            size="4",
            max_width="480px",
            width="100%",
        ),
        padding_y="48px",
    )
