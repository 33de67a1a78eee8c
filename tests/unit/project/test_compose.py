"""The deployment files agree with each other and with Settings.

Docker is not available where the tests run, so docker-compose.yml, the Dockerfile,
.dockerignore and .env.example are checked by parsing them.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from edu_platform.settings import Settings

ROOT = Path(__file__).resolve().parents[3]
IMAGE_SERVICES = ("migrate", "app", "worker")
SCALED_SERVICES = ("app", "worker")
DATA_DIR = "/app/data"


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    # safe_load resolves anchors and `<<` merges, so services read as compose sees them.
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def services(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return compose["services"]


@pytest.fixture(scope="module")
def setting_names() -> set[str]:
    return {name.upper() for name in Settings.model_fields}


@pytest.fixture(scope="module")
def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs with line continuations joined and comments dropped."""
    lines = [
        line
        for line in (ROOT / "Dockerfile").read_text(encoding="utf-8").splitlines()
        if not line.lstrip().startswith("#")
    ]
    text = re.sub(r"\\\n", " ", "\n".join(lines))
    instructions = []
    for line in text.splitlines():
        if line.strip():
            keyword, _, arguments = line.strip().partition(" ")
            instructions.append((keyword.upper(), " ".join(arguments.split())))
    return instructions


def environment_of(service: dict[str, Any]) -> dict[str, str]:
    """The service's environment as a mapping, whichever compose syntax it uses."""
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) if "=" in item else (item, None) for item in env)
    return {key: str(value) for key, value in env.items()}


def volume_at(service: dict[str, Any], target: str) -> str | None:
    """The source of the volume the service mounts at `target`, if any."""
    for volume in service.get("volumes", []):
        if isinstance(volume, str):
            source, _, rest = volume.partition(":")
            if rest.split(":")[0] == target:
                return source
        elif volume.get("target") == target:
            return volume.get("source")
    return None


def command_text(service: dict[str, Any]) -> str:
    command = service.get("command", "")
    return command if isinstance(command, str) else " ".join(command)


def test_all_services_are_defined(services: dict[str, dict[str, Any]]) -> None:
    assert {"postgres", "redis", "app", "worker"} <= set(services)


def test_database_and_redis_images_are_pinned_to_their_major_versions(
    services: dict[str, dict[str, Any]],
) -> None:
    assert services["postgres"]["image"].startswith("postgres:16")
    assert services["redis"]["image"].startswith("redis:7")


def test_app_worker_and_migrate_run_the_same_image_with_the_same_environment(
    services: dict[str, dict[str, Any]],
) -> None:
    app = services["app"]
    assert app.get("build") in (".", {"context": "."})
    for name in IMAGE_SERVICES:
        assert services[name].get("image") == app.get("image"), name
        assert services[name].get("build") == app.get("build"), name
        assert environment_of(services[name]) == environment_of(app), name
    env = environment_of(app)
    assert env["ENVIRONMENT"] == "production"
    assert env["DATABASE_URL"].startswith("postgresql+psycopg://")
    assert env["DATABASE_URL"].endswith("@postgres:5432/edu")
    assert env["REDIS_URL"] == "redis://redis:6379/0"
    assert env["STATE_REDIS_URL"] == env["REFLEX_REDIS_URL"] == "redis://redis:6379/1"
    assert env["DATA_DIR"] == DATA_DIR


def test_prod_mode_gets_one_port_for_ui_api_and_websocket(
    services: dict[str, dict[str, Any]],
) -> None:
    # rxconfig.py passes both ports to Reflex; `reflex run --env prod` exits if they differ.
    env = environment_of(services["app"])
    assert env["FRONTEND_PORT"] == env["BACKEND_PORT"] == "3000"


def test_secrets_must_come_from_the_operator(services: dict[str, dict[str, Any]]) -> None:
    env = environment_of(services["app"])
    assert env["SECRET_KEY"].startswith("${SECRET_KEY:?")
    assert env["PAYMENT_WEBHOOK_SECRET"].startswith("${PAYMENT_WEBHOOK_SECRET:?")


def test_app_worker_and_migrate_share_one_named_data_volume(
    compose: dict[str, Any], services: dict[str, dict[str, Any]]
) -> None:
    sources = {volume_at(services[name], DATA_DIR) for name in IMAGE_SERVICES}
    assert len(sources) == 1
    (source,) = sources
    assert source in (compose.get("volumes") or {})


def test_postgres_data_lives_in_a_named_volume(
    compose: dict[str, Any], services: dict[str, dict[str, Any]]
) -> None:
    source = volume_at(services["postgres"], "/var/lib/postgresql/data")
    assert source in (compose.get("volumes") or {})


@pytest.mark.parametrize("name", ["app", "worker", "migrate"])
def test_services_of_the_image_wait_for_healthy_postgres_and_redis(
    services: dict[str, dict[str, Any]], name: str
) -> None:
    depends_on = services[name]["depends_on"]
    for dependency in ("postgres", "redis"):
        assert depends_on[dependency]["condition"] == "service_healthy"


