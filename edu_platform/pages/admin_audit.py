"""/admin/audit: the audit trail, one compact row per event (changed fields only, old →
new), every field in collapsible details; names translated, values shown as text."""

from __future__ import annotations

import reflex as rx

from edu_platform import routes
from edu_platform.components import admin_list as lists
from edu_platform.components import blocks, tables
from edu_platform.components.admin_layout import admin_page
from edu_platform.components.badges import status_badge
from edu_platform.components.forms import form_error, keyed
from edu_platform.components.i18n import tr, tr_var
from edu_platform.state.admin_audit import TABLES, AdminAuditState, AuditRow, FieldDiff

S = AdminAuditState
ACTION_COLORS = {"insert": "green", "update": "indigo", "delete": "red"}
FIELD_PREFIX = "admin_ux.audit.field."
TABLE_OPTIONS = keyed("admin_ux.audit.table", TABLES)


def field_label(change: FieldDiff) -> rx.Component:
    return rx.cond(change.label_key != "", tr_var(change.label_key, FIELD_PREFIX), change.field)


def value_text(value, color: str) -> rx.Component:
    return rx.cond(
        value != "",
        rx.text.span(value, color=rx.color(color, 11), style={"word_break": "break-word"}),
        rx.text.span(tr("admin_ux.audit.empty_value"), color=rx.color("gray", 11)),
    )


def change_line(change: FieldDiff) -> rx.Component:
    """`Role: student → teacher` on one line."""
    return rx.text(
        rx.text.strong(field_label(change)),
        ": ",
        value_text(change.old, "red"),
        " → ",
        value_text(change.new, "green"),
        size="1",
        data_testid="audit-change",
    )


def detail_row(change: FieldDiff) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(field_label(change)),
        rx.table.cell(value_text(change.old, "red")),
        rx.table.cell(value_text(change.new, "green")),
    )


def details(row: AuditRow) -> rx.Component:
    return rx.el.details(
        rx.el.summary(
            tr("admin_ux.audit.details"),
            " (",
            row.field_count,
            ")",
            style={"cursor": "pointer", "font_size": "12px", "color": rx.color("accent", 11)},
        ),
        rx.box(
            tables.data_table(
                ["admin_ops.audit.field", "admin_ops.audit.old", "admin_ops.audit.new"],
                row.details,
                detail_row,
                size="1",
            ),
            max_width="min(640px, 85vw)",
            margin_top="4px",
        ),
    )


def action_badge(row: AuditRow) -> rx.Component:
    return status_badge(row.action, "admin_ops.action", ACTION_COLORS, data_testid="audit-action")


def summary(row: AuditRow) -> rx.Component:
    return rx.vstack(
        rx.cond(
            row.action == "update",
            rx.cond(
                row.changes.length() > 0,
                rx.vstack(rx.foreach(row.changes, change_line), spacing="0"),
                blocks.muted(tr("admin_ux.audit.no_changes"), size="1"),
            ),
            blocks.muted(tr("admin_ux.audit.fields"), " ", row.field_count, size="1"),
        ),
        rx.cond(row.field_count > 0, details(row)),
        spacing="1",
        align="start",
    )


def who(row: AuditRow) -> rx.Component:
    return rx.cond(
        row.actor != "",
        rx.text(row.actor, " #", row.actor_id, size="1"),
        blocks.muted(tr("admin_ops.audit.system"), size="1"),
    )


def record(row: AuditRow) -> rx.Component:
    table_name = rx.match(
        row.table,
        *[(name, tr(f"admin_ux.audit.table.{name}")) for name in TABLES if name != "all"],
        row.table,
    )
    return rx.vstack(
        rx.text(
            table_name, rx.cond(row.row_id != "", " #" + row.row_id, ""), size="2", weight="medium"
        ),
        lists.phone_only(action_badge(row)),
        lists.phone_only(blocks.muted(row.at, size="1")),
        lists.phone_only(who(row)),
        spacing="1",
    )


def audit_row(row: AuditRow) -> rx.Component:
    return rx.table.row(
        lists.cell(rx.text(row.at, size="1"), white_space="nowrap", wide=True),
        lists.cell(who(row), wide=True),
        lists.cell(action_badge(row), wide=True),
        rx.table.cell(record(row)),
        rx.table.cell(summary(row)),
        data_testid="audit-entry",
    )


def content() -> rx.Component:
    return lists.list_page(
        S,
        title_key="admin_ops.audit.title",
        before=(form_error(S.error),),
        search=(
            lists.text_filter("audit-row", "row_id", "admin_ux.audit.row_filter", S.row_id),
            lists.text_filter("audit-actor", "actor", "admin_ux.audit.actor_filter", S.actor),
            # Dates typed in the language's order (a native date input follows the
            # browser's locale, not the page's language).
            lists.text_filter(
                "audit-from",
                "date_from",
                "admin_ux.audit.from",
                S.date_from,
                "locale.date_placeholder",
            ),
            lists.text_filter(
                "audit-to", "date_to", "admin_ux.audit.to", S.date_to, "locale.date_placeholder"
            ),
        ),
        choices=(
            lists.choice_filter(S, "table", "audit-table", "admin_ops.audit.table", TABLE_OPTIONS),
        ),
        headers=lists.columns(
            "admin_ux.audit",
            ["when", "who", "action", "record", "changes"],
            wide={"when", "who", "action"},
        ),
        row_view=audit_row,
        empty_key="admin_ops.audit.empty",
        test_id="audit-log",
    )


admin_audit_page = admin_page(routes.ADMIN_AUDIT, S.access, content)
