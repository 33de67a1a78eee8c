"""/admin/imports (choose a kind, upload a file, past imports) and
/admin/imports/[import_ref] (live progress bar, then the row errors)."""

from __future__ import annotations

import reflex as rx

from edu_platform import routes
from edu_platform.components import badges, blocks, buttons, tables
from edu_platform.components.admin_layout import admin_page
from edu_platform.components.admin_list import cell, keyed_list_page, list_row, text_cell
from edu_platform.components.buttons import download_button
from edu_platform.components.forms import form_error, keyed, select_field
from edu_platform.components.i18n import tr
from edu_platform.components.panels import job_progress, numbered_page_buttons
from edu_platform.services.import_writes.invitations import INVITE_LINKS
from edu_platform.services.imports import KINDS
from edu_platform.state.admin_imports import (
    UPLOAD_ID,
    AdminImportsState,
    AdminImportState,
    ErrorRow,
    ImportRow,
)
from edu_platform.state.i18n import LangState

STATUS_COLORS = {"queued": "gray", "running": "indigo", "done": "green", "failed": "red"}
ACCEPT = {
    "text/csv": [".csv"],
    "application/x-ndjson": [".jsonl", ".ndjson"],
    "application/json": [".json", ".jsonl"],
    "text/plain": [".txt", ".csv", ".jsonl"],
}


def status_badge(status: rx.Var) -> rx.Component:
    return badges.status_badge(status, "imports.status", STATUS_COLORS)


def kind_label(kind: rx.Var) -> rx.Component:
    return rx.match(kind, *[(name, tr(f"imports.kind.{name}")) for name in KINDS], kind)


# --- /admin/imports ---------------------------------------------------------------------


def kind_select() -> rx.Component:
    return select_field(
        "import-kind",
        "imports.kind_label",
        keyed("imports.kind", KINDS),
        value=AdminImportsState.kind,
        on_change=AdminImportsState.set_kind,
        width="auto",
        min_width="200px",
    )


def upload_button() -> rx.Component:
    return buttons.upload_button(
        UPLOAD_ID,
        "imports.upload",
        ACCEPT,
        AdminImportsState.max_import_bytes,
        AdminImportsState.upload,
        AdminImportsState.upload_rejected,
        loading=AdminImportsState.uploading,
    )


def template_links() -> rx.Component:
    return rx.flex(
        blocks.muted(tr("imports.templates")),
        *[
            download_button(
                tr(f"imports.kind.{kind}"),
                routes.import_template_url(kind),
                size="1",
                icon_size=14,
                data_testid=f"template-{kind}",
            )
            for kind in KINDS
        ],
        gap="8px",
        wrap="wrap",
        align="center",
    )


INVITE_DAYS = INVITE_LINKS.lifetime.days


def invite_checkbox() -> rx.Component:
    """Users imports only: mail the accounts the import creates a set-password link."""
    return rx.cond(
        AdminImportsState.kind == "users",
        rx.vstack(
            rx.checkbox(
                tr("imports.invite"),
                checked=AdminImportsState.invite,
                on_change=AdminImportsState.set_invite,
                id="import-invite",
            ),
            blocks.muted(
                tr("imports.invite_hint").to(str).replace("{days}", str(INVITE_DAYS)), size="1"
            ),
            spacing="1",
        ),
    )


def upload_card() -> rx.Component:
    return blocks.stacked_card(
        blocks.muted(tr("imports.intro")),
        rx.flex(
            kind_select(),
            upload_button(),
            gap="16px",
            wrap="wrap",
            align="end",
        ),
        invite_checkbox(),
        rx.text(
            tr("imports.columns"),
            " ",
            rx.code(AdminImportsState.columns, size="2"),
            size="2",
            data_testid="import-columns",
        ),
        blocks.muted(
            tr("imports.limit"),
            " ",
            AdminImportsState.max_import_mb,
            size="1",
        ),
        form_error(AdminImportsState.upload_error, data_testid="import-upload-error"),
        template_links(),
    )


