"""Reflex configuration, built from the project's one Settings object."""

import reflex as rx

from edu_platform.settings import settings

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
    telemetry_enabled=False,
    show_built_with_reflex=False,
    plugins=[
        rx.plugins.RadixThemesPlugin(
            theme=rx.theme(accent_color="indigo", gray_color="slate", radius="large")
        ),
    ],
    disable_plugins=[rx.plugins.SitemapPlugin],
)
