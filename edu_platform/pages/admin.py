"""Admin pages: overview (/admin) and users (/admin/users)."""

from __future__ import annotations

import reflex as rx

from edu_platform import routes
from edu_platform.components.a11y import link_button
from edu_platform.components.admin_layout import admin_layout
from edu_platform.components.i18n import tr
from edu_platform.components.layout import page
from edu_platform.state.admin import ROLE_FILTERS, SORTS, AdminOverviewState, AdminUsersState

ROLES = ("student", "teacher", "admin")


# --- overview -------------------------------------------------------------------------


def stat_card(label_key: str, value: rx.Var, icon: str) -> rx.Component:
    return rx.card(
        rx.hstack(
            rx.center(
                rx.icon(icon, size=20, color=rx.color("accent", 11)),
                background=rx.color("accent", 3),
                border_radius="8px",
                padding="8px",
            ),
            rx.vstack(
                rx.text(tr(label_key), size="2", color_scheme="gray"),
                rx.text(value, size="6", weight="bold"),
                spacing="0",
            ),
            align="center",
            spacing="3",
        ),
        data_testid="admin-stat",
    )


def revenue_card() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.text(tr("admin.overview.revenue"), size="2", color_scheme="gray"),
            rx.cond(
                AdminOverviewState.revenue.length() > 0,
                rx.foreach(
                    AdminOverviewState.revenue,
                    lambda amount: rx.text(amount, size="6", weight="bold"),
                ),
                rx.text(tr("admin.overview.no_revenue"), size="2"),
            ),
            spacing="1",
        ),
        data_testid="admin-revenue",
    )


def overview_content() -> rx.Component:
    return rx.vstack(
        rx.heading(tr("admin.overview.title"), size="7"),
        rx.grid(
            stat_card("admin.overview.users_total", AdminOverviewState.users_total, "users"),
            stat_card("admin.overview.students", AdminOverviewState.students, "graduation-cap"),
            stat_card("admin.overview.teachers", AdminOverviewState.teachers, "presentation"),
            stat_card("admin.overview.admins", AdminOverviewState.admins, "shield"),
            stat_card("admin.overview.blocked", AdminOverviewState.blocked, "user-x"),
            stat_card(
                "admin.overview.published_courses",
                AdminOverviewState.published_courses,
                "book-open",
            ),
            stat_card("admin.overview.paid_orders", AdminOverviewState.paid_orders, "receipt"),
            revenue_card(),
            columns=rx.breakpoints(initial="1", sm="2", lg="4"),
            spacing="4",
            width="100%",
        ),
        link_button(tr("admin.overview.manage_users"), variant="soft", href=routes.ADMIN_USERS),
        spacing="5",
        width="100%",
    )


@page
def admin_overview_page() -> rx.Component:
    return admin_layout(routes.ADMIN, AdminOverviewState.access, overview_content())


# --- users ----------------------------------------------------------------------------


def _labelled_select(
    select_id: str, label_key: str, value: rx.Var, on_change, options: list[tuple[str, str]]
) -> rx.Component:
    return rx.vstack(
        rx.el.label(rx.text(tr(label_key), size="2", weight="medium"), html_for=select_id),
        rx.select.root(
            rx.select.trigger(id=select_id, width="100%"),
            rx.select.content(*[rx.select.item(tr(key), value=option) for option, key in options]),
            value=value,
            on_change=on_change,
        ),
        spacing="1",
        min_width="160px",
    )


def filters() -> rx.Component:
    search = rx.form(
        rx.vstack(
            rx.el.label(
                rx.text(tr("admin.users.search_label"), size="2", weight="medium"),
                html_for="admin-users-q",
            ),
            rx.hstack(
                rx.input(
                    id="admin-users-q",
                    name="q",
                    type="search",
                    default_value=AdminUsersState.q,
                    placeholder=tr("admin.users.search_placeholder"),
                    width="100%",
                ),
                rx.button(tr("admin.users.search_submit"), type="submit"),
                width="100%",
                spacing="2",
            ),
            spacing="1",
            width="100%",
        ),
        method="post",
        on_submit=AdminUsersState.search,
        flex="1",
        min_width="240px",
    )
    role_filter = _labelled_select(
        "admin-users-role",
        "admin.users.role_filter",
        AdminUsersState.role,
        AdminUsersState.set_role_filter,
        [
            (role, "admin.users.role_all" if role == "all" else f"accounts.role.{role}")
            for role in ROLE_FILTERS
        ],
    )
    sort = _labelled_select(
        "admin-users-sort",
        "admin.users.sort",
        AdminUsersState.sort,
        AdminUsersState.set_sort,
        [(key, f"admin.users.sort.{key}") for key in SORTS],
    )
    return rx.flex(
        search,
        role_filter,
        sort,
        direction=rx.breakpoints(initial="column", sm="row"),
        align=rx.breakpoints(initial="stretch", sm="end"),
        wrap="wrap",
        spacing="3",
        width="100%",
    )


