"""Certificates in the browser: the learner's list (/my/certificates, polling while a PDF is
being prepared) and public verification (/verify/[serial]). The admin section
(/admin/certificates) is state/admin_certificates.py.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

import reflex as rx

from edu_platform import db, routes
from edu_platform.i18n import format_date
from edu_platform.services import certificates
from edu_platform.services.certificates import CertificateView
from edu_platform.services.errors import NotFound
from edu_platform.state.auth import login_redirect
from edu_platform.state.base import VisitorState

POLL_SECONDS = 1.0
POLL_LIMIT_SECONDS = 120.0

# --- /my/certificates -------------------------------------------------------------------


@dataclass
class MyCertificateCard:
    serial: str
    course_title: str
    issued_on: str
    status: str
    pdf_url: str
    verify_url: str


def _card(view: CertificateView, lang: str) -> MyCertificateCard:
    return MyCertificateCard(
        serial=view.serial,
        course_title=view.course_title,
        issued_on=format_date(view.issued_at, lang),
        status=view.status,
        pdf_url=view.pdf_url or "",
        verify_url=routes.verify_url(view.serial) if view.serial else "",
    )


class MyCertificatesState(VisitorState, rx.State):
    items: list[MyCertificateCard] = []
    loaded: bool = False
    gave_up: bool = False  # still pending after the polling limit
    _user: int | None = None
    _polling: bool = False

    @rx.var
    def any_pending(self) -> bool:
        return any(item.status == "pending" for item in self.items)

    @rx.event
    async def load(self):
        self.loaded, self.gave_up = False, False
        user_id = await self._current_user_id()
        if user_id is None:
            self.items, self._user = [], None
            return login_redirect(routes.MY_CERTIFICATES)
        self._user = user_id
        views = await db.run(certificates.my_certificates, user_id=user_id)
        lang = await self._lang()
        self.items = [_card(view, lang) for view in views]
        self.loaded = True
        if self.any_pending:
            return MyCertificatesState.poll
        return None

    @rx.event(background=True)
    async def poll(self):
        """Re-read the list every second while a certificate is pending (2 minutes at most)."""
        async with self:
            if self._polling or self._user is None:
                return
            self._polling, user_id = True, self._user
            lang = await self._lang()
        deadline = time.monotonic() + POLL_LIMIT_SECONDS
        try:
            while time.monotonic() < deadline:
                await asyncio.sleep(POLL_SECONDS)
                views = await db.run(certificates.my_certificates, user_id=user_id)
                cards = [_card(view, lang) for view in views]
                async with self:
                    if self._user != user_id:
                        return
                    self.items = cards
                if not any(card.status == "pending" for card in cards):
                    return
            async with self:
                self.gave_up = True
        finally:
            async with self:
                self._polling = False


# --- /verify/[serial] -------------------------------------------------------------------


class VerifyState(VisitorState, rx.State):
    # loading | valid | invalid | revoked | pending
    outcome: str = "loading"
    shown_serial: str = ""
    holder: str = ""
    course: str = ""
    issued_on: str = ""
    revoked_on: str = ""

    @rx.event
    async def load(self):
        self.outcome = "loading"
        serial = str(self.serial or "")[:64]  # the [serial] route parameter (TOOLCHAIN.md, 5)
        self.shown_serial = serial
        try:
            result = await db.run(certificates.verify, serial=serial)
        except NotFound:
            self.holder = self.course = self.issued_on = self.revoked_on = ""
            self.outcome = "invalid"
            return
        self.shown_serial = result.serial
        self.holder, self.course = result.holder, result.course
        lang = await self._lang()
        self.issued_on = format_date(result.issued_at, lang)
        self.revoked_on = format_date(result.revoked_at, lang)
        if result.revoked:
            self.outcome = "revoked"
        elif result.valid:
            self.outcome = "valid"
        else:
            self.outcome = "pending"

    @rx.event
    def check_other(self, form_data: dict):
        serial = str(form_data.get("serial", "")).strip()[:64]
        if serial:
            return rx.redirect(routes.verify_url(serial))
        return None
