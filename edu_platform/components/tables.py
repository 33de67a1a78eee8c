"""Tables of the learner, teacher and admin pages, and how they fold on a phone.

A column can be wide-only: hidden below the `sm` breakpoint, its content then shown in the
row's first cell inside a PHONE_ONLY box, so a row fits a 375 px screen with its buttons
(components/admin_list: cell(wide=True), phone_only, columns(wide=...)).

    data_table(["reports.course", "reports.count"], S.rows, row_view,
               wide=frozenset({"reports.count"}), size="1")
"""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx

from edu_platform.components.i18n import tr

WIDE_ONLY = rx.breakpoints(initial="none", sm="table-cell")
PHONE_ONLY = rx.breakpoints(initial="block", sm="none")


def header_cell(key: str, *, wide_only: bool = False) -> rx.Component:
    """A column header, the message `key`; `wide_only`: hidden on phones."""
    if wide_only:
        return rx.table.column_header_cell(tr(key), display=WIDE_ONLY)
    return rx.table.column_header_cell(tr(key))


def data_table(
    header_keys: list[str],
    rows: rx.Var,
    row_view: Callable,
    *,
    wide: frozenset[str] = frozenset(),
    **table,
) -> rx.Component:
    """A table that scrolls sideways on a narrow screen: one column header a message key,
    one row a `row_view(item)` (rx.table.row). The columns of the keys in `wide` are hidden
    on phones (the row view hides their cells too). `table` styles the table (size, variant)."""
    headers = [header_cell(key, wide_only=key in wide) for key in header_keys]
    return rx.box(
        rx.table.root(
            rx.table.header(rx.table.row(*headers)),
            rx.table.body(rx.foreach(rows, row_view)),
            **({"width": "100%"} | table),
        ),
        overflow_x="auto",
        width="100%",
    )
