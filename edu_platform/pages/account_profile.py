"""/account: profile (name, language, avatar, time zone), a teacher's public bio, and
notification preferences."""

from __future__ import annotations

import reflex as rx

from edu_platform.components import blocks
from edu_platform.components.buttons import save_row, submit_button, upload_button, upload_row
from edu_platform.components.forms import form_error, labelled_field
from edu_platform.components.i18n import tr
from edu_platform.components.layout import page
from edu_platform.components.notification_prefs import notification_prefs_card
from edu_platform.components.profile_extras import profile_extras
from edu_platform.i18n import LANGUAGES
from edu_platform.pages.account import account_shell, loading_card
from edu_platform.state.account import AVATAR_UPLOAD_ID, AccountState
from edu_platform.state.auth import AuthState

AVATAR_TYPES = {
    "image/png": [".png"],
    "image/jpeg": [".jpg", ".jpeg"],
    "image/webp": [".webp"],
}


def avatar_block() -> rx.Component:
    return blocks.responsive_row(
        rx.avatar(
            src=AccountState.avatar_url,
            fallback=AuthState.initials,
            size="7",
            radius="full",
            alt=tr("account.avatar.alt"),
        ),
        rx.vstack(
            rx.text(tr("account.avatar.title"), weight="medium", size="2"),
            upload_row(
                upload_button(
                    AVATAR_UPLOAD_ID,
                    "account.avatar.upload",
                    AVATAR_TYPES,
                    AccountState.max_avatar_bytes,
                    AccountState.upload_avatar,
                    AccountState.avatar_rejected,
                    loading=AccountState.uploading,
                    variant="surface",
                ),
                AccountState.avatar_url != "",
                "account.avatar.remove",
                AccountState.remove_avatar,
            ),
            rx.cond(
                AccountState.avatar_error != "",
                rx.text(AccountState.avatar_error, size="2", color_scheme="red", role="alert"),
                blocks.size_limit(
                    "account.avatar.hint", AccountState.max_avatar_mb, "account.avatar.megabytes"
                ),
            ),
            spacing="2",
        ),
        spacing="5",
    )


def language_select() -> rx.Component:
    return blocks.column(
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
        blocks.muted(tr("account.field.language_hint"), size="1"),
        spacing="1",
    )


def profile_form() -> rx.Component:
    return blocks.post_form(
        AccountState.save_profile,
        form_error(AccountState.form_error),
        labelled_field(
            "full_name",
            "accounts.field.full_name",
            AccountState.field_errors,
            autocomplete="name",
            default_value=AccountState.full_name,
        ),
        blocks.column(
            rx.text(tr("accounts.field.email"), size="2", weight="medium"),
            blocks.row(
                blocks.muted(AccountState.email, size="3"),
                rx.cond(
                    AccountState.email_verified,
                    rx.badge(tr("verify_email.verified"), color_scheme="green"),
                ),
                wrap="wrap",
            ),
            spacing="1",
        ),
        language_select(),
        save_row(
            submit_button("account.profile.save", loading=AccountState.saving, size="3"),
            AccountState.saved,
            "account.profile.saved",
        ),
        spacing="4",
    )


def verification_callout() -> rx.Component:
    """Shown while the email is unverified: say so and offer a new link."""
    return rx.cond(
        AccountState.loaded & ~AccountState.email_verified,
        blocks.callout_stack(
            "mail-warning",
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
            blocks.section_card(
                "account.profile.title",
                avatar_block(),
                rx.divider(),
                profile_form(),
            ),
            loading_card(),
        ),
        profile_extras(),
        notification_prefs_card(),
    )
