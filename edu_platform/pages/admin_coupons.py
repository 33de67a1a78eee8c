"""/admin/coupons: create discount codes, see how often each was used, turn them off."""

from __future__ import annotations

import reflex as rx

from edu_platform import routes
from edu_platform.components import blocks
from edu_platform.components.admin_layout import admin_page
from edu_platform.components.admin_list import (
    cell,
    hinted_filter,
    keyed_list_page,
    list_row,
    row_flag,
    text_cell,
)
from edu_platform.components.badges import status_badge
from edu_platform.components.buttons import submit_button
from edu_platform.components.forms import (
    error_of,
    field_row,
    form_card,
    form_error,
    input_field,
    keyed,
    select_field,
)
from edu_platform.components.i18n import tr
from edu_platform.state.admin_coupons import KINDS, AdminCouponsState, CouponItem

S = AdminCouponsState

# What a buyer would meet now (state/admin_coupons.coupon_status).
STATUS_COLORS = {"active": "green", "inactive": "gray", "expired": "orange", "used_up": "amber"}


def _field(name: str, label_key: str, **input_props) -> rx.Component:
    return input_field(
        f"coupon-{name}",
        label_key,
        errors=S.field_errors,
        name=name,
        box={
            "width": "auto",
            "flex": "1",
            "min_width": rx.breakpoints(initial="100%", sm="150px"),
        },
        **input_props,
    )


COURSE_CHOICES_ID = "coupon-course-choices"


def course_field() -> rx.Component:
    """The coupon's course, typed: the browser's own suggestion list (a <datalist>) offers
    the courses whose title or slug holds what is typed, each as its slug with its title
    beside it; a number or a slug typed whole works too (coupon_admin.create_coupon)."""
    return rx.box(
        _field(
            "course_id",
            "coupons.field.course_id",
            hint_key="coupons.field.course_hint",
            auto_complete="off",
            on_change=S.suggest_courses.debounce(250),
            on_focus=S.suggest_courses(""),
            custom_attrs={"list": COURSE_CHOICES_ID},
        ),
        rx.el.datalist(
            rx.foreach(
                S.course_choices, lambda choice: rx.el.option(choice.title, value=choice.slug)
            ),
            id=COURSE_CHOICES_ID,
        ),
        display="contents",
    )


def create_form() -> rx.Component:
    return form_card(
        "coupons.new",
        form_error(S.form_message),
        field_row(
            _field("code", "coupons.field.code", required=True),
            select_field(
                "coupon-kind",
                "coupons.field.kind",
                keyed("coupons.kind", KINDS),
                name="kind",
                default_value="percent",
                error=error_of(S.field_errors, "kind"),
                width="auto",
                min_width=rx.breakpoints(initial="100%", sm="150px"),
            ),
            _field("value", "coupons.field.value", required=True),
            course_field(),
            _field(
                "expires_at", "coupons.field.expires_at", placeholder=tr("locale.date_placeholder")
            ),
            _field("max_uses", "coupons.field.max_uses", type="number"),
        ),
        submit=submit_button(
            "coupons.create", icon="plus", loading=S.saving, data_testid="coupon-create"
        ),
        on_submit=S.create,
        key=S.form_key,
    )


def toggle(row: CouponItem) -> rx.Component:
    return row_flag(
        S,
        row,
        row.is_active,
        S.set_active,
        row.code,
        clear=("coupons.disable", "red", ""),
        set_=("coupons.enable", None, ""),
    )


def coupon_row(row: CouponItem) -> rx.Component:
    return list_row(
        "admin-coupon-row",
        rx.table.cell(
            rx.vstack(
                rx.code(row.code),
                blocks.muted(row.discount, size="1"),
                spacing="1",
            )
        ),
        text_cell(row.course, wide=True),
        text_cell(row.expires, wide=True, nowrap=True),
        text_cell(row.used, nowrap=True),
        cell(
            status_badge(row.status, "coupons.status", STATUS_COLORS),
            wide=True,
        ),
        rx.table.cell(toggle(row)),
    )


def content() -> rx.Component:
    return keyed_list_page(
        S,
        "coupons",
        "admin-coupons",
        ["code", "course", "expires", "used", "status"],
        wide={"course", "expires", "status"},
        actions=True,
        before=(create_form(),),
        search=(hinted_filter(S, "admin-coupons", "q", "coupons.search"),),
        row_view=coupon_row,
    )


admin_coupons_page = admin_page(routes.ADMIN_COUPONS, S.access, content)
