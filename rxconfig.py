"""Reflex configuration, built from the project's one Settings object."""

import reflex as rx
from reflex.constants import StateManagerMode

from edu_platform.settings import settings

# Where visitors' state lives: in Redis when one is configured (STATE_REDIS_URL or
# REFLEX_REDIS_URL; several processes share it), else in this one process's memory. Not
# Reflex's default disk store: it writes a file per state per visitor under .states/ and
# lists the folder after writes, which dominated the server's time under load. State in
# memory is lost on a restart; sign-ins are not (sessions live in the database, and every
# page's on_load reloads what it shows). REFLEX_STATE_MANAGER_MODE still overrides this.
STATE_MANAGER_MODE = StateManagerMode.REDIS if settings.state_redis_url else StateManagerMode.MEMORY

config = rx.Config(
    app_name="edu_platform",
    frontend_port=settings.frontend_port,
    backend_port=settings.backend_port or settings.frontend_port,
    backend_host=settings.backend_host,
    deploy_url=settings.public_url,
    trusted_proxy_hops=settings.trusted_proxy_hops,
    # API and websocket: only our own origin (and CORS_EXTRA_ORIGINS), never "*".
    cors_allowed_origins=settings.cors_origins,
    # Reflex's own db_url is left unset on purpose: we never use rx.Model/rx.session
    # (one engine, edu_platform.db), and a db_url makes `reflex run` autogenerate-check
    # the schema against our Alembic chain on every start.
    redis_url=settings.state_redis_url or None,
    state_manager_mode=STATE_MANAGER_MODE,
    telemetry_enabled=False,
    show_built_with_reflex=False,
    plugins=[
        rx.plugins.RadixThemesPlugin(
            theme=rx.theme(accent_color="indigo", gray_color="slate", radius="large")
        ),
    ],
    disable_plugins=[rx.plugins.SitemapPlugin],
)
if config.redis_url and config.state_manager_mode == StateManagerMode.MEMORY:
    # Redis reached Reflex through its own environment only (REFLEX_REDIS_URL beside an
    # empty STATE_REDIS_URL): with Redis, Reflex starts several workers, which must share it.
    config.state_manager_mode = StateManagerMode.REDIS
