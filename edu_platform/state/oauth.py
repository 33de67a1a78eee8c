"""The sign-in buttons of enabled OAuth providers and the reason a provider sign-in failed."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from edu_platform import routes
from edu_platform.i18n import has_key
from edu_platform.services import oauth_clients

# /login?error=<code> values not named oauth_<reason> (see api/oauth.py login_error_code).
OTHER_LOGIN_ERRORS = {"ticket": "accounts.ticket_invalid", "too_many": "rate_limits.too_many"}


@dataclass
class ProviderLink:
    name: str
    label_key: str  # a catalogue key, or "" to show `label` as is (the generic OIDC name)
    label: str
    href: str


def login_error_key(code: str) -> str:
    """The message key for a /login?error= value, or "" for anything unknown."""
    if code.startswith("oauth_"):
        key = "oauth.error." + code.removeprefix("oauth_")
        return key if has_key(key) else ""
    if code in OTHER_LOGIN_ERRORS:
        return OTHER_LOGIN_ERRORS[code]
    # The no-JavaScript form routes (api/form_auth.py) send an accounts.* key's tail.
    key = "accounts." + code
    return key if code.replace("_", "").isalpha() and has_key(key) else ""


class OAuthState(rx.State):
    providers: list[ProviderLink] = []
    error_key: str = ""

    @rx.event
    def load(self):
        """on_load of /login and /register: enabled providers and ?error= from a callback."""
        query = self.router.url.query_parameters
        next_path = routes.safe_next(query.get("next", "/"))
        self.providers = [
            ProviderLink(
                name=button.name,
                label_key=button.label_key,
                label=button.label,
                href=routes.oauth_start_url(button.name, next_path),
            )
            for button in oauth_clients.enabled_buttons()
        ]
        self.error_key = login_error_key(str(query.get("error", ""))[:64])
