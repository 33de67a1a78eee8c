"""The one list page of the admin and teacher areas: filter fields with visible labels, the
results area (table, empty callout, loading state) and the pager, for a state mixing in
ListPager (state/admin_lists.py). Stateless: the page passes its state.

    def course_row(row):                     # the row: cells, the wide ones hide on phones
        return list_row(
            "admin-course-row",
            rx.table.cell(rx.vstack(rx.text(row.title), phone_only(rx.text(row.price)))),
            text_cell(row.price, wide=True, nowrap=True),
            rx.table.cell(row_flag(S, row, row.published, S.set_published, row.title, ...)),
        )

    keyed_list_page(                         # title, headers, empty note: admin_data.courses.*
        AdminCoursesState,
        "admin_data.courses",
        "admin-courses",
        ["title", "price"],
        wide={"price"},
        actions=True,
        search=(hinted_filter(S, "admin-courses", "q", "admin_data.courses.search"),),
        choices=keyed_filters(S, "admin-courses", "admin_data.courses", status=STATUSES,
                              sort=SORTS),
        row_view=course_row,
        after=(a_confirm_dialog(),),
    )

A list whose keys do not share one prefix calls list_page(title_key=..., headers=columns(...),
empty_key=..., test_id=...) with text_filter and choice_filter.

Example: pages/admin_courses.py. Row buttons, badges and dialogs: components/buttons.py,
badges.py, dialogs.py.
"""

from __future__ import annotations

import reflex as rx

from edu_platform.components import blocks
from edu_platform.components.buttons import flag_button, submit_button
from edu_platform.components.forms import field_row, form_field, keyed, select_field
from edu_platform.components.i18n import tr
from edu_platform.components.panels import page_buttons
from edu_platform.components.tables import PHONE_ONLY, WIDE_ONLY, header_cell


def cell(child: rx.Component, *, wide: bool = False, nowrap: bool = False, **props):
    """A table cell; `wide`: shown from `sm` up only (the row's first cell repeats what
    matters of it on phones, in `phone_only`)."""
    if wide:
        props["display"] = WIDE_ONLY
    if nowrap:
        props["white_space"] = "nowrap"
    return rx.table.cell(child, **props)


def text_cell(*parts, wide: bool = False, nowrap: bool = False, **props) -> rx.Component:
    """A cell of plain text (`parts` joined, like rx.text's children)."""
    return cell(rx.text(*parts, size="2"), wide=wide, nowrap=nowrap, **props)


def list_row(test_id: str, *cells: rx.Component) -> rx.Component:
    """One row of a list's table, its cells centred on the row's middle line."""
    return rx.table.row(*cells, align="center", data_testid=test_id)


def person_cell(name, detail, *below: rx.Component) -> rx.Component:
    """A row's first cell: who it is (a name, an email) over a grey `detail` (the email,
    the name), then what the row shows `below` it (phone_only lines).

    A long email may break anywhere: a table column is never narrower than its longest
    unbreakable word, and on a 375 px phone an address like
    "polina.morozova@example.com" pushed the row's last button past the table's edge."""
    return rx.table.cell(
        rx.vstack(
            rx.text(name, size="2", weight="medium", overflow_wrap="anywhere"),
            blocks.muted(detail, size="1", overflow_wrap="anywhere"),
            *below,
            spacing="1",
        )
    )


def row_flag(state, row, flag: rx.Var, set_flag, subject, *, clear, set_) -> rx.Component:
    """The flag_button of one row of a ListPager list: `set_flag(row.id, value)`, spinning
    while the state works on that row (its `busy_id`)."""
    busy = state.busy_id == row.id
    return flag_button(flag, set_flag, row.id, subject, clear=clear, set_=set_, busy=busy)


def phone_only(*children: rx.Component, **props) -> rx.Component:
    """What a row shows under its first cell on phones only (its wide cells are hidden)."""
    return rx.box(*children, display=PHONE_ONLY, **props)


def text_filter(
    field_id: str,
    name: str,
    label_key: str,
    value: rx.Var,
    placeholder_key: str = "",
    *,
    type_: str = "search",
) -> rx.Component:
    control = rx.input(
        id=field_id,
        name=name,
        type=type_,
        default_value=value,
        placeholder=tr(placeholder_key) if placeholder_key else "",
        width="100%",
    )
    return form_field(
        field_id,
        label_key,
        control,
        width="auto",
        flex="1",
        min_width=rx.breakpoints(initial="100%", sm="160px"),
    )


def hinted_filter(state, id_prefix: str, name: str, label_key: str) -> rx.Component:
    """The text filter bound to the state's `name`: field `<id_prefix>-<name>`, label
    `label_key`, its placeholder `<label_key>_hint`."""
    return text_filter(
        f"{id_prefix}-{name}", name, label_key, getattr(state, name), f"{label_key}_hint"
    )


def select_filter(
    select_id: str, label_key: str, value: rx.Var, on_change, options: list[tuple[str, str]]
) -> rx.Component:
    """A labelled select that applies at once; `options` are (value, message key)."""
    return select_field(
        select_id,
        label_key,
        options,
        value=value,
        on_change=on_change,
        width="auto",
        min_width=rx.breakpoints(initial="100%", sm="140px"),
    )


def choice_filter(
    state, name: str, select_id: str, label_key: str, options: list[tuple[str, str]]
) -> rx.Component:
    """A select filter bound to the ListPager state's filter `name` (set_filter)."""
    return select_filter(
        select_id,
        label_key,
        getattr(state, name),
        lambda value: state.set_filter(name, value),
        options,
    )


