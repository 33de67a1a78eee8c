"""Who is signed in, and the password sign-in and registration forms.

The session cookie is HttpOnly, so the state reads it from the websocket handshake's
Cookie header and checks it against the auth_session table (TOOLCHAIN.md, 4). Every
sign-in ends in a navigation to /api/auth/complete, which sets the cookie; the next page
load opens a websocket that carries it.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Awaitable
from urllib.parse import quote

import reflex as rx

from edu_platform import db, routes
from edu_platform.i18n import translate
from edu_platform.services import accounts, sessions
from edu_platform.services.accounts import CurrentUser
from edu_platform.services.errors import DomainError
from edu_platform.state import page_load
from edu_platform.state.form_fields import missing_fields
from edu_platform.state.i18n import LangState
from edu_platform.state.navigation import finish_sign_in, full_page_post

REGISTER_FIELDS = {
    "full_name": "accounts.name_required",
    "email": "accounts.email_required",
    "password": "accounts.password_required",
}


class AuthState(rx.State):
    user: CurrentUser | None = None
    auth_checked: bool = False
    form_error: str = ""
    field_errors: dict[str, str] = {}
    submitting: bool = False

    @rx.var
    def signed_in(self) -> bool:
        return self.user is not None

    @rx.var
    def is_admin(self) -> bool:
        return self.user is not None and self.user.role == "admin"

    @rx.var
    def is_teacher(self) -> bool:
        return self.user is not None and self.user.role in ("teacher", "admin")

    @rx.var
    def initials(self) -> str:
        if self.user is None:
            return ""
        parts = self.user.full_name.split()
        return "".join(part[0] for part in parts[:2]).upper() or self.user.email[:1].upper()

    def _cookie_token(self) -> str | None:
        return sessions.session_token_from_cookie_header(self.router.headers.cookie)

    async def verified_user(self) -> CurrentUser | None:
        """Re-checks the session cookie against the database (revoked, expired, blocked)."""
        token = self._cookie_token()
        if not token:  # a guest: no thread hop on every page for nothing to look up
            return None
        known, user = page_load.known_user(token)
        if known:  # checked at the start of this page load (page_load.py)
            return user
        return await db.run(sessions.user_for_token, token=token)

    async def verified_user_id(self) -> int | None:
        user = await self.verified_user()
        return user.id if user else None

    @rx.event
    async def open_page(self, route: str):
        """on_load of every page (edu_platform.py), one event: the language (`?lang=`,
        cookie, browser), who is signed in (whose saved language then wins), then the
        page's own loaders (page_load.py)."""
        loaders = page_load.loaders_of(route)
        if loaders is None:
            return
        lang_state = await self.get_state(LangState)
        lang_state._init_language()
        with page_load.event_user(self._cookie_token(), await self.verified_user()):
            await self._load_user()
            async for step in page_load.run_loaders(self, loaders):
                yield step

    async def _load_user(self) -> None:
        """Step of every page load (open_page): who is signed in; their saved language
        applies."""
        # Only changed values are assigned: an assignment sends the var to the browser.
        user = await self.verified_user()
        if user != self.user:
            self.user = user
        if not self.auth_checked:
            self.auth_checked = True
        if self.form_error:
            self.form_error = ""
        if self.field_errors:
            self.field_errors = {}
        if self.user is not None:
            # The saved profile language, unless `?lang=` asked for another one for this
            # tab (which is not saved). The cookie mirrors the profile, for the boot
            # script of the next page load (components/lang_boot.py).
            lang_state = await self.get_state(LangState)
            requested = lang_state.requested_language()
            lang_state.set_lang_if_changed(requested or self.user.locale)
            if lang_state.lang_cookie != self.user.locale:
                lang_state.lang_cookie = self.user.locale

    @rx.event
    async def set_language(self, lang: str):
        """The header's language switch; a signed-in user's choice is saved to their
        profile too (here, not in LangState: auth imports i18n, never the other way)."""
        lang_state = await self.get_state(LangState)
        if not lang_state.choose(lang):
            return
        user_id = await self.verified_user_id()
        if user_id is not None:
            await db.run(accounts.update_profile, user_id=user_id, locale=lang_state.lang)
            if self.user is not None:
                self.user = dataclasses.replace(self.user, locale=lang_state.lang)

    def _next_path(self) -> str:
        return routes.safe_next(self.router.url.query_parameters.get("next", "/"))

    async def _missing(self, form_data: dict, required: dict[str, str]) -> bool:
        """Whether a required field is empty; each empty one gets its message."""
        lang = (await self.get_state(LangState)).lang
        missing = missing_fields(form_data, required, lang)
        if missing:
            self.form_error, self.field_errors = "", missing
        return bool(missing)

    async def _ticket(self, pending: Awaitable[str]) -> str | None:
        """Await a sign-in's ticket; a refusal goes on the form (next to its field, except
        wrong credentials, which name no field the visitor could fix alone)."""
        try:
            return await pending
        except DomainError as error:
            message = translate(error.message_key, (await self.get_state(LangState)).lang)
            if error.field and error.field != "credentials":
                self.form_error, self.field_errors = "", {error.field: message}
            else:
                self.form_error, self.field_errors = message, {}
            return None
        finally:
            self.submitting = False

    @rx.event
    async def sign_in(self, form_data: dict):
        self.submitting = True
        yield
        client_ip = self.router.session.client_ip or None
        ticket = await self._ticket(
            asyncio.to_thread(
                accounts.sign_in_with_password,
                sessions.ticket_for_user,
                email=str(form_data.get("email", ""))[:254],
                password=str(form_data.get("password", ""))[:256],
                ip=client_ip,
                user_agent=self.router.headers.user_agent,
                client_ip=client_ip,
            )
        )
        if ticket is not None:
            yield finish_sign_in(ticket, self._next_path())

    @rx.event
    async def register(self, form_data: dict):
        if await self._missing(form_data, REGISTER_FIELDS):
            return
        self.submitting = True
        yield
        ticket = await self._ticket(
            db.run(
                sessions.register_with_ticket,
                email=str(form_data.get("email", ""))[:254],
                password=str(form_data.get("password", ""))[:256],
                full_name=str(form_data.get("full_name", ""))[:200],
                locale=(await self.get_state(LangState)).lang,
                user_agent=self.router.headers.user_agent,
                ip=self.router.session.client_ip or None,
            )
        )
        if ticket is not None:
            yield finish_sign_in(ticket, self._next_path())

    @rx.event
    def sign_out(self):
        self.user = None
        return full_page_post("/api/auth/logout?next=/")


def login_redirect(path: str) -> rx.event.EventSpec:
    return rx.redirect(f"{routes.LOGIN}?next={quote(path)}")