def role_select(row) -> rx.Component:
    return rx.select.root(
        rx.select.trigger(aria_label=f"{tr('admin.users.role_of')} {row.email}"),
        rx.select.content(
            *[rx.select.item(tr(f"accounts.role.{role}"), value=role) for role in ROLES]
        ),
        value=row.role,
        on_change=lambda value: AdminUsersState.change_role(row.id, value),
        disabled=row.is_self | (AdminUsersState.busy_user_id == row.id),
        size="1",
    )


def status_badge(row) -> rx.Component:
    return rx.cond(
        row.is_active,
        rx.badge(tr("admin.users.status.active"), color_scheme="green"),
        rx.badge(tr("admin.users.status.blocked"), color_scheme="red"),
    )


def block_button(row) -> rx.Component:
    busy = AdminUsersState.busy_user_id == row.id
    return rx.cond(
        row.is_self,
        rx.text(tr("admin.users.you"), size="1", color_scheme="gray"),
        rx.cond(
            row.is_active,
            rx.button(
                tr("admin.users.block"),
                on_click=AdminUsersState.block(row.id),
                color_scheme="red",
                variant="soft",
                size="1",
                loading=busy,
                aria_label=f"{tr('admin.users.block')} {row.email}",
            ),
            rx.button(
                tr("admin.users.unblock"),
                on_click=AdminUsersState.unblock(row.id),
                variant="soft",
                size="1",
                loading=busy,
                aria_label=f"{tr('admin.users.unblock')} {row.email}",
            ),
        ),
    )


# Columns shown from the `sm` breakpoint up; on phones the status moves under the name
# and the block button under the role.
WIDE_ONLY = rx.breakpoints(initial="none", sm="table-cell")
PHONE_ONLY = rx.breakpoints(initial="block", sm="none")


def user_row(row) -> rx.Component:
    return rx.table.row(
        rx.table.cell(
            rx.vstack(
                rx.text(row.full_name, weight="medium", size="2"),
                rx.text(row.email, size="1", color_scheme="gray"),
                rx.box(status_badge(row), display=PHONE_ONLY),
                spacing="1",
            )
        ),
        rx.table.cell(
            rx.vstack(role_select(row), rx.box(block_button(row), display=PHONE_ONLY), spacing="2")
        ),
        rx.table.cell(status_badge(row), display=WIDE_ONLY),
        rx.table.cell(rx.text(row.created, size="2"), white_space="nowrap", display=WIDE_ONLY),
        rx.table.cell(block_button(row), display=WIDE_ONLY),
        data_testid="admin-user-row",
        align="center",
    )


def users_table() -> rx.Component:
    return rx.cond(
        AdminUsersState.rows.length() > 0,
        rx.box(
            rx.table.root(
                rx.table.header(
                    rx.table.row(
                        rx.table.column_header_cell(tr("admin.users.col.user")),
                        rx.table.column_header_cell(tr("admin.users.col.role")),
                        rx.table.column_header_cell(
                            tr("admin.users.col.status"), display=WIDE_ONLY
                        ),
                        rx.table.column_header_cell(
                            tr("admin.users.col.created"), display=WIDE_ONLY
                        ),
                        rx.table.column_header_cell(
                            tr("admin.users.col.actions"), display=WIDE_ONLY
                        ),
                    )
                ),
                rx.table.body(rx.foreach(AdminUsersState.rows, user_row)),
                variant="surface",
                width="100%",
            ),
            overflow_x="auto",
            width="100%",
        ),
        rx.callout(tr("admin.users.empty"), icon="search-x", width="100%"),
    )


def pagination() -> rx.Component:
    return rx.hstack(
        rx.text(
            tr("admin.users.found"), ": ", AdminUsersState.total, size="2", color_scheme="gray"
        ),
        rx.spacer(),
        rx.button(
            tr("admin.users.prev"),
            on_click=AdminUsersState.prev_page,
            disabled=~AdminUsersState.has_prev,
            variant="soft",
            size="2",
        ),
        rx.text(
            tr("admin.users.page"),
            " ",
            AdminUsersState.current_page,
            " / ",
            AdminUsersState.pages,
            size="2",
        ),
        rx.button(
            tr("admin.users.next"),
            on_click=AdminUsersState.next_page,
            disabled=~AdminUsersState.has_next,
            variant="soft",
            size="2",
        ),
        align="center",
        spacing="3",
        width="100%",
        wrap="wrap",
    )


def users_content() -> rx.Component:
    return rx.vstack(
        rx.heading(tr("admin.users.title"), size="7"),
        filters(),
        users_table(),
        pagination(),
        spacing="4",
        width="100%",
    )


@page
def admin_users_page() -> rx.Component:
    return admin_layout(routes.ADMIN_USERS, AdminUsersState.access, users_content())
