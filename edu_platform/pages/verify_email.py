"""/verify-email/[token]: the link mailed at registration confirms the address."""

from __future__ import annotations

import reflex as rx

from edu_platform import routes
from edu_platform.components import blocks
from edu_platform.components.a11y import link_button
from edu_platform.components.i18n import tr
from edu_platform.components.layout import page
from edu_platform.pages.auth import auth_card
from edu_platform.state.account import VerifyEmailState


def _outcome(message_key: str, tone: str, icon: str, link_key: str, href: str, test_id: str):
    """How the check ended: the callout, and the one link on from it."""
    link = link_button(tr(link_key), size="3", href=href)
    return blocks.notice_with_action(message_key, tone, icon, link, data_testid=test_id)


def _result() -> rx.Component:
    return rx.cond(
        VerifyEmailState.verified,
        _outcome(
            "verify_email.done",
            "success",
            "mail-check",
            "verify_email.to_learning",
            routes.MY,
            "verify-email-done",
        ),
        _outcome(
            "verify_email.link_invalid",
            "warning",
            "link-2-off",
            "verify_email.to_account",
            routes.ACCOUNT,
            "verify-email-invalid",
        ),
    )


@page
def verify_email_page() -> rx.Component:
    return auth_card(
        "verify_email.title",
        None,
        rx.cond(
            VerifyEmailState.checked,
            _result(),
            rx.text(tr("verify_email.checking"), color_scheme="gray"),
        ),
    )
