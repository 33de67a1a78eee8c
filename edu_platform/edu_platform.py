"""The Reflex app: theme, the API mounted on the same port, and every page's registration."""

from __future__ import annotations

import reflex as rx

from edu_platform import routes
from edu_platform.api import create_api
from edu_platform.pages.auth import login_page, register_page
from edu_platform.pages.home import home_page
from edu_platform.pages.not_found import not_found_page
from edu_platform.state.auth import AuthState
from edu_platform.state.home import HomeState
from edu_platform.state.i18n import LangState

api = create_api()

app = rx.App(
    api_transformer=api,
    head_components=[rx.el.meta(name="description", content="EduPlatform — online courses")],
)
# FastAPI's own lifespan does not run under Reflex unless handed over (TOOLCHAIN.md, 3).
app.register_lifespan_task(lambda: api.router.lifespan_context(api))


def _on_load(*handlers):
    """Every page first settles the language (?lang=, cookie, browser) and who is signed in
    (whose saved language then wins)."""
    return [LangState.init_language, AuthState.load_user, *handlers]


app.add_page(home_page, route=routes.HOME, title="EduPlatform", on_load=_on_load(HomeState.load))
app.add_page(not_found_page, route="404", title="EduPlatform — 404", on_load=_on_load())
app.add_page(login_page, route=routes.LOGIN, title="EduPlatform — Sign in", on_load=_on_load())
app.add_page(
    register_page, route=routes.REGISTER, title="EduPlatform — Sign up", on_load=_on_load()
)

# --- OAuth pages (none: OAuth is API routes + buttons on the login page) ---
# --- account area pages ---
# --- admin pages ---
