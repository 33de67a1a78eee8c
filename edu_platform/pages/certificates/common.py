"""What the certificate pages share: the status badge and the PDF download button."""

from __future__ import annotations

import reflex as rx

from edu_platform.components import blocks
from edu_platform.components.i18n import tr

STATUS_COLORS = {"ready": "green", "pending": "amber", "revoked": "red"}
STATUS_FILTERS = ("all", "pending", "ready", "revoked")


def status_badge(status: rx.Var) -> rx.Component:
    return blocks.status_badge(status, STATUS_COLORS, "certificates.status.")


def download_button(href: rx.Var, size: str = "2") -> rx.Component:
    """An <a download> styled as a button that the browser itself follows: in Reflex 0.10
    rx.el.a is React Router's Link, which would route /api/... inside the SPA (its 404);
    reload_document hands the click back to the browser, which downloads the file."""
    return rx.button(
        rx.el.a(
            rx.icon("download", size=16),
            tr("certificates.download"),
            href=href,
            download=True,
            reload_document=True,
        ),
        as_child=True,
        size=size,
    )
