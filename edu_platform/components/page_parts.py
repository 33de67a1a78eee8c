"""Presets of the learner, teacher and authoring pages: table rows, column grids and
two-pane layouts, the public
"not found / loading / page" switch, and the author editors' frame and buttons, which
those pages would otherwise spell out keyword by keyword.

    table_row(row.title, row.minutes, (row.share, "%"), header=True)
    two_columns(left, right, gap="16px")              # one column on a phone, two wider
    field_grid(start_field, end_field, columns="2")   # form fields with the forms' spacing
    beside_on_wide(main, side_pane(summary, "340px", sticky=True), gap="32px")

The single shapes (column, row, toolbar, block_link, notice, section_card...) are in
components/blocks.py.
"""

from __future__ import annotations

import reflex as rx

from edu_platform import routes
from edu_platform.components import blocks
from edu_platform.components.i18n import tr

# Takes the rest of its row and may shrink below its content's width (a long title that
# must wrap instead of pushing its buttons off the card).
FILL = {"flex": "1", "min_width": "0"}


def table_row(*cells, header: bool = False, **props) -> rx.Component:
    """A table row, one cell a value (or a tuple of children: a value and its unit); with
    `header` the first cell heads its row (th scope=row)."""

    def cell(value, first: bool) -> rx.Component:
        children = value if isinstance(value, tuple) else (value,)
        if header and first:
            return rx.table.row_header_cell(*children)
        return rx.table.cell(*children)

    return rx.table.row(*[cell(value, index == 0) for index, value in enumerate(cells)], **props)


def two_columns(*children, wide_from: str = "md", **props) -> rx.Component:
    """Children in a full-width grid: one column on a phone, two from the `wide_from`
    breakpoint (md: a tablet, lg: a laptop)."""
    columns = rx.breakpoints(initial="1", **{wide_from: "2"})
    return rx.grid(*children, **({"columns": columns, "width": "100%"} | props))


def public_profile(
    state,
    subject: rx.Var,
    missing: tuple[str, str],
    heading_bar,
    body: rx.Component,
) -> rx.Component:
    """A public page of one thing (a course, a teacher) from its `state` (`not_found`,
    `loading`): "not found" (`missing`: icon, message key) with the way back to the catalog,
    placeholders until the `subject` arrived (the heading's bar first), then the page."""
    icon, missing_key = missing
    placeholders = blocks.skeletons(heading_bar, ("20px", "80%"), "300px", spacing="4")
    return rx.cond(
        state.not_found,
        blocks.missing_panel(icon, missing_key, "nav.catalog", routes.CATALOG),
        rx.cond(state.loading | subject.is_none(), placeholders, body),
    )


def beside_on_wide(
    first: rx.Component, second: rx.Component, *, gap: str, second_on_top: bool = True
) -> rx.Component:
    """Two panes side by side from a tablet's width; on a phone one column, the second pane
    on top (the course's summary, the player's lesson) or, with `second_on_top=False`,
    under the first (the cart's lines, then their total)."""
    on_phone = "column-reverse" if second_on_top else "column"
    return rx.flex(
        first,
        second,
        direction=rx.breakpoints(initial=on_phone, md="row"),
        gap=gap,
        width="100%",
        align="start",
    )


def side_pane(child: rx.Component, width: str, *, sticky: bool = False) -> rx.Component:
    """A pane of fixed `width` beside the page's main one (full width on a phone); a
    `sticky` one stays in view under the header while the main pane scrolls."""
    props = {"position": rx.breakpoints(initial="static", md="sticky"), "top": "80px"}
    return rx.box(
        child,
        width=rx.breakpoints(initial="100%", md=width),
        flex_shrink="0",
        **(props if sticky else {}),
    )


def author_editor(state, form: rx.Component, missing: rx.Var, missing_key: str) -> rx.Component:
    """An author's editor (a post, a material) from its `state`: placeholders until it
    loaded, the note `missing_key` while `missing` (not found, not theirs), else the form."""
    refused = (missing, blocks.notice(tr(missing_key)))
    return blocks.when_loaded(state.loaded, form, "240px", refused=refused)


def save_button(state, label_key: str, test_id: str) -> rx.Component:
    """An editor's Save: calls the `state`'s save, spinning while it saves."""
    return rx.button(tr(label_key), on_click=state.save, loading=state.saving, data_testid=test_id)


def preview_toggle(state, preview_key: str, **props) -> rx.Component:
    """The button that switches an editor between its fields and the preview."""
    label = rx.cond(state.preview, tr("blog.editor"), tr(preview_key))
    return rx.button(label, variant="soft", on_click=state.toggle_preview, **props)


def quiet_button(label_key: str, on_click, *, color: str = "gray", size: str = "1") -> rx.Component:
    """A ghost text button: a row's secondary action (report, delete) that does not
    compete with its main one."""
    return rx.button(
        tr(label_key), size=size, variant="ghost", color_scheme=color, on_click=on_click
    )


# Form fields one a line on a phone, two a line from a small tablet's width.
PAIRS_FROM_SM = rx.breakpoints(initial="1", sm="2")


def field_grid(*fields: rx.Component, columns=PAIRS_FROM_SM) -> rx.Component:
    """Form fields in a full-width grid with the forms' spacing (`columns`: a count, or
    breakpoints)."""
    return blocks.tiles(*fields, columns=columns, spacing="3")
