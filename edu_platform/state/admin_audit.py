"""/admin/audit: who changed what and when, filtered by table, row, user and date.

One row per event: an update lists only its changed fields (old → new); an insert or a
delete says how many fields it holds, and every field is in the collapsed details. Field,
table and action names are message keys (translated in the page); values are user data,
sent as plain text (React escapes them; nothing is rendered as HTML).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

import reflex as rx

from edu_platform.audit import AUDITED_TABLES
from edu_platform.i18n import (
    format_datetime,
    has_key,
    parse_date_input,
    payment_reason,
    translate,
)
from edu_platform.services import audit_log
from edu_platform.services.audit_log import AuditEntry
from edu_platform.services.errors import Invalid
from edu_platform.state.admin_lists import ListPager

TABLES = ("all", *sorted(AUDITED_TABLES))
SUMMARY_LIMIT = 80  # characters of a value shown in the one-line diff
DETAIL_LIMIT = 2000  # characters of a value shown in the details


def _int_or_none(value: object) -> int | None:
    try:
        return int(str(value).strip()) if str(value).strip() else None
    except ValueError:
        return None


def _date_or_none(value: object, lang: str) -> date | None:
    """A date typed in the language's order or ISO; ValueError when it is not a date."""
    return parse_date_input(str(value), lang)


def _readable(text: str, lang: str) -> str:
    """An ISO timestamp as the language writes a date and time (audit values are JSON)."""
    if len(text) >= 19 and text[4] == "-" and text[10] == "T":
        try:
            return format_datetime(datetime.fromisoformat(text).astimezone(UTC), lang)
        except ValueError:
            return text
    return text


# Status fields whose values the catalogue names, by table.
_STATUS_KEYS = {
    "order": "admin_data.orders.status.",
    "payment": "admin_data.orders.status.",
    "certificate": "certificates.status.",
    "webhook_delivery": "webhooks.status.",
}


# An import's summary row (services/imports/steps.py) carries the job's status, whatever
# table the import wrote to.
IMPORT_STATUS_PREFIX = "imports.status."


def _status_prefix(entry: AuditEntry) -> str | None:
    """Where the catalogue names the statuses of this entry: an import's summary row (the
    one that records `import_job_id`) by the job's statuses, other rows by their table's."""
    if any(change.field == "import_job_id" for change in entry.changes):
        return IMPORT_STATUS_PREFIX
    return _STATUS_KEYS.get(entry.table)


def _value(table: str, field: str, text: str, lang: str, status_prefix: str | None) -> str:
    """A stored value as the reader's language says it: yes/no for a flag (an `is_…` or
    `has_…` field), a status by its name (`status_prefix`'s key), a known payment failure
    code as its sentence (with the code), a timestamp as a date and time; anything else as
    stored."""
    if field.startswith(("is_", "has_")) and text in ("True", "False"):
        return translate(f"admin_ux.audit.{text.lower()}", lang)
    if field == "status" and status_prefix and has_key(status_prefix + text):
        return translate(status_prefix + text, lang)
    if table == "payment" and field == "error" and text and has_key(f"payment.reason.{text}"):
        # Only a code the catalogue knows: an unknown one stays as the provider sent it.
        return f"{text}: {payment_reason(text, lang)}"
    return _readable(text, lang)


def _field_label_key(field: str) -> str:
    """The catalogue key naming `field`, or "" when the catalogue has none."""
    key = f"admin_ux.audit.field.{field}"
    return key if has_key(key) else ""


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass
class FieldDiff:
    field: str
    label_key: str  # "admin_ux.audit.field.<field>" when the catalogue has it, else ""
    old: str
    new: str


@dataclass
class AuditRow:
    id: int
    at: str
    actor: str  # "" for the system
    actor_id: str
    action: str
    table: str
    row_id: str
    field_count: int
    changes: list[FieldDiff]  # the one-line diff: an update's changed fields
    details: list[FieldDiff]  # every field, full values


def audit_row(entry: AuditEntry, lang: str) -> AuditRow:
    """The display record of one audit entry, dates in `lang`."""
    status_prefix = _status_prefix(entry)
    # Each field's label and values said once, then cut to the two lengths the page shows.
    said = [
        (
            change.field,
            _field_label_key(change.field),
            _value(entry.table, change.field, change.old, lang, status_prefix),
            _value(entry.table, change.field, change.new, lang, status_prefix),
        )
        for change in entry.changes
    ]

    def diffs(limit: int) -> list[FieldDiff]:
        return [
            FieldDiff(field, label_key, _cut(old, limit), _cut(new, limit))
            for field, label_key, old, new in said
        ]

    details = diffs(DETAIL_LIMIT)
    changes = diffs(SUMMARY_LIMIT) if entry.action == "update" else []
    return AuditRow(
        id=entry.id,
        at=format_datetime(entry.at, lang),
        actor=entry.actor_name,
        actor_id="" if entry.actor_id is None else str(entry.actor_id),
        action=entry.action,
        table=entry.table,
        row_id="" if entry.row_id is None else str(entry.row_id),
        field_count=len(entry.changes),
        changes=changes,
        details=details,
    )


class AdminAuditState(ListPager, rx.State):
    rows: list[AuditRow] = []
    table: str = "all"
    row_id: str = ""
    actor: str = ""
    date_from: str = ""
    date_to: str = ""
    error: str = ""

    def _text_filters(self) -> dict[str, int]:
        return {"row_id": 20, "actor": 20, "date_from": 10, "date_to": 10}

    def _select_filters(self) -> dict[str, tuple[tuple[str, ...], str]]:
        return {"table": (TABLES, "all")}

    async def _fetch(self, user_id: int) -> None:
        lang = await self._lang()
        try:
            date_from = _date_or_none(self.date_from, lang)
            date_to = _date_or_none(self.date_to, lang)
        except ValueError:
            self.error = translate("locale.date_hint", lang)
            self.rows, self.total = [], 0
            return
        try:
            items = await self._read_page(
                audit_log.list_entries,
                user_id,
                read_only=True,
                table="" if self.table == "all" else self.table,
                row_id=_int_or_none(self.row_id),
                by_actor_id=_int_or_none(self.actor),
                date_from=date_from,
                date_to=date_to,
            )
        except Invalid as error:
            # The service's only field errors: a start date after the end date.
            wrong_range = error.field == "date_from"
            self.error = await (
                self._text("admin_ux.audit.bad_range") if wrong_range else self._error_text(error)
            )
            self.rows, self.total = [], 0
            return
        self.error = ""
        self.rows = [audit_row(entry, lang) for entry in items]

    @rx.event
    async def load(self):
        """The table and row may come in the link (`?table=course&row_id=7`)."""
        self._reset_filters()
        params = self.router.url.query_parameters
        table = str(params.get("table", ""))
        self.table = table if table in TABLES else "all"
        self.row_id = str(_int_or_none(params.get("row_id", "")) or "")
        self.error = ""
        await self._restart()
