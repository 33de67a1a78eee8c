"""/my/certificates: the learner's certificates (one of the learner's tabs)."""

from __future__ import annotations

import reflex as rx

from edu_platform import routes
from edu_platform.components.i18n import tr
from edu_platform.components.layout import page
from edu_platform.components.learner_nav import learner_header
from edu_platform.pages.certificates.common import (
    download_button,
    status_badge,
)
from edu_platform.state.certificates import (
    MyCertificatesState,
)

# --- /my/certificates -------------------------------------------------------------------


def _preparing() -> rx.Component:
    return rx.hstack(
        rx.spinner(size="2"),
        rx.text(tr("certificates.my.preparing"), size="2", color_scheme="gray"),
        align="center",
        spacing="2",
        role="status",
        data_testid="certificate-preparing",
    )


def my_certificate_card(item) -> rx.Component:
    actions = rx.match(
        item.status,
        ("pending", _preparing()),
        ("ready", download_button(item.pdf_url)),
        rx.text(tr("certificates.my.revoked_note"), size="2", color_scheme="red"),
    )
    return rx.card(
        rx.flex(
            rx.center(
                rx.icon("award", size=28, color=rx.color("accent", 11)),
                background=rx.color("accent", 3),
                border_radius="12px",
                padding="12px",
                flex_shrink="0",
            ),
            rx.vstack(
                rx.hstack(
                    rx.heading(item.course_title, size="4"),
                    status_badge(item.status),
                    align="center",
                    spacing="2",
                    wrap="wrap",
                ),
                rx.text(
                    tr("certificates.serial"),
                    ": ",
                    rx.code(item.serial, variant="ghost"),
                    size="2",
                    color_scheme="gray",
                ),
                rx.cond(
                    item.issued_on != "",
                    rx.text(
                        tr("certificates.issued"),
                        ": ",
                        item.issued_on,
                        size="2",
                        color_scheme="gray",
                    ),
                ),
                rx.hstack(
                    actions,
                    rx.link(
                        tr("certificates.verify_link"),
                        href=item.verify_url,
                        size="2",
                    ),
                    align="center",
                    spacing="4",
                    wrap="wrap",
                    padding_top="8px",
                ),
                spacing="1",
                width="100%",
            ),
            direction=rx.breakpoints(initial="column", sm="row"),
            align="start",
            spacing="4",
            width="100%",
        ),
        width="100%",
        data_testid="certificate-card",
    )


def _my_skeleton() -> rx.Component:
    return rx.vstack(
        *[rx.skeleton(height="120px", width="100%") for _ in range(2)],
        spacing="3",
        width="100%",
    )


@page
def my_certificates_page() -> rx.Component:
    return rx.vstack(
        learner_header("certificates"),
        rx.vstack(
            rx.heading(tr("certificates.my.title"), size="5", as_="h2"),
            rx.text(tr("certificates.my.subtitle"), color_scheme="gray", size="2"),
            spacing="1",
            width="100%",
        ),
        rx.cond(
            ~MyCertificatesState.loaded,
            _my_skeleton(),
            rx.cond(
                MyCertificatesState.items.length() > 0,
                rx.grid(
                    rx.foreach(MyCertificatesState.items, my_certificate_card),
                    columns=rx.breakpoints(initial="1", md="2"),
                    spacing="4",
                    width="100%",
                ),
                rx.callout(
                    rx.vstack(
                        tr("certificates.my.empty"),
                        rx.link(tr("certificates.my.browse"), href=routes.CATALOG, size="2"),
                        spacing="2",
                        align="start",
                    ),
                    icon="info",
                    width="100%",
                ),
            ),
        ),
        rx.cond(
            MyCertificatesState.gave_up & MyCertificatesState.any_pending,
            rx.callout(tr("certificates.my.still_preparing"), icon="clock", width="100%"),
        ),
        spacing="4",
        width="100%",
    )
