"""The interface language: `?lang=` in any URL, the header switch, a cookie.

- The RU/EN switch is the one place that *saves* a choice: the `lang` cookie, and a
  signed-in user's profile language.
- `?lang=` in a link changes the language of that page and of the rest of the tab's
  visit (sessionStorage `lang_tab`), and saves nothing: no cookie, no profile change.
- Otherwise: the cookie (for a signed-in user it mirrors the profile, see AuthState),
  then the browser's Accept-Language.
The boot script of components/lang_boot.py reads the same sources in the same order, so
the first paint is already in this language.

The state holds only the language code: the texts are compiled into the pages
(components.i18n.tr), and every page's on_load assigns the code only when it changes, so
a navigation's delta does not carry it.
"""

from __future__ import annotations

import reflex as rx

from edu_platform.i18n import (
    DEFAULT_LANGUAGE,
    LANG_COOKIE,
    LANG_COOKIE_MAX_AGE,
    LANGUAGES,
    language_from_accept_header,
    normalise_language,
)


class LangState(rx.State):
    lang: str = DEFAULT_LANGUAGE
    lang_cookie: str = rx.Cookie(
        "", name=LANG_COOKIE, max_age=LANG_COOKIE_MAX_AGE, same_site="lax", path="/"
    )
    # This tab's `?lang=` choice: kept while the visitor moves on through the tab's links.
    lang_tab: str = rx.SessionStorage("", name="lang_tab")

    def requested_language(self) -> str | None:
        """`?lang=` of this page's URL, else this tab's earlier `?lang=`; None if neither."""
        requested = self.router.url.query_parameters.get("lang", "").lower()
        if requested in LANGUAGES:
            if self.lang_tab != requested:
                self.lang_tab = requested
            return requested
        return self.lang_tab if self.lang_tab in LANGUAGES else None

    # Underscored: a step of the page load's one event, not an event a client may send.
    def _init_language(self) -> None:
        """First step of every page load (AuthState.open_page): `?lang=` (this tab), then
        the cookie, then the browser."""
        requested = self.requested_language()
        if requested is not None:
            self.set_lang_if_changed(requested)
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
        if self.lang_tab:
            self.lang_tab = ""
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
