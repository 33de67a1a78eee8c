"""/admin/certificates: the certificates list (ListPager: search, status filter, pages),
revoking one with a reason, and re-issuing a course's certificates with a live progress
bar. Every handler re-verifies the session; the services check the admin role
(`Forbidden` shows the access-denied panel)."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

import reflex as rx

from edu_platform import db, routes
from edu_platform.i18n import translate
from edu_platform.services import certificates
from edu_platform.services.certificates.records import refunded_order
from edu_platform.services.errors import DomainError
from edu_platform.services.records import record_from
from edu_platform.state.admin_lists import ListPager, day

BULK_POLL_SECONDS = 0.5
BULK_POLL_LIMIT_SECONDS = 30 * 60.0
STATUS_FILTERS = ("all", "pending", "ready", "revoked")


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


def _row(view: certificates.CertificateView, lang: str) -> AdminCertificateRow:
    return record_from(
        AdminCertificateRow,
        view,
        issued_on=day(view.issued_at, lang),
        pdf_url=view.pdf_url or "",
        verify_url=routes.verify_url(view.serial),
        revoked_reason=_reason(view.revoked_reason, lang),
    )


def _reason(reason: str | None, lang: str) -> str:
    """A revocation's reason: a refund's in the reader's language, an admin's as typed."""
    order_id = refunded_order(reason)
    if order_id is None:
        return reason or ""
    return translate("certificates.admin.refunded", lang, order=order_id)


class AdminCertificatesState(ListPager, rx.State):
    rows: list[AdminCertificateRow] = []
    q: str = ""
    status: str = "all"
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
    revoking: bool = False
    _bulk_polling: bool = False

    @rx.var
    def bulk_percent(self) -> int:
        if self.bulk_total <= 0:
            return 100 if self.bulk_status == "done" else 0
        return min(100, (self.bulk_processed + self.bulk_failed) * 100 // self.bulk_total)

    @rx.var
    def revoke_open(self) -> bool:
        return self.revoke_serial != ""

    def _select_filters(self) -> dict[str, tuple[tuple[str, ...], str]]:
        return {"status": (STATUS_FILTERS, "all")}

    def _clear_rows(self) -> None:
        super()._clear_rows()
        self.courses = []

    async def _fetch(self, user_id: int) -> None:
        lang = await self._lang()
        items = await self._read_page(
            certificates.admin_list, user_id, **self._filter_values("status")
        )
        courses = await db.run(certificates.reissue_candidates, actor_id=user_id)
        self.rows = [_row(view, lang) for view in items]
        self.courses = [
            CourseOption(str(course.course_id), f"{course.title} ({course.active})")
            for course in courses
        ]

    @rx.event
    async def load(self):
        self._reset_filters()
        self.revoke_serial, self.revoke_error, self.reissue_course = "", "", ""
        await self._restart()

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
        self.revoking = True
        yield
        try:
            outcome = await self._call(
                certificates.revoke, serial=self.revoke_serial, reason=reason
            )
        finally:
            self.revoking = False
        if not outcome.ok:
            if outcome.feedback is not None and outcome.error is not None:
                self.revoke_error = await self._error_text(outcome.error)
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
