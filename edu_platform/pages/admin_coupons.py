"""/admin/coupons: create discount codes, see how often each was used, turn them off."""

from __future__ import annotations

import reflex as rx

from edu_platform import routes
from edu_platform.components import blocks
from edu_platform.components.admin_layout import admin_page
from edu_platform.components.admin_list import cell, columns, list_page, text_cell, text_filter
from edu_platform.components.badges import flag_badge
from edu_platform.components.buttons import flag_button
from edu_platform.components.forms import field_row, form_card, input_field, keyed, select_field
from edu_platform.components.i18n import tr
from edu_platform.state.admin_coupons import KINDS, AdminCouponsState, CouponItem

S = AdminCouponsState


def _field(name: str, label_key: str, **input_props) -> rx.Component:
    return input_field(
        f"coupon-{name}",
        label_key,
        name=name,
        box={
            "width": "auto",
            "flex": "1",
            "min_width": rx.breakpoints(initial="100%", sm="150px"),
        },
        **input_props,
    )


def create_form() -> rx.Component:
    return form_card(
        "coupons.new",
        field_row(
            _field("code", "coupons.field.code", required=True),
            select_field(
                "coupon-kind",
                "coupons.field.kind",
                keyed("coupons.kind", KINDS),
                name="kind",
                default_value="percent",
                width="auto",
                min_width=rx.breakpoints(initial="100%", sm="150px"),
            ),
            _field("value", "coupons.field.value", required=True),
            _field("course_id", "coupons.field.course_id"),
            _field(
                "expires_at", "coupons.field.expires_at", placeholder=tr("locale.date_placeholder")
            ),
            _field("max_uses", "coupons.field.max_uses", type="number"),
        ),
        submit=rx.button(
            rx.icon("plus", size=16),
            tr("coupons.create"),
            type="submit",
            loading=S.saving,
            data_testid="coupon-create",
        ),
        on_submit=S.create,
        key=S.form_key,
    )


def toggle(row: CouponItem) -> rx.Component:
    busy = S.busy_id == row.id
    return flag_button(
        row.is_active,
        S.set_active,
        row.id,
        row.code,
        clear=("coupons.disable", "red", ""),
        set_=("coupons.enable", None, ""),
        busy=busy,
    )


def coupon_row(row: CouponItem) -> rx.Component:
    return rx.table.row(
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
            flag_badge(row.is_active, ("coupons.active", "green"), ("coupons.inactive", "gray")),
            wide=True,
        ),
        rx.table.cell(toggle(row)),
        align="center",
        data_testid="admin-coupon-row",
    )


def content() -> rx.Component:
    return list_page(
        S,
        title_key="coupons.title",
        before=(create_form(),),
        search=(text_filter("admin-coupons-q", "q", "coupons.search", S.q, "coupons.search_hint"),),
        headers=columns(
            "coupons.col",
            ["code", "course", "expires", "used", "status"],
            wide={"course", "expires", "status"},
            actions=True,
        ),
        row_view=coupon_row,
        empty_key="coupons.empty",
        test_id="admin-coupons",
    )


admin_coupons_page = admin_page(routes.ADMIN_COUPONS, S.access, content)
