"""/account (profile, language, avatar) and /account/security (password, sign-in methods,
sessions). Every handler re-checks the session cookie and acts only on the caller."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import reflex as rx

from edu_platform import db, routes
from edu_platform.i18n import LANGUAGES, has_key
from edu_platform.services import (
    account_area,
    accounts,
    email_verification,
    my_learning,
    oauth,
    oauth_clients,
    sessions,
)
from edu_platform.services.account_area import ActiveSession
from edu_platform.services.errors import DomainError
from edu_platform.settings import settings
from edu_platform.state.auth import AuthState, login_redirect
from edu_platform.state.base import VisitorState, form_errors, too_large
from edu_platform.state.form_fields import missing_fields
from edu_platform.state.i18n import LangState
from edu_platform.state.navigation import full_page_post
from edu_platform.state.oauth import ProviderLink, login_error_key

AVATAR_UPLOAD_ID = "avatar-upload"


@dataclass
class SignInMethod:
    """A linked provider as the security page lists it."""

    provider: str
    label_key: str  # a catalogue key, or "" to show `label` as is (the generic OIDC name)
    label: str
    email: str
    linked_on: dict[str, str]  # per UI language


def _provider_label(name: str) -> tuple[str, str]:
    key = f"oauth.provider.{name}"
    if has_key(key):
        return key, ""
    return "", settings.oidc_name if name == "oidc" else name


def _link_options(linked: set[str]) -> list[ProviderLink]:
    """Enabled providers not linked yet, each starting the provider's link flow."""
    return [
        ProviderLink(
            name=button.name,
            label_key=button.label_key,
            label=button.label,
            href=routes.oauth_start_url(button.name, routes.ACCOUNT_SECURITY, link=True),
        )
        for button in oauth_clients.enabled_buttons()
        if button.name not in linked
    ]


class AccountState(VisitorState, rx.State):
    email: str = ""
    full_name: str = ""
    locale: str = "ru"
    avatar_url: str = ""
    loaded: bool = False
    saving: bool = False
    uploading: bool = False
    saved: bool = False
    form_error: str = ""
    field_errors: dict[str, str] = {}
    avatar_error: str = ""
    email_verified: bool = True
    verification_sent: bool = False
    verification_error: str = ""

    @rx.var
    def max_avatar_bytes(self) -> int:
        return account_area.max_avatar_bytes()

    @rx.var
    def max_avatar_mb(self) -> int:
        return settings.max_avatar_mb

    def _show(self, profile: account_area.Profile) -> None:
        self.email = profile.email
        self.full_name = profile.full_name
        self.locale = profile.locale
        self.avatar_url = profile.avatar_url
        self.email_verified = profile.email_verified

    @rx.event
    async def load(self):
        self.loaded = False
        self.saved = False
        self.form_error = ""
        self.field_errors = {}
        self.avatar_error = ""
        self.verification_sent = False
        self.verification_error = ""
        user_id = await self._current_user_id()
        if user_id is None:
            return login_redirect(routes.ACCOUNT)
        self._show(await db.run(account_area.profile, user_id=user_id))
        self.loaded = True

    @rx.event
    def set_locale_choice(self, value: str):
        if isinstance(value, str) and value in LANGUAGES:
            self.locale = value
            self.saved = False

    async def _refresh_header(self, **changes) -> None:
        auth = await self.get_state(AuthState)
        if auth.user is not None:
            auth.user = dataclasses.replace(auth.user, **changes)

    @rx.event
    async def save_profile(self, form_data: dict):
        user_id = await self._current_user_id()
        if user_id is None:
            yield login_redirect(routes.ACCOUNT)
            return
        locale = str(form_data.get("locale") or self.locale)
        self.saving = True
        self.saved = False
        yield
        outcome = await self._run_as(
            user_id,
            accounts.update_profile,
            full_name=str(form_data.get("full_name", ""))[:300],
            locale=locale if locale in LANGUAGES else None,
        )
        self.saving = False
        self.form_error, self.field_errors = form_errors(outcome.error, outcome.message)
        if not outcome.ok:
            return
        current = outcome.value
        self.full_name = current.full_name
        self.locale = current.locale
        self.saved = True
        await self._refresh_header(full_name=current.full_name, locale=current.locale)
        lang_state = await self.get_state(LangState)
        lang_state.lang = current.locale
        lang_state.lang_cookie = current.locale
        lang_state.lang_tab = ""  # the saved choice replaces this tab's ?lang=

    @rx.event
    async def upload_avatar(self, files: list[rx.UploadFile]):
        """The browser's size limit is advisory (TOOLCHAIN.md, Reflex 7): checked again here."""
        user_id = await self._current_user_id()
        if user_id is None:
            yield login_redirect(routes.ACCOUNT)
            return
        if not files:  # a refused file: `avatar_rejected`'s message stays (the events race)
            return
        self.avatar_error = ""
        upload = files[0]
        limit = account_area.max_avatar_bytes()
        if upload.size is not None and upload.size > limit:
            self.avatar_error = await self._text("account.avatar.too_large")
            return
        self.uploading = True
        yield
        data = await upload.read(limit + 1)
        outcome = await self._run_as(user_id, account_area.set_avatar, data=data)
        self.uploading = False
        if not outcome.ok:
            self.avatar_error = outcome.message
            return
        url = self.avatar_url = outcome.value
        await self._refresh_header(avatar_url=url)
        yield rx.clear_selected_files(AVATAR_UPLOAD_ID)

    @rx.event
    async def avatar_rejected(self, rejected: list[dict]):
        """The browser refused the file (type or size): say why in the page's language."""
        key = "account.avatar.too_large" if too_large(rejected) else "account.avatar.invalid"
        self.avatar_error = await self._text(key)

    @rx.event
    async def resend_verification(self):
        """Mail a new verification link to the caller's own address."""
        user_id = await self._current_user_id()
        if user_id is None:
            return login_redirect(routes.ACCOUNT)
        self.verification_error = ""
        self.verification_sent = False
        outcome = await self._run_as(user_id, email_verification.send_link)
        if not outcome.ok:
            self.verification_error = outcome.message
            return None
        if outcome.value is None:
            self.email_verified = True
        else:
            self.verification_sent = True
        return None

    @rx.event
    async def remove_avatar(self):
        user_id = await self._current_user_id()
        if user_id is None:
            return login_redirect(routes.ACCOUNT)
        await self._run_as(user_id, account_area.remove_avatar)
        self.avatar_url = ""
        self.avatar_error = ""
        await self._refresh_header(avatar_url="")


