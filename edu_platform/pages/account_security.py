"""/account/security: password, sign-in methods (linked providers, Telegram), sessions."""

from __future__ import annotations

import reflex as rx

from edu_platform.components import blocks
from edu_platform.components.buttons import SECONDARY, submit_button
from edu_platform.components.forms import form_error
from edu_platform.components.i18n import tr, tr_var
from edu_platform.components.layout import page
from edu_platform.pages.account import account_shell, loading_card
from edu_platform.pages.auth import new_password_fields, password_field
from edu_platform.pages.telegram import telegram_link_card
from edu_platform.services.account_area import ActiveSession
from edu_platform.state.account import SecurityState, SignInMethod
from edu_platform.state.i18n import LangState
from edu_platform.state.oauth import ProviderLink


def password_card() -> rx.Component:
    return blocks.section_card(
        "account.password.title",
        rx.cond(
            SecurityState.password_changed,
            blocks.notice(tr("account.password.changed"), tone="success", icon="circle-check"),
        ),
        rx.cond(~SecurityState.has_password, blocks.muted(tr("account.password.none_yet"))),
        form_error(SecurityState.form_error),
        blocks.post_form(
            SecurityState.change_password,
            rx.cond(
                SecurityState.has_password,
                password_field(
                    "current_password",
                    "account.field.current_password",
                    SecurityState.field_errors,
                    new=False,
                ),
            ),
            new_password_fields(SecurityState.field_errors),
            submit_button("account.password.submit", loading=SecurityState.saving, size="3"),
            blocks.muted(tr("account.password.other_sessions"), size="1"),
            reset_on_submit=True,
        ),
    )


def _provider_name(label_key: rx.Var, label: rx.Var) -> rx.Var:
    return rx.cond(label_key != "", tr_var(label_key, "oauth.provider."), label)


def _row_action(label_key: str, on_click) -> rx.Component:
    return rx.button(tr(label_key), **SECONDARY, size="2", on_click=on_click)


def sign_in_method_row(method: SignInMethod) -> rx.Component:
    return blocks.responsive_row(
        blocks.row(
            rx.icon("link", size=18, color=rx.color("accent", 10), flex_shrink="0"),
            rx.vstack(
                rx.text(_provider_name(method.label_key, method.label), weight="medium", size="2"),
                blocks.muted(
                    method.email, " · ", method.linked_on[LangState.lang].to(str), size="1"
                ),
                spacing="0",
            ),
            spacing="3",
        ),
        rx.spacer(),
        _row_action("account.linked.unlink", SecurityState.unlink(method.provider)),
        data_testid="linked-account",
    )


def link_button(option: ProviderLink) -> rx.Component:
    # The start route is an API redirect: the browser loads it itself.
    return blocks.browser_link_button(
        rx.icon("plus", size=16),
        tr("account.linked.link"),
        " ",
        _provider_name(option.label_key, option.label),
        href=option.href,
        variant="outline",
        size="2",
    )


def linked_accounts_card() -> rx.Component:
    return blocks.section_card(
        "account.linked.title",
        form_error(SecurityState.methods_error),
        rx.cond(
            SecurityState.sign_in_methods.length() > 0,
            blocks.column(
                rx.foreach(SecurityState.sign_in_methods, sign_in_method_row),
            ),
            blocks.notice(tr("account.linked.empty")),
        ),
        rx.cond(
            SecurityState.link_options.length() > 0,
            rx.flex(rx.foreach(SecurityState.link_options, link_button), spacing="2", wrap="wrap"),
        ),
    )


def _session_detail(label_key: str, value: rx.Var) -> rx.Component:
    return blocks.labelled(label_key, value, size="1", white_space="nowrap")


def session_row(item: ActiveSession) -> rx.Component:
    return rx.card(
        blocks.responsive_row(
            rx.hstack(
                rx.icon(
                    "monitor-smartphone", size=20, color=rx.color("accent", 10), flex_shrink="0"
                ),
                rx.vstack(
                    blocks.row(
                        rx.text(item.device, weight="medium", size="2"),
                        rx.cond(
                            item.is_current,
                            rx.badge(tr("account.sessions.this_device"), color_scheme="green"),
                        ),
                        wrap="wrap",
                    ),
                    rx.flex(
                        _session_detail(
                            "account.sessions.last_seen", item.last_seen[LangState.lang].to(str)
                        ),
                        _session_detail(
                            "account.sessions.created", item.created[LangState.lang].to(str)
                        ),
                        rx.cond(item.ip != "", _session_detail("account.sessions.ip", item.ip)),
                        spacing="3",
                        wrap="wrap",
                    ),
                    spacing="1",
                ),
                spacing="3",
                align="start",
            ),
            rx.spacer(),
            _row_action("account.sessions.sign_out", SecurityState.sign_out_session(item.id)),
        ),
        size="1",
        width="100%",
        data_testid="session-row",
    )


def sessions_card() -> rx.Component:
    return blocks.section_card(
        "account.sessions.title",
        blocks.muted(tr("account.sessions.subtitle")),
        blocks.column(rx.foreach(SecurityState.active_sessions, session_row), spacing="2"),
        blocks.icon_button(
            "log-out",
            "account.sessions.sign_out_everywhere",
            color_scheme="red",
            variant="soft",
            on_click=SecurityState.sign_out_everywhere,
        ),
    )


@page
def security_page() -> rx.Component:
    return account_shell(
        "security",
        rx.cond(
            SecurityState.loaded,
            blocks.column(
                password_card(),
                linked_accounts_card(),
                telegram_link_card(),
                sessions_card(),
                spacing="5",
            ),
            loading_card(),
        ),
    )
