"""What the certificate pages share: the status badge and the PDF download button."""

from __future__ import annotations

import reflex as rx

from edu_platform.components import badges, buttons
from edu_platform.components.i18n import tr

STATUS_COLORS = {"ready": "green", "pending": "amber", "revoked": "red"}


def status_badge(status: rx.Var) -> rx.Component:
    return badges.status_badge(status, "certificates.status", STATUS_COLORS)


def download_button(href: rx.Var, size: str = "2") -> rx.Component:
    """The certificate's PDF (components/buttons.py: a download the browser follows)."""
    return buttons.download_button(tr("certificates.download"), href, size=size, variant="solid")
