"""/teach overview: enrolments and revenue per week and course (loaded when shown)."""

from __future__ import annotations

import dataclasses

import reflex as rx

from edu_platform import db
from edu_platform.i18n import LANGUAGES, format_price
from edu_platform.services import teach_overview
from edu_platform.services.errors import Forbidden
from edu_platform.services.teach_overview import OverviewSeries
from edu_platform.state.admin import _verified_user_id

# One colour per series, in order (the last one for "other courses").
PALETTE = ("iris", "amber", "grass", "crimson", "cyan")
OTHER_COLOR = "gray"


class TeachOverviewState(rx.State):
    loaded: bool = False
    points: list[dict] = []
    series: list[OverviewSeries] = []
    currency: str = "RUB"
    enrolments: int = 0
    revenue_labels: dict[str, str] = {}

    @rx.event
    async def load(self):
        user_id = await _verified_user_id(self)
        if user_id is None:
            return
        try:
            overview = await db.run(teach_overview.teach_overview, read_only=True, actor_id=user_id)
        except Forbidden:
            return
        self.points = overview.points
        self.series = [
            dataclasses.replace(
                item,
                color=f"var(--{OTHER_COLOR if item.key == 'other' else PALETTE[index]}-9)",
            )
            for index, item in enumerate(overview.series)
        ]
        self.currency = overview.currency
        self.enrolments = overview.enrolments
        self.revenue_labels = {
            lang: format_price(overview.revenue, overview.currency, lang) for lang in LANGUAGES
        }
        self.loaded = True
