"""Asks the browser for its time zone once the page is mounted."""

from __future__ import annotations

import reflex as rx

from edu_platform.state.time_zone import BROWSER_ZONE_SCRIPT


def zone_probe(handler) -> rx.Component:
    """An invisible element that sends the browser's IANA zone to `handler(zone)` on mount."""
    return rx.box(
        on_mount=rx.call_script(BROWSER_ZONE_SCRIPT, callback=handler),
        display="none",
        aria_hidden="true",
    )
