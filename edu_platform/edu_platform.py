"""The Reflex app: theme, the API mounted on the same port, and every page of
pages/registry.py's table registered."""

from __future__ import annotations

import reflex as rx

from edu_platform import gc_tuning, outage, state_failover
from edu_platform.api import create_api
from edu_platform.components import lang_boot
from edu_platform.components.a11y import localise_titles
from edu_platform.components.i18n import tr
from edu_platform.i18n import DEFAULT_LANGUAGE
from edu_platform.jobs import periodic
from edu_platform.pages.registry import PAGES
from edu_platform.services import learning_events, mail
from edu_platform.state import page_load
from edu_platform.state.auth import AuthState
from edu_platform.state.bell import BellState
from edu_platform.state.cart import CartState
from edu_platform.web_security import SecurityMiddleware

api = create_api()
# Visitors' state lives in this process's heap: fewer collector passes (gc_tuning.py).
gc_tuning.tune()
# Without SMTP (`make run`), reset and invitation links are read on the console.
mail.log_mails_to_console()

app = rx.App(
    # The API mounted on the app, then security headers and the /_upload gate around all.
    api_transformer=[api, SecurityMiddleware],
    # The language of the first paint (components/lang_boot.py), then the description.
    head_components=[
        *lang_boot.head_components(),
        rx.el.meta(name="description", content="EduPlatform — online courses"),
    ],
    # Contrast, focus ring, skip link, 320 px layout (components/a11y.py, issue #17).
    stylesheets=["/a11y.css"],
    # The prerendered page is in the default language; the client then follows the state's.
    html_lang=DEFAULT_LANGUAGE,
    # Database or Redis unreachable: "try again in a few seconds", not "contact the admin".
    backend_exception_handler=outage.backend_exception_handler,
    # The pop-up messages' region named in the visitor's language (sonner's default is
    # English "Notifications" on every page).
    toaster=rx.toast.provider(custom_attrs={"containerAriaLabel": tr("a11y.toasts")}),
)
# FastAPI's own lifespan does not run under Reflex unless handed over (TOOLCHAIN.md, 3).
app.register_lifespan_task(lambda: api.router.lifespan_context(api))
# Periodic jobs (hourly purge, ...) in the embedded shape; RQ workers run them with Redis.
app.register_lifespan_task(periodic.lifespan)
# Learning events are buffered in memory and bulk-inserted in the background.
app.register_lifespan_task(learning_events.lifespan)
# With state in Redis, a tab whose replica died keeps its state on the next replica.
state_failover.install()
app.register_lifespan_task(state_failover.lifespan)


# Every page's on_load is one event (AuthState.open_page, state/page_load.py): it settles
# the language (?lang=, cookie, browser) and who is signed in (whose saved language then
# wins), then loads the page's own data.
for entry in PAGES:
    app.add_page(
        entry.page,
        route=entry.route,
        title="EduPlatform",  # replaced by the route's title in the visitor's language
        on_load=AuthState.open_page(entry.route),
    )
    page_load.register(entry.route, entry.on_load)
# The header's counts, current after each navigation, in the same event.
page_load.register_every_page(CartState.load_count, BellState.start)
# Accessibility: every title in the visitor's language (after the last add_page).
localise_titles(app)
