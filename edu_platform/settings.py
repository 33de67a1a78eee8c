"""The one configuration object: reads the environment and `.env`.

Nothing else in the project calls `os.getenv`; import `settings` from here.
"""

from __future__ import annotations

import os
import secrets
import time
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import AliasChoices, Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# Used only with ENVIRONMENT=test (the test suite, the browser tests' server): every
# other environment refuses these, the values of .env.example and anything shorter than
# MIN_SECRET_BYTES, and generates a random key into the data directory when unset.
DEV_SECRET_KEY = "dev-secret-change-me-in-production-0123456789"  # 32+ bytes for HS256
DEV_WEBHOOK_SECRET = "dev-webhook-secret"
PLACEHOLDER_SECRETS = {"", "change-me", "changeme", "secret", DEV_SECRET_KEY, DEV_WEBHOOK_SECRET}
MIN_SECRET_BYTES = 32
SECRET_KEY_FILE = "secret_key"
WEBHOOK_SECRET_FILE = "payment_webhook_secret"
ENV_EXAMPLE = PROJECT_ROOT / ".env.example"


def _example_values() -> set[str]:
    """Every value written in .env.example: published, so never a secret."""
    try:
        lines = ENV_EXAMPLE.read_text(encoding="utf-8").splitlines()
    except OSError:
        return set()
    values = set()
    for line in lines:
        name, sep, value = line.lstrip("# ").partition("=")
        if sep and name.strip().isupper():
            values.add(value.strip().strip("\"'"))
    return values - {""}


