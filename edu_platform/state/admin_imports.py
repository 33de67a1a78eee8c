"""/admin/imports (upload a file, past imports) and /admin/imports/[import_ref] (a live
progress bar, then the row errors).

Every handler re-verifies the session cookie and lets the service check the admin role
(accounts.require_admin) before anything is read or stored; a visitor who is not an
admin gets `access = "denied"` (or "signin") and no rows. The uploaded file's size is
checked here and again in the service (the browser's limit is advisory, TOOLCHAIN.md 7).
"""

from __future__ import annotations

import asyncio
import math
import time
from dataclasses import dataclass

import reflex as rx

from edu_platform import db, routes
from edu_platform.i18n import datetime_labels
from edu_platform.services import imports, paging
from edu_platform.services.errors import DomainError, Forbidden, NotFound
from edu_platform.services.records import record_from
from edu_platform.settings import settings
from edu_platform.state.admin_lists import ListPager
from edu_platform.state.base import CHECKING, DENIED, OK, SIGN_IN, FeatureState

UPLOAD_ID = "import-upload"
PER_PAGE = 20
ERRORS_PER_PAGE = 20
POLL_SECONDS = 0.5
POLL_LIMIT_SECONDS = 30 * 60.0
RUNNING = ("queued", "running")


@dataclass
class ImportRow:
    """One past import as the list shows it."""

    id: int
    kind: str
    status: str
    filename: str
    total: int
    processed: int
    failed: int
    percent: int
    created: dict[str, str]  # per UI language
    url: str


def _row(view: imports.ImportJobView) -> ImportRow:
    return record_from(
        ImportRow,
        view,
        created=datetime_labels(view.created_at),
        url=routes.admin_import_url(view.id),
    )


class AdminImportsState(ListPager, rx.State):
    kind: str = "users"
    invite: bool = False  # a users import mails its new accounts a set-password link
    rows: list[ImportRow] = []
    upload_error: str = ""
    uploading: bool = False

    @rx.var
    def max_import_bytes(self) -> int:
        return settings.max_import_bytes

    @rx.var
    def max_import_mb(self) -> int:
        return settings.max_import_mb

    @rx.var
    def columns(self) -> str:
        return ", ".join(imports.TEMPLATES.get(self.kind, ()))

    def _text_filters(self) -> dict[str, int]:
        return {}

    async def _fetch(self, user_id: int) -> None:
        items = await self._read_page(imports.list_imports, user_id)
        self.rows = [_row(view) for view in items]

    @rx.event
    async def load(self):
        self.upload_error, self.uploading, self.invite = "", False, False
        await self._restart()

    @rx.event
    def set_kind(self, value: str):
        self.kind = value if value in imports.KINDS else "users"
        self.invite = self.invite and self.kind == "users"
        self.upload_error = ""

    @rx.event
    def set_invite(self, value: bool):
        # The box shows for users only; the service refuses invite on another kind.
        self.invite = value is True

    @rx.event
    async def upload(self, files: list[rx.UploadFile]):
        """Store the chosen file as a new import of `kind`, then open its progress page."""
        if not files:
            # A refused file (type, size) drops nothing here and `upload_rejected` says why;
            # the two events race, so this one must not clear its message.
            return
        self.upload_error = ""
        upload = files[0]
        limit = settings.max_import_bytes
        if upload.size is not None and upload.size > limit:
            self.upload_error = await self._text(
                "imports.error.too_large", mb=settings.max_import_mb
            )
            return
        self.uploading = True
        yield
        try:
            data = await upload.read(limit + 1)
            outcome = await self._call(
                imports.create_import,
                kind=self.kind,
                filename=str(upload.name or ""),
                data=data,
                invite=self.invite,
            )
        finally:
            self.uploading = False
        if not outcome.ok:
            if outcome.feedback is not None and outcome.error is not None:
                self.upload_error = await self._error_text(outcome.error)
            return
        yield rx.clear_selected_files(UPLOAD_ID)
        yield await self._toast("imports.started")
        yield rx.redirect(routes.admin_import_url(outcome.value.id))

    @rx.event
    async def upload_rejected(self, rejected: list[dict]):
        """The browser refused the file (type or size): say so in the page's language."""
        self.upload_error = await self._text("imports.rejected")


@dataclass
class ErrorRow:
    row: int
    field: str
    message: str