@pytest.mark.parametrize("name", ["app", "worker"])
def test_app_and_worker_start_after_migrations_finished(
    services: dict[str, dict[str, Any]], name: str
) -> None:
    assert services[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"


@pytest.mark.parametrize("name", ["postgres", "redis", "app"])
def test_service_has_a_healthcheck(services: dict[str, dict[str, Any]], name: str) -> None:
    test = services[name]["healthcheck"]["test"]
    assert test and test != ["NONE"]


def test_healthchecks_probe_the_right_things(services: dict[str, dict[str, Any]]) -> None:
    assert "pg_isready" in " ".join(services["postgres"]["healthcheck"]["test"])
    assert "redis-cli ping" in " ".join(services["redis"]["healthcheck"]["test"])
    assert "http://localhost:3000/api/health" in " ".join(services["app"]["healthcheck"]["test"])


def test_worker_runs_the_project_worker(services: dict[str, dict[str, Any]]) -> None:
    assert "edu_platform.jobs.worker" in command_text(services["worker"])


def test_app_migrates_before_serving_in_prod_mode(services: dict[str, dict[str, Any]]) -> None:
    command = command_text(services["app"])
    assert "alembic upgrade head" in command
    assert "reflex run --env prod" in command
    assert command.index("alembic upgrade head") < command.index("reflex run")
    assert "--backend-host 0.0.0.0" in command


def test_migrate_job_migrates_then_seeds_only_when_asked(
    services: dict[str, dict[str, Any]],
) -> None:
    command = command_text(services["migrate"])
    seed = "python -m edu_platform.seed --size demo --if-empty"
    assert "alembic upgrade head" in command and seed in command
    assert command.index("alembic upgrade head") < command.index(seed)
    assert "SEED_DEMO" in command
    assert services["migrate"].get("restart", "no") == "no"


def test_no_service_pins_a_container_name(services: dict[str, dict[str, Any]]) -> None:
    assert [name for name, service in services.items() if "container_name" in service] == []


@pytest.mark.parametrize("name", SCALED_SERVICES)
def test_scaled_services_publish_no_host_port(
    services: dict[str, dict[str, Any]], name: str
) -> None:
    # `--scale app=3` would start three containers binding the same host port.
    assert not services[name].get("ports")


def test_proxy_forwards_websockets_to_every_app_replica(
    compose: dict[str, Any], services: dict[str, dict[str, Any]]
) -> None:
    proxy = services["proxy"]
    assert proxy["ports"]
    (config,) = proxy["configs"]
    content = compose["configs"][config["source"]]["content"]
    assert "http://app:3000" in content
    # A resolver makes nginx look `app` up per request, so new replicas are reached.
    assert "resolver 127.0.0.11" in content
    assert "proxy_set_header Upgrade $$http_upgrade" in content


def test_compose_sets_only_settings_fields_or_reflex_variables(
    services: dict[str, dict[str, Any]], setting_names: set[str]
) -> None:
    unknown = {
        key
        for key in environment_of(services["app"])
        if key not in setting_names and not key.startswith("REFLEX_")
    }
    assert unknown == set()


def test_compose_defaults_match_settings_defaults(services: dict[str, dict[str, Any]]) -> None:
    interpolated = 0
    for key, value in environment_of(services["app"]).items():
        for name, operator, default in re.findall(r"\$\{(\w+)(:[-?])?([^}]*)\}", value):
            if name != key:
                continue  # e.g. POSTGRES_PASSWORD inside DATABASE_URL
            interpolated += 1
            if operator == ":-":
                assert default == str(Settings.model_fields[key.lower()].default), key
    assert interpolated > 0


def test_env_example_lists_every_setting(setting_names: set[str]) -> None:
    text = (ROOT / ".env.example").read_text(encoding="utf-8")
    listed = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]*)=", text, flags=re.MULTILINE))
    assert setting_names - listed == set()
    assert "REFLEX_REDIS_URL" in listed


def test_env_example_holds_no_real_secret() -> None:
    text = (ROOT / ".env.example").read_text(encoding="utf-8")
    values = dict(re.findall(r"^([A-Z][A-Z0-9_]*)=(.*)$", text, flags=re.MULTILINE))
    for key, value in values.items():
        if any(word in key for word in ("SECRET", "PASSWORD")) and value:
            assert "change-me" in value, key


def test_dockerfile_installs_requirements_and_bun_from_npm(
    dockerfile_instructions: list[tuple[str, str]],
) -> None:
    runs = [arguments for keyword, arguments in dockerfile_instructions if keyword == "RUN"]
    assert any("pip install -r requirements.txt" in run for run in runs)
    assert any(re.search(r"npm install .*\bbun@\d", run) for run in runs)
    env = " ".join(arguments for keyword, arguments in dockerfile_instructions if keyword == "ENV")
    for variable in (
        "REFLEX_BUN_PATH=",
        "REFLEX_DIR=/app/.tools/reflex",
        "REFLEX_CHECK_LATEST_VERSION=0",
        "REFLEX_TELEMETRY_ENABLED=false",
    ):
        assert variable in env


def test_dockerfile_uses_the_python_base_and_downloads_nothing_by_script(
    dockerfile_instructions: list[tuple[str, str]],
) -> None:
    (base,) = [arguments for keyword, arguments in dockerfile_instructions if keyword == "FROM"]
    assert base.startswith("python:3.11")
    runs = " && ".join(
        arguments for keyword, arguments in dockerfile_instructions if keyword == "RUN"
    )
    assert "playwright install" not in runs
    assert "reflex init" not in runs
    assert not re.search(r"\b(curl|wget)\b[^;&]*\|\s*(ba|z)?sh\b", runs)
    assert "bun.sh/install" not in runs


def test_dockerignore_keeps_secrets_and_local_state_out_of_the_image() -> None:
    entries = set((ROOT / ".dockerignore").read_text(encoding="utf-8").split())
    assert {".env", ".git", ".venv", ".tools", ".web", "data"} <= entries
