"""The right language in the first paint.

Every page is prerendered once, in the default language (Russian). A visitor who reads
the site in English would see that Russian text until the websocket brings the state
(`LangState.lang`). Instead:

- `boot_script()`, an inline script at the top of `<head>` (it runs before the body is
  parsed), decides the language the same way the server will: `?lang=` in the URL, then
  this tab's `?lang=` choice (sessionStorage `lang_tab`), then the saved choice (the
  `lang` cookie, which mirrors a signed-in user's profile language), then the browser's
  languages. It writes `<html lang>`, and when that language is not the prerendered one
  it marks `<html data-lang-wait>`: `BOOT_STYLE` then keeps the page invisible (a neutral
  blank page with a small spinner, no text in any language), and the tab's `<title>` is
  held at the route's title in that language (a table of every route's title).
- `a11y.reveal_hook` (in `components/a11y.document_lang`, on every page) removes the mark once
  the state is hydrated, i.e. after the page's on_load handlers settled the language.
  The script also removes it after `REVEAL_TIMEOUT_MS`, so a page whose websocket never
  connects still shows.

The script is inline, so the Content-Security-Policy must allow it: `web_security`
hashes every inline script of each served page into that page's policy (as it does for
Reflex's own boot scripts), so nothing else needs listing. The script avoids `<`, `>`
and `&`, which React would escape in the prerendered HTML.
"""

from __future__ import annotations

import json
import re

import reflex as rx

from edu_platform.components.a11y import APP_NAME, TITLE_KEYS, WAIT_ATTRIBUTE
from edu_platform.i18n import DEFAULT_LANGUAGE, LANG_COOKIE, LANGUAGES, translate

TAB_STORAGE_KEY = "lang_tab"
COOKIE_NAME = LANG_COOKIE
# Only for a page whose websocket never connects: a busy server may take seconds to answer.
REVEAL_TIMEOUT_MS = 15000
APP_TITLE = "EduPlatform"
# The columns of the title table after the route pattern: the prerendered language first.
TITLE_LANGUAGES = (DEFAULT_LANGUAGE, *(lang for lang in LANGUAGES if lang != DEFAULT_LANGUAGE))


NOT_FOUND = "404"


def _titles() -> list[list[str]]:
    """[route pattern, prerendered title, title in each other language] for every route:
    the tab's title while the page waits for its language. The not-found page's row comes
    last, with a pattern that matches any path the routes before it did not."""
    table = []
    for route, key in TITLE_KEYS.items():
        if route == NOT_FOUND:
            continue
        pattern = "^" + re.sub(r"\\\[[^/]+?\\\]", "[^/]+", re.escape(route.rstrip("/"))) + "/?$"
        table.append([pattern, *_route_titles(key)])
    return [*table, ["", *_route_titles(TITLE_KEYS[NOT_FOUND])]]


def _route_titles(key: str) -> list[str]:
    """The route's title in the prerendered language, then in each other language."""
    return [f"{translate(f'a11y.title.{key}', lang)} — {APP_NAME}" for lang in TITLE_LANGUAGES]


def _js_literal(value: object) -> str:
    """JSON with `<`, `>` and `&` escaped (the script text goes into HTML as it is)."""
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def boot_script() -> str:
    return f"""
(function () {{
  var root = document.documentElement;
  try {{
    var langs = {json.dumps(list(LANGUAGES))};
    var pick = function (value) {{
      var code = String(value || "").toLowerCase().slice(0, 2);
      return langs.indexOf(code) === -1 ? "" : code;
    }};
    var fromUrl = pick(new URLSearchParams(window.location.search).get("lang"));
    var fromTab = "";
    try {{ fromTab = pick(window.sessionStorage.getItem("{TAB_STORAGE_KEY}")); }} catch (e) {{}}
    var match = document.cookie.match(/(?:^|; ){COOKIE_NAME}=([^;]*)/);
    var fromCookie = pick(match ? match[1] : "");
    var fromBrowser = "";
    (navigator.languages || [navigator.language]).some(function (code) {{
      fromBrowser = pick(code);
      return fromBrowser;
    }});
    var lang = fromUrl || fromTab || fromCookie || fromBrowser || "{DEFAULT_LANGUAGE}";
    root.lang = lang;
    if (lang === "{DEFAULT_LANGUAGE}") return;
    root.setAttribute("{WAIT_ATTRIBUTE}", lang);
    var column = {json.dumps(TITLE_LANGUAGES)}.indexOf(lang) + 1;
    var title = "{APP_TITLE}";
    var prerendered = "";
    var path = window.location.pathname;
    {_js_literal(_titles())}.some(function (row) {{
      if (!new RegExp(row[0]).test(path)) return false;
      prerendered = row[1];
      title = row[column];
      return true;
    }});
    // The prerendered title is in the default language (a page served by the SPA fallback
    // has none, or the app's name, until it renders): show this page's title in the
    // page's language instead until the state arrives. Only those: a title the page sets
    // itself (a course's name) may come before the mark is removed, and the page would
    // never set it again.
    var placeholders = ["", "{APP_TITLE}", prerendered];
    var hold = new MutationObserver(function () {{
      if (!root.hasAttribute("{WAIT_ATTRIBUTE}")) {{ hold.disconnect(); return; }}
      if (placeholders.indexOf(document.title) !== -1) document.title = title;
    }});
    hold.observe(document, {{ subtree: true, childList: true, characterData: true,
      attributes: true, attributeFilter: ["{WAIT_ATTRIBUTE}"] }});
    window.setTimeout(function () {{
      root.removeAttribute("{WAIT_ATTRIBUTE}");
      hold.disconnect();
    }}, {REVEAL_TIMEOUT_MS});
  }} catch (e) {{
    root.removeAttribute("{WAIT_ATTRIBUTE}");
  }}
}})();
"""


BOOT_STYLE = f"""
html[{WAIT_ATTRIBUTE}] body {{ visibility: hidden; }}
html[{WAIT_ATTRIBUTE}]::after {{
  content: ""; position: fixed; top: 50%; left: 50%; width: 28px; height: 28px;
  margin: -14px 0 0 -14px; border-radius: 50%; border: 3px solid rgba(99, 102, 241, 0.25);
  border-top-color: rgb(99, 102, 241); animation: lang-wait-spin 0.8s linear infinite;
}}
@keyframes lang-wait-spin {{ to {{ transform: rotate(360deg); }} }}
@media (prefers-reduced-motion: reduce) {{ html[{WAIT_ATTRIBUTE}]::after {{ animation: none; }} }}
"""


def head_components() -> list[rx.Component]:
    """The boot script and its style, first in every page's `<head>`."""
    return [rx.el.script(boot_script()), rx.el.style(BOOT_STYLE)]
