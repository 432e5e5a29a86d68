"""What can be checked of the deployment without a Docker engine."""

import importlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_runs_web_worker_beat_postgres_18_and_redis_7(compose):
    services = compose["services"]
    assert set(services) == {"web", "worker", "beat", "postgres", "redis"}
    assert services["postgres"]["image"] == "postgres:18"
    assert re.fullmatch(r"redis:7(\.\d+)*", services["redis"]["image"])


def test_every_service_has_a_health_check(compose):
    for name, service in compose["services"].items():
        assert service.get("healthcheck", {}).get("test"), f"{name} has no health check"


def test_service_commands_name_modules_that_exist(compose):
    services = compose["services"]
    web = " ".join(services["web"]["command"])
    module, attribute = re.search(r"gunicorn (\S+):(\S+)", web).groups()
    assert hasattr(importlib.import_module(module), attribute)
    for name in ("worker", "beat"):
        command = services[name]["command"]
        app_module = command[command.index("-A") + 1]
        assert hasattr(importlib.import_module(app_module), "celery_app")
        assert name in command


def test_named_volumes_are_declared_and_used(compose):
    declared = set(compose["volumes"])
    used = {
        volume.split(":")[0]
        for service in compose["services"].values()
        for volume in service.get("volumes", [])
    }
    assert {"postgres", "redis", "media", "beat"} <= declared
    assert used <= declared


def test_the_production_settings_pass_the_deploy_check():
    # A browser test earlier in this process sets DJANGO_ALLOW_ASYNC_UNSAFE for itself
    # (tests/accessibility/conftest.py); a deployment never has it.
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "x" * 30 + "a-dummy-but-long-and-varied-secret-key-0123456789",
        "DATABASE_URL": "postgres://dummy@localhost:5432/dummy",
        "REDIS_URL": "redis://localhost:6379/0",
        "DJANGO_ALLOWED_HOSTS": "commissioning.example.org",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_env_example_documents_every_setting_read_from_the_environment():
    read = set()
    for path in (ROOT / "config" / "settings").glob("*.py"):
        read |= set(re.findall(r"env(?:\.\w+)?\(\s*\"([A-Z_]+)\"", path.read_text()))
    documented = set(
        re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(), flags=re.MULTILINE)
    )
    assert read, "no settings found"
    assert read <= documented, f"undocumented: {sorted(read - documented)}"


def test_database_connections_persist_and_are_checked_before_reuse(monkeypatch):
    monkeypatch.delenv("DATABASE_CONN_MAX_AGE", raising=False)
    base = importlib.reload(importlib.import_module("config.settings.base"))
    assert base.DATABASES["default"]["CONN_MAX_AGE"] == 60
    assert base.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
    assert "DATABASE_CONN_MAX_AGE=60" in (ROOT / ".env.example").read_text()
