"""Settings: one source of configuration, no placeholder secrets in production."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from edu_platform.settings import Settings


def test_placeholder_secret_is_refused_in_production():
    with pytest.raises(ValidationError, match="SECRET_KEY"):
        Settings(
            environment="production",
            secret_key="change-me",
            payment_webhook_secret="a-real-webhook-secret",
        )


def test_placeholder_webhook_secret_is_refused_in_production():
    with pytest.raises(ValidationError, match="PAYMENT_WEBHOOK_SECRET"):
        Settings(
            environment="production",
            secret_key="x" * 40,
            payment_webhook_secret="change-me-webhook-secret",
        )


def test_real_secrets_are_accepted_in_production():
    config = Settings(
        environment="production",
        secret_key="x" * 40,
        payment_webhook_secret="y" * 40,
        payment_sandbox_in_production=True,
    )
    assert config.environment == "production"


def test_postgres_urls_use_psycopg3():
    assert Settings(database_url="postgres://u@h/db").database_url == "postgresql+psycopg://u@h/db"
    assert Settings(database_url="postgresql://u@h/db").database_url.startswith(
        "postgresql+psycopg://"
    )


def test_default_database_is_a_sqlite_file_under_data():
    assert Settings(_env_file=None).database_url.endswith("/data/edu.db")


def test_live_poll_seconds_is_bounded():
    assert Settings(_env_file=None).live_poll_seconds == 5.0
    assert Settings(_env_file=None, live_poll_seconds=1).live_poll_seconds == 1.0
    for wrong in (0, 0.1, 301):
        with pytest.raises(ValidationError, match="live_poll_seconds"):
            Settings(_env_file=None, live_poll_seconds=wrong)
