"""The viewer's time zone: the profile's, else the one the browser reports on page load."""

from __future__ import annotations

import reflex as rx

from edu_platform import db
from edu_platform.i18n import time_zone_or_none
from edu_platform.services import time_zones
from edu_platform.state.base import verified_user_id

# What the page runs on mount; its result goes to the page state's `report_zone`.
BROWSER_ZONE_SCRIPT = "Intl.DateTimeFormat().resolvedOptions().timeZone"


class TimeZoneState(rx.State):
    """The zone this browser reported (kept while the tab lives, shared by pages)."""

    browser_zone: str = ""


async def resolve_zone(state: rx.State, reported: object = None) -> str:
    """The zone to show times in for whoever holds `state` ("" when unknown: UTC).

    `reported` is the browser's answer to BROWSER_ZONE_SCRIPT (validated here); a
    signed-in person whose profile has no zone yet gets it saved to the profile.
    """
    zone_state = await state.get_state(TimeZoneState)
    if isinstance(reported, str) and time_zone_or_none(reported) is not None:
        zone_state.browser_zone = reported
    user_id = await verified_user_id(state)
    if user_id is None:
        return zone_state.browser_zone
    return await db.run(time_zones.viewer_zone, user_id=user_id, reported=zone_state.browser_zone)
