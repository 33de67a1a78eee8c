"""Full page loads for server routes (rx.redirect navigates inside the SPA instead)."""

from __future__ import annotations

import json

import reflex as rx

from edu_platform import routes
from edu_platform.services import sessions
from edu_platform.settings import settings


def full_page_load(url: str) -> rx.event.EventSpec:
    """Navigate the browser itself: needed for /api routes and for every sign-in and
    sign-out, so the next page opens a websocket that carries the new cookie."""
    return rx.call_script(f"window.location.assign({json.dumps(url)})")


def full_page_post(url: str) -> rx.event.EventSpec:
    """Submit an empty form to `url` (POST): for actions a link must never trigger, such
    as signing out."""
    script = (
        "(() => { const form = document.createElement('form'); form.method = 'post'; "
        f"form.action = {json.dumps(url)}; document.body.appendChild(form); form.submit(); }})()"
    )
    return rx.call_script(script)


def finish_sign_in(ticket: str, next_path: str) -> rx.event.EventSpec:
    """Go to /api/auth/complete with `ticket`, first binding it to this browser with the
    short-lived cookie the route checks (services.sessions.ticket_binding)."""
    cookie = (
        f"{sessions.BINDING_COOKIE}={sessions.ticket_binding(ticket)}; "
        f"path={sessions.BINDING_COOKIE_PATH}; max-age=120; samesite=lax"
    )
    if settings.public_url.startswith("https://"):
        cookie += "; secure"
    url = routes.complete_url(ticket, next_path)
    return rx.call_script(
        f"document.cookie = {json.dumps(cookie)}; window.location.assign({json.dumps(url)})"
    )
