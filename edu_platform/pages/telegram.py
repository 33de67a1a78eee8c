"""The Telegram WebApp page (/tg): a one-column mobile layout in Telegram's theme colours
(CSS variables set by state/telegram.py, defaults outside Telegram), and the account
page's "Link Telegram" card."""

from __future__ import annotations

import reflex as rx

from edu_platform import routes
from edu_platform.components import blocks
from edu_platform.components.a11y import document_lang
from edu_platform.components.i18n import tr, tr_var
from edu_platform.state.auth import AuthState
from edu_platform.state.telegram import TelegramLinkState, TgState

BG = "var(--tg-theme-bg-color, var(--gray-1))"
TEXT = "var(--tg-theme-text-color, var(--gray-12))"
HINT = "var(--tg-theme-hint-color, var(--gray-10))"
BUTTON = "var(--tg-theme-button-color, var(--accent-9))"
BUTTON_TEXT = "var(--tg-theme-button-text-color, white)"
SECONDARY_BG = "var(--tg-theme-secondary-bg-color, var(--gray-3))"


# The signed-in menu's tiles, two a row: icon, label, where it leads.
MENU = (
    ("graduation-cap", "tg.my_learning", routes.MY),
    ("layout-grid", "tg.catalog", routes.CATALOG),
    ("notebook-pen", "tg.materials", routes.catalog_url(kind="material")),
    ("newspaper", "tg.blog", routes.BLOG),
    ("user", "tg.account", routes.ACCOUNT),
)


def tile(icon: str, label_key: str, href: str) -> rx.Component:
    return rx.link(
        blocks.column(
            rx.icon(icon, size=24),
            rx.text(tr(label_key), size="2", weight="medium"),
            align="center",
            spacing="2",
            padding="16px 8px",
            border_radius="12px",
            background=SECONDARY_BG,
            color=TEXT,
        ),
        href=href,
        underline="none",
        width="100%",
    )


def primary_button(label_key: str, **props) -> rx.Component:
    return rx.button(
        tr(label_key),
        size="3",
        width="100%",
        style={"background": BUTTON, "color": BUTTON_TEXT},
        **props,
    )


def signed_in_menu() -> rx.Component:
    return blocks.column(
        rx.heading(
            tr("tg.hello"),
            " ",
            AuthState.user.full_name,
            size="5",
            as_="h2",
            data_testid="tg-hello",
        ),
        rx.grid(*[tile(*place) for place in MENU], columns="2", spacing="3", width="100%"),
        spacing="4",
    )


def body() -> rx.Component:
    return rx.match(
        TgState.status,
        (
            "error",
            rx.vstack(
                blocks.notice(
                    tr_var(TgState.error_key, "telegram.error.", "accounts.blocked"),
                    tone="error",
                    icon="triangle-alert",
                ),
                primary_button("tg.retry", on_click=TgState.retry),
                width="100%",
            ),
        ),
        (
            "outside",
            rx.cond(
                AuthState.signed_in,
                signed_in_menu(),
                blocks.column(
                    rx.text(tr("tg.outside"), color=HINT, data_testid="tg-outside"),
                    rx.link(
                        primary_button("tg.sign_in"),
                        href=routes.LOGIN + "?next=/tg",
                        width="100%",
                    ),
                ),
            ),
        ),
        (
            "ready",
            rx.cond(
                AuthState.signed_in,
                signed_in_menu(),
                rx.link(
                    primary_button("tg.sign_in"), href=routes.LOGIN + "?next=/tg", width="100%"
                ),
            ),
        ),
        blocks.row(
            rx.spinner(size="3"),
            rx.text(tr("tg.signing_in"), color=HINT),
            spacing="3",
            data_testid="tg-checking",
        ),
    )


def telegram_page() -> rx.Component:
    return rx.box(
        # <html lang>, and the reveal of a page held blank until its language arrived
        # (components/lang_boot.py): this page has no site layout to carry it.
        document_lang(),
        rx.el.main(
            blocks.column(
                blocks.row(
                    # Telegram shows its own back button; a browser gets this one.
                    rx.cond(
                        ~TgState.in_telegram,
                        rx.icon_button(
                            rx.icon("arrow-left", size=18),
                            variant="ghost",
                            aria_label=tr("tg.back"),
                            on_click=rx.call_script("window.history.back()"),
                            style={"color": TEXT},
                        ),
                    ),
                    rx.heading(tr("tg.title"), size="4", as_="h1"),
                    width="100%",
                ),
                body(),
                spacing="5",
                max_width="480px",
                margin="0 auto",
                padding="16px",
            ),
        ),
        min_height="100vh",
        width="100%",
        style={"background": BG, "color": TEXT},
        data_testid="tg-page",
    )


def telegram_link_card() -> rx.Component:
    """The account page's Telegram card: linked id and unlink, or a link to open."""
    return blocks.section_card(
        "telegram.account.title",
        rx.cond(
            TelegramLinkState.linked_id != "",
            rx.hstack(
                rx.text(tr("telegram.account.linked"), " ", TelegramLinkState.linked_id),
                rx.spacer(),
                rx.button(
                    tr("telegram.account.unlink"),
                    variant="soft",
                    color_scheme="red",
                    on_click=TelegramLinkState.unlink,
                ),
                width="100%",
                align="center",
            ),
            rx.cond(
                TelegramLinkState.enabled,
                blocks.column(
                    blocks.muted(tr("telegram.account.intro")),
                    rx.cond(
                        TelegramLinkState.link_url != "",
                        blocks.column(
                            rx.link(
                                rx.button(tr("telegram.account.open")),
                                href=TelegramLinkState.link_url,
                                is_external=True,
                            ),
                            rx.code(
                                TelegramLinkState.link_url,
                                size="1",
                                style={"word_break": "break-all"},
                            ),
                            blocks.muted(tr("telegram.account.link_hint"), size="1"),
                            spacing="2",
                        ),
                        rx.button(
                            tr("telegram.account.link"),
                            on_click=TelegramLinkState.make_link,
                            data_testid="telegram-link",
                        ),
                    ),
                ),
                blocks.muted(tr("telegram.account.off")),
            ),
        ),
        rx.cond(TelegramLinkState.message != "", rx.text(TelegramLinkState.message, size="2")),
        spacing="3",
        data_testid="telegram-card",
        on_mount=TelegramLinkState.load,
    )
