"""/admin/imports (choose a kind, upload a file, past imports) and
/admin/imports/[import_ref] (live progress bar, then the row errors)."""

from __future__ import annotations

import reflex as rx

from edu_platform import routes
from edu_platform.components.a11y import accessible_upload
from edu_platform.components.admin_layout import admin_layout
from edu_platform.components.admin_list import WIDE_ONLY, header, list_page
from edu_platform.components.forms import select_field
from edu_platform.components.i18n import tr
from edu_platform.components.layout import page
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
    return rx.match(
        status,
        *[
            (name, rx.badge(tr(f"imports.status.{name}"), color_scheme=color))
            for name, color in STATUS_COLORS.items()
        ],
        rx.fragment(),
    )


def kind_label(kind: rx.Var) -> rx.Component:
    return rx.match(kind, *[(name, tr(f"imports.kind.{name}")) for name in KINDS], kind)


def download_link(label: rx.Component | rx.Var, href, size: str = "2", **props) -> rx.Component:
    """A plain <a download> the browser follows itself (rx.el.a is React Router's Link,
    which would route /api/... inside the SPA; reload_document hands the click back)."""
    return rx.button(
        rx.el.a(
            rx.icon("download", size=14),
            label,
            href=href,
            download=True,
            reload_document=True,
        ),
        as_child=True,
        variant="soft",
        size=size,
        **props,
    )


# --- /admin/imports ---------------------------------------------------------------------


def kind_select() -> rx.Component:
    return select_field(
        "import-kind",
        "imports.kind_label",
        [(kind, f"imports.kind.{kind}") for kind in KINDS],
        value=AdminImportsState.kind,
        on_change=AdminImportsState.set_kind,
        width="auto",
        min_width="200px",
    )


def upload_button() -> rx.Component:
    return accessible_upload(
        rx.button(
            rx.icon("upload", size=16),
            tr("imports.upload"),
            type="button",
            loading=AdminImportsState.uploading,
        ),
        label=tr("imports.upload"),
        id=UPLOAD_ID,
        accept=ACCEPT,
        max_files=1,
        multiple=False,
        max_size=AdminImportsState.max_import_bytes,
        on_drop=AdminImportsState.upload(rx.upload_files(upload_id=UPLOAD_ID)),
        on_drop_rejected=AdminImportsState.upload_rejected,
        border="none",
        padding="0",
    )


def template_links() -> rx.Component:
    return rx.flex(
        rx.text(tr("imports.templates"), size="2", color_scheme="gray"),
        *[
            download_link(
                tr(f"imports.kind.{kind}"),
                routes.import_template_url(kind),
                size="1",
                data_testid=f"template-{kind}",
            )
            for kind in KINDS
        ],
        gap="8px",
        wrap="wrap",
        align="center",
    )


def upload_card() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.text(tr("imports.intro"), size="2", color_scheme="gray"),
            rx.flex(
                kind_select(),
                upload_button(),
                gap="16px",
                wrap="wrap",
                align="end",
            ),
            rx.text(
                tr("imports.columns"),
                " ",
                rx.code(AdminImportsState.columns, size="2"),
                size="2",
                data_testid="import-columns",
            ),
            rx.text(
                tr("imports.limit"),
                " ",
                AdminImportsState.max_import_mb,
                size="1",
                color_scheme="gray",
            ),
            rx.cond(
                AdminImportsState.upload_error != "",
                rx.callout(
                    AdminImportsState.upload_error,
                    icon="triangle-alert",
                    color_scheme="red",
                    role="alert",
                    width="100%",
                    data_testid="import-upload-error",
                ),
            ),
            template_links(),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def import_row(row: ImportRow) -> rx.Component:
    return rx.table.row(
        rx.table.cell(
            rx.vstack(
                rx.link(row.filename, href=row.url, weight="medium", size="2"),
                rx.text(kind_label(row.kind), size="1", color_scheme="gray"),
                spacing="1",
            )
        ),
        rx.table.cell(status_badge(row.status)),
        rx.table.cell(rx.text(row.processed, " / ", row.total, size="2"), white_space="nowrap"),
        rx.table.cell(
            rx.text(row.failed, size="2", color_scheme=rx.cond(row.failed > 0, "red", "gray")),
        ),
        rx.table.cell(
            rx.text(row.created[LangState.lang].to(str), size="2"),
            white_space="nowrap",
            display=WIDE_ONLY,
        ),
        data_testid="import-row",
        align="center",
    )


def imports_content() -> rx.Component:
    return list_page(
        AdminImportsState,
        title_key="imports.title",
        before=(upload_card(), rx.heading(tr("imports.history"), size="5")),
        filters=rx.fragment(),
        headers=[
            header("imports.col.file"),
            header("imports.col.status"),
            header("imports.col.rows"),
            header("imports.col.failed"),
            header("imports.col.created", wide_only=True),
        ],
        row_view=import_row,
        empty_key="imports.empty",
        test_id="import-history",
    )


