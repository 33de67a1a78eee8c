"""Issue 9.2 and 9.3 (part): no known signing key, no sandbox payments or demo accounts
in production.

The forged-token test runs the real API under uvicorn in a process of its own with
ENVIRONMENT=development and no SECRET_KEY (what `make run` does without a `.env`).
"""

from __future__ import annotations

import os
import signal
import socket
import stat
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import httpx
import jwt
import pytest
import yaml
from pydantic import ValidationError
from sqlmodel import Session

from edu_platform import db
from edu_platform.models import utcnow
from edu_platform.services import accounts
from edu_platform.settings import (
    DEV_SECRET_KEY,
    DEV_WEBHOOK_SECRET,
    PROJECT_ROOT,
    SECRET_KEY_FILE,
    WEBHOOK_SECRET_FILE,
    Settings,
)
from tests.support import http

STRONG = "k" * 48
# Settings that would otherwise come from the developer's environment or `.env`.
CLEAN_ENV = {
    key: value
    for key, value in os.environ.items()
    if not key.startswith(("SECRET_KEY", "PAYMENT_", "ENVIRONMENT", "DATA_DIR", "DATABASE_URL"))
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def dev_api(tmp_path, make_database):
    """The API served by uvicorn with ENVIRONMENT=development and no SECRET_KEY; an admin
    account exists. Yields (base URL, data dir, admin id)."""
    url = make_database("sqlite")
    with Session(db.make_engine(url)) as session:
        admin = accounts.register(
            session=session,
            email="root@forge.example",
            password="correct-horse-battery",
            full_name="Root",
            role="admin",
        )
        session.commit()
        admin_id = admin.id
    data_dir = tmp_path / "data"
    port = _free_port()
    env = {
        **CLEAN_ENV,
        "ENVIRONMENT": "development",
        # Empty, as with no `.env` (the environment wins over a `.env` file).
        "SECRET_KEY": "",
        "PAYMENT_WEBHOOK_SECRET": "",
        "DATA_DIR": str(data_dir),
        "DATABASE_URL": url,
        "REDIS_URL": "",
        "PYTHONPATH": str(PROJECT_ROOT),
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            "edu_platform.api:create_api",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        cwd=tmp_path,
        env=env,
        start_new_session=True,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, "the API exited at start"
            try:
                http.get(f"{base_url}/api/v1/courses", timeout=2)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "the API did not start"
                time.sleep(0.3)
        yield base_url, data_dir, admin_id
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)


def _forged(key: str, user_id: int) -> str:
    now = utcnow()
    payload = {
        "sub": str(user_id),
        "role": "admin",
        "iat": now,
        "exp": now + timedelta(minutes=15),
        "typ": "access",
    }
    return jwt.encode(payload, key, algorithm="HS256")


def test_a_token_forged_with_the_repository_key_is_rejected(dev_api):
    base_url, data_dir, admin_id = dev_api
    forged = http.get(
        f"{base_url}/api/v1/users",
        headers={"Authorization": f"Bearer {_forged(DEV_SECRET_KEY, admin_id)}"},
        timeout=30,
    )
    assert forged.status_code == 401
    # The key was generated into the data directory, readable by the owner only ...
    key_file = data_dir / SECRET_KEY_FILE
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(key_file.read_text().strip()) >= 32
    assert stat.S_IMODE((data_dir / WEBHOOK_SECRET_FILE).stat().st_mode) == 0o600
    # ... and it is what the server signs with: a real sign-in works.
    login = http.post(
        f"{base_url}/api/v1/auth/login",
        json={"email": "root@forge.example", "password": "correct-horse-battery"},
        timeout=30,
    )
    assert login.status_code == 200
    real = http.get(
        f"{base_url}/api/v1/users",
        headers={"Authorization": f"Bearer {login.json()['access_token']}"},
        timeout=30,
    )
    assert real.status_code == 200


def _example_value(name: str) -> str:
    for line in (PROJECT_ROOT / ".env.example").read_text().splitlines():
        if line.startswith(f"{name}="):
            return line.partition("=")[2]
    raise AssertionError(name)


@pytest.mark.parametrize("environment", ["development", "production"])
@pytest.mark.parametrize(
    "known",
    [
        DEV_SECRET_KEY,
        "change-me",
        "change-me-webhook-secret",
        _example_value("POSTGRES_PASSWORD"),  # any value published in .env.example
        "short-but-random-7f3a",  # under 32 bytes
    ],
)
def test_known_or_short_secrets_are_refused_outside_test(tmp_path, environment, known):
    common = {
        "environment": environment,
        "data_dir": tmp_path,
        "payment_sandbox_in_production": True,
        "_env_file": None,
    }
    with pytest.raises(ValidationError, match="SECRET_KEY"):
        Settings(secret_key=known, payment_webhook_secret=STRONG, **common)
    with pytest.raises(ValidationError, match="PAYMENT_WEBHOOK_SECRET"):
        Settings(secret_key=STRONG, payment_webhook_secret=known, **common)
    with pytest.raises(ValidationError, match="PAYMENT_WEBHOOK_SECRET"):
        Settings(secret_key=STRONG, payment_webhook_secret=DEV_WEBHOOK_SECRET, **common)


def test_the_generated_key_is_kept_across_starts(tmp_path):
    first = Settings(environment="development", data_dir=tmp_path, _env_file=None)
    again = Settings(environment="development", data_dir=tmp_path, _env_file=None)
    assert first.secret_key == again.secret_key != DEV_SECRET_KEY
    assert first.payment_webhook_secret == again.payment_webhook_secret
    assert first.secret_key != first.payment_webhook_secret
    elsewhere = Settings(environment="development", data_dir=tmp_path / "b", _env_file=None)
    assert elsewhere.secret_key != first.secret_key


def test_the_test_environment_keeps_its_fixed_keys(tmp_path):
    config = Settings(environment="test", data_dir=tmp_path, _env_file=None)
    assert config.secret_key == DEV_SECRET_KEY
    assert not (tmp_path / SECRET_KEY_FILE).exists()


# --- 9.3 production refusals ----------------------------------------------------------------


def _start_settings(env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess:
    """Import the settings as every process does at start."""
    return subprocess.run(
        [sys.executable, "-c", "import edu_platform.settings"],
        cwd=tmp_path,
        env={**CLEAN_ENV, "DATA_DIR": str(tmp_path), "PYTHONPATH": str(PROJECT_ROOT), **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_the_sandbox_provider_at_start(tmp_path):
    production = {
        "ENVIRONMENT": "production",
        "SECRET_KEY": STRONG,
        "PAYMENT_WEBHOOK_SECRET": STRONG + "w",
        "PAYMENT_PROVIDER": "sandbox",
    }
    refused = _start_settings(production, tmp_path)
    assert refused.returncode != 0
    assert "PAYMENT_SANDBOX_IN_PRODUCTION" in refused.stderr
    allowed = _start_settings({**production, "PAYMENT_SANDBOX_IN_PRODUCTION": "1"}, tmp_path)
    assert allowed.returncode == 0, allowed.stderr


def test_production_refuses_to_seed_demo_accounts(tmp_path, make_database):
    url = make_database("sqlite")
    result = subprocess.run(
        [sys.executable, "-m", "edu_platform.seed", "--size", "demo", "--no-banners"],
        cwd=PROJECT_ROOT,
        env={
            **CLEAN_ENV,
            "ENVIRONMENT": "production",
            "SECRET_KEY": STRONG,
            "PAYMENT_WEBHOOK_SECRET": STRONG + "w",
            "PAYMENT_SANDBOX_IN_PRODUCTION": "1",
            "DATABASE_URL": url,
            "DATA_DIR": str(tmp_path),
            "PYTHONPATH": str(PROJECT_ROOT),
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert "production" in result.stderr
    with Session(db.make_engine(url)) as session:
        assert accounts.find_user_by_email(session=session, email="admin@example.com") is None


def test_compose_does_not_seed_demo_accounts_by_default():
    compose = yaml.safe_load((PROJECT_ROOT / "docker-compose.yml").read_text())
    command = "\n".join(compose["services"]["migrate"]["command"])
    assert '"${SEED_DEMO:-0}" = "1"' in command
    assert _example_value("SEED_DEMO") == "0"
