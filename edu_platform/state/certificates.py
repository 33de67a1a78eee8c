"""Certificates in the browser: the learner's list (/my/certificates, polling while a PDF is
being prepared), public verification (/verify/[serial]) and the admin section
(/admin/certificates: search, revoke, re-issue a course with a live progress bar).

Admin handlers re-verify the session cookie and let the service check the role
(accounts.require_admin) on every call; a non-admin gets `access = "denied"` and no rows.
"""

from __future__ import annotations

import asyncio
import math
import time
from dataclasses import dataclass

import reflex as rx

from edu_platform import db, routes
from edu_platform.i18n import format_date
from edu_platform.services import certificates
from edu_platform.services.certificates import CertificateView
from edu_platform.services.errors import DomainError, NotFound
from edu_platform.state.auth import login_redirect
from edu_platform.state.base import CHECKING, OK, FeatureState, VisitorState

POLL_SECONDS = 1.0
POLL_LIMIT_SECONDS = 120.0
BULK_POLL_SECONDS = 0.5
BULK_POLL_LIMIT_SECONDS = 30 * 60.0
ADMIN_PER_PAGE = 20

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
        verify_url=routes.verify_url(view.serial),
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
                page = await db.run(certificates.list_for_user, user_id=user_id, per_page=100)
                cards = [_card(view, lang) for view in page.items]
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


# --- /admin/certificates ----------------------------------------------------------------


@dataclass
class AdminCertificateRow:
    serial: str
    holder_name: str
    course_title: str
    issued_on: str
    status: str
    pdf_url: str
    verify_url: str
    revoked_reason: str


@dataclass
class CourseOption:
    value: str
    label: str


class AdminCertificatesState(FeatureState, rx.State):
    rows: list[AdminCertificateRow] = []
    total: int = 0
    current_page: int = 1
    q: str = ""
    status_filter: str = "all"
    courses: list[CourseOption] = []
    reissue_course: str = ""
    # The re-issue started from this page: its bulk_job row as last read.
    bulk_id: int = 0
    bulk_status: str = ""
    bulk_total: int = 0
    bulk_processed: int = 0
    bulk_failed: int = 0
    bulk_course: str = ""
    revoke_serial: str = ""
    revoke_error: str = ""
    busy: bool = False
    _bulk_polling: bool = False

    @rx.var
    def pages(self) -> int:
        return max(1, math.ceil(self.total / ADMIN_PER_PAGE))

    @rx.var
    def has_prev(self) -> bool:
        return self.current_page > 1

    @rx.var
    def has_next(self) -> bool:
        return self.current_page * ADMIN_PER_PAGE < self.total

    @rx.var
    def bulk_percent(self) -> int:
        if self.bulk_total <= 0:
            return 100 if self.bulk_status == "done" else 0
        return min(100, (self.bulk_processed + self.bulk_failed) * 100 // self.bulk_total)

    @rx.var
    def revoke_open(self) -> bool:
        return self.revoke_serial != ""

    def _clear_rows(self) -> None:
        self.rows, self.total, self.courses = [], 0, []

    async def _refresh(self) -> None:
        listed = await self._call(
            certificates.admin_list,
            q=self.q,
            status="" if self.status_filter == "all" else self.status_filter,
            page=self.current_page,
            per_page=ADMIN_PER_PAGE,
        )
        if not listed.ok:
            return
        candidates = await self._call(certificates.reissue_candidates)
        if not candidates.ok:
            return
        lang = await self._lang()
        self.rows = [
            AdminCertificateRow(
                serial=view.serial,
                holder_name=view.holder_name,
                course_title=view.course_title,
                issued_on=format_date(view.issued_at, lang),
                status=view.status,
                pdf_url=view.pdf_url or "",
                verify_url=routes.verify_url(view.serial),
                revoked_reason=view.revoked_reason or "",
            )
            for view in listed.value.items
        ]
        self.total = listed.value.total
        self.courses = [
            CourseOption(str(course.course_id), f"{course.title} ({course.active})")
            for course in candidates.value
        ]
        self.access = OK

    @rx.event
    async def load(self):
        self._deny(CHECKING)
        self.q, self.status_filter, self.current_page = "", "all", 1
        self.revoke_serial, self.revoke_error, self.reissue_course = "", "", ""
        await self._refresh()

    @rx.event
    async def search(self, form_data: dict):
        self.q = str(form_data.get("q", "")).strip()[:200]
        self.current_page = 1
        await self._refresh()

    @rx.event
    async def set_status_filter(self, value: str):
        self.status_filter = value if value in ("all", "pending", "ready", "revoked") else "all"
        self.current_page = 1
        await self._refresh()

    @rx.event
    async def next_page(self):
        if self.current_page * ADMIN_PER_PAGE < self.total:
            self.current_page += 1
        await self._refresh()

    @rx.event
    async def prev_page(self):
        self.current_page = max(1, self.current_page - 1)
        await self._refresh()

    # --- revoke ---

    @rx.event
    def open_revoke(self, serial: str):
        self.revoke_serial = str(serial)[:64]
        self.revoke_error = ""

    @rx.event
    def close_revoke(self, _open: bool = False):
        self.revoke_serial, self.revoke_error = "", ""

    @rx.event
    async def submit_revoke(self, form_data: dict):
        reason = str(form_data.get("reason", ""))[: certificates.MAX_REASON_LENGTH]
        self.busy = True
        yield
        outcome = await self._call(certificates.revoke, serial=self.revoke_serial, reason=reason)
        self.busy = False
        if not outcome.ok:
            if outcome.feedback is not None:  # else the page shows the sign-in or denied panel
                self.revoke_error = outcome.message
            return
        self.revoke_serial, self.revoke_error = "", ""
        await self._refresh()
        yield await self._toast("certificates.admin.revoked_done")

    # --- re-issue ---

    @rx.event
    def set_reissue_course(self, value: str):
        self.reissue_course = str(value)[:20]

    @rx.event
    async def start_reissue(self):
        try:
            course_id = int(self.reissue_course)
        except ValueError:
            return await self._error_toast("certificates.admin.reissue_pick")
        label = next((c.label for c in self.courses if c.value == self.reissue_course), "")
        outcome = await self._call(certificates.reissue_course, course_id=course_id)
        if not outcome.ok:
            return outcome.feedback
        job = outcome.value
        self.bulk_id, self.bulk_course = job.id, label
        self._show_bulk(job)
        return [
            await self._toast("certificates.admin.reissue_started"),
            AdminCertificatesState.poll_bulk,
        ]

    def _show_bulk(self, job: certificates.BulkJobView) -> None:
        self.bulk_status, self.bulk_total = job.status, job.total
        self.bulk_processed, self.bulk_failed = job.processed, job.failed

    @rx.event(background=True)
    async def poll_bulk(self):
        """Follow the bulk job's row until it is done (the progress bar moves live)."""
        async with self:
            if self._bulk_polling or not self.bulk_id:
                return
            self._bulk_polling = True
            job_id = self.bulk_id
        actor_id = None
        try:
            async with self:
                actor_id = await self._current_user_id()
            deadline = time.monotonic() + BULK_POLL_LIMIT_SECONDS
            while actor_id is not None and time.monotonic() < deadline:
                job = await db.run(certificates.bulk_job, actor_id=actor_id, bulk_job_id=job_id)
                async with self:
                    if self.bulk_id != job_id:
                        return
                    self._show_bulk(job)
                if job.status in ("done", "failed"):
                    break
                await asyncio.sleep(BULK_POLL_SECONDS)
            async with self:
                await self._refresh()
        except DomainError:
            return
        finally:
            async with self:
                self._bulk_polling = False
