"""/account (profile, language, avatar) and /account/security (password, sign-in
methods, active sessions)."""

from __future__ import annotations

import reflex as rx

from edu_platform import routes
from edu_platform.components.a11y import accessible_upload
from edu_platform.components.a11y import link_button as button_link
from edu_platform.components.forms import form_error, labelled_field
from edu_platform.components.i18n import tr, tr_var
from edu_platform.components.layout import page
from edu_platform.components.notification_prefs import notification_prefs_card
from edu_platform.i18n import LANGUAGES
from edu_platform.pages.telegram import telegram_link_card
from edu_platform.services.account_area import ActiveSession
from edu_platform.state.account import (
    AVATAR_UPLOAD_ID,
    AccountState,
    SecurityState,
    SignInMethod,
)
from edu_platform.state.auth import AuthState
from edu_platform.state.oauth import ProviderLink

AVATAR_TYPES = {
    "image/png": [".png"],
    "image/jpeg": [".jpg", ".jpeg"],
    "image/webp": [".webp"],
}


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
    return rx.vstack(
        rx.heading(tr("account.title"), size="7"),
        rx.hstack(
            _tab("account.tab.profile", routes.ACCOUNT, active == "profile"),
            _tab("account.tab.security", routes.ACCOUNT_SECURITY, active == "security"),
            _tab("materials.nav", routes.MY_MATERIALS, active == "materials"),
            rx.cond(
                AuthState.is_teacher,
                _tab("blog.mine", routes.MY_POSTS, active == "posts"),
            ),
            rx.spacer(),
            rx.link(tr("nav.my_learning"), href=routes.MY, size="2"),
            spacing="3",
            align="center",
            width="100%",
            wrap="wrap",
            role="navigation",
            aria_label=tr("account.title"),
        ),
        *children,
        spacing="5",
        width="100%",
        max_width="760px",
        margin="0 auto",
    )


def section_card(title_key: str, *children: rx.Component, **props) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(tr(title_key), size="4", as_="h2"), *children, spacing="4", width="100%"
        ),
        size="3",
        width="100%",
        **props,
    )


def _loading_card() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.skeleton(height="24px", width="40%"),
            rx.skeleton(height="40px", width="100%"),
            rx.skeleton(height="40px", width="100%"),
            spacing="3",
        ),
        size="3",
        width="100%",
    )


# --- profile ------------------------------------------------------------------------------


def avatar_block() -> rx.Component:
    return rx.flex(
        rx.avatar(
            src=AccountState.avatar_url,
            fallback=AuthState.initials,
            size="7",
            radius="full",
            alt=tr("account.avatar.alt"),
        ),
        rx.vstack(
            rx.text(tr("account.avatar.title"), weight="medium", size="2"),
            rx.hstack(
                accessible_upload(
                    rx.button(
                        rx.icon("upload", size=16),
                        tr("account.avatar.upload"),
                        type="button",
                        variant="surface",
                        loading=AccountState.uploading,
                    ),
                    label=tr("account.avatar.upload"),
                    id=AVATAR_UPLOAD_ID,
                    accept=AVATAR_TYPES,
                    max_files=1,
                    multiple=False,
                    max_size=AccountState.max_avatar_bytes,
                    on_drop=AccountState.upload_avatar(rx.upload_files(upload_id=AVATAR_UPLOAD_ID)),
                    on_drop_rejected=AccountState.avatar_rejected,
                    border="none",
                    padding="0",
                ),
                rx.cond(
                    AccountState.avatar_url != "",
                    rx.button(
                        tr("account.avatar.remove"),
                        type="button",
                        variant="ghost",
                        color_scheme="red",
                        on_click=AccountState.remove_avatar,
                    ),
                ),
                spacing="3",
                align="center",
                wrap="wrap",
            ),
            rx.cond(
                AccountState.avatar_error != "",
                rx.text(AccountState.avatar_error, size="2", color_scheme="red", role="alert"),
                rx.text(
                    tr("account.avatar.hint"),
                    " ",
                    AccountState.max_avatar_mb,
                    " ",
                    tr("account.avatar.megabytes"),
                    size="1",
                    color_scheme="gray",
                ),
            ),
            spacing="2",
        ),
        direction=rx.breakpoints(initial="column", sm="row"),
        align=rx.breakpoints(initial="start", sm="center"),
        spacing="5",
    )