def sort_filter(state, select_id: str, key_prefix: str, sorts) -> rx.Component:
    """The "Sort by" select: the state's `sort` filter, labels `<key_prefix>.<sort>`."""
    return choice_filter(state, "sort", select_id, "admin_data.sort", keyed(key_prefix, sorts))


def keyed_filters(state, id_prefix: str, key_prefix: str, **options) -> tuple[rx.Component, ...]:
    """The select filters of a list page whose ids and message keys follow one pattern:
    `name=values` gives the select `<id_prefix>-<name>` labelled `<key_prefix>.<name>`,
    each value's label `<key_prefix>.<name>.<value>`; `sort=` is the "Sort by" select."""
    return tuple(
        sort_filter(state, f"{id_prefix}-sort", f"{key_prefix}.sort", values)
        if name == "sort"
        else choice_filter(
            state,
            name,
            f"{id_prefix}-{name}",
            f"{key_prefix}.{name}",
            keyed(f"{key_prefix}.{name}", values),
        )
        for name, values in options.items()
    )


def filter_bar(
    text_fields: list[rx.Component],
    on_submit,
    loading: rx.Var,
    *selects: rx.Component,
    submit_key: str = "admin_data.apply",
) -> rx.Component:
    """Text filters in one form with an Apply button, then selects that apply at once."""
    form = rx.form(
        field_row(
            *text_fields,
            submit_button(submit_key, icon="search", loading=loading),
        ),
        method="post",
        on_submit=on_submit,
        no_validate=True,
        reset_on_submit=False,
        flex="2",
        min_width=rx.breakpoints(initial="100%", sm="280px"),
    )
    return field_row(form, *selects)


def results(
    rows: rx.Var,
    loading: rx.Var,
    headers: list[rx.Component],
    row_view,
    empty_key: str,
    test_id: str,
) -> rx.Component:
    """The table of `rows` (greyed out and marked busy while a new page loads), or a callout
    when nothing matches."""
    return rx.cond(
        rows.length() > 0,
        rx.box(
            rx.table.root(
                rx.table.header(rx.table.row(*headers)),
                rx.table.body(rx.foreach(rows, row_view)),
                variant="surface",
                size="2",
                width="100%",
            ),
            overflow_x="auto",
            width="100%",
            opacity=rx.cond(loading, "0.5", "1"),
            aria_busy=rx.cond(loading, "true", "false"),
            data_testid=test_id,
        ),
        rx.cond(
            loading,
            rx.skeleton(height="120px", width="100%"),
            rx.callout(tr(empty_key), icon="search-x", width="100%"),
        ),
    )


def columns(
    key_prefix: str,
    names: list[str],
    *,
    wide: set[str] | frozenset[str] = frozenset(),
    actions: bool = False,
) -> list[rx.Component]:
    """The header cells `<key_prefix>.<name>`; those in `wide` only from `sm` up (their
    content moves into the first cell on phones); `actions` ends with the Actions column."""
    cells = [header_cell(f"{key_prefix}.{name}", wide_only=name in wide) for name in names]
    return [*cells, header_cell("admin_data.col.actions")] if actions else cells


def pager(state) -> rx.Component:
    """Found N · Previous · page x / y · Next, for a state mixing in ListPager."""
    return blocks.toolbar(
        blocks.row(
            blocks.muted(tr("admin_data.found"), " ", state.total),
            rx.cond(state.loading, rx.spinner(size="1")),
        ),
        rx.spacer(),
        page_buttons(
            state.current_page,
            state.pages,
            state.prev_page,
            state.next_page,
            page_key="admin_data.page",
            busy=state.loading,
        ),
    )


def list_page(
    state,
    *,
    title_key: str = "",
    heading: rx.Component | None = None,
    search: tuple[rx.Component, ...] = (),
    choices: tuple[rx.Component, ...] = (),
    submit_key: str = "admin_data.apply",
    headers: list[rx.Component],
    row_view,
    empty_key: str,
    test_id: str,
    rows: rx.Var | None = None,
    before: tuple[rx.Component, ...] = (),
    after: tuple[rx.Component, ...] = (),
) -> rx.Component:
    """Heading, (anything `before`), the filter bar (`search`: text filters applied by its
    button, `choices`: selects applied at once), results table or empty/loading state,
    pager, (anything `after`: dialogs, detail panels). `rows` defaults to `state.rows`;
    `heading` replaces the plain title (a title row with buttons)."""
    filters = (
        filter_bar(list(search), state.search, state.loading, *choices, submit_key=submit_key)
        if search or choices
        else rx.fragment()
    )
    return blocks.column(
        heading if heading is not None else rx.heading(tr(title_key), size="7"),
        *before,
        filters,
        results(
            state.rows if rows is None else rows,
            state.loading,
            headers,
            row_view,
            empty_key,
            test_id,
        ),
        pager(state),
        *after,
        spacing="4",
    )


def keyed_list_page(
    state,
    key_prefix: str,
    test_id: str,
    names: list[str],
    *,
    wide: set[str] | frozenset[str] = frozenset(),
    actions: bool = False,
    **page,
) -> rx.Component:
    """A list_page whose messages share one prefix: the title `<key_prefix>.title`, the
    column headers `<key_prefix>.col.<name>` (see columns), the empty note
    `<key_prefix>.empty`; `page` is the rest of list_page (row_view, search, choices...)."""
    return list_page(
        state,
        title_key=f"{key_prefix}.title",
        headers=columns(f"{key_prefix}.col", names, wide=wide, actions=actions),
        empty_key=f"{key_prefix}.empty",
        test_id=test_id,
        **page,
    )
