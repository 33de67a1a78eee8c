"""Full page loads for server routes (rx.redirect navigates inside the SPA instead)."""

from __future__ import annotations

import json

import reflex as rx


def full_page_load(url: str) -> rx.event.EventSpec:
    """Navigate the browser itself: needed for /api routes and for every sign-in and
    sign-out, so the next page opens a websocket that carries the new cookie."""
    return rx.call_script(f"window.location.assign({json.dumps(url)})")
