"""/admin/audit: who changed what and when, filtered by table, row, user and date."""

from __future__ import annotations

import math
from datetime import date

import reflex as rx

from edu_platform import db
from edu_platform.services import audit_log
from edu_platform.services.audit_log import AuditEntry
from edu_platform.services.errors import DomainError, Forbidden
from edu_platform.state.admin import CHECKING, DENIED, OK, SIGN_IN, _verified_user_id

PER_PAGE = 20


def _int_or_none(value: object) -> int | None:
    try:
        return int(str(value).strip()) if str(value).strip() else None
    except ValueError:
        return None


def _date_or_none(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value).strip()) if str(value).strip() else None
    except ValueError:
        return None


class AdminAuditState(rx.State):
    access: str = CHECKING
    entries: list[AuditEntry] = []
    tables: list[str] = []
    total: int = 0
    current_page: int = 1
    table: str = ""
    row_id: str = ""
    actor: str = ""
    date_from: str = ""
    date_to: str = ""
    error: str = ""
    loading: bool = False

    @rx.var
    def pages(self) -> int:
        return max(1, math.ceil(self.total / PER_PAGE))

    async def _refresh(self) -> None:
        user_id = await _verified_user_id(self)
        if user_id is None:
            self.access, self.entries, self.total = SIGN_IN, [], 0
            return
        self.loading = True
        try:
            result = await db.run(
                audit_log.list_entries,
                actor_id=user_id,
                table=self.table,
                row_id=_int_or_none(self.row_id),
                by_actor_id=_int_or_none(self.actor),
                date_from=_date_or_none(self.date_from),
                date_to=_date_or_none(self.date_to),
                page=self.current_page,
                per_page=PER_PAGE,
            )
            self.tables = await db.run(audit_log.audited_tables, actor_id=user_id)
        except Forbidden:
            self.access, self.entries, self.tables, self.total = DENIED, [], [], 0
            return
        except DomainError as error:
            self.error = error.detail
            self.loading = False
            return
        finally:
            self.loading = False
        self.error = ""
        self.entries, self.total, self.access = result.items, result.total, OK

    @rx.event
    async def load(self):
        self.access, self.entries = CHECKING, []
        params = self.router.url.query_parameters
        self.table = str(params.get("table", ""))[:64]
        self.row_id = str(params.get("row_id", ""))[:20]
        self.actor, self.date_from, self.date_to = "", "", ""
        self.current_page = 1
        await self._refresh()

    @rx.event
    async def apply_filters(self, form_data: dict):
        self.table = str(form_data.get("table", "")).strip()[:64]
        if self.table == "all":
            self.table = ""
        self.row_id = str(form_data.get("row_id", "")).strip()[:20]
        self.actor = str(form_data.get("actor", "")).strip()[:20]
        self.date_from = str(form_data.get("date_from", "")).strip()[:10]
        self.date_to = str(form_data.get("date_to", "")).strip()[:10]
        self.current_page = 1
        await self._refresh()

    @rx.event
    async def go_to_page(self, page: int):
        if isinstance(page, int) and 1 <= page <= self.pages:
            self.current_page = page
            await self._refresh()
