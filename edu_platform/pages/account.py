"""The account area's frame: its title, the section tabs and the cards sections use.

The sections live in their own modules: pages/account_profile.py (/account: profile,
language, avatar, time zone, teacher bio) and pages/account_security.py
(/account/security: password, sign-in methods, active sessions)."""

from __future__ import annotations

import reflex as rx

from edu_platform import routes
from edu_platform.components import blocks
from edu_platform.components.a11y import link_button as button_link
from edu_platform.components.i18n import tr
from edu_platform.state.auth import AuthState


def _tab(label_key: str, href: str, active: bool) -> rx.Component:
    return button_link(
        tr(label_key),
        variant="soft",
        color_scheme="indigo" if active else "gray",
        high_contrast=not active,
        size="2",
        href=href,
        aria_current="page" if active else None,
    )


def account_shell(active: str, *children: rx.Component) -> rx.Component:
    """The account area's title and its two sections as tabs."""
    return blocks.column(
        rx.heading(tr("account.title"), size="7"),
        blocks.toolbar(
            _tab("account.tab.profile", routes.ACCOUNT, active == "profile"),
            _tab("account.tab.security", routes.ACCOUNT_SECURITY, active == "security"),
            _tab("materials.nav", routes.MY_MATERIALS, active == "materials"),
            rx.cond(
                AuthState.is_teacher,
                _tab("blog.mine", routes.MY_POSTS, active == "posts"),
            ),
            rx.spacer(),
            rx.link(tr("nav.my_learning"), href=routes.MY, size="2"),
            role="navigation",
            aria_label=tr("account.title"),
        ),
        *children,
        spacing="5",
        max_width="760px",
        margin="0 auto",
    )


def loading_card() -> rx.Component:
    return rx.card(blocks.skeletons(("24px", "40%"), "40px", "40px"), size="3", width="100%")
