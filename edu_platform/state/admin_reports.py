"""/admin/reports: revenue and orders over time, top courses, user activity, completion."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import reflex as rx

from edu_platform import routes
from edu_platform.i18n import (
    CURRENCIES,
    LANGUAGES,
    date_input_value,
    format_decimal,
    format_number,
    format_period,
    format_price,
    parse_date_input,
    translate,
)
from edu_platform.services import reports
from edu_platform.settings import settings
from edu_platform.state.base import CHECKING, DENIED, OK, FeatureState, Outcome

ACTIVITY_PER_PAGE = 10


def _parse(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


class _Stop(Exception):
    """A report read was refused or failed: `outcome` says why."""

    def __init__(self, outcome: Outcome):
        super().__init__()
        self.outcome = outcome


@dataclass
class CompletionRow:
    title: str
    enrollments: str
    completed: str
    rate_percent: int


@dataclass
class ActivityRow:
    full_name: str
    email: str
    enrollments: str
    lessons_done: str
    spend: str


def _typed(iso: str) -> dict[str, str]:
    """An ISO date as each language types it ('05.03.2026' / '03/05/2026')."""
    day = _parse(iso)
    return {lang: date_input_value(day, lang) for lang in LANGUAGES}


class AdminReportsState(FeatureState, rx.State):
    # ISO dates (the services and the CSV links read them), and the same dates as the
    # date fields show them in each language.
    date_from: str = ""
    date_to: str = ""
    date_from_typed: dict[str, str] = {}
    date_to_typed: dict[str, str] = {}
    granularity: str = "day"
    # Revenue of one currency at a time (amounts of different currencies never add up).
    currency: str = ""  # set on load: the platform's default currency
    sales: list[dict] = []
    top_revenue: list[dict] = []
    top_enrollments: list[dict] = []
    completion: list[CompletionRow] = []
    activity: list[ActivityRow] = []
    activity_total: int = 0
    activity_page: int = 1
    revenue_total: str = ""
    orders_total: str = ""
    error: str = ""
    # A date typed wrong, under its own field: {"date_from": "Формат: ДД.ММ.ГГГГ"}.
    date_errors: dict[str, str] = {}
    loading: bool = False

    @rx.var
    def activity_pages(self) -> int:
        return max(1, math.ceil(self.activity_total / ACTIVITY_PER_PAGE))

    def _range(self) -> dict[str, str]:
        return {"date_from": self.date_from, "date_to": self.date_to}

    def _money_range(self) -> dict[str, str]:
        return {**self._range(), "currency": self.currency}

    @rx.var
    def csv_sales(self) -> str:
        return routes.report_csv_url(
            "sales-dynamics", **self._money_range(), granularity=self.granularity
        )

    @rx.var
    def csv_top(self) -> str:
        return routes.report_csv_url("top-courses", **self._money_range(), limit=50)

    @rx.var
    def csv_top_enrollments(self) -> str:
        return routes.report_csv_url("top-courses", **self._range(), limit=50, by="enrollments")

    @rx.var
    def csv_activity(self) -> str:
        return routes.report_csv_url("user-activity", **self._range())

    @rx.var
    def csv_completion(self) -> str:
        return "/api/v1/reports/completion-rates?format=csv&limit=100"

    def _clear_rows(self) -> None:
        self.sales, self.top_revenue, self.top_enrollments = [], [], []
        self.completion, self.activity = [], []

    async def _read(self, fn, **kwargs):
        outcome = await self._call(fn, read_only=True, **kwargs)
        if not outcome.ok:
            raise _Stop(outcome)
        return outcome.value

    async def _refresh(self) -> None:
        date_from, date_to = _parse(self.date_from), _parse(self.date_to)
        self.loading = True
        window = {"date_from": date_from, "date_to": date_to}
        try:
            money = {**window, "currency": self.currency}
            sales = await self._read(reports.sales_dynamics, granularity=self.granularity, **money)
            by_revenue = await self._read(reports.top_courses, limit=8, **money)
            by_enrollments = await self._read(
                reports.top_courses, limit=8, by="enrollments", **window
            )
            completion = await self._read(reports.completion_rates, limit=12)
            activity, self.activity_total = await self._read(
                reports.user_activity,
                page=self.activity_page,
                per_page=ACTIVITY_PER_PAGE,
                **window,
            )
        except _Stop as stop:
            error = stop.outcome.error
            if self.access != DENIED and error is not None:
                self.error = await self._error_text(error)
            return
        finally:
            self.loading = False
        lang = await self._lang()
        self.error = ""
        # Charts take plain numbers; `<key>_text` is the same number formatted for the
        # visitor's language, which the tooltips show.
        self.sales = [
            {
                "period": p.period,
                "period_label": format_period(p.period, lang, self.granularity),
                "revenue": float(p.revenue),
                "orders": p.orders,
                "revenue_text": format_decimal(p.revenue, lang, places=2),
                "orders_text": format_number(p.orders, lang),
            }
            for p in sales
        ]
        self.revenue_total = format_price(
            reports.format_total([p.revenue for p in sales]), self.currency, lang
        )
        self.orders_total = format_number(sum(p.orders for p in sales), lang)
        self.top_revenue = [
            {
                "title": c.title[:40],
                "revenue": float(c.revenue),
                "revenue_text": format_decimal(c.revenue, lang, places=2),
            }
            for c in by_revenue
        ]
        self.top_enrollments = [
            {
                "title": c.title[:40],
                "enrollments": c.enrollments,
                "enrollments_text": format_number(c.enrollments, lang),
            }
            for c in by_enrollments
        ]
        self.completion = [
            CompletionRow(
                title=c.title,
                enrollments=format_number(c.enrollments, lang),
                completed=format_number(c.completed, lang),
                rate_percent=c.rate_percent,
            )
            for c in completion
        ]
        self.activity = [
            ActivityRow(
                full_name=a.full_name,
                email=a.email,
                enrollments=format_number(a.enrollments, lang),
                lessons_done=format_number(a.lessons_done, lang),
                spend=format_decimal(a.spend, lang, places=2),
            )
            for a in activity
        ]
        self.access = OK

    def _set_range(self, date_from: str, date_to: str) -> None:
        self.date_from, self.date_to = date_from, date_to
        self.date_from_typed, self.date_to_typed = _typed(date_from), _typed(date_to)

    @rx.event
    async def load(self):
        self.access, self.date_errors = CHECKING, {}
        today = datetime.now(UTC).date()
        self._set_range((today - timedelta(days=89)).isoformat(), today.isoformat())
        self.granularity, self.activity_page = "week", 1
        self.currency = settings.default_currency
        await self._refresh()

    @rx.event
    async def apply(self, form_data: dict):
        lang = await self._lang()
        typed, errors = [], {}
        for name in ("date_from", "date_to"):
            try:
                # Typed in the language's order (RU 05.03.2026, EN 03/05/2026) or ISO.
                typed.append(parse_date_input(str(form_data.get(name, ""))[:20], lang))
            except ValueError:
                errors[name] = translate("locale.date_hint", lang)
        self.date_errors = errors
        if errors:
            return
        self.error = ""
        self._set_range(*(day.isoformat() if day else "" for day in typed))
        granularity = str(form_data.get("granularity", "day"))
        self.granularity = granularity if granularity in reports.GRANULARITIES else "day"
        currency = str(form_data.get("currency", ""))
        self.currency = currency if currency in CURRENCIES else settings.default_currency
        self.activity_page = 1
        await self._refresh()

    @rx.event
    async def activity_go(self, page: int):
        if isinstance(page, int) and 1 <= page <= self.activity_pages:
            self.activity_page = page
            await self._refresh()
