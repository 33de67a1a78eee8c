"""/teach/courses/<id>/analytics: the six learning metrics of a course, their trend,
retention curve, lesson funnel, daily activity and the learners gone quiet; live.

While the page is open a background task looks every 5 seconds at one cheap signature
(the course's newest event id, its completed lessons) and recomputes only when it moved,
so the figures follow learners as they study without a reload.
"""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from edu_platform import db
from edu_platform.i18n import (
    format_date,
    format_datetime,
    format_day_month,
    format_decimal,
    format_time,
    translate_plural,
)
from edu_platform.models.base import utcnow
from edu_platform.services import learners, metrics
from edu_platform.services.errors import DomainError, Forbidden, Invalid, NotFound
from edu_platform.state.base import CHECKING, DENIED, OK, SIGN_IN, FeatureState
from edu_platform.state.tab_presence import live_polls

WINDOWS = ("7", "30", "90")
# A watcher ends on its own after this long (a tab left open overnight costs nothing).
WATCH_LIMIT_SECONDS = 2 * 3600


@dataclass
class MetricCard:
    name: str
    avg: str
    p50: str
    p90: str


@dataclass
class FunnelRow:
    title: str
    reached: int
    completed: int


@dataclass
class SessionRow:
    title: str
    starts_at: str
    attended: int
    share: int  # percent of the course's current learners


@dataclass
class InactiveRow:
    full_name: str
    last_active: str


def _course_id(course_ref: object) -> int:
    text = str(course_ref or "")
    return int(text) if text.isdigit() and len(text) <= 9 else 0


def _percent(share: float) -> int:
    """A share as a whole percent, rounded half up like the metrics (0.125 -> 13)."""
    return int(metrics.half_up(share * 100, 0))


def _figure(name: str, value: float, lang: str) -> str:
    """A metric as the card shows it: minutes with one decimal in the language's way
    ("12,2" / "12.2"), a share as a whole percent."""
    if name == "time_on_task":
        return format_decimal(value, lang, places=1)
    return f"{_percent(value)}%"


