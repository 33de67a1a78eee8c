"""The right language in the first paint.

Every page is prerendered once, in the default language (Russian). A visitor who reads
the site in English would see that Russian text until the websocket brings the state
(`LangState.lang`). Instead:

- `BOOT_SCRIPT`, an inline script at the top of `<head>` (it runs before the body is
  parsed), decides the language the same way the server will: `?lang=` in the URL, then
  this tab's `?lang=` choice (sessionStorage `lang_tab`), then the saved choice (the
  `lang` cookie, which mirrors a signed-in user's profile language), then the browser's
  languages. It writes `<html lang>`, and when that language is not the prerendered one
  it marks `<html data-lang-wait>`: `BOOT_STYLE` then keeps the page invisible (a neutral
  blank page with a small spinner, no text in any language).
- `REVEAL_HOOK` (in `components/a11y.document_lang`, on every page) removes the mark once
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

import reflex as rx

from edu_platform.i18n import DEFAULT_LANGUAGE, LANG_COOKIE, LANGUAGES

WAIT_ATTRIBUTE = "data-lang-wait"
TAB_STORAGE_KEY = "lang_tab"
COOKIE_NAME = LANG_COOKIE
REVEAL_TIMEOUT_MS = 6000

BOOT_SCRIPT = f"""
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
    if (lang !== "{DEFAULT_LANGUAGE}") {{
      root.setAttribute("{WAIT_ATTRIBUTE}", lang);
      window.setTimeout(function () {{ root.removeAttribute("{WAIT_ATTRIBUTE}"); }},
        {REVEAL_TIMEOUT_MS});
    }}
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


def reveal_hook(is_hydrated: rx.Var) -> str:
    """A React effect that shows the page once the state (and its language) arrived."""
    return (
        f"useEffect(() => {{ if ({is_hydrated!s}) "
        f"document.documentElement.removeAttribute('{WAIT_ATTRIBUTE}'); }}, [{is_hydrated!s}])"
    )


def head_components() -> list[rx.Component]:
    """The boot script and its style, first in every page's `<head>`."""
    return [rx.el.script(BOOT_SCRIPT), rx.el.style(BOOT_STYLE)]
