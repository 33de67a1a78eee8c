"""/my/certificates: the learner's certificates (one of the learner's tabs)."""

from __future__ import annotations

import reflex as rx

from edu_platform import routes
from edu_platform.components import blocks
from edu_platform.components.buttons import download_button
from edu_platform.components.i18n import tr
from edu_platform.components.layout import page
from edu_platform.components.learner_nav import learner_page
from edu_platform.pages.certificates.common import status_badge
from edu_platform.state.certificates import MyCertificatesState

# --- /my/certificates -------------------------------------------------------------------


def _preparing() -> rx.Component:
    return blocks.row(
        rx.spinner(size="2"),
        blocks.muted(tr("certificates.my.preparing")),
        role="status",
        data_testid="certificate-preparing",
    )


def my_certificate_card(item) -> rx.Component:
    actions = rx.match(
        item.status,
        ("pending", _preparing()),
        ("ready", download_button(tr("certificates.download"), item.pdf_url, variant="solid")),
        rx.text(tr("certificates.my.revoked_note"), size="2", color_scheme="red"),
    )
    return rx.card(
        blocks.responsive_row(
            blocks.icon_tile("award"),
            blocks.column(
                blocks.row(
                    rx.heading(item.course_title, size="4"),
                    status_badge(item.status),
                    wrap="wrap",
                ),
                rx.cond(
                    item.serial != "",
                    blocks.labelled("certificates.serial", rx.code(item.serial, variant="ghost")),
                ),
                rx.cond(
                    item.issued_on != "", blocks.labelled("certificates.issued", item.issued_on)
                ),
                blocks.toolbar(
                    actions,
                    rx.cond(
                        item.verify_url != "",
                        rx.link(tr("certificates.verify_link"), href=item.verify_url, size="2"),
                    ),
                    gap="16px",
                    padding_top="8px",
                ),
                spacing="1",
            ),
            align="start",
            spacing="4",
        ),
        width="100%",
        data_testid="certificate-card",
    )


@page
def my_certificates_page() -> rx.Component:
    return learner_page(
        "certificates",
        blocks.titled("certificates.my.title", "certificates.my.subtitle"),
        blocks.list_or_empty(
            MyCertificatesState.items,
            my_certificate_card,
            blocks.notice(
                tr("certificates.my.empty"),
                rx.link(tr("certificates.my.browse"), href=routes.CATALOG, size="2"),
            ),
            loading=~MyCertificatesState.loaded,
            skeleton=blocks.skeletons("120px", "120px"),
            columns=rx.breakpoints(initial="1", md="2"),
            spacing="4",
        ),
        rx.cond(
            MyCertificatesState.gave_up & MyCertificatesState.any_pending,
            blocks.notice(tr("certificates.my.still_preparing"), icon="clock"),
        ),
        spacing="4",
    )
