"""The learner's sections: the tab bar on /my and its sibling pages, and the same entries
in the header's user menu (desktop and phone)."""

from __future__ import annotations

import reflex as rx

from edu_platform import routes
from edu_platform.components import blocks
from edu_platform.components.i18n import tr

# (name, message key, route, icon): the order of the tabs and of the menu entries.
LEARNER_SECTIONS: tuple[tuple[str, str, str, str], ...] = (
    ("in_progress", "learner_nav.in_progress", routes.MY, "book-open"),
    ("completed", "learner_nav.completed", routes.MY_COMPLETED, "circle-check"),
    ("certificates", "learner_nav.certificates", routes.MY_CERTIFICATES, "award"),
    ("orders", "learner_nav.orders", routes.MY_ORDERS, "receipt"),
    ("archive", "learner_nav.archive", routes.MY_ARCHIVE, "archive"),
)


def _tab(name: str, key: str, href: str, icon: str, active: str) -> rx.Component:
    current = name == active
    return rx.link(
        blocks.row(rx.icon(icon, size=16), tr(key)),
        href=href,
        underline="none",
        size="2",
        weight="medium" if not current else "bold",
        color_scheme="gray",
        high_contrast=current,
        aria_current="page" if current else None,
        white_space="nowrap",
        padding="10px 4px",
        border_bottom=f"2px solid {rx.color('accent', 9) if current else 'transparent'}",
        data_testid=f"learner-tab-{name}",
    )


def learner_tabs(active: str) -> rx.Component:
    """The tab bar (links: every tab is a page with its own address); scrolls sideways on
    a phone instead of wrapping or overflowing the page."""
    return rx.el.nav(
        rx.hstack(
            *[_tab(*section, active) for section in LEARNER_SECTIONS],
            spacing="5",
            min_width="max-content",
        ),
        aria_label=tr("learner_nav.label"),
        style={
            "width": "100%",
            "overflow_x": "auto",
            "border_bottom": f"1px solid {rx.color('gray', 5)}",
            "scrollbar_width": "none",
        },
        data_testid="learner-tabs",
    )


def menu_label(key: str) -> rx.Component:
    """A group label inside a header menu (Reflex's menu has no label part)."""
    return blocks.muted(tr(key), size="1", weight="medium", padding="4px 12px 2px")


def learner_menu_items() -> list[rx.Component]:
    """The same sections as entries of a header menu."""
    return [
        rx.menu.item(
            blocks.row(rx.icon(icon, size=14), tr(key)),
            on_click=rx.redirect(href),
        )
        for _name, key, href, icon in LEARNER_SECTIONS
    ]


def learner_header(active: str) -> rx.Component:
    """The heading every learner tab shares ("My learning") and the tab bar under it."""
    return blocks.column(
        rx.heading(tr("nav.my_learning"), size=rx.breakpoints(initial="7", md="8"), as_="h1"),
        learner_tabs(active),
    )


def learner_page(active: str, *children: rx.Component, spacing: str = "5") -> rx.Component:
    """A learner tab's page: the shared heading and tab bar, then the tab's content."""
    return blocks.column(learner_header(active), *children, spacing=spacing)
