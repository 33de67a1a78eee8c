"""The one configuration object: reads the environment and `.env`.

Nothing else in the project calls `os.getenv`; import `settings` from here.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent

DEV_SECRET_KEY = "dev-secret-change-me-in-production-0123456789"  # 32+ bytes for HS256
PLACEHOLDER_SECRETS = {"", "change-me", "changeme", "secret", DEV_SECRET_KEY}


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=PROJECT_ROOT / ".env", env_file_encoding="utf-8", extra="ignore"
    )

    environment: str = "development"  # development | test | production
    database_url: str = f"sqlite:///{PROJECT_ROOT / 'data' / 'edu.db'}"
    redis_url: str = ""  # empty: jobs run in-process, no Redis needed
    # Reflex's state manager (production: Redis so that app replicas share state).
    state_redis_url: str = ""
    secret_key: str = DEV_SECRET_KEY
    public_url: str = "http://localhost:3000"
    data_dir: Path = PROJECT_ROOT / "data"

    # Server
    frontend_port: int = 3000
    # Prod mode serves UI, API and websocket on one port: the backend port follows the
    # frontend's unless set (only `reflex run` in dev mode uses two).
    backend_port: int | None = None
    backend_host: str = "127.0.0.1"
    # Reverse proxies in front of the app that append to X-Forwarded-For (compose: 1, the
    # nginx proxy). 0 trusts no header: the socket's peer address is the client.
    trusted_proxy_hops: int = 0

    # In-process job pool (used when redis_url is empty)
    inline_job_workers: int = 2

    # OAuth / OIDC providers: a provider is enabled when its client id is set.
    google_client_id: str = ""
    google_client_secret: str = ""
    yandex_client_id: str = ""
    yandex_client_secret: str = ""
    vk_client_id: str = ""
    vk_client_secret: str = ""
    oidc_client_id: str = ""
    oidc_client_secret: str = ""
    oidc_discovery_url: str = ""
    oidc_name: str = "OpenID Connect"

    # Mail: empty smtp_host means mail goes to the outbox table and the log.
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_from: str = "EduPlatform <no-reply@localhost>"

    # Payments
    payment_provider: str = "sandbox"
    payment_webhook_secret: str = "dev-webhook-secret"
    default_currency: str = "RUB"

    # Uploads
    max_upload_mb: int = 20
    max_import_mb: int = 50
    max_avatar_mb: int = 2

    # Tokens
    access_token_minutes: int = 15
    refresh_token_days: int = 30

    # Password hashing (argon2id): argon2-cffi's defaults, RFC 9106's low-memory profile.
    # Production refuses less than OWASP's minimum (t=2, 19 MiB); the tests go far lower.
    argon2_time_cost: int = 3
    argon2_memory_kib: int = 65536
    argon2_parallelism: int = 4

    @field_validator("database_url")
    @classmethod
    def _normalise_postgres_driver(cls, value: str) -> str:
        # Always use psycopg 3, whatever scheme the operator wrote.
        for prefix in ("postgres://", "postgresql://"):
            if value.startswith(prefix):
                return "postgresql+psycopg://" + value[len(prefix) :]
        return value

    @model_validator(mode="after")
    def _refuse_placeholder_secret(self) -> Settings:
        if self.environment == "production" and self.secret_key.lower() in PLACEHOLDER_SECRETS:
            raise ValueError("SECRET_KEY must be set to a real secret outside development")
        if (
            self.environment == "production"
            and self.payment_webhook_secret.lower() in PLACEHOLDER_SECRETS | {"dev-webhook-secret"}
        ):
            raise ValueError("PAYMENT_WEBHOOK_SECRET must be set to a real secret in production")
        if self.environment == "production" and (
            self.argon2_time_cost < 2 or self.argon2_memory_kib < 19456
        ):
            raise ValueError("ARGON2_TIME_COST >= 2 and ARGON2_MEMORY_KIB >= 19456 in production")
        return self

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def uploads_dir(self) -> Path:
        """Private files (never served by Reflex's public upload route)."""
        return self.data_dir / "uploads"

    @property
    def max_upload_bytes(self) -> int:
        return self.max_upload_mb * 1024 * 1024

    @property
    def max_import_bytes(self) -> int:
        return self.max_import_mb * 1024 * 1024


@lru_cache
def get_settings() -> Settings:
    return Settings()


settings = get_settings()