def language_select() -> rx.Component:
    return rx.vstack(
        rx.el.label(
            rx.text(tr("account.field.language"), size="2", weight="medium"),
            html_for="field-locale",
            id="label-locale",
        ),
        rx.select.root(
            rx.select.trigger(id="field-locale", aria_labelledby="label-locale", width="100%"),
            rx.select.content(
                *[rx.select.item(tr(f"account.language.{code}"), value=code) for code in LANGUAGES]
            ),
            name="locale",
            value=AccountState.locale,
            on_change=AccountState.set_locale_choice,
            size="3",
        ),
        rx.text(tr("account.field.language_hint"), size="1", color_scheme="gray"),
        spacing="1",
        width="100%",
    )


def profile_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            form_error(AccountState.form_error),
            labelled_field(
                "full_name",
                "accounts.field.full_name",
                AccountState.field_errors,
                autocomplete="name",
                default_value=AccountState.full_name,
            ),
            rx.vstack(
                rx.text(tr("accounts.field.email"), size="2", weight="medium"),
                rx.hstack(
                    rx.text(AccountState.email, size="3", color_scheme="gray"),
                    rx.cond(
                        AccountState.email_verified,
                        rx.badge(tr("verify_email.verified"), color_scheme="green"),
                    ),
                    spacing="2",
                    align="center",
                    wrap="wrap",
                ),
                spacing="1",
                width="100%",
            ),
            language_select(),
            rx.flex(
                rx.button(
                    tr("account.profile.save"),
                    type="submit",
                    size="3",
                    loading=AccountState.saving,
                ),
                rx.cond(
                    AccountState.saved,
                    rx.text(
                        rx.icon("check", size=14),
                        tr("account.profile.saved"),
                        size="2",
                        color_scheme="green",
                        role="status",
                        display="flex",
                        align_items="center",
                        gap="4px",
                    ),
                ),
                align="center",
                spacing="3",
                wrap="wrap",
            ),
            spacing="4",
            width="100%",
        ),
        method="post",
        on_submit=AccountState.save_profile,
        width="100%",
    )


def verification_callout() -> rx.Component:
    """Shown while the email is unverified: say so and offer a new link."""
    return rx.cond(
        AccountState.loaded & ~AccountState.email_verified,
        rx.callout.root(
            rx.callout.icon(rx.icon("mail-warning")),
            rx.vstack(
                rx.callout.text(tr("verify_email.unverified")),
                rx.cond(
                    AccountState.verification_sent,
                    rx.text(tr("verify_email.sent"), size="2", color_scheme="green", role="status"),
                ),
                rx.cond(
                    AccountState.verification_error != "",
                    rx.text(
                        AccountState.verification_error, size="2", color_scheme="red", role="alert"
                    ),
                ),
                rx.button(
                    tr("verify_email.resend"),
                    type="button",
                    variant="soft",
                    size="2",
                    on_click=AccountState.resend_verification,
                ),
                spacing="2",
                align="start",
            ),
            color_scheme="amber",
            width="100%",
            data_testid="verify-email-callout",
        ),
    )


@page
def account_page() -> rx.Component:
    return account_shell(
        "profile",
        verification_callout(),
        rx.cond(
            AccountState.loaded,
            section_card(
                "account.profile.title",
                avatar_block(),
                rx.divider(),
                profile_form(),
            ),
            _loading_card(),
        ),
        notification_prefs_card(),
    )


# --- security -----------------------------------------------------------------------------


def password_card() -> rx.Component:
    return section_card(
        "account.password.title",
        rx.cond(
            SecurityState.password_changed,
            rx.callout(
                tr("account.password.changed"),
                icon="circle-check",
                color_scheme="green",
                role="status",
                width="100%",
            ),
        ),
        rx.cond(
            ~SecurityState.has_password,
            rx.text(tr("account.password.none_yet"), size="2", color_scheme="gray"),
        ),
        form_error(SecurityState.form_error),
        rx.form(
            rx.vstack(
                rx.cond(
                    SecurityState.has_password,
                    labelled_field(
                        "current_password",
                        "account.field.current_password",
                        SecurityState.field_errors,
                        type_="password",
                        autocomplete="current-password",
                    ),
                ),
                labelled_field(
                    "password",
                    "account.field.new_password",
                    SecurityState.field_errors,
                    type_="password",
                    autocomplete="new-password",
                    hint_key="accounts.field.password_hint",
                ),
                labelled_field(
                    "password_confirm",
                    "account.field.password_confirm",
                    SecurityState.field_errors,
                    type_="password",
                    autocomplete="new-password",
                ),
                rx.button(
                    tr("account.password.submit"),
                    type="submit",
                    size="3",
                    loading=SecurityState.saving,
                ),
                rx.text(tr("account.password.other_sessions"), size="1", color_scheme="gray"),
                spacing="3",
                width="100%",
                align="start",
            ),
            method="post",
            on_submit=SecurityState.change_password,
            reset_on_submit=True,
            width="100%",
        ),
    )


