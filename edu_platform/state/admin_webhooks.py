"""/admin/webhooks: register an endpoint and its events (the secret is shown once), list
endpoints, disable / enable / delete one, and see an endpoint's deliveries (status,
attempts, response code) with a redeliver button."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from edu_platform import db
from edu_platform.i18n import format_datetime
from edu_platform.services import events, webhooks
from edu_platform.services.errors import DomainError
from edu_platform.services.records import record_from
from edu_platform.state.admin_lists import ListPager, text_input
from edu_platform.state.base import valid_id

EVENT_TYPES = events.EVENT_TYPES
DELIVERIES_SHOWN = 50


@dataclass
class EndpointRow:
    id: int
    url: str
    description: str
    events: str
    is_active: bool
    failures: int
    created: str


@dataclass
class DeliveryRow:
    id: int
    type: str
    status: str
    attempts: int
    response_code: str
    created: str
    delivered: str
    error: str


class AdminWebhooksState(ListPager, rx.State):
    rows: list[EndpointRow] = []
    chosen: list[str] = []
    form_error: str = ""
    form_key: int = 0  # a new value remounts the form empty (after a success)
    creating: bool = False
    new_secret: str = ""
    new_secret_url: str = ""
    selected_id: int = 0
    selected_url: str = ""
    deliveries: list[DeliveryRow] = []

    def _clear_rows(self) -> None:
        super()._clear_rows()
        self.deliveries = []

    async def _fetch(self, user_id: int) -> None:
        lang = await self._lang()
        items = await self._read_page(webhooks.list_endpoints, user_id)
        self.rows = [
            record_from(
                EndpointRow,
                row,
                events=", ".join(row.events),
                failures=row.consecutive_failures,
                created=format_datetime(row.created_at, lang),
            )
            for row in items
        ]
        await self._fetch_deliveries(user_id)

    async def _fetch_deliveries(self, user_id: int) -> None:
        lang = await self._lang()
        if not self.selected_id:
            self.deliveries = []
            return
        try:
            result = await db.run(
                webhooks.list_deliveries,
                actor_id=user_id,
                endpoint_id=self.selected_id,
                per_page=DELIVERIES_SHOWN,
            )
        except DomainError:  # removed meanwhile
            self.selected_id, self.selected_url, self.deliveries = 0, "", []
            return
        self.deliveries = [
            record_from(
                DeliveryRow,
                row,
                response_code="" if row.response_code is None else str(row.response_code),
                created=format_datetime(row.created_at, lang),
                delivered=format_datetime(row.delivered_at, lang),
                error=row.last_error or "",
            )
            for row in result.items
        ]

    @rx.event
    async def load(self):
        self.chosen, self.form_error, self.new_secret, self.new_secret_url = [], "", "", ""
        self.selected_id, self.selected_url = 0, ""
        await self._restart()

    @rx.event
    def toggle_event(self, kind: str, checked: bool):
        if kind not in EVENT_TYPES:
            return
        chosen = [item for item in self.chosen if item != kind]
        if checked is True:
            chosen.append(kind)
        self.chosen = [item for item in EVENT_TYPES if item in chosen]

    @rx.event
    def hide_secret(self):
        self.new_secret, self.new_secret_url = "", ""

    @rx.event
    async def create(self, form_data: dict):
        self.creating, self.form_error = True, ""
        yield
        try:
            outcome = await self._call(
                webhooks.create_endpoint,
                url=text_input(form_data, "url", webhooks.MAX_URL_LENGTH),
                events=list(self.chosen),
                description=text_input(form_data, "description", 500),
            )
        finally:
            self.creating = False
        if not outcome.ok:
            # Shown in the form, next to its fields.
            if outcome.feedback is not None and outcome.error is not None:
                self.form_error = await self._error_text(outcome.error)
            return
        self.new_secret, self.new_secret_url = outcome.value.secret, outcome.value.endpoint.url
        self.chosen = []
        self.form_key += 1  # a fresh, empty form
        self.current_page = 1
        await self._refresh()
        yield await self._toast("webhooks.created")

    @rx.event
    async def set_active(self, endpoint_id: int, active: bool):
        self._busy(endpoint_id)
        yield
        yield await self._mutate(
            webhooks.update_endpoint,
            done_key="webhooks.updated",
            endpoint_id=self.busy_id,
            is_active=active is True,
        )

    @rx.event
    async def delete(self, endpoint_id: int):
        if endpoint_id == self.selected_id:
            self.selected_id, self.selected_url = 0, ""
        self._busy(endpoint_id)
        yield
        yield await self._mutate(
            webhooks.delete_endpoint, done_key="webhooks.deleted", endpoint_id=self.busy_id
        )

    @rx.event
    async def show_deliveries(self, endpoint_id: int):
        if valid_id(endpoint_id) is None:
            return
        self.selected_id = endpoint_id
        self.selected_url = next((row.url for row in self.rows if row.id == endpoint_id), "")
        self.loading = True
        yield
        await self._refresh()

    @rx.event
    async def refresh_deliveries(self):
        self.loading = True
        yield
        await self._refresh()

    @rx.event
    async def redeliver(self, delivery_id: int):
        if valid_id(delivery_id) is None or not self.selected_id:
            return
        self._busy(self.selected_id)
        yield await self._mutate(
            webhooks.redeliver,
            done_key="webhooks.redelivered",
            endpoint_id=self.selected_id,
            delivery_id=delivery_id,
        )
