"""Sign-in and registration pages."""

from __future__ import annotations

import reflex as rx

from edu_platform import routes
from edu_platform.components import blocks
from edu_platform.components.buttons import MAIN_ACTION, submit_button
from edu_platform.components.forms import form_error, labelled_field
from edu_platform.components.i18n import tr, tr_var
from edu_platform.components.layout import page
from edu_platform.state.auth import AuthState
from edu_platform.state.oauth import OAuthState, ProviderLink, login_error_key

# The class of every hidden message; their ids are routes.NO_SCRIPT_ERROR_ID_PREFIX + code.
NO_SCRIPT_ERROR_CLASS = "nojs-error"


def auth_card(title_key: str, subtitle_key: str | None, *children: rx.Component) -> rx.Component:
    """The narrow centred card of the sign-in, registration, reset and verify pages."""
    subtitle = [rx.text(tr(subtitle_key), color_scheme="gray")] if subtitle_key else []
    return rx.center(
        blocks.stacked_card(
            rx.heading(tr(title_key), size="7"),
            *subtitle,
            *children,
            spacing="4",
            size="4",
            max_width="440px",
        ),
        padding_y="24px",
    )


def live_submit_button(label_key: str) -> rx.Component:
    """Disabled until the page is live, so Enter cannot submit the static HTML form before
    the app handles it; without JavaScript the <noscript> button posts the form to the
    server route instead (the form's `action`, api/form_auth.py)."""
    return rx.fragment(
        # First in tree order: without JavaScript it is the form's default button, so
        # Enter posts the form. With JavaScript a <noscript> holds no elements, and the
        # disabled button below is the default one: Enter does nothing until live.
        rx.el.noscript(
            rx.el.style(".auth-live-submit{display:none !important}"),
            submit_button(label_key, **MAIN_ACTION),
        ),
        submit_button(
            label_key,
            **MAIN_ACTION,
            loading=AuthState.submitting,
            disabled=~rx.State.is_hydrated,
            class_name="auth-live-submit",
        ),
    )


def email_field(errors: rx.Var) -> rx.Component:
    return labelled_field(
        "email", "accounts.field.email", errors, type_="email", autocomplete="email"
    )


def password_field(name: str, label_key: str, errors: rx.Var, new: bool = True) -> rx.Component:
    """A password field; a new password (not the current one) shows the rules under it
    when it is the first of its form (`name` "password")."""
    return labelled_field(
        name,
        label_key,
        errors,
        type_="password",
        autocomplete="new-password" if new else "current-password",
        hint_key="accounts.field.password_hint" if new and name == "password" else None,
    )


def new_password_fields(errors: rx.Var) -> rx.Fragment:
    """A new password and its confirmation (the reset page, the account's security)."""
    return rx.fragment(
        password_field("password", "account.field.new_password", errors),
        password_field("password_confirm", "account.field.password_confirm", errors),
    )


# --- sign-in with OAuth providers ---


def oauth_error() -> rx.Component:
    """Why a provider sign-in came back to the login page (?error=oauth_...)."""
    return form_error(
        tr_var(OAuthState.error_key, "oauth.error.", "accounts."),
        when=OAuthState.error_key != "",
    )


def _provider_button(provider: ProviderLink) -> rx.Component:
    return blocks.browser_link_button(
        rx.icon("log-in", size=16),
        rx.cond(
            provider.label_key != "",
            tr_var(provider.label_key, "oauth.provider."),
            provider.label,
        ),
        href=provider.href,
        data_provider=provider.name,
        variant="outline",
        **MAIN_ACTION,
    )


def oauth_buttons() -> rx.Component:
    """A divider with "or continue with" and one link per enabled provider (or nothing)."""
    return rx.cond(
        OAuthState.providers.length() > 0,
        blocks.column(
            blocks.row(
                rx.separator(size="4", flex="1"),
                blocks.muted(tr("oauth.or_continue_with")),
                rx.separator(size="4", flex="1"),
                width="100%",
                spacing="3",
            ),
            blocks.column(
                rx.foreach(OAuthState.providers, _provider_button),
                role="group",
                aria_label=tr("oauth.providers_group"),
                spacing="2",
            ),
        ),
        rx.fragment(),
    )


# What the no-JavaScript form routes (api/form_auth.py) can send back as ?error=: the
# tail of an accounts.* message key, "locked" (too many attempts from the address) or
# "too_many" (another rate limit: registrations from one address).
FORM_ERROR_CODES = (
    "wrong_credentials",
    "blocked",
    "locked",
    "too_many",
    "email_required",
    "email_invalid",
    "email_taken",
    "name_required",
    "name_long",
    "password_required",
    "password_short",
    "password_long",
    "password_common",
)


def no_script_errors() -> rx.Component:
    """Why the no-JavaScript form came back, for a browser without JavaScript: the served
    HTML cannot read ?error=, so it holds every message, hidden, and the form route's
    redirect names the one to show in its fragment (#nojs-error-<code>, CSS :target).
    With JavaScript a <noscript> holds nothing and the live page says it (OAuthState)."""
    return rx.el.noscript(
        rx.el.style(
            f".{NO_SCRIPT_ERROR_CLASS}{{display:none !important}}"
            f".{NO_SCRIPT_ERROR_CLASS}:target{{display:grid !important}}"
        ),
        *[
            rx.callout(
                tr(login_error_key(code)),
                icon="triangle-alert",
                color_scheme="red",
                role="alert",
                width="100%",
                id=routes.NO_SCRIPT_ERROR_ID_PREFIX + code,
                class_name=NO_SCRIPT_ERROR_CLASS,
            )
            for code in FORM_ERROR_CODES
        ],
    )


def _door(
    key_prefix: str, on_submit, action: str, fields: list[rx.Component], footer: rx.Component
) -> rx.Component:
    """The sign-in or sign-up card (`key_prefix` names its title, subtitle and button): the
    errors, the form posted to `on_submit` (without JavaScript to `action`), the providers'
    buttons, then `footer`."""
    return auth_card(
        f"{key_prefix}.title",
        f"{key_prefix}.subtitle",
        form_error(AuthState.form_error),
        # The no-JavaScript form (api/form_auth.py) comes back with ?error=<code>.
        oauth_error(),
        no_script_errors(),
        blocks.post_form(
            on_submit, *fields, live_submit_button(f"{key_prefix}.submit"), action=action
        ),
        oauth_buttons(),
        footer,
    )


@page
def login_page() -> rx.Component:
    return _door(
        "accounts.sign_in",
        AuthState.sign_in,
        routes.FORM_SIGN_IN,
        [
            email_field(AuthState.field_errors),
            password_field("password", "accounts.field.password", AuthState.field_errors, False),
        ],
        blocks.toolbar(
            rx.link(tr("accounts.sign_in.forgot"), href=routes.FORGOT, size="2"),
            rx.spacer(),
            blocks.muted(tr("accounts.sign_in.no_account")),
            rx.link(tr("nav.sign_up"), href=routes.REGISTER, size="2"),
        ),
    )


@page
def register_page() -> rx.Component:
    errors = AuthState.field_errors
    return _door(
        "accounts.register",
        AuthState.register,
        routes.FORM_SIGN_UP,
        [
            labelled_field("full_name", "accounts.field.full_name", errors, autocomplete="name"),
            email_field(errors),
            password_field("password", "accounts.field.password", errors),
        ],
        rx.hstack(
            blocks.muted(tr("accounts.register.have_account")),
            rx.link(tr("nav.sign_in"), href=routes.LOGIN, size="2"),
        ),
    )
