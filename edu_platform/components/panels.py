"""Blocks of the admin and teacher pages: a titled card, a figure card, a plain table, the
Previous · x / y · Next buttons and the progress of a background job.

    section_card("admin_ops.reports.sales", sales_chart(), action=csv_link(S.csv_sales))
    item_stack(S.questions, question_card, muted("authoring.questions.empty"))
    data_table(["analytics.lesson", "analytics.reached"], S.funnel, funnel_row)
    page_buttons(S.page, S.pages, S.go(S.page - 1), S.go(S.page + 1))
    job_progress(S.percent, S.processed, S.total, S.failed, "imports", test_id="import")
"""

from __future__ import annotations

import reflex as rx

from edu_platform.components.i18n import tr


def section_card(
    title_key: str,
    *children: rx.Component,
    action: rx.Component | None = None,
    heading_size: str = "4",
    heading_level: str = "h2",
    spacing: str = "3",
    **card_props,
) -> rx.Component:
    """A card with a heading (and an `action` at its right: a download, a button), then
    `children`."""
    heading = rx.heading(tr(title_key), size=heading_size, as_=heading_level)
    top = (
        heading
        if action is None
        else rx.flex(
            heading, rx.spacer(), action, gap="8px", align="center", wrap="wrap", width="100%"
        )
    )
    return rx.card(
        rx.vstack(top, *children, spacing=spacing, width="100%"),
        **({"width": "100%"} | card_props),
    )


def figure_card(
    label: rx.Var,
    value: rx.Var,
    *,
    note: rx.Component | None = None,
    icon: str = "",
    test_id: str = "",
    value_size: str = "6",
    **props,
) -> rx.Component:
    """A figure with its name above it (and a `note` under it, an `icon` beside it)."""
    body = rx.vstack(
        rx.text(
            label,
            size="2",
            color_scheme="gray",
            style={"overflow_wrap": "anywhere", "hyphens": "auto"},
        ),
        rx.text(value, size=value_size, weight="bold", as_="p", data_testid=test_id or None),
        note if note is not None else rx.fragment(),
        spacing="1",
        min_width="0",
    )
    if icon:
        badge = rx.center(
            rx.icon(icon, size=20, color=rx.color("accent", 11)),
            background=rx.color("accent", 3),
            border_radius="8px",
            padding="8px",
        )
        body = rx.hstack(badge, body, align="center", spacing="3")
    return rx.card(body, **props)


def item_stack(rows: rx.Var, view, empty: rx.Component, *, spacing: str = "2") -> rx.Component:
    """`view` of each of `rows` one under the other, or `empty` when there are none."""
    return rx.cond(
        rows.length() > 0,
        rx.vstack(rx.foreach(rows, view), spacing=spacing, width="100%"),
        empty,
    )


def muted(key: str) -> rx.Component:
    """A short grey note ("No lessons yet")."""
    return rx.text(tr(key), size="2", color_scheme="gray")


def data_table(
    header_keys: list[str], rows: rx.Var, row_view, *, size: str = "1", **table_props
) -> rx.Component:
    """A plain table (column names from message keys), scrolling sideways on phones."""
    return rx.box(
        rx.table.root(
            rx.table.header(
                rx.table.row(*[rx.table.column_header_cell(tr(key)) for key in header_keys])
            ),
            rx.table.body(rx.foreach(rows, row_view)),
            size=size,
            width="100%",
            **table_props,
        ),
        overflow_x="auto",
        width="100%",
    )


def page_buttons(
    page: rx.Var,
    pages: rx.Var,
    on_prev,
    on_next,
    *,
    prev_key: str = "admin_data.prev",
    next_key: str = "admin_data.next",
    page_key: str = "",
    size: str = "2",
    busy: rx.Var | bool = False,
) -> rx.Component:
    """Previous · (Page) page / pages · Next; `busy` disables both buttons."""
    label = (tr(page_key), " ") if page_key else ()
    return rx.hstack(
        rx.button(
            tr(prev_key), on_click=on_prev, disabled=(page <= 1) | busy, variant="soft", size=size
        ),
        rx.text(*label, page, " / ", pages, size="2"),
        rx.button(
            tr(next_key),
            on_click=on_next,
            disabled=(page >= pages) | busy,
            variant="soft",
            size=size,
        ),
        align="center",
        spacing="3",
    )


def job_progress(
    percent: rx.Var,
    processed: rx.Var,
    total: rx.Var,
    failed: rx.Var,
    prefix: str,
    *,
    test_id: str,
    rows_key: str = "",
) -> rx.Component:
    """The progress bar of a background job and "N of M (rows) · K failed" under it; the
    texts are `<prefix>.progress`, `.progress_of`, `.progress_failed`."""
    rows = (" ", tr(rows_key)) if rows_key else ()
    return rx.fragment(
        rx.progress(
            value=percent,
            max=100,
            aria_label=tr(f"{prefix}.progress"),
            width="100%",
            data_testid=f"{test_id}-progress",
        ),
        rx.text(
            processed,
            " ",
            tr(f"{prefix}.progress_of"),
            " ",
            total,
            *rows,
            rx.cond(
                failed > 0,
                rx.text.span(
                    " · ", failed, " ", tr(f"{prefix}.progress_failed"), color=rx.color("red", 11)
                ),
            ),
            size="2",
            color_scheme="gray",
            data_testid=f"{test_id}-counts",
            aria_live="polite",
        ),
    )