def _generated_secret(path: Path) -> str:
    """The key in `path`, created (random, mode 0600) on first use; safe for processes
    starting at once (O_EXCL: one creates it, the others read it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        for _attempt in range(50):
            value = path.read_text(encoding="utf-8").strip()
            if value:
                return value
            time.sleep(0.1)
        raise ValueError(f"{path} is empty: delete it to generate a new key") from None
    value = secrets.token_urlsafe(48)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(value + "\n")
    return value


def _checked_secret(name: str, value: str, *, environment: str, fallback: str, path: Path) -> str:
    if environment == "test":
        return value or fallback
    if not value:
        return _generated_secret(path)
    lowered = value.lower()
    if (
        lowered in PLACEHOLDER_SECRETS
        or lowered.startswith(("change-me", "changeme"))
        or value in _example_values()
    ):
        raise ValueError(
            f"{name} is a published placeholder (from the repository or .env.example): "
            f'set a random value (python -c "import secrets; '
            f'print(secrets.token_urlsafe(48))") or leave it unset to generate one '
            f"into the data directory"
        )
    if len(value.encode()) < MIN_SECRET_BYTES:
        raise ValueError(f"{name} must be at least {MIN_SECRET_BYTES} bytes long")
    return value


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=PROJECT_ROOT / ".env",
        env_file_encoding="utf-8",
        extra="ignore",
        # A refusal must not print the configured secrets into the log.
        hide_input_in_errors=True,
    )

    environment: str = "development"  # development | test | production
    database_url: str = f"sqlite:///{PROJECT_ROOT / 'data' / 'edu.db'}"
    redis_url: str = ""  # empty: jobs run in-process, no Redis needed
    # PostgreSQL connections kept per process (plus 5 overflow): processes × (pool + 5)
    # must stay under the server's max_connections (default 100).
    db_pool_size: int = 8
    # Seconds the public catalog cache (Redis, or in-process without it) keeps an entry;
    # course and review changes invalidate it at once. 0 turns the cache off.
    catalog_cache_ttl: int = 60
    # Seconds between an open tab's checks for what changed (the header's bell and messages
    # badges, an open conversation, a teacher's live analytics): one cheap query each.
    live_poll_seconds: float = Field(5.0, ge=0.5, le=300)
    # Reflex's state manager (production: Redis so that app replicas share state). Reflex's
    # own name REFLEX_REDIS_URL is read too. Empty: visitors' state in the process memory.
    state_redis_url: str = Field(
        "", validation_alias=AliasChoices("state_redis_url", "reflex_redis_url")
    )
    # Empty: a random key generated into DATA_DIR/secret_key (ENVIRONMENT=test: fixed).
    secret_key: str = ""
    public_url: str = "http://localhost:3000"
    # Other origins allowed to call the API and open the websocket with credentials
    # (comma-separated, e.g. "https://admin.example.org"). PUBLIC_URL's is always allowed.
    cors_extra_origins: str = ""
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
    # Raw learning events older than this are rolled up per day and deleted.
    event_retention_days: int = 400

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
    # Telegram WebApp sign-in (POST /api/auth/telegram, the /tg page): the bot's token
    # from @BotFather; empty turns it off. The bot's user name and the WebApp's short name
    # make the t.me links the account page shows for linking.
    telegram_bot_token: str = ""
    telegram_bot_username: str = ""
    telegram_webapp_name: str = ""

    # Mail: empty smtp_host means mail goes to the outbox table and the log.
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_from: str = "EduPlatform <no-reply@localhost>"

    # Payments
    payment_provider: str = "sandbox"
    # Empty: generated into DATA_DIR/payment_webhook_secret (ENVIRONMENT=test: fixed).
    payment_webhook_secret: str = ""
    # Production refuses the sandbox provider (free courses for anyone) unless this is set.
    payment_sandbox_in_production: bool = False
    # YooKassa (PAYMENT_PROVIDER=yookassa): shop id and secret key from its dashboard;
    # notifications go to <PUBLIC_URL>/api/v1/payments/yookassa and are checked against
    # the API. Optional comma-separated allow-list of the addresses they may come from.
    yookassa_shop_id: str = ""
    yookassa_secret_key: str = ""
    yookassa_api_url: str = "https://api.yookassa.ru/v3"
    yookassa_allowed_ips: str = ""
    default_currency: str = "RUB"

    # Integrations: webhooks may target loopback/private addresses only outside
    # production, or when this is set; the Redis stream of domain events is capped.
    webhook_allow_private: bool = False
    events_stream_maxlen: int = 100_000

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
    def _refuse_known_secrets(self) -> Settings:
        self.secret_key = _checked_secret(
            "SECRET_KEY",
            self.secret_key,
            environment=self.environment,
            fallback=DEV_SECRET_KEY,
            path=self.data_dir / SECRET_KEY_FILE,
        )
        self.payment_webhook_secret = _checked_secret(
            "PAYMENT_WEBHOOK_SECRET",
            self.payment_webhook_secret,
            environment=self.environment,
            fallback=DEV_WEBHOOK_SECRET,
            path=self.data_dir / WEBHOOK_SECRET_FILE,
        )
        return self

    @model_validator(mode="after")
    def _refuse_sandbox_payments_in_production(self) -> Settings:
        if (
            self.environment == "production"
            and self.payment_provider == "sandbox"
            and not self.payment_sandbox_in_production
        ):
            raise ValueError(
                "PAYMENT_PROVIDER=sandbox would give every course away for free in "
                "production: configure a real payment provider, or set "
                "PAYMENT_SANDBOX_IN_PRODUCTION=1 for a demo installation"
            )
        if self.environment == "production" and (
            self.argon2_time_cost < 2 or self.argon2_memory_kib < 19456
        ):
            raise ValueError("ARGON2_TIME_COST >= 2 and ARGON2_MEMORY_KIB >= 19456 in production")
        return self

    @model_validator(mode="after")
    def _require_yookassa_keys(self) -> Settings:
        if self.payment_provider == "yookassa" and not (
            self.yookassa_shop_id.strip() and self.yookassa_secret_key.strip()
        ):
            raise ValueError(
                "PAYMENT_PROVIDER=yookassa needs YOOKASSA_SHOP_ID and YOOKASSA_SECRET_KEY"
            )
        return self

    @property
    def cors_origins(self) -> list[str]:
        """PUBLIC_URL's origin and CORS_EXTRA_ORIGINS (for the API and the websocket)."""
        origins = [_origin(self.public_url)]
        parts = urlsplit(self.public_url)
        if parts.hostname in ("localhost", "127.0.0.1"):
            # The same local server under its other usual name.
            other = "127.0.0.1" if parts.hostname == "localhost" else "localhost"
            port = f":{parts.port}" if parts.port else ""
            origins.append(f"{parts.scheme}://{other}{port}")
        origins += [_origin(o) for o in self.cors_extra_origins.split(",") if o.strip()]
        return list(dict.fromkeys(origins))

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


def _origin(url: str) -> str:
    parts = urlsplit(url.strip())
    return f"{parts.scheme}://{parts.netloc}".lower()


@lru_cache
def get_settings() -> Settings:
    return Settings()


settings = get_settings()
