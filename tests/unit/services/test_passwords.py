"""Password hashing: the production argon2 profile (the rest of the suite runs a cheap one)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from edu_platform.services import passwords
from edu_platform.settings import Settings, settings

PRODUCTION = Settings(_env_file=None)


@pytest.fixture
def production_profile(monkeypatch):
    for name in ("argon2_time_cost", "argon2_memory_kib", "argon2_parallelism"):
        monkeypatch.setattr(settings, name, getattr(PRODUCTION, name))


def test_the_defaults_are_rfc_9106_low_memory():
    assert (PRODUCTION.argon2_time_cost, PRODUCTION.argon2_memory_kib) == (3, 65536)
    assert PRODUCTION.argon2_parallelism == 4


def test_production_parameters_hash_and_verify(production_profile):
    stored = passwords.hash_password("correct-horse-battery")
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert "correct-horse-battery" not in stored
    assert passwords.verify_password("correct-horse-battery", stored)
    assert not passwords.verify_password("wrong-horse-battery", stored)
    # An unknown account verifies against a dummy hash of the same (production) cost.
    assert not passwords.verify_password("correct-horse-battery", None)
    _hasher, dummy = passwords._hasher()
    assert dummy.startswith("$argon2id$v=19$m=65536,t=3,p=4$")


def test_the_suite_runs_a_cheap_profile_and_old_hashes_still_verify(production_profile):
    strong = passwords.hash_password("pass-phrase-1")
    settings.argon2_time_cost, settings.argon2_memory_kib, settings.argon2_parallelism = 1, 8, 1
    cheap = passwords.hash_password("pass-phrase-1")
    assert cheap.startswith("$argon2id$v=19$m=8,t=1,p=1$")
    # A hash carries its own parameters: a profile change locks nobody out.
    assert passwords.verify_password("pass-phrase-1", strong)
    assert passwords.verify_password("pass-phrase-1", cheap)
    assert not passwords.verify_password("pass-phrase-2", strong)


@pytest.mark.parametrize(
    ("field", "value"), [("argon2_time_cost", 1), ("argon2_memory_kib", 8 * 1024)]
)
def test_production_refuses_a_weak_profile(field, value):
    with pytest.raises(ValidationError, match="ARGON2"):
        Settings(
            _env_file=None,
            environment="production",
            secret_key="x" * 40,
            payment_webhook_secret="y" * 40,
            payment_sandbox_in_production=True,
            **{field: value},
        )
