"""The interface language: `?lang=` in any URL, the header switch, a cookie for guests.

Signed-in users' choice is also saved to their profile (accounts issue). The state holds
only the language code: the texts are compiled into the pages (components.i18n.tr), and
every page's on_load assigns the code only when it changes, so a navigation's delta does
not carry it.
"""

from __future__ import annotations

import reflex as rx

from edu_platform.i18n import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    language_from_accept_header,
    normalise_language,
)

ONE_YEAR = 365 * 24 * 3600


class LangState(rx.State):
    lang: str = DEFAULT_LANGUAGE
    lang_cookie: str = rx.Cookie("", name="lang", max_age=ONE_YEAR, same_site="lax", path="/")

    @rx.event
    def init_language(self):
        """on_load of every page: URL parameter, then cookie, then the browser's language."""
        requested = self.router.url.query_parameters.get("lang", "")
        if requested.lower() in LANGUAGES:
            self._apply(requested.lower())
            return
        if self.lang_cookie in LANGUAGES:
            self.set_lang_if_changed(self.lang_cookie)
            return
        self.set_lang_if_changed(
            language_from_accept_header(self.router.headers.accept_language) or DEFAULT_LANGUAGE
        )

    def choose(self, lang: str) -> bool:
        """The header switch's part here (AuthState.set_language saves it to the profile):
        `lang` comes from the client, anything unknown is ignored (False)."""
        if not (isinstance(lang, str) and lang in LANGUAGES):
            return False
        self._apply(lang)
        return True

    def set_lang_if_changed(self, lang: str, *, cookie: bool = False) -> None:
        """Assigns `lang` (and the cookie) only when different: an assignment, even of the
        same value, marks the var dirty and sends it to the browser again."""
        if self.lang != lang:
            self.lang = lang
        if cookie and self.lang_cookie != lang:
            self.lang_cookie = lang

    def _apply(self, lang: str) -> None:
        self.set_lang_if_changed(normalise_language(lang), cookie=True)
