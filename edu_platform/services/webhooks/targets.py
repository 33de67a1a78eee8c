"""Which webhook URLs and event types an endpoint may have: https (http in development),
a public address in production (WEBHOOK_ALLOW_PRIVATE=1 allows others), known events."""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from edu_platform.services import events
from edu_platform.services.errors import Invalid
from edu_platform.settings import settings

MAX_URL_LENGTH = 1000
# --- validation -------------------------------------------------------------------------


def _public_address(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def private_targets_allowed() -> bool:
    return settings.environment != "production" or settings.webhook_allow_private


def refuse_private_target(url: str) -> None:
    """Invalid(field='url') when the URL's host resolves to a non-public address
    (production without WEBHOOK_ALLOW_PRIVATE) or does not resolve at all."""
    if private_targets_allowed():
        return
    parts = urlsplit(url)
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise Invalid(f"url: the host cannot be resolved ({error})", field="url") from error
    if not infos or not all(_public_address(info[4][0]) for info in infos):
        raise Invalid(
            "url: the host resolves to a private or loopback address",
            message_key="webhooks.error.private_url",
            field="url",
        )


def check_url(url: str) -> str:
    url = (url or "").strip()
    if not url:
        raise Invalid("url is required", message_key="webhooks.error.url", field="url")
    if len(url) > MAX_URL_LENGTH:
        raise Invalid("url is too long", message_key="webhooks.error.url", field="url")
    parts = urlsplit(url)
    printable = url.isprintable()  # no control character (PostgreSQL holds no NUL)
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or parts.username
        or not printable
    ):
        raise Invalid(
            "url must be an http(s) URL with a host", message_key="webhooks.error.url", field="url"
        )
    try:
        parts.port  # noqa: B018  (raises on a bad port)
    except ValueError as error:
        raise Invalid(
            "url has a bad port", message_key="webhooks.error.url", field="url"
        ) from error
    refuse_private_target(url)
    return url


def check_events(kinds: list[str] | None) -> list[str]:
    chosen = []
    for kind in kinds or []:
        if kind not in events.EVENT_TYPES:
            raise Invalid(
                f"events: unknown event type {kind}",
                message_key="webhooks.error.events",
                field="events",
            )
        if kind not in chosen:
            chosen.append(kind)
    if not chosen:
        raise Invalid(
            "events: choose at least one event type",
            message_key="webhooks.error.events",
            field="events",
        )
    return chosen


def _description(value: str | None) -> str:
    value = (value or "").strip()
    if len(value) > 500:
        raise Invalid("description is too long", field="description")
    return value