def import_row(row: ImportRow) -> rx.Component:
    return list_row(
        "import-row",
        rx.table.cell(
            rx.vstack(
                rx.link(row.filename, href=row.url, weight="medium", size="2"),
                blocks.muted(kind_label(row.kind), size="1"),
                spacing="1",
            )
        ),
        rx.table.cell(status_badge(row.status)),
        text_cell(row.processed, " / ", row.total, nowrap=True),
        rx.table.cell(
            rx.text(row.failed, size="2", color_scheme=rx.cond(row.failed > 0, "red", "gray")),
        ),
        cell(rx.text(row.created[LangState.lang].to(str), size="2"), wide=True, nowrap=True),
    )


def imports_content() -> rx.Component:
    return keyed_list_page(
        AdminImportsState,
        "imports",
        "import-history",
        ["file", "status", "rows", "failed", "created"],
        wide={"created"},
        before=(upload_card(), rx.heading(tr("imports.history"), size="5")),
        row_view=import_row,
    )


admin_imports_page = admin_page(routes.ADMIN_IMPORTS, AdminImportsState.access, imports_content)


# --- /admin/imports/[import_ref] ----------------------------------------------------------


def moment(label_key: str, dates: rx.Var) -> rx.Component:
    """ "<label> <date and time>" in small grey text; `dates` is the moment in each language."""
    return blocks.muted(tr(label_key), " ", dates[LangState.lang].to(str), size="1")


def progress_card() -> rx.Component:
    S = AdminImportState
    return blocks.stacked_card(
        blocks.toolbar(
            rx.text(S.filename, weight="medium", size="3"),
            rx.badge(kind_label(S.kind), variant="outline"),
            rx.cond(
                S.invite,
                rx.badge(tr("imports.invites_badge"), variant="soft", data_testid="import-invites"),
            ),
            rx.spacer(),
            status_badge(S.status),
            gap="8px",
        ),
        job_progress(
            S.percent,
            S.processed,
            S.total,
            S.failed,
            "imports",
            test_id="import",
            rows_key="imports.progress_rows",
        ),
        rx.flex(
            moment("imports.uploaded_at", S.created),
            rx.cond(
                S.finished[LangState.lang].to(str) != "",
                moment("imports.finished_at", S.finished),
            ),
            gap="16px",
            wrap="wrap",
        ),
        rx.cond(
            (S.status == "failed") & (S.error_text != ""),
            rx.callout(
                rx.text(tr("imports.job_failed"), " ", S.error_text),
                icon="circle-x",
                color_scheme="red",
                role="alert",
                width="100%",
            ),
        ),
    )


def error_row(item: ErrorRow) -> rx.Component:
    return rx.table.row(
        text_cell(item.row),
        rx.table.cell(rx.code(item.field, size="1")),
        text_cell(item.message),
        data_testid="import-error-row",
    )


def errors_card() -> rx.Component:
    S = AdminImportState
    table = tables.data_table(
        ["imports.errors.row", "imports.errors.field", "imports.errors.message"],
        S.errors,
        error_row,
        size="1",
        variant="surface",
    )
    pager = blocks.toolbar(
        blocks.muted(tr("imports.errors.total"), " ", S.errors_total),
        rx.spacer(),
        numbered_page_buttons(
            S.errors_page, S.errors_pages, S.errors_go, "imports", page_key="imports.page", size="1"
        ),
    )
    return blocks.section_card(
        "imports.errors.title",
        rx.cond(
            S.errors_total > 0,
            blocks.column(table, pager),
            rx.callout(
                rx.cond(S.running, tr("imports.errors.waiting"), tr("imports.errors.none")),
                icon="info",
                width="100%",
            ),
        ),
        action=rx.cond(
            S.errors_total > 0,
            download_button(tr("imports.errors.download"), S.errors_csv_url, icon_size=14),
        ),
        heading_level="h2",
    )


def import_content() -> rx.Component:
    S = AdminImportState
    return blocks.column(
        rx.link(
            rx.hstack(rx.icon("arrow-left", size=16), tr("imports.back"), align="center"),
            href=routes.ADMIN_IMPORTS,
            size="2",
        ),
        rx.cond(
            S.found,
            blocks.column(
                rx.heading(tr("imports.detail.title"), S.job_id, size="7"),
                progress_card(),
                errors_card(),
                spacing="4",
            ),
            rx.callout(tr("imports.not_found"), icon="search-x", width="100%"),
        ),
        spacing="4",
    )


admin_import_page = admin_page(routes.ADMIN_IMPORTS, AdminImportState.access, import_content)
