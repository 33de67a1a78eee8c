"""ListPager: what every paged list of the admin and teacher pages shares.

The access flag, who is asking, the language (FeatureState), plus the loading flag, the
page number and the total, paging handlers, one `search` handler for the text filters,
one `set_filter` handler for the select filters, and guarded mutations.

A page state mixes it in and says which filters it has:

    class AdminCoursesState(ListPager, rx.State):
        rows: list[CourseItem] = []
        q: str = ""
        status: str = "all"

        def _select_filters(self):            # name -> (allowed values, default)
            return {"status": (STATUSES, "all")}

        async def _fetch(self, user_id):      # reads one page through a service
            items = await self._read_page(
                admin_courses.list_courses, user_id, **self._filter_values()
            )
            self.rows = [...]

The page: `on_change=lambda v: AdminCoursesState.set_filter("status", v)`, the text
filters form `on_submit=AdminCoursesState.search`, `on_load=AdminCoursesState.load`. A
mutation validates the id, marks the row busy, calls the service as the actor and
refreshes the page: `yield self._busy(course_id); yield await self._mutate(...)`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime
from typing import Any

import reflex as rx

from edu_platform import db
from edu_platform.i18n import format_date
from edu_platform.state.base import CHECKING, DENIED, OK, FeatureState, valid_id

PER_PAGE = 20


def day(value: datetime | None, lang: str) -> str:
    return format_date(value, lang)


def choice(value: object, allowed: tuple[str, ...] | list[str], default: str) -> str:
    """`value` if it is one of `allowed` (a browser event argument is untrusted)."""
    text = str(value)
    return text if text in allowed else default


def text_input(form_data: dict, name: str, limit: int = 200) -> str:
    return str(form_data.get(name, "") or "").strip()[:limit]


class ListPager(FeatureState, mixin=True):
    loading: bool = False
    total: int = 0
    current_page: int = 1
    # The row a mutation is working on (its buttons show a spinner), 0 for none.
    busy_id: int = 0

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

    def _text_filters(self) -> dict[str, int]:
        """Text filters read by `search` from its form: name -> length limit."""
        return {"q": 200}

    def _select_filters(self) -> dict[str, tuple[tuple[str, ...], str]]:
        """Filters set by `set_filter`: name -> (allowed values, default)."""
        return {}

    # --- shared ----------------------------------------------------------------------

    def _deny(self, access: str) -> None:
        self.total = 0
        super()._deny(access)

    def _clear_rows(self) -> None:
        """The page's rows go (every list state has `rows`); a state holding more drops
        that too, after calling this."""
        self.rows = []

    def _reset_filters(self) -> None:
        """Every filter back to its default (on_load of the page)."""
        for name in self._text_filters():
            setattr(self, name, "")
        for name, (_allowed, default) in self._select_filters().items():
            setattr(self, name, default)

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

    def _busy(self, row_id: object) -> None:
        """Marks the row a mutation works on; yield after it so the spinner shows."""
        self.busy_id = valid_id(row_id) or 0

    async def _mutate(self, fn: Callable[..., Any], /, *, done_key: str = "", **kwargs: Any):
        """Call a service as the actor, refresh the page; the toast to return (or None).

        Call `_busy(row_id)` first: nothing happens when the row id was not a valid id.
        """
        if not self.busy_id:
            return None
        try:
            outcome = await self._call(fn, **kwargs)
        finally:
            self.busy_id = 0
        if self.access == DENIED or (outcome.error is None and not outcome.ok):
            return None  # the page shows the access-denied or sign-in panel
        await self._refresh()
        if not outcome.ok:
            return outcome.feedback
        return await self._toast(done_key) if done_key else None

    def _filter_values(self, *all_as_blank: str) -> dict[str, Any]:
        """Every declared filter's current value by name: what most list services take.
        The filters named in `all_as_blank` go as "" when set to "all" (no filter)."""
        values = {
            name: getattr(self, name) for name in [*self._text_filters(), *self._select_filters()]
        }
        for name in all_as_blank:
            if values[name] == "all":
                values[name] = ""
        return values

    async def _read_page(
        self, list_fn: Callable[..., Any], user_id: int, /, **filters: Any
    ) -> list[Any]:
        """The records of the current page of `list_fn` (a `paging.Page` service) read as
        `user_id` with `filters`; keeps its total for the pager."""
        result = await db.run(
            list_fn, actor_id=user_id, page=self.current_page, per_page=PER_PAGE, **filters
        )
        self.total = result.total
        return result.items

    async def _reload_first_page(self):
        self.current_page, self.loading = 1, True
        yield
        await self._refresh()

    # --- handlers ----------------------------------------------------------------------

    @rx.event
    async def load(self):
        self._reset_filters()
        await self._restart()

    @rx.event
    async def search(self, form_data: dict):
        for name, limit in self._text_filters().items():
            setattr(self, name, text_input(form_data, name, limit))
        async for update in self._reload_first_page():
            yield update

    @rx.event
    async def set_filter(self, name: str, value: str):
        spec = self._select_filters().get(str(name))
        if spec is None:
            return
        allowed, default = spec
        setattr(self, str(name), choice(value, allowed, default))
        async for update in self._reload_first_page():
            yield update

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
