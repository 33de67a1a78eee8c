"""The interface language: `?lang=` in any URL, the header switch, a cookie for guests.

Signed-in users' choice is also saved to their profile (accounts issue).
"""

from __future__ import annotations

import reflex as rx

from edu_platform.i18n import (
    CATALOGUE,
    DEFAULT_LANGUAGE,
    LANGUAGES,
    language_from_accept_header,
    normalise_language,
)

ONE_YEAR = 365 * 24 * 3600


class LangState(rx.State):
    lang: str = DEFAULT_LANGUAGE
    lang_cookie: str = rx.Cookie("", name="lang", max_age=ONE_YEAR, same_site="lax", path="/")

    @rx.var
    def msg(self) -> dict[str, str]:
        """Every UI message in the current language (a few KB, sent once per switch)."""
        return CATALOGUE[self.lang]

    @rx.event
    def init_language(self):
        """on_load of every page: URL parameter, then cookie, then the browser's language."""
        requested = self.router.url.query_parameters.get("lang", "")
        if requested.lower() in LANGUAGES:
            self._apply(requested.lower())
            return
        if self.lang_cookie in LANGUAGES:
            self.lang = self.lang_cookie
            return
        self.lang = language_from_accept_header(self.router.headers.accept_language) or (
            DEFAULT_LANGUAGE
        )

    @rx.event
    def set_language(self, lang: str):
        """The header switch. `lang` comes from the client: anything unknown is ignored."""
        if isinstance(lang, str) and lang in LANGUAGES:
            self._apply(lang)

    def _apply(self, lang: str) -> None:
        self.lang = normalise_language(lang)
        self.lang_cookie = self.lang