class VerifyEmailState(rx.State):
    """/verify-email/[token]: spends the mailed link on load and says how it went."""

    checked: bool = False
    verified: bool = False

    @rx.event
    async def load(self):
        self.checked = False
        token = str(self.token or "")[:200]  # the route's [token] (TOOLCHAIN.md, Reflex 5)
        try:
            await db.run(email_verification.verify, token=token)
            self.verified = True
        except DomainError:
            self.verified = False
        self.checked = True


class SecurityState(VisitorState, rx.State):
    has_password: bool = True
    active_sessions: list[ActiveSession] = []
    sign_in_methods: list[SignInMethod] = []
    link_options: list[ProviderLink] = []
    methods_error: str = ""
    loaded: bool = False
    saving: bool = False
    password_changed: bool = False
    form_error: str = ""
    field_errors: dict[str, str] = {}

    def _cookie_token(self) -> str | None:
        return sessions.session_token_from_cookie_header(self.router.headers.cookie)

    async def _reload(self, user_id: int) -> None:
        profile = await db.run(account_area.profile, user_id=user_id)
        self.has_password = profile.has_password
        self.active_sessions = await db.run(
            account_area.active_sessions, user_id=user_id, current_token=self._cookie_token()
        )
        linked = await db.run(oauth.linked_accounts, user_id=user_id)
        self.sign_in_methods = [
            SignInMethod(
                row.provider,
                *_provider_label(row.provider),
                email=row.email,
                linked_on=my_learning.format_date(row.linked_at),
            )
            for row in linked
            if row.provider != "telegram"  # its own card (state/telegram_link.py)
        ]
        self.link_options = _link_options({row.provider for row in linked})

    @rx.event
    async def load(self):
        self.loaded = False
        self.password_changed = False
        self.form_error = ""
        self.field_errors = {}
        user_id = await self._current_user_id()
        if user_id is None:
            return login_redirect(routes.ACCOUNT_SECURITY)
        await self._reload(user_id)
        # A failed link flow comes back here with ?error=oauth_<reason> (api/oauth.py).
        error_key = login_error_key(str(self.router.url.query_parameters.get("error", ""))[:64])
        self.methods_error = await self._text(error_key) if error_key else ""
        self.loaded = True

    @rx.event
    async def change_password(self, form_data: dict):
        user_id = await self._current_user_id()
        if user_id is None:
            yield login_redirect(routes.ACCOUNT_SECURITY)
            return
        new_password = str(form_data.get("password", ""))[:256]
        self.form_error = ""
        self.password_changed = False
        required = {"password": "accounts.new_password_required"}
        if self.has_password:
            required = {"current_password": "accounts.current_password_required"} | required
        missing = missing_fields(form_data, required, await self._lang())
        if missing:
            self.field_errors = missing
            return
        if new_password != str(form_data.get("password_confirm", ""))[:256]:
            self.field_errors = {"password_confirm": await self._text("account.password_mismatch")}
            return
        self.field_errors = {}
        self.saving = True
        yield
        outcome = await self._run_as(
            user_id,
            account_area.change_password,
            current_password=str(form_data.get("current_password", ""))[:256],
            new_password=new_password,
            current_token=self._cookie_token(),
        )
        self.saving = False
        self.form_error, self.field_errors = form_errors(outcome.error, outcome.message)
        if not outcome.ok:
            return
        self.password_changed = True
        self.has_password = True
        await self._reload(user_id)

    @rx.event
    async def unlink(self, provider: str):
        user_id = await self._current_user_id()
        if user_id is None:
            return login_redirect(routes.ACCOUNT_SECURITY)
        outcome = await self._run_as(user_id, oauth.unlink, provider=str(provider)[:32])
        self.methods_error = outcome.message
        await self._reload(user_id)
        return None

    @rx.event
    async def sign_out_session(self, session_id: int):
        user_id = await self._current_user_id()
        if user_id is None:
            return login_redirect(routes.ACCOUNT_SECURITY)
        try:
            was_current = await db.run(
                account_area.end_own_session,
                user_id=user_id,
                session_id=int(session_id),
                current_token=self._cookie_token(),
            )
        except (DomainError, TypeError, ValueError):
            await self._reload(user_id)
            return
        if was_current:
            return full_page_post(routes.logout_url())
        await self._reload(user_id)

    @rx.event
    async def sign_out_everywhere(self):
        user_id = await self._current_user_id()
        if user_id is None:
            return login_redirect(routes.ACCOUNT_SECURITY)
        await db.run(account_area.sign_out_everywhere, user_id=user_id)
        return full_page_post(routes.logout_url())
