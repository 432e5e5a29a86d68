"""The settings read a .env file only when asked to (config/settings/base.py)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent

# Imports the base settings with environ's reader replaced, and prints how often it ran.
SCRIPT = """
import environ
calls = []
environ.Env.read_env = classmethod(lambda cls, *args, **kwargs: calls.append(args))
import config.settings.base
print(len(calls))
"""


def read_env_calls(**extra):
    environment = {
        key: value for key, value in os.environ.items() if key != "DJANGO_READ_DOT_ENV_FILE"
    }
    environment.update(
        DATABASE_URL="postgres://nobody@127.0.0.1:1/none", REDIS_URL="redis://127.0.0.1:1/0"
    )
    environment.update(extra)
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return int(result.stdout.strip())


def test_a_dot_env_file_is_not_read_by_default():
    assert read_env_calls() == 0


@pytest.mark.parametrize("value", ["true", "1"])
def test_a_dot_env_file_is_read_when_asked(value):
    assert read_env_calls(DJANGO_READ_DOT_ENV_FILE=value) == 1


def test_production_takes_its_email_backend_from_the_email_url():
    script = "import config.settings.production as s; print(s.EMAIL_BACKEND, s.EMAIL_HOST)"
    environment = {
        **os.environ,
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none",
        "REDIS_URL": "redis://127.0.0.1:1/0",
        "DJANGO_SECRET_KEY": "x" * 50,
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "EMAIL_URL": "smtp+tls://user:secret@smtp.example.org:587",
    }
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == [
        "django.core.mail.backends.smtp.EmailBackend",
        "smtp.example.org",
    ]
