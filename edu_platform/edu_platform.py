"""The Reflex app: theme, the API mounted on the same port, and every page's registration."""

from __future__ import annotations

import reflex as rx

from edu_platform import routes
from edu_platform.api import create_api
from edu_platform.pages.home import home_page
from edu_platform.pages.not_found import not_found_page
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
    """Every page first settles the interface language (?lang=, cookie, browser)."""
    return [LangState.init_language, *handlers]


app.add_page(home_page, route=routes.HOME, title="EduPlatform", on_load=_on_load(HomeState.load))
app.add_page(not_found_page, route="404", title="EduPlatform — 404", on_load=_on_load())