def _provider_name(label_key: rx.Var, label: rx.Var) -> rx.Var:
    return rx.cond(label_key != "", tr_var(label_key, "oauth.provider."), label)


def sign_in_method_row(method: SignInMethod) -> rx.Component:
    return rx.flex(
        rx.hstack(
            rx.icon("link", size=18, color=rx.color("accent", 10), flex_shrink="0"),
            rx.vstack(
                rx.text(_provider_name(method.label_key, method.label), weight="medium", size="2"),
                rx.text(method.email, " · ", method.linked_on, size="1", color_scheme="gray"),
                spacing="0",
            ),
            spacing="3",
            align="center",
        ),
        rx.spacer(),
        rx.button(
            tr("account.linked.unlink"),
            variant="soft",
            color_scheme="gray",
            size="2",
            on_click=SecurityState.unlink(method.provider),
        ),
        direction=rx.breakpoints(initial="column", sm="row"),
        align=rx.breakpoints(initial="start", sm="center"),
        spacing="3",
        width="100%",
        data_testid="linked-account",
    )


def link_button(option: ProviderLink) -> rx.Component:
    # A plain <a>: the start route is an API redirect, so it needs a full page load.
    return rx.button(
        rx.el.a(
            rx.icon("plus", size=16),
            tr("account.linked.link"),
            " ",
            _provider_name(option.label_key, option.label),
            href=option.href,
        ),
        as_child=True,
        variant="outline",
        size="2",
    )


def linked_accounts_card() -> rx.Component:
    return section_card(
        "account.linked.title",
        form_error(SecurityState.methods_error),
        rx.cond(
            SecurityState.sign_in_methods.length() > 0,
            rx.vstack(
                rx.foreach(SecurityState.sign_in_methods, sign_in_method_row),
                spacing="3",
                width="100%",
            ),
            rx.callout(tr("account.linked.empty"), icon="info", width="100%"),
        ),
        rx.cond(
            SecurityState.link_options.length() > 0,
            rx.flex(rx.foreach(SecurityState.link_options, link_button), spacing="2", wrap="wrap"),
        ),
    )


def _session_detail(label_key: str, value: rx.Var) -> rx.Component:
    return rx.text(tr(label_key), ": ", value, size="1", color_scheme="gray", white_space="nowrap")


def session_row(item: ActiveSession) -> rx.Component:
    return rx.card(
        rx.flex(
            rx.hstack(
                rx.icon(
                    "monitor-smartphone", size=20, color=rx.color("accent", 10), flex_shrink="0"
                ),
                rx.vstack(
                    rx.hstack(
                        rx.text(item.device, weight="medium", size="2"),
                        rx.cond(
                            item.is_current,
                            rx.badge(tr("account.sessions.this_device"), color_scheme="green"),
                        ),
                        spacing="2",
                        align="center",
                        wrap="wrap",
                    ),
                    rx.flex(
                        _session_detail("account.sessions.last_seen", item.last_seen),
                        _session_detail("account.sessions.created", item.created),
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
            rx.button(
                tr("account.sessions.sign_out"),
                variant="soft",
                color_scheme="gray",
                size="2",
                on_click=SecurityState.sign_out_session(item.id),
            ),
            direction=rx.breakpoints(initial="column", sm="row"),
            align=rx.breakpoints(initial="start", sm="center"),
            spacing="3",
            width="100%",
        ),
        size="1",
        width="100%",
        data_testid="session-row",
    )


def sessions_card() -> rx.Component:
    return section_card(
        "account.sessions.title",
        rx.text(tr("account.sessions.subtitle"), size="2", color_scheme="gray"),
        rx.vstack(
            rx.foreach(SecurityState.active_sessions, session_row), spacing="2", width="100%"
        ),
        rx.button(
            rx.icon("log-out", size=16),
            tr("account.sessions.sign_out_everywhere"),
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
            rx.vstack(
                password_card(),
                linked_accounts_card(),
                telegram_link_card(),
                sessions_card(),
                spacing="5",
                width="100%",
            ),
            _loading_card(),
        ),
    )