class AdminImportState(FeatureState, rx.State):
    found: bool = True
    job_id: int = 0
    kind: str = ""
    invite: bool = False
    status: str = ""
    filename: str = ""
    created: dict[str, str] = datetime_labels(None)  # per UI language
    finished: dict[str, str] = datetime_labels(None)
    error_text: str = ""
    total: int = 0
    processed: int = 0
    failed: int = 0
    percent: int = 0
    errors: list[ErrorRow] = []
    errors_total: int = 0
    errors_page: int = 1
    _polling: bool = False

    @rx.var
    def errors_pages(self) -> int:
        return max(1, math.ceil(self.errors_total / ERRORS_PER_PAGE))

    @rx.var
    def errors_csv_url(self) -> str:
        return routes.import_errors_csv_url(self.job_id)

    @rx.var
    def running(self) -> bool:
        return self.status in RUNNING

    def _show(self, view: imports.ImportJobView) -> None:
        self.job_id, self.kind, self.status = view.id, view.kind, view.status
        self.invite = view.invite
        self.filename, self.error_text = view.filename, view.error or ""
        self.created, self.finished = (
            datetime_labels(view.created_at),
            datetime_labels(view.finished_at),
        )
        self.total, self.processed, self.failed = view.total, view.processed, view.failed
        self.percent = view.percent

    def _show_errors(self, result: paging.Page) -> None:
        self.errors = [
            ErrorRow(row=item.row, field=item.field or "", message=item.message)
            for item in result.items
        ]
        self.errors_total = result.total

    def _clear(self, access: str) -> None:
        self.access, self.found, self.job_id, self.status = access, True, 0, ""
        self.total = self.processed = self.failed = self.percent = 0
        self.errors, self.errors_total, self.errors_page = [], 0, 1

    async def _read(self, actor_id: int, job_id: int) -> bool:
        """Load the job and its errors page; False when refused or missing."""
        lang = await self._lang()
        try:
            view = await db.run(imports.import_status, actor_id=actor_id, job_id=job_id)
            errors = await db.run(
                imports.import_errors,
                actor_id=actor_id,
                job_id=job_id,
                page=self.errors_page,
                per_page=ERRORS_PER_PAGE,
                lang=lang,
            )
        except Forbidden:
            self._clear(DENIED)
            return False
        except NotFound:
            self._clear(OK)
            self.found = False
            return False
        self._show(view)
        self._show_errors(errors)
        self.access = OK
        return True

    @rx.event
    async def load(self):
        self._clear(CHECKING)
        actor_id = await self._current_user_id()
        if actor_id is None:
            self._clear(SIGN_IN)
            return None
        try:
            job_id = int(str(self.import_ref or ""))  # the route parameter (TOOLCHAIN.md, 5)
        except ValueError:
            job_id = 0
        if job_id <= 0:
            try:
                await db.run(imports.list_imports, actor_id=actor_id, per_page=1)
            except Forbidden:
                self._clear(DENIED)
                return None
            self._clear(OK)
            self.found = False
            return None
        if await self._read(actor_id, job_id) and self.status in RUNNING:
            return AdminImportState.poll
        return None

    @rx.event
    async def errors_go(self, page: int):
        actor_id = await self._current_user_id()
        if actor_id is None:
            self._clear(SIGN_IN)
            return
        if isinstance(page, int) and 1 <= page <= self.errors_pages:
            self.errors_page = page
        await self._read(actor_id, self.job_id)

    @rx.event(background=True)
    async def poll(self):
        """Re-read the job row every 0.5 s until it is done or failed (30 minutes at most);
        the row errors are re-read whenever the failed count moves."""
        async with self:
            if self._polling or not self.job_id:
                return
            self._polling, job_id = True, self.job_id
            actor_id = await self._current_user_id()
            lang = await self._lang()
        try:
            deadline = time.monotonic() + POLL_LIMIT_SECONDS
            shown_failed = -1
            while actor_id is not None and time.monotonic() < deadline:
                view = await db.run(imports.import_status, actor_id=actor_id, job_id=job_id)
                finished = view.status not in RUNNING
                async with self:
                    if self.job_id != job_id:
                        return
                    self._show(view)
                    page = self.errors_page
                if view.failed != shown_failed or finished:
                    errors = await db.run(
                        imports.import_errors,
                        actor_id=actor_id,
                        job_id=job_id,
                        page=page,
                        per_page=ERRORS_PER_PAGE,
                        lang=lang,
                    )
                    shown_failed = view.failed
                    async with self:
                        if self.job_id != job_id:
                            return
                        self._show_errors(errors)
                if finished:
                    return
                await asyncio.sleep(POLL_SECONDS)
        except Forbidden:
            async with self:
                self._clear(DENIED)
        except DomainError:
            return
        finally:
            async with self:
                self._polling = False
