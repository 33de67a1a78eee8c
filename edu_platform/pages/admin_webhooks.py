"""/admin/webhooks: endpoints for integrations, their events, secret (once) and deliveries."""

from __future__ import annotations

import reflex as rx

from edu_platform import routes
from edu_platform.components import admin_list as lists
from edu_platform.components import badges, blocks
from edu_platform.components.admin_layout import admin_page
from edu_platform.components.buttons import row_button, submit_button
from edu_platform.components.forms import fieldset_group, form_card, form_error, input_field
from edu_platform.components.i18n import tr
from edu_platform.state.admin_webhooks import (
    EVENT_TYPES,
    AdminWebhooksState,
    DeliveryRow,
    EndpointRow,
)

S = AdminWebhooksState


def event_choice(kind: str) -> rx.Component:
    return rx.checkbox(
        rx.code(kind, variant="ghost"),
        checked=S.chosen.contains(kind),
        on_change=lambda checked: S.toggle_event(kind, checked),
        data_testid=f"webhook-event-{kind}",
    )


def new_endpoint_form() -> rx.Component:
    return form_card(
        "webhooks.new",
        input_field(
            "webhook-url",
            "webhooks.url",
            name="url",
            type="url",
            required=True,
            placeholder=tr("webhooks.url_placeholder"),
        ),
        input_field("webhook-description", "webhooks.description", name="description"),
        fieldset_group(
            rx.el.legend(rx.text(tr("webhooks.events"), size="2", weight="medium")),
            rx.grid(
                *[event_choice(kind) for kind in EVENT_TYPES],
                columns=rx.breakpoints(initial="1", sm="2", md="3"),
                spacing="2",
                padding_top="4px",
            ),
        ),
        form_error(S.form_error, data_testid="webhook-form-error"),
        submit=submit_button("webhooks.create", icon="plus", loading=S.creating),
        on_submit=S.create,
        # Kept on a refusal (what was typed stays); emptied, by a new key, after a success.
        key=S.form_key,
        align="start",
    )


def secret_once() -> rx.Component:
    return rx.cond(
        S.new_secret != "",
        blocks.callout_stack(
            "key-round",
            rx.text(tr("webhooks.secret_once"), weight="medium"),
            blocks.muted(S.new_secret_url, size="1"),
            rx.code(
                S.new_secret,
                size="3",
                style={"word_break": "break-all", "user_select": "all"},
                data_testid="webhook-secret",
            ),
            rx.button(tr("webhooks.secret_hide"), on_click=S.hide_secret, variant="soft"),
            role="status",
        ),
    )


def status_badge(row: EndpointRow) -> rx.Component:
    return badges.flag_badge(
        row.is_active, ("webhooks.active", "green"), ("webhooks.inactive", "red")
    )


def endpoint_actions(row: EndpointRow) -> rx.Component:
    busy = S.busy_id == row.id
    return rx.flex(
        row_button("webhooks.show_deliveries", S.show_deliveries(row.id), row.url, icon="list"),
        lists.row_flag(
            S,
            row,
            row.is_active,
            S.set_active,
            row.url,
            clear=("webhooks.disable", "orange", ""),
            set_=("webhooks.enable", "green", ""),
        ),
        row_button(
            "webhooks.delete", S.delete(row.id), row.url, icon="trash-2", color="red", loading=busy
        ),
        gap="6px",
        wrap="wrap",
    )


def endpoint_row(row: EndpointRow) -> rx.Component:
    return lists.list_row(
        "webhook-row",
        rx.table.cell(
            rx.vstack(
                rx.text(row.url, size="2", weight="medium", style={"word_break": "break-all"}),
                rx.cond(
                    row.description != "",
                    blocks.muted(row.description, size="1"),
                ),
                lists.phone_only(blocks.muted(row.events, size="1"), status_badge(row)),
                spacing="1",
            ),
            min_width="200px",
            max_width="360px",
        ),
        lists.cell(rx.text(row.events, size="1"), wide=True, max_width="260px"),
        lists.cell(status_badge(row), wide=True),
        lists.text_cell(row.failures, wide=True),
        rx.table.cell(endpoint_actions(row)),
    )


DELIVERY_COLORS = {"delivered": "green", "failed": "red", "pending": "gray"}


def delivery_row(row: DeliveryRow) -> rx.Component:
    return lists.list_row(
        "webhook-delivery-row",
        rx.table.cell(
            rx.vstack(
                rx.code(row.type, variant="ghost"),
                blocks.muted(row.created, size="1"),
                rx.cond(
                    row.error != "",
                    rx.text(row.error, size="1", color_scheme="red", max_width="320px"),
                ),
                spacing="1",
            )
        ),
        rx.table.cell(badges.status_badge(row.status, "webhooks.status", DELIVERY_COLORS)),
        lists.text_cell(row.attempts),
        lists.text_cell(row.response_code),
        lists.text_cell(row.delivered, wide=True, nowrap=True),
        rx.table.cell(
            rx.button(
                rx.icon("refresh-cw", size=14),
                tr("webhooks.redeliver"),
                size="1",
                variant="soft",
                on_click=S.redeliver(row.id),
            )
        ),
    )


def deliveries() -> rx.Component:
    return rx.cond(
        S.selected_id != 0,
        blocks.column(
            blocks.toolbar(
                rx.heading(tr("webhooks.deliveries"), size="5", as_="h2"),
                blocks.muted(S.selected_url),
                rx.spacer(),
                rx.icon_button(
                    rx.icon("refresh-cw", size=16),
                    on_click=S.refresh_deliveries,
                    variant="soft",
                    aria_label=tr("webhooks.deliveries"),
                ),
            ),
            lists.results(
                S.deliveries,
                S.loading,
                lists.columns(
                    "webhooks.col",
                    ["event", "status", "attempts", "code", "delivered", "actions"],
                    wide={"delivered"},
                ),
                delivery_row,
                "webhooks.deliveries_empty",
                "webhook-deliveries",
            ),
        ),
    )


def content() -> rx.Component:
    return lists.keyed_list_page(
        S,
        "webhooks",
        "webhooks",
        ["url", "events", "status", "failures", "actions"],
        wide={"events", "status", "failures"},
        before=(
            blocks.muted(tr("webhooks.intro")),
            secret_once(),
            new_endpoint_form(),
        ),
        row_view=endpoint_row,
        after=(deliveries(),),
    )


admin_webhooks_page = admin_page(routes.ADMIN_WEBHOOKS, S.access, content)
