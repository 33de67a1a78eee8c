"""/teach overview: enrolments and revenue per week and course (loaded when shown)."""

from __future__ import annotations

import dataclasses

import reflex as rx

from edu_platform.i18n import LANGUAGES, format_price
from edu_platform.services import teach_overview
from edu_platform.services.teach_overview import OverviewSeries
from edu_platform.state.base import FeatureState

# One colour per series, in order (the last one for "other courses").
PALETTE = ("iris", "amber", "grass", "crimson", "cyan")
OTHER_COLOR = "gray"


class TeachOverviewState(FeatureState, rx.State):
    loaded: bool = False
    points: list[dict] = []
    series: list[OverviewSeries] = []
    currency: str = "RUB"
    enrolments: int = 0
    revenue_labels: dict[str, str] = {}

    @rx.event
    async def load(self):
        outcome = await self._call(teach_overview.teach_overview, read_only=True)
        if not outcome.ok:  # a guest or a learner: the page shows no overview
            return
        overview = outcome.value
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
