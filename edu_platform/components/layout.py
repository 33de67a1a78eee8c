"""Page chrome: header (logo, catalog, search, my learning, sign-in, RU/EN), footer."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx

from edu_platform import routes
from edu_platform.components import blocks
from edu_platform.components.a11y import MAIN_ID, document_lang, link_button, skip_link
from edu_platform.components.bell import bell_links
from edu_platform.components.buttons import submit_button
from edu_platform.components.cart_badge import cart_link
from edu_platform.components.i18n import tr
from edu_platform.components.learner_nav import learner_menu_items, menu_label
from edu_platform.i18n import LANGUAGES
from edu_platform.state.auth import AuthState
from edu_platform.state.cart import CartState
from edu_platform.state.i18n import LangState
from edu_platform.state.search import SearchState

CONTENT_WIDTH = "1200px"


def logo() -> rx.Component:
    return rx.link(
        blocks.row(
            blocks.filled_icon("graduation-cap", "accent", 20, border_radius="8px", padding="6px"),
            rx.text(
                tr("app.name"),
                weight="bold",
                size="5",
                high_contrast=True,
                class_name="site-logo-text",
            ),
        ),
        href=routes.HOME,
        underline="none",
        aria_label="EduPlatform",
    )


def search_box(input_id: str, size: str = "2", visible_label: bool = False) -> rx.Component:
    """The words go to the catalog URL: through the app when it is live, and as a plain
    GET form (action /catalog, field q) before that or without JavaScript."""
    label = rx.el.label(
        rx.text(tr("search.label"), size="2", weight="medium", white_space="nowrap")
        if visible_label
        else rx.icon("search", size=16),
        html_for=input_id,
        style={"display": "flex", "align_items": "center"},
    )
    row = rx.flex(
        *([] if visible_label else [label]),
        rx.input(
            name="q",
            id=input_id,
            placeholder=tr("search.placeholder"),
            aria_label=tr("search.label"),
            size=size,
            width="100%",
            type="search",
            # In the phone hero's column a zero flex-basis would squash the field's height.
            flex=rx.breakpoints(initial="0 0 auto", sm="1 1 0") if visible_label else "1 1 0",
            min_width="0",
        ),
        # In the header an icon button leaves the words room to be read.
        submit_button("search.submit", size=size, variant="soft")
        if visible_label
        else rx.icon_button(
            rx.icon("arrow-right", size=16),
            type="submit",
            size=size,
            variant="soft",
            aria_label=tr("search.submit"),
        ),
        **(
            blocks.FIELD_OVER_BUTTON_ON_PHONE
            if visible_label
            else {"align": "center", "direction": "row"}
        ),
        spacing="2",
        width="100%",
        wrap="nowrap",
    )
    # A visible label (home page hero) stands above the field, which gets the whole row
    # (the button goes below it on a phone): beside them it was ~70 px wide.
    body = blocks.column(label, row, spacing="2") if visible_label else row
    return catalog_search_form(body, SearchState.submit)


def catalog_search_form(body: rx.Component, on_submit) -> rx.Component:
    """A search form the app handles with `on_submit`; without JavaScript the browser
    itself loads /catalog?q=... (the form's GET)."""
    return rx.form(body, method="get", action=routes.CATALOG, on_submit=on_submit, width="100%")


def language_switch() -> rx.Component:
    return rx.hstack(
        *[
            rx.button(
                code.upper(),
                on_click=AuthState.set_language(code),
                variant=rx.cond(LangState.lang == code, "solid", "soft"),
                color_scheme=rx.cond(LangState.lang == code, "indigo", "gray"),
                aria_pressed=rx.cond(LangState.lang == code, "true", "false"),
                size="1",
                title=tr("nav.language"),
            )
            for code in LANGUAGES
        ],
        spacing="1",
        role="group",
        aria_label=tr("nav.language"),
    )


def language_menu_items() -> list[rx.Component]:
    """The language choice as entries of the phone menu, for screens of 419 px and less
    (assets/a11y.css): there the header row has no room for RU/EN beside the bell and the
    cart with their counts, and the menu (they overlapped). Each entry carries the class:
    a menu's items may not be wrapped."""
    narrow = "narrow-phone-only"
    return [
        rx.menu.separator(class_name=narrow),
        rx.box(menu_label("nav.language"), class_name=narrow),
        *[
            rx.menu.item(
                blocks.row(
                    rx.icon(
                        "check",
                        size=14,
                        aria_hidden="true",
                        opacity=rx.cond(LangState.lang == code, "1", "0"),
                    ),
                    tr(f"account.language.{code}"),
                ),
                on_click=AuthState.set_language(code),
                # Radix keeps role="menuitem" (Reflex's menu has no radio items): the
                # chosen language is marked as the current one.
                aria_current=rx.cond(LangState.lang == code, "true", "false"),
                lang=code,
                class_name=narrow,
            )
            for code in LANGUAGES
        ],
    ]


def nav_link(key: str, href: str) -> rx.Component:
    return rx.link(
        tr(key),
        href=href,
        size="2",
        weight="medium",
        color_scheme="gray",
        high_contrast=True,
        underline="hover",
        white_space="nowrap",  # "Моё обучение" on one line beside the wide search box
    )


def account_menu() -> rx.Component:
    """The signed-in user's menu, or the sign-in button."""
    return rx.cond(
        AuthState.signed_in,
        rx.menu.root(
            rx.menu.trigger(
                rx.button(
                    rx.el.span(
                        rx.avatar(
                            fallback=AuthState.initials,
                            src=AuthState.user.avatar_url,
                            size="1",
                            radius="full",
                        ),
                        aria_hidden="true",
                        style={"display": "inline-flex"},
                    ),
                    rx.text(AuthState.user.full_name, size="2", class_name="account-name"),
                    # The name starts with the visible text (WCAG 2.5.3): "Erin Example,
                    # account menu".
                    rx.el.span(", ", tr("a11y.account_menu"), class_name="sr-only"),
                    rx.icon("chevron-down", size=14, aria_hidden="true"),
                    variant="ghost",
                )
            ),
            rx.menu.content(
                menu_label("nav.my_learning"),
                *learner_menu_items(),
                rx.menu.separator(),
                *account_menu_items(("materials.nav", routes.MY_MATERIALS)),
                rx.menu.separator(),
                rx.menu.item(tr("nav.sign_out"), on_click=AuthState.sign_out, color="red"),
            ),
        ),
        link_button(tr("nav.sign_in"), href=routes.LOGIN, size="2"),
    )


def menu_link(label_key: str, href: str) -> rx.Component:
    return rx.menu.item(tr(label_key), on_click=rx.redirect(href))


def account_menu_items(extra: tuple[str, str]) -> list[rx.Component]:
    """The account, one more link (`extra`: label key, URL), and /teach and /admin for
    those who may open them: the same in the desktop account menu and the phone menu."""
    return [
        menu_link("nav.account", routes.ACCOUNT),
        menu_link(*extra),
        rx.cond(AuthState.is_teacher, menu_link("nav.teach", routes.TEACH)),
        rx.cond(AuthState.is_admin, menu_link("nav.admin", routes.ADMIN)),
    ]


def header(with_search: bool = True) -> rx.Component:
    """`with_search=False` on pages with their own search box (home, catalog): one per page."""
    desktop = blocks.row(
        logo(),
        nav_link("nav.catalog", routes.CATALOG),
        nav_link("blog.nav", routes.BLOG),
        # The field takes the room left; the links and the account menu never shrink
        # (at 1366 px a squeezed field showed "What do you w").
        rx.box(
            search_box("header-search"),
            flex="1 1 auto",
            min_width=rx.breakpoints(initial="0", lg="240px"),
            max_width="440px",
        )
        if with_search
        else rx.fragment(),
        rx.spacer(),
        blocks.row(
            nav_link("nav.my_learning", routes.MY),
            bell_links(),
            cart_link(),
            language_switch(),
            account_menu(),
            spacing="4",
            flex_shrink="0",
        ),
        spacing="4",
        width="100%",
    )
    mobile = blocks.column(
        blocks.row(
            logo(),
            rx.spacer(),
            bell_links(compact=True),
            cart_link(),
            rx.box(language_switch(), class_name="phone-row-language"),
            rx.menu.root(
                rx.menu.trigger(
                    rx.icon_button(
                        rx.icon("menu"), variant="ghost", aria_label=tr("nav.menu"), margin="0"
                    )
                ),
                rx.menu.content(
                    menu_link("nav.catalog", routes.CATALOG),
                    menu_link("blog.nav", routes.BLOG),
                    rx.cond(
                        AuthState.signed_in,
                        rx.fragment(
                            rx.menu.separator(),
                            menu_label("nav.my_learning"),
                            *learner_menu_items(),
                            rx.menu.item(
                                blocks.row(
                                    rx.icon("shopping-cart", size=14),
                                    tr("learner_nav.cart"),
                                    rx.cond(CartState.count > 0, rx.badge(CartState.count)),
                                ),
                                on_click=rx.redirect(routes.CART),
                            ),
                            rx.menu.separator(),
                        ),
                        menu_link("nav.my_learning", routes.MY),
                    ),
                    *account_menu_items(("inbox.title", routes.MESSAGES)),
                    rx.menu.separator(),
                    rx.cond(
                        AuthState.signed_in,
                        rx.menu.item(tr("nav.sign_out"), on_click=AuthState.sign_out),
                        menu_link("nav.sign_in", routes.LOGIN),
                    ),
                    *language_menu_items(),
                ),
            ),
            width="100%",
            spacing="3",
        ),
        search_box("header-search-mobile") if with_search else rx.fragment(),
    )
    return rx.el.header(
        rx.el.nav(
            rx.desktop_only(desktop),
            rx.mobile_and_tablet(mobile),
            aria_label=tr("a11y.main_nav"),
            class_name="site-nav",
            style={"max_width": CONTENT_WIDTH, "margin": "0 auto", "padding": "12px 16px"},
        ),
        style={
            "border_bottom": f"1px solid {rx.color('gray', 4)}",
            "background": rx.color("gray", 1),
            "position": "sticky",
            "top": "0",
            "z_index": "10",
        },
    )


def footer() -> rx.Component:
    return rx.el.footer(
        rx.box(
            rx.flex(
                rx.vstack(
                    logo(),
                    blocks.muted(tr("app.tagline"), max_width="360px"),
                    spacing="2",
                ),
                rx.spacer(),
                rx.el.nav(
                    rx.vstack(
                        nav_link("nav.catalog", routes.CATALOG),
                        nav_link("blog.nav", routes.BLOG),
                        nav_link("footer.api", routes.API_DOCS),
                        spacing="2",
                    ),
                    aria_label=tr("a11y.footer_nav"),
                ),
                direction=rx.breakpoints(initial="column", sm="row"),
                spacing="5",
                width="100%",
            ),
            rx.divider(margin_y="16px"),
            blocks.muted(tr("footer.rights"), size="1"),
            max_width=CONTENT_WIDTH,
            margin="0 auto",
            padding="32px 16px",
        ),
        style={
            "border_top": f"1px solid {rx.color('gray', 4)}",
            "background": rx.color("gray", 2),
            "margin_top": "48px",
        },
    )


def page(
    content: Callable[[], rx.Component] | None = None, *, header_search: bool = True
) -> Callable:
    """Decorator: wraps a page body in the header, a centred main column and the footer.
    `@page(header_search=False)` for a page that has its own search box."""
    if content is None:
        return lambda body: page(body, header_search=header_search)

    def wrapped() -> rx.Component:
        return rx.flex(
            skip_link(),
            document_lang(),
            header(with_search=header_search),
            rx.el.main(
                rx.box(
                    content(),
                    max_width=CONTENT_WIDTH,
                    margin="0 auto",
                    padding="24px 16px",
                    width="100%",
                ),
                id=MAIN_ID,
                tab_index=-1,
                style={"flex": "1", "outline": "none"},
            ),
            footer(),
            direction="column",
            min_height="100vh",
        )

    wrapped.__name__ = content.__name__
    # Reflex 0.10 writes a page's memoized components to .web/app_components/<module of
    # the page function>.jsx. Without this every page's memos (charts, markdown, uploads
    # of all pages) landed in one layout.jsx module that every page imported (2 MB).
    wrapped.__module__ = content.__module__
    wrapped.__qualname__ = content.__qualname__
    return wrapped


def framed_page(
    frame: Callable[[rx.Component], rx.Component], content: Callable[[], rx.Component]
) -> Callable[[], rx.Component]:
    """A page function: `content` inside `frame` (the admin, teacher or account frame),
    inside the site's header and footer. It is named after `content` and belongs to its
    module, so that its memos are written beside the content's (see `page`)."""

    def framed() -> rx.Component:
        return frame(content())

    module = content.__module__
    framed.__name__ = f"{module.rsplit('.', 1)[-1]}_{content.__name__}"
    framed.__module__ = module
    return page(framed)
