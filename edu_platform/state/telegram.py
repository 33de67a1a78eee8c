"""The Telegram WebApp entry (/tg) and the account page's "Link Telegram" card.

/tg runs a small script: it reads `initData` and the theme from `window.Telegram.WebApp`
when Telegram's SDK is there, else from the URL fragment Telegram opens the WebApp with
(#tgWebAppData=...&tgWebAppThemeParams=...), so the page works without loading the SDK
from the internet. The theme colours become CSS variables (--tg-theme-*), Telegram's
back button goes back (or closes the app on /tg). Signed out with initData, the script
posts it to POST /api/auth/telegram (which binds the sign-in ticket to this browser with
its cookie) and follows `complete_url`; the result comes back to `finished`.
"""

from __future__ import annotations

import json

import reflex as rx

from edu_platform import db, routes
from edu_platform.services import telegram
from edu_platform.state.auth import login_redirect
from edu_platform.state.base import VisitorState

_CONTEXT = r"""
const tg = (window.Telegram && window.Telegram.WebApp) || null;
const fragment = new URLSearchParams((window.location.hash || '').slice(1));
let initData = (tg && tg.initData) || fragment.get('tgWebAppData') || '';
let theme = (tg && tg.themeParams) || null;
if (!theme && fragment.get('tgWebAppThemeParams')) {
  try { theme = JSON.parse(fragment.get('tgWebAppThemeParams')); } catch (e) { theme = null; }
}
const root = document.documentElement;
for (const [name, value] of Object.entries(theme || {})) {
  if (typeof value === 'string' && /^#[0-9a-fA-F]{3,8}$/.test(value)) {
    root.style.setProperty('--tg-theme-' + name.replace(/_/g, '-'), value);
  }
}
if (tg) {
  try { tg.ready(); tg.expand(); } catch (e) {}
  if (tg.BackButton && !window.__eduTgBack) {
    window.__eduTgBack = true;
    tg.BackButton.onClick(() => {
      if (/^\/tg\/?$/.test(window.location.pathname)) { try { tg.close(); } catch (e) {} }
      else { window.history.back(); }
    });
    tg.BackButton.show();
  }
}
"""

_SIGN_IN = """
if (!initData) { return {status: 'outside'}; }
try {
  const response = await fetch('/api/auth/telegram', {
    method: 'POST',
    credentials: 'same-origin',
    headers: {'Content-Type': 'application/json'},
    body: JSON.stringify({init_data: initData, link: LINK}),
  });
  const body = await response.json().catch(() => ({}));
  if (response.ok && body.complete_url) {
    window.location.assign(body.complete_url);
    return {status: 'redirect'};
  }
  return {status: 'error', code: response.status};
} catch (e) {
  return {status: 'error', code: 0};
}
"""

ERRORS = {
    401: "telegram.error.bad_signature",
    403: "accounts.blocked",
    404: "telegram.error.off",
    409: "telegram.error.taken",
}


def context_script(*, sign_in: bool, link: str = "") -> str:
    """The /tg script: theme and back button always; the sign-in when asked."""
    body = _CONTEXT + (
        _SIGN_IN.replace("LINK", json.dumps(link))
        if sign_in
        else "return {status: initData ? 'telegram' : 'browser'};"
    )
    return f"(async () => {{ {body} }})()"


class TgState(VisitorState, rx.State):
    # checking → redirect (to complete_url) | outside | error | ready
    status: str = "checking"
    error_key: str = ""
    in_telegram: bool = False

    @rx.event
    async def load(self):
        self.status, self.error_key = "checking", ""
        signed_in = await self._current_user_id() is not None
        link = str(self.router.url.query_parameters.get("link", ""))[:128]
        return rx.call_script(
            context_script(sign_in=not signed_in, link=link), callback=TgState.finished
        )

    @rx.event
    def finished(self, result: dict):
        status = str((result or {}).get("status", "error"))
        if status == "telegram":
            self.in_telegram, self.status = True, "ready"
        elif status == "browser":
            self.status = "ready"
        elif status == "redirect":
            self.in_telegram, self.status = True, "redirect"
        elif status == "outside":
            self.status = "outside"
        else:
            code = (result or {}).get("code", 0)
            self.error_key = ERRORS.get(code, "telegram.error.failed")
            self.status = "error"

    @rx.event
    def retry(self):
        return rx.call_script("window.location.reload()")


class TelegramLinkState(VisitorState, rx.State):
    enabled: bool = False
    linked_id: str = ""
    link_url: str = ""
    message: str = ""

    @rx.event
    async def load(self):
        self.message, self.link_url = "", ""
        self.enabled = telegram.enabled()
        user_id = await self._current_user_id()
        if user_id is None:
            return
        self.linked_id = await db.run(telegram.linked_telegram, user_id=user_id)

    @rx.event
    async def make_link(self):
        user_id = await self._current_user_id()
        if user_id is None:
            return login_redirect(routes.ACCOUNT_SECURITY)
        if not telegram.enabled():
            return
        self.link_url = telegram.link_url(telegram.link_code(user_id=user_id))

    @rx.event
    async def unlink(self):
        user_id = await self._current_user_id()
        if user_id is None:
            return
        outcome = await self._run_as(user_id, telegram.unlink)
        if not outcome.ok:
            self.message = outcome.message
            return
        self.linked_id = ""
        self.message = await self._text("telegram.account.unlinked")
