"""Unknown addresses show the service's own 404 page, under `make run` too."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent


def _local_debug(**extra_env) -> str:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_DEBUG"}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.local",
        DATABASE_URL="postgres://unused@127.0.0.1:1/unused",
        REDIS_URL="redis://127.0.0.1:1/0",
        **extra_env,
    )
    code = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_make_run_shows_debug_pages_only_when_asked_for():
    assert _local_debug() == "False"
    assert _local_debug(DJANGO_DEBUG="true") == "True"


@pytest.mark.django_db
def test_an_unknown_address_shows_the_services_own_404_page(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page not found" in page
    assert "URLconf" not in page
    assert response.templates[0].name == "404.html"