@page
def admin_imports_page() -> rx.Component:
    return admin_layout(routes.ADMIN_IMPORTS, AdminImportsState.access, imports_content())


# --- /admin/imports/[import_ref] ----------------------------------------------------------


def progress_card() -> rx.Component:
    S = AdminImportState
    return rx.card(
        rx.vstack(
            rx.flex(
                rx.text(S.filename, weight="medium", size="3"),
                rx.badge(kind_label(S.kind), variant="outline"),
                rx.spacer(),
                status_badge(S.status),
                gap="8px",
                align="center",
                wrap="wrap",
                width="100%",
            ),
            rx.progress(
                value=S.percent,
                max=100,
                aria_label=tr("imports.progress"),
                width="100%",
                data_testid="import-progress",
            ),
            rx.text(
                S.processed,
                " ",
                tr("imports.progress_of"),
                " ",
                S.total,
                " ",
                tr("imports.progress_rows"),
                rx.cond(
                    S.failed > 0,
                    rx.text.span(
                        " · ",
                        S.failed,
                        " ",
                        tr("imports.progress_failed"),
                        color=rx.color("red", 11),
                    ),
                ),
                size="2",
                color_scheme="gray",
                data_testid="import-counts",
                aria_live="polite",
            ),
            rx.flex(
                rx.text(
                    tr("imports.uploaded_at"),
                    " ",
                    S.created[LangState.lang].to(str),
                    size="1",
                    color_scheme="gray",
                ),
                rx.cond(
                    S.finished[LangState.lang].to(str) != "",
                    rx.text(
                        tr("imports.finished_at"),
                        " ",
                        S.finished[LangState.lang].to(str),
                        size="1",
                        color_scheme="gray",
                    ),
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
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def error_row(item: ErrorRow) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(item.row, size="2")),
        rx.table.cell(rx.code(item.field, size="1")),
        rx.table.cell(rx.text(item.message, size="2")),
        data_testid="import-error-row",
    )


def errors_card() -> rx.Component:
    S = AdminImportState
    table = rx.box(
        rx.table.root(
            rx.table.header(
                rx.table.row(
                    rx.table.column_header_cell(tr("imports.errors.row"), width="80px"),
                    rx.table.column_header_cell(tr("imports.errors.field"), width="140px"),
                    rx.table.column_header_cell(tr("imports.errors.message")),
                )
            ),
            rx.table.body(rx.foreach(S.errors, error_row)),
            variant="surface",
            size="1",
            width="100%",
        ),
        overflow_x="auto",
        width="100%",
    )
    pager = rx.hstack(
        rx.text(tr("imports.errors.total"), " ", S.errors_total, size="2", color_scheme="gray"),
        rx.spacer(),
        rx.button(
            tr("imports.prev"),
            on_click=S.errors_go(S.errors_page - 1),
            disabled=S.errors_page <= 1,
            variant="soft",
            size="1",
        ),
        rx.text(tr("imports.page"), " ", S.errors_page, " / ", S.errors_pages, size="2"),
        rx.button(
            tr("imports.next"),
            on_click=S.errors_go(S.errors_page + 1),
            disabled=S.errors_page >= S.errors_pages,
            variant="soft",
            size="1",
        ),
        align="center",
        spacing="3",
        width="100%",
        wrap="wrap",
    )
    return rx.card(
        rx.vstack(
            rx.flex(
                rx.heading(tr("imports.errors.title"), size="4"),
                rx.spacer(),
                rx.cond(
                    S.errors_total > 0,
                    download_link(tr("imports.errors.download"), S.errors_csv_url, size="2"),
                ),
                gap="8px",
                align="center",
                wrap="wrap",
                width="100%",
            ),
            rx.cond(
                S.errors_total > 0,
                rx.vstack(table, pager, spacing="3", width="100%"),
                rx.callout(
                    rx.cond(S.running, tr("imports.errors.waiting"), tr("imports.errors.none")),
                    icon="info",
                    width="100%",
                ),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def import_content() -> rx.Component:
    S = AdminImportState
    return rx.vstack(
        rx.link(
            rx.hstack(rx.icon("arrow-left", size=16), tr("imports.back"), align="center"),
            href=routes.ADMIN_IMPORTS,
            size="2",
        ),
        rx.cond(
            S.found,
            rx.vstack(
                rx.heading(tr("imports.detail.title"), S.job_id, size="7"),
                progress_card(),
                errors_card(),
                spacing="4",
                width="100%",
            ),
            rx.callout(tr("imports.not_found"), icon="search-x", width="100%"),
        ),
        spacing="4",
        width="100%",
    )


@page
def admin_import_page() -> rx.Component:
    return admin_layout(routes.ADMIN_IMPORTS, AdminImportState.access, import_content())
