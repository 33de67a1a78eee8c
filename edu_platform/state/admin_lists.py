"""What every paged list of the admin data pages (and the teacher's learners) shares:
the access flag, the loading flag, the page number and the total, and paging handlers.

A page state mixes this in (`class AdminCoursesState(ListPager, rx.State)`) and defines
`_fetch(user_id)`, which reads the current page through a service that checks the role
and sets the rows and `self.total`, and `_clear_rows()`.
"""

from __future__ import annotations

import math
from datetime import datetime

import reflex as rx

from edu_platform.i18n import format_date, format_datetime, format_price, translate
from edu_platform.services.errors import DomainError, Forbidden
from edu_platform.state.admin import CHECKING, DENIED, OK, SIGN_IN, _verified_user_id
from edu_platform.state.i18n import LangState

PER_PAGE = 20


def day(value: datetime | None, lang: str) -> str:
    return format_date(value, lang)


def moment(value: datetime | None, lang: str) -> str:
    return format_datetime(value, lang)


def choice(value: object, allowed: tuple[str, ...] | list[str], default: str) -> str:
    """`value` if it is one of `allowed` (a browser event argument is untrusted)."""
    text = str(value)
    return text if text in allowed else default


def text_input(form_data: dict, name: str, limit: int = 200) -> str:
    return str(form_data.get(name, "") or "").strip()[:limit]


class ListPager(rx.State, mixin=True):
    access: str = CHECKING
    loading: bool = False
    total: int = 0
    current_page: int = 1

    @rx.var
    def pages(self) -> int:
        return max(1, math.ceil(self.total / PER_PAGE))

    @rx.var
    def has_prev(self) -> bool:
        return self.current_page > 1

    @rx.var
    def has_next(self) -> bool:
        return self.current_page * PER_PAGE < self.total

    # --- to define in the page state -------------------------------------------------

    async def _fetch(self, user_id: int) -> None:
        raise NotImplementedError

    def _clear_rows(self) -> None:
        raise NotImplementedError

    def _denied_errors(self) -> tuple[type[DomainError], ...]:
        """Errors meaning "this visitor may not see the page" (admin pages: Forbidden)."""
        return (Forbidden,)

    # --- shared ----------------------------------------------------------------------

    def _deny(self, access: str) -> None:
        self.access = access
        self.total = 0
        self._clear_rows()

    async def _lang(self) -> str:
        return (await self.get_state(LangState)).lang

    async def _money(self, amount: object, currency: str) -> str:
        return format_price(amount, currency, await self._lang())

    async def _text(self, key: str, **params: object) -> str:
        return translate(key, await self._lang(), **params)

    async def _error_text(self, error: DomainError) -> str:
        return translate(error.message_key, await self._lang(), **error.params)

    async def _actor(self) -> int | None:
        """The verified user id, or None after switching the page to the sign-in panel."""
        user_id = await _verified_user_id(self)
        if user_id is None:
            self._deny(SIGN_IN)
        return user_id

    async def _refresh(self) -> None:
        """Re-verify who is asking, then read the current page through the service."""
        try:
            user_id = await self._actor()
            if user_id is None:
                return
            try:
                await self._fetch(user_id)
            except self._denied_errors():
                self._deny(DENIED)
                return
            self.access = OK
        finally:
            self.loading = False

    async def _restart(self) -> None:
        self._deny(CHECKING)
        self.current_page = 1
        await self._refresh()

    @rx.event
    async def next_page(self):
        if self.current_page * PER_PAGE < self.total:
            self.current_page += 1
        self.loading = True
        yield
        await self._refresh()

    @rx.event
    async def prev_page(self):
        self.current_page = max(1, self.current_page - 1)
        self.loading = True
        yield
        await self._refresh()
