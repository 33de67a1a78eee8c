"""/admin/reports: revenue and orders over time, top courses, user activity, completion."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta

import reflex as rx

from edu_platform import db, routes
from edu_platform.services import reports
from edu_platform.services.errors import DomainError, Forbidden
from edu_platform.services.reports import CompletionRate, UserActivity
from edu_platform.state.admin import CHECKING, DENIED, OK, SIGN_IN, _verified_user_id

ACTIVITY_PER_PAGE = 10


def _parse(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


class AdminReportsState(rx.State):
    access: str = CHECKING
    date_from: str = ""
    date_to: str = ""
    granularity: str = "day"
    sales: list[dict] = []
    top_revenue: list[dict] = []
    top_enrollments: list[dict] = []
    completion: list[CompletionRate] = []
    activity: list[UserActivity] = []
    activity_total: int = 0
    activity_page: int = 1
    revenue_total: str = "0.00"
    orders_total: int = 0
    error: str = ""
    loading: bool = False

    @rx.var
    def activity_pages(self) -> int:
        return max(1, math.ceil(self.activity_total / ACTIVITY_PER_PAGE))

    def _range(self) -> dict[str, str]:
        return {"date_from": self.date_from, "date_to": self.date_to}

    @rx.var
    def csv_sales(self) -> str:
        return routes.report_csv_url(
            "sales-dynamics", **self._range(), granularity=self.granularity
        )

    @rx.var
    def csv_top(self) -> str:
        return routes.report_csv_url("top-courses", **self._range(), limit=50)

    @rx.var
    def csv_activity(self) -> str:
        return routes.report_csv_url("user-activity", **self._range(), per_page=100)

    @rx.var
    def csv_completion(self) -> str:
        return "/api/v1/reports/completion-rates?format=csv&limit=100"

    async def _refresh(self) -> None:
        user_id = await _verified_user_id(self)
        if user_id is None:
            self.access = SIGN_IN
            return
        date_from, date_to = _parse(self.date_from), _parse(self.date_to)
        self.loading = True
        try:
            sales = await db.run(
                reports.sales_dynamics,
                actor_id=user_id,
                date_from=date_from,
                date_to=date_to,
                granularity=self.granularity,
            )
            by_revenue = await db.run(
                reports.top_courses, actor_id=user_id, date_from=date_from, date_to=date_to, limit=8
            )
            by_enrollments = await db.run(
                reports.top_courses,
                actor_id=user_id,
                date_from=date_from,
                date_to=date_to,
                limit=8,
                by="enrollments",
            )
            self.completion = await db.run(reports.completion_rates, actor_id=user_id, limit=12)
            self.activity, self.activity_total = await db.run(
                reports.user_activity,
                actor_id=user_id,
                date_from=date_from,
                date_to=date_to,
                page=self.activity_page,
                per_page=ACTIVITY_PER_PAGE,
            )
        except Forbidden:
            self.access = DENIED
            self.sales = self.top_revenue = self.top_enrollments = []
            self.completion, self.activity = [], []
            return
        except DomainError as error:
            self.error = error.detail
            return
        finally:
            self.loading = False
        self.error = ""
        # Charts take plain numbers; the tables keep the exact decimal strings.
        self.sales = [
            {"period": p.period, "revenue": float(p.revenue), "orders": p.orders} for p in sales
        ]
        self.revenue_total = reports.format_total([p.revenue for p in sales])
        self.orders_total = sum(p.orders for p in sales)
        self.top_revenue = [
            {"title": c.title[:40], "revenue": float(c.revenue)} for c in by_revenue
        ]
        self.top_enrollments = [
            {"title": c.title[:40], "enrollments": c.enrollments} for c in by_enrollments
        ]
        self.access = OK

    @rx.event
    async def load(self):
        self.access = CHECKING
        today = datetime.now(UTC).date()
        self.date_to = today.isoformat()
        self.date_from = (today - timedelta(days=89)).isoformat()
        self.granularity, self.activity_page = "week", 1
        await self._refresh()

    @rx.event
    async def apply(self, form_data: dict):
        self.date_from = str(form_data.get("date_from", ""))[:10]
        self.date_to = str(form_data.get("date_to", ""))[:10]
        granularity = str(form_data.get("granularity", "day"))
        self.granularity = granularity if granularity in reports.GRANULARITIES else "day"
        self.activity_page = 1
        await self._refresh()

    @rx.event
    async def activity_go(self, page: int):
        if isinstance(page, int) and 1 <= page <= self.activity_pages:
            self.activity_page = page
            await self._refresh()
