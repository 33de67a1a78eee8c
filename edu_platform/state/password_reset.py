"""Forgotten password: request a link on /forgot, set a new password on /reset/[token]."""

from __future__ import annotations

import reflex as rx

from edu_platform import db, routes
from edu_platform.audit import acting_as
from edu_platform.services import accounts, password_reset, sessions
from edu_platform.services.errors import DomainError, Invalid
from edu_platform.state.base import VisitorState, form_errors
from edu_platform.state.navigation import finish_sign_in


def _reset_and_ticket(*, session, token: str, new_password: str, user_agent: str, ip) -> str:
    """Set the password and sign the user in, in one transaction: the sign-in ticket."""
    user_id = password_reset.reset_password(session=session, token=token, new_password=new_password)
    return sessions.create_ticket(session=session, user_id=user_id, user_agent=user_agent, ip=ip)


class PasswordResetState(VisitorState, rx.State):
    request_sent: bool = False
    link_valid: bool = True
    link_checked: bool = False
    submitting: bool = False
    form_error: str = ""
    field_errors: dict[str, str] = {}

    def _clear(self) -> None:
        self.form_error = ""
        self.field_errors = {}
        self.submitting = False

    @rx.event
    async def load_forgot(self):
        self._clear()
        self.request_sent = False

    @rx.event
    async def request_link(self, form_data: dict):
        """Always the same answer, whether or not the account exists."""
        email = str(form_data.get("email", ""))[:254]
        try:
            email = accounts.normalise_email(email)
        except Invalid as error:
            self.field_errors = {"email": await self._error_text(error)}
            return
        self.submitting = True
        yield
        try:
            await db.run(
                password_reset.request_reset,
                email=email,
                ip=self.router.session.client_ip or None,
            )
        except DomainError as error:
            self.submitting = False
            self.field_errors = {"email": await self._error_text(error)}
            return
        self._clear()
        self.request_sent = True

    @rx.event
    async def load_reset(self):
        """on_load of /reset/[token]: say at once when the link cannot be used."""
        self._clear()
        self.link_checked = False
        try:
            await db.run(password_reset.user_for_reset_token, token=self._link_token())
            self.link_valid = True
        except DomainError:
            self.link_valid = False
        self.link_checked = True

    def _link_token(self) -> str:
        return str(self.token or "")[:200]  # the route's [token] (TOOLCHAIN.md, Reflex 5)

    @rx.event
    async def set_new_password(self, form_data: dict):
        password = str(form_data.get("password", ""))[:256]
        confirmation = str(form_data.get("password_confirm", ""))[:256]
        self.form_error = ""
        if password != confirmation:
            self.field_errors = {"password_confirm": await self._text("account.password_mismatch")}
            return
        self.field_errors = {}
        self.submitting = True
        yield
        token = self._link_token()
        try:
            user_id = await db.run(password_reset.user_for_reset_token, token=token)
            with acting_as(user_id):
                ticket = await db.run(
                    _reset_and_ticket,
                    token=token,
                    new_password=password,
                    user_agent=self.router.headers.user_agent,
                    ip=self.router.session.client_ip or None,
                )
        except DomainError as error:
            self.submitting = False
            if error.field == "token":
                self.link_valid = False
            else:
                message = await self._error_text(error)
                self.form_error, self.field_errors = form_errors(error, message)
            return
        self.submitting = False
        yield finish_sign_in(ticket, routes.MY)
