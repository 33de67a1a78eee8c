"""/admin/audit: the audit trail with old and new values side by side."""

from __future__ import annotations

import reflex as rx

from edu_platform import routes
from edu_platform.components.admin_layout import admin_layout
from edu_platform.components.i18n import tr
from edu_platform.components.layout import page
from edu_platform.services.audit_log import AuditEntry, FieldChange
from edu_platform.state.admin_audit import AdminAuditState

ACTION_COLORS = {"insert": "green", "update": "amber", "delete": "red"}


def filter_field(name: str, key: str, type_: str = "text", value=None) -> rx.Component:
    field_id = f"audit-{name}"
    return rx.vstack(
        rx.el.label(rx.text(tr(key), size="1"), html_for=field_id),
        rx.input(id=field_id, name=name, type=type_, default_value=value, size="2"),
        spacing="1",
    )


def filters() -> rx.Component:
    return rx.form(
        rx.flex(
            rx.vstack(
                rx.el.label(rx.text(tr("admin_ops.audit.table"), size="1"), html_for="audit-table"),
                rx.select.root(
                    rx.select.trigger(
                        id="audit-table",
                        aria_label=tr("admin_ops.audit.table"),
                        placeholder=tr("admin_ops.audit.all_tables"),
                    ),
                    rx.select.content(
                        rx.select.item(tr("admin_ops.audit.all_tables"), value="all"),
                        rx.foreach(
                            AdminAuditState.tables, lambda name: rx.select.item(name, value=name)
                        ),
                    ),
                    name="table",
                    default_value=rx.cond(
                        AdminAuditState.table != "", AdminAuditState.table, "all"
                    ),
                ),
                spacing="1",
            ),
            filter_field("row_id", "admin_ops.audit.row", "number", AdminAuditState.row_id),
            filter_field("actor", "admin_ops.audit.actor", "number", AdminAuditState.actor),
            filter_field("date_from", "admin_ops.audit.from", "date", AdminAuditState.date_from),
            filter_field("date_to", "admin_ops.audit.to", "date", AdminAuditState.date_to),
            rx.button(tr("admin_ops.audit.apply"), type="submit", loading=AdminAuditState.loading),
            gap="12px",
            wrap="wrap",
            align="end",
        ),
        method="post",
        on_submit=AdminAuditState.apply_filters,
    )


def change_row(change: FieldChange) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.code(change.field, size="1")),
        rx.table.cell(
            rx.text(change.old, size="1", color_scheme="red", style={"word_break": "break-all"})
        ),
        rx.table.cell(
            rx.text(change.new, size="1", color_scheme="green", style={"word_break": "break-all"})
        ),
    )


def entry_card(entry: AuditEntry) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.flex(
                rx.badge(
                    rx.match(
                        entry.action,
                        *[(a, tr(f"admin_ops.action.{a}")) for a in ACTION_COLORS],
                        entry.action,
                    ),
                    color_scheme=rx.match(entry.action, *ACTION_COLORS.items(), "gray"),
                ),
                rx.code(entry.table, " #", entry.row_id.to_string()),
                rx.spacer(),
                rx.text(
                    rx.cond(entry.actor_name != "", entry.actor_name, tr("admin_ops.audit.system")),
                    size="2",
                    weight="medium",
                ),
                rx.moment(entry.at, format="YYYY-MM-DD HH:mm:ss", size="1"),
                gap="8px",
                wrap="wrap",
                align="center",
                width="100%",
            ),
            rx.table.root(
                rx.table.header(
                    rx.table.row(
                        rx.table.column_header_cell(tr("admin_ops.audit.field")),
                        rx.table.column_header_cell(tr("admin_ops.audit.old")),
                        rx.table.column_header_cell(tr("admin_ops.audit.new")),
                    )
                ),
                rx.table.body(rx.foreach(entry.changes, change_row)),
                size="1",
                width="100%",
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
        data_testid="audit-entry",
    )


def pager() -> rx.Component:
    return rx.hstack(
        rx.button(
            tr("admin_ops.prev"),
            variant="soft",
            disabled=AdminAuditState.current_page <= 1,
            on_click=AdminAuditState.go_to_page(AdminAuditState.current_page - 1),
        ),
        rx.text(AdminAuditState.current_page, " / ", AdminAuditState.pages, size="2"),
        rx.button(
            tr("admin_ops.next"),
            variant="soft",
            disabled=AdminAuditState.current_page >= AdminAuditState.pages,
            on_click=AdminAuditState.go_to_page(AdminAuditState.current_page + 1),
        ),
        align="center",
        justify="center",
        width="100%",
    )


def content() -> rx.Component:
    return rx.vstack(
        rx.heading(tr("admin_ops.audit.title"), size="6"),
        filters(),
        rx.cond(
            AdminAuditState.error != "",
            rx.callout(AdminAuditState.error, color_scheme="red", icon="triangle-alert"),
        ),
        rx.text(tr("admin_ops.audit.total"), " ", AdminAuditState.total, size="2"),
        rx.cond(
            AdminAuditState.total == 0,
            rx.callout(tr("admin_ops.audit.empty"), icon="info", width="100%"),
            rx.vstack(rx.foreach(AdminAuditState.entries, entry_card), spacing="3", width="100%"),
        ),
        pager(),
        spacing="4",
        width="100%",
    )


@page
def admin_audit_page() -> rx.Component:
    return admin_layout(routes.ADMIN_AUDIT, AdminAuditState.access, content())
