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


def _result() -> rx.Component:
    return rx.cond(
        VerifyEmailState.verified,
        blocks.notice_with_action(
            "verify_email.done",
            "success",
            "mail-check",
            link_button(tr("verify_email.to_learning"), size="3", href=routes.MY),
            data_testid="verify-email-done",
        ),
        blocks.notice_with_action(
            "verify_email.link_invalid",
            "warning",
            "link-2-off",
            link_button(tr("verify_email.to_account"), size="3", href=routes.ACCOUNT),
            data_testid="verify-email-invalid",
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
