"""Admin pages: overview (/admin) and users (/admin/users)."""

from __future__ import annotations

import reflex as rx

from edu_platform import routes
from edu_platform.components import admin_list as lists
from edu_platform.components import blocks
from edu_platform.components.a11y import link_button
from edu_platform.components.admin_layout import admin_page
from edu_platform.components.badges import flag_badge
from edu_platform.components.dialogs import confirm_dialog
from edu_platform.components.i18n import localized_number, tr
from edu_platform.components.panels import figure_card
from edu_platform.components.sparkline import trend_card
from edu_platform.state.admin import (
    ROLE_FILTERS,
    ROLES,
    SORTS,
    AdminOverviewState,
    AdminUsersState,
)

# --- overview -------------------------------------------------------------------------


def stat_card(label_key: str, value: rx.Var, icon: str) -> rx.Component:
    return figure_card(
        tr(label_key), localized_number(value), icon=icon, data_testid="admin-stat", min_width="0"
    )


def revenue_card() -> rx.Component:
    return rx.card(
        rx.vstack(
            blocks.muted(tr("admin.overview.revenue")),
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
        # Two lists.columns wide on phones: a sum in roubles does not fit half a 375 px screen.
        grid_column=rx.breakpoints(initial="span 2", lg="auto"),
        data_testid="admin-revenue",
    )


def trend_cards() -> rx.Component:
    """The last 30 days beside the counters: new users, enrolments, revenue per day."""
    state = AdminOverviewState
    return blocks.column(
        rx.heading(tr("admin_ux.trends.title"), size="4"),
        blocks.tiles(
            trend_card(
                "admin_ux.trends.users", state.users_30d, state.trend, "users", "trend-users"
            ),
            trend_card(
                "admin_ux.trends.enrollments",
                state.enrollments_30d,
                state.trend,
                "enrollments",
                "trend-enrollments",
                "grass",
            ),
            trend_card(
                "admin_ux.trends.revenue",
                state.revenue_30d,
                state.trend,
                "revenue",
                "trend-revenue",
                "amber",
            ),
            columns=rx.breakpoints(initial="1", sm="3"),
        ),
    )


def overview_content() -> rx.Component:
    return blocks.column(
        rx.heading(tr("admin.overview.title"), size="7"),
        blocks.tiles(
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
            columns=rx.breakpoints(initial="2", lg="4"),
        ),
        trend_cards(),
        link_button(tr("admin.overview.manage_users"), variant="soft", href=routes.ADMIN_USERS),
        spacing="5",
    )


admin_overview_page = admin_page(routes.ADMIN, AdminOverviewState.access, overview_content)


# --- users ----------------------------------------------------------------------------

ROLE_FILTER_OPTIONS = [
    (role, "admin.users.role_all" if role == "all" else f"accounts.role.{role}")
    for role in ROLE_FILTERS
]


def role_label(role: rx.Var) -> rx.Var:
    return rx.match(role, *[(name, tr(f"accounts.role.{name}")) for name in ROLES], role)


def role_select(row) -> rx.Component:
    """Changing the role opens the confirmation; the select keeps showing the saved role."""
    return rx.select.root(
        rx.select.trigger(aria_label=f"{tr('admin.users.role_of')} {row.email}"),
        rx.select.content(
            *[rx.select.item(tr(f"accounts.role.{role}"), value=role) for role in ROLES]
        ),
        value=row.role,
        on_change=lambda value: AdminUsersState.ask_role(row.id, value),
        disabled=row.is_self | (AdminUsersState.busy_id == row.id),
        size="1",
    )


def confirm_role_dialog() -> rx.Component:
    state = AdminUsersState
    return confirm_dialog(
        title=tr("admin_ux.role.confirm_title"),
        description=rx.fragment(
            rx.text(
                tr("admin_ux.role.confirm_user"),
                " ",
                rx.text.strong(state.confirm_name),
                " (",
                state.confirm_email,
                ")",
            ),
            rx.text(
                tr("admin_ux.role.confirm_new"),
                " ",
                rx.text.strong(role_label(state.confirm_role), data_testid="confirm-new-role"),
            ),
        ),
        confirm=rx.alert_dialog.action(
            rx.button(tr("admin_ux.role.confirm"), on_click=state.confirm_role_change)
        ),
        open=state.confirm_user_id != 0,
        on_open_change=state.set_confirm_open,
        cancel_key="admin_ux.role.cancel",
    )


def status_badge(row) -> rx.Component:
    return flag_badge(
        row.is_active,
        ("admin.users.status.active", "green"),
        ("admin.users.status.blocked", "red"),
    )


def block_button(row) -> rx.Component:
    return rx.cond(
        row.is_self,
        blocks.muted(tr("admin.users.you"), size="1"),
        lists.row_flag(
            AdminUsersState,
            row,
            row.is_active,
            AdminUsersState.set_active,
            row.email,
            clear=("admin.users.block", "red", ""),
            set_=("admin.users.unblock", None, ""),
        ),
    )


def user_row(row) -> rx.Component:
    # On phones the status moves under the name and the block button under the role.
    return lists.list_row(
        "admin-user-row",
        lists.person_cell(row.full_name, row.email, lists.phone_only(status_badge(row))),
        rx.table.cell(
            rx.vstack(role_select(row), lists.phone_only(block_button(row)), spacing="2")
        ),
        lists.cell(status_badge(row), wide=True),
        lists.text_cell(row.created, wide=True, nowrap=True),
        lists.cell(block_button(row), wide=True),
    )


def users_content() -> rx.Component:
    return lists.keyed_list_page(
        AdminUsersState,
        "admin.users",
        "admin-users",
        ["user", "role", "status", "created", "actions"],
        wide={"status", "created", "actions"},
        search=(
            lists.text_filter(
                "admin-users-q",
                "q",
                "admin.users.search_label",
                AdminUsersState.q,
                "admin.users.search_placeholder",
            ),
        ),
        choices=(
            lists.choice_filter(
                AdminUsersState,
                "role",
                "admin-users-role",
                "admin.users.role_filter",
                ROLE_FILTER_OPTIONS,
            ),
            lists.choice_filter(
                AdminUsersState,
                "sort",
                "admin-users-sort",
                "admin.users.sort",
                lists.keyed("admin.users.sort", SORTS),
            ),
        ),
        row_view=user_row,
        after=(confirm_role_dialog(),),
    )


admin_users_page = admin_page(routes.ADMIN_USERS, AdminUsersState.access, users_content)
