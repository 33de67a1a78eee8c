"""Blocks of the admin and teacher pages: a figure card, the Previous · x / y · Next
buttons and the progress of a background job. A titled card, a table, a list with its
empty state and grey text are in components/blocks.py (section_card, list_or_empty,
muted) and components/tables.py (data_table), shared with the learner pages.

    figure_card(tr("analytics.learners"), S.learners_total, icon="users")
    page_buttons(S.page, S.pages, S.go(S.page - 1), S.go(S.page + 1))
    job_progress(S.percent, S.processed, S.total, S.failed, "imports", test_id="import")
"""

from __future__ import annotations

import reflex as rx

from edu_platform.components import blocks
from edu_platform.components.i18n import tr


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
    """A figure with its name above it (and a `note` under it, an `icon` beside it from a
    tablet's width: two cards abreast on a phone leave a name such as "Administrators" no
    room beside one, and Chromium on Linux cannot hyphenate, so it broke mid-word)."""
    body = rx.vstack(
        blocks.muted(label, style={"overflow_wrap": "break-word", "hyphens": "auto"}),
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
            display=rx.breakpoints(initial="none", sm="flex"),
        )
        body = blocks.row(badge, body, spacing="3")
    return rx.card(body, **props)


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
    return blocks.row(
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
        spacing="3",
    )


def numbered_page_buttons(page: rx.Var, pages: rx.Var, go, keys: str, **props) -> rx.Component:
    """page_buttons for a state whose `go(n)` opens page n; the buttons say `<keys>.prev`
    and `<keys>.next`."""
    return page_buttons(
        page,
        pages,
        go(page - 1),
        go(page + 1),
        prev_key=f"{keys}.prev",
        next_key=f"{keys}.next",
        **props,
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
        blocks.muted(
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
            data_testid=f"{test_id}-counts",
            aria_live="polite",
        ),
    )