class TeachAnalyticsState(FeatureState, rx.State):
    course_id: int = 0
    course_title: str = ""
    window_days: str = "30"
    learners_total: int = 0
    inactive_total: int = 0
    cards: list[MetricCard] = []
    daily: list[dict] = []
    trend: list[dict] = []
    retention: list[dict] = []
    funnel: list[FunnelRow] = []
    inactive: list[InactiveRow] = []
    registrations: list[dict] = []
    sessions: list[SessionRow] = []
    enrollments_total: int = 0
    completed_total: int = 0
    completion_rate: int = 0
    updated_at: str = ""
    announce_open: bool = False
    announce_errors: dict[str, str] = {}
    announce_busy: bool = False
    notified: int = -1
    _watcher_id: int = 0  # who the live watcher reads as (verified in load)
    _inactive_ids: list[int] = []
    _signature: tuple = ()
    _generation: int = 0
    _lang_code: str = "ru"

    # --- loading -------------------------------------------------------------------------

    def _clear_rows(self) -> None:
        self.cards, self.daily, self.trend, self.retention = [], [], [], []
        self.funnel, self.inactive, self._inactive_ids = [], [], []

    async def _compute(self, user_id: int, *, with_trend: bool = True):
        """Everything the page shows, read through one service call in a worker thread."""
        return await db.run(
            metrics.course_dashboard,
            actor_id=user_id,
            course_id=self.course_id,
            days=int(self.window_days),
            with_trend=with_trend,
        )

    def _show(self, data: metrics.Dashboard) -> None:
        lang = self._lang_code
        analytics = data.analytics
        self._signature = data.signature
        self.learners_total = analytics.learners
        self.inactive_total = analytics.inactive_learners
        self.cards = [
            MetricCard(
                name,
                _figure(name, d.avg, lang),
                _figure(name, d.p50, lang),
                _figure(name, d.p90, lang),
            )
            for name, d in analytics.metrics.items()
        ]
        self.daily = [
            {
                "date": format_day_month(day.date, lang),
                "active_learners": day.active_learners,
                "minutes": day.minutes,
            }
            for day in analytics.daily
        ]
        if data.trend is not None:
            self._show_trend(data.trend)
        self.retention = [
            {"week": week.week, "share": _percent(week.share)} for week in analytics.retention_curve
        ]
        self.funnel = [FunnelRow(f.title, f.reached, f.completed) for f in analytics.funnel]
        self.inactive = [
            InactiveRow(row.full_name, format_date(row.last_active, lang) or "—")
            for row in analytics.inactive
        ]
        self._inactive_ids = [row.user_id for row in analytics.inactive]
        stats = data.statistics
        self.enrollments_total, self.completed_total = stats.enrollments, stats.completed
        self.completion_rate = _percent(stats.completion_rate)
        self.registrations = [
            {"week": format_day_month(week.week_start, lang), "enrollments": week.enrollments}
            for week in stats.registrations
        ]
        self.sessions = [
            SessionRow(
                row.title,
                format_datetime(row.starts_at, lang),
                row.attended,
                _percent(row.attended / row.learners) if row.learners else 0,
            )
            for row in stats.attendance
        ]
        self.updated_at = format_time(utcnow(), lang)
        self.access = OK

    def _show_trend(self, trend: list) -> None:
        self.trend = [
            {
                "week": format_day_month(point.week_start, self._lang_code),
                **{
                    name: _percent(value)
                    for name, value in point.metrics.items()
                    if name != "time_on_task"
                },
                "time_on_task": point.metrics["time_on_task"],
            }
            for point in trend
        ]

    @rx.event
    async def load(self):
        self._deny(CHECKING)
        self.announce_open, self.notified = False, -1
        self._generation += 1
        user_id = await self._current_user_id()
        if user_id is None:
            self._deny(SIGN_IN)
            return
        self._watcher_id = user_id
        self.course_id = _course_id(self.course_ref)
        try:
            course = await db.run(
                metrics.require_course_analyst, actor_id=user_id, course_id=self.course_id
            )
            self.course_title = course.title
            self._lang_code = await self._lang()
            self._show(await self._compute(user_id))
        except (NotFound, Forbidden):
            self._deny(DENIED)
            return
        return TeachAnalyticsState.watch

    @rx.event
    async def set_window(self, days: str):
        if days not in WINDOWS or self.access != OK:
            return
        self.window_days = days
        self._lang_code = await self._lang()
        try:
            self._show(await self._compute(self._watcher_id))
        except (NotFound, Forbidden):
            self._deny(DENIED)

    # --- live --------------------------------------------------------------------------------

    @rx.event
    def stop_watching(self):
        self._generation += 1

    @rx.event(background=True)
    async def watch(self):
        async with self:
            generation = self._generation
            token = self.router.session.client_token
        async for _turn in live_polls(token, limit_seconds=WATCH_LIMIT_SECONDS):
            async with self:
                if generation != self._generation or self.access != OK:
                    return
                user_id, course_id, known = self._watcher_id, self.course_id, self._signature
            try:
                signature = await db.run(
                    metrics.activity_signature, actor_id=user_id, course_id=course_id
                )
                if signature == known:
                    continue
                async with self:
                    if generation != self._generation:
                        return
                data = await self._compute(user_id, with_trend=False)
            except (NotFound, Forbidden):
                async with self:
                    self._deny(DENIED)
                return
            async with self:
                if generation != self._generation:
                    return
                self._show(data)

    # --- an announcement to the learners gone quiet -------------------------------------

    @rx.event
    def set_announce_open(self, value: bool):
        self.announce_open = bool(value)
        self.announce_errors = {}

    @rx.event
    async def announce(self, form_data: dict):
        if self.access != OK or not self._inactive_ids:
            return
        self.announce_busy, self.announce_errors = True, {}
        yield
        lang = await self._lang()
        user_id = await self._current_user_id()
        try:
            if user_id is None:
                raise Forbidden("sign in first")
            self.notified = await db.run(
                learners.announce,
                actor_id=user_id,
                course_id=self.course_id,
                subject=str(form_data.get("subject", "")),
                text=str(form_data.get("text", "")),
                user_ids=list(self._inactive_ids),
            )
            self.announce_open = False
            yield rx.toast.success(translate_plural("plural.sent_to_learners", lang, self.notified))
        except Invalid as error:
            self.announce_errors = {error.field or "text": await self._error_text(error)}
        except DomainError as error:
            yield rx.toast.error(await self._error_text(error))
        finally:
            self.announce_busy = False
