"""The admin panel's frame: section navigation on the left (a row of tabs on phones), the
page's content beside it, and the access-denied / sign-in panels shown instead of it."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx

from edu_platform import routes
from edu_platform.components import blocks
from edu_platform.components.a11y import link_button
from edu_platform.components.i18n import tr
from edu_platform.components.layout import framed_page

# (route, message key, icon). Later admin sections (courses, orders, ...) append theirs.
ADMIN_SECTIONS: list[tuple[str, str, str]] = [
    (routes.ADMIN, "admin.nav.overview", "layout-dashboard"),
    (routes.ADMIN_USERS, "admin.nav.users", "users"),
    (routes.ADMIN_COURSES, "admin_data.nav.courses", "book-open"),
    (routes.ADMIN_ORDERS, "admin_data.nav.orders", "receipt"),
    (routes.ADMIN_ENROLLMENTS, "admin_data.nav.enrollments", "graduation-cap"),
    (routes.ADMIN_REVIEWS, "admin_data.nav.reviews", "message-square"),
    (routes.ADMIN_COUPONS, "coupons.nav", "ticket-percent"),
    (routes.ADMIN_AUDIT, "admin_ops.nav.audit", "history"),
    (routes.ADMIN_REPORTS, "admin_ops.nav.reports", "chart-column"),
    (routes.ADMIN_CERTIFICATES, "certificates.admin.nav", "award"),
    (routes.ADMIN_IMPORTS, "imports.nav", "upload"),
    (routes.ADMIN_WEBHOOKS, "webhooks.nav", "webhook"),
]


def _nav_item(route: str, key: str, icon: str, active: bool) -> rx.Component:
    current = {"aria_current": "page"} if active else {}
    return rx.link(
        blocks.row(rx.icon(icon, size=16), rx.text(tr(key), size="2")),
        href=route,
        underline="none",
        color_scheme="indigo" if active else "gray",
        high_contrast=not active,
        weight="medium" if active else "regular",
        **current,
        padding="8px 12px",
        border_radius="8px",
        white_space="nowrap",
        background=rx.color("accent", 3) if active else "transparent",
    )


def admin_nav(active_route: str) -> rx.Component:
    return rx.el.nav(
        rx.flex(
            blocks.muted(
                tr("admin.title"),
                size="1",
                weight="bold",
                display=rx.breakpoints(initial="none", md="block"),
                padding="0 12px 8px",
                text_transform="uppercase",
            ),
            *[
                _nav_item(route, key, icon, route == active_route)
                for route, key, icon in ADMIN_SECTIONS
            ],
            direction=rx.breakpoints(initial="row", md="column"),
            spacing="1",
            overflow_x="auto",
        ),
        aria_label=tr("admin.nav.label"),
        style={
            "width": rx.breakpoints(initial="100%", md="200px"),
            "flex_shrink": "0",
            "border_bottom": rx.breakpoints(initial=f"1px solid {rx.color('gray', 4)}", md="none"),
            "padding_bottom": rx.breakpoints(initial="8px", md="0"),
        },
    )


def access_denied(next_route: str, sign_in: bool) -> rx.Component:
    """The panel a visitor without the admin role sees (no data was loaded for them)."""
    return blocks.centred_card(
        blocks.icon_message(
            "shield-alert",
            "red",
            rx.heading(tr("accounts.forbidden.title"), size="6"),
            rx.text(
                tr("accounts.signin_required") if sign_in else tr("accounts.forbidden.text"),
                color_scheme="gray",
                align="center",
            ),
            link_button(tr("admin.sign_in"), href=f"{routes.LOGIN}?next={next_route}")
            if sign_in
            else link_button(tr("common.back_home"), variant="soft", href=routes.HOME),
            icon_size=40,
        ),
        role="alert",
        data_testid="access-denied",
    )


def _checking() -> rx.Component:
    return blocks.column(
        rx.skeleton(height="32px", width="240px"),
        rx.skeleton(height="120px", width="100%"),
        aria_label=tr("admin.loading"),
        aria_busy="true",
        spacing="4",
    )


def access_gate(
    access: rx.Var, next_route: str, content: rx.Component, checking: rx.Component
) -> rx.Component:
    """`content` when `access` is "ok", the access-denied or sign-in panel, or `checking`
    while the page's on_load has not answered yet."""
    return rx.match(
        access,
        ("ok", content),
        ("denied", access_denied(next_route, sign_in=False)),
        ("signin", access_denied(next_route, sign_in=True)),
        checking,
    )


def admin_layout(active_route: str, access: rx.Var, content: rx.Component) -> rx.Component:
    """The admin frame for one section; `access` is the page state's checking/ok/denied/signin."""
    frame = rx.flex(
        admin_nav(active_route),
        rx.box(content, flex="1", min_width="0", width="100%"),
        direction=rx.breakpoints(initial="column", md="row"),
        spacing="5",
        width="100%",
    )
    return access_gate(access, active_route, frame, _checking())


def admin_page(
    route: str, access: rx.Var, content: Callable[[], rx.Component]
) -> Callable[[], rx.Component]:
    """The page function of the admin section `route`: `content` in the admin frame (see
    admin_layout), inside the site's header and footer."""
    return framed_page(lambda body: admin_layout(route, access, body), content)
