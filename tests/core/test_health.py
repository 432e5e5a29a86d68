import time
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from core import health
from core.tasks import HEARTBEAT_KEY
from tests.harness.celery_worker import redis_unreachable_in_this_process

pytestmark = pytest.mark.django_db


@pytest.fixture
def beat_heartbeat():
    """Beat's heartbeat as it would be stamped `seconds_ago`."""

    def stamp(seconds_ago):
        moment = timezone.now() - timedelta(seconds=seconds_ago)
        cache.set(HEARTBEAT_KEY, moment.isoformat(), timeout=None)

    yield stamp
    cache.delete(HEARTBEAT_KEY)


def test_live_answers_without_touching_any_server(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz/live")
    assert response.status_code == 200


def test_healthz_reports_each_part_and_503_without_a_worker(client, monkeypatch, beat_heartbeat):
    monkeypatch.setattr(health, "CELERY_PING_TIMEOUT", 0.2)
    beat_heartbeat(5)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "database": "ok",
        "redis": "ok",
        "celery_worker": "failing",
        "beat": "ok",
        "beat_heartbeat_age_seconds": 5,
    }


def test_healthz_is_503_when_beat_has_been_silent_for_two_intervals(
    client, monkeypatch, settings, beat_heartbeat
):
    monkeypatch.setattr(health, "check_celery_worker", lambda: True)
    silent = int(2 * settings.HEARTBEAT_INTERVAL.total_seconds())
    beat_heartbeat(silent - 5)
    assert client.get("/healthz").status_code == 200
    beat_heartbeat(silent + 5)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["beat"] == "failing"
    assert response.json()["beat_heartbeat_age_seconds"] >= silent + 5


def test_healthz_says_beat_is_failing_when_it_never_beat(client, monkeypatch):
    monkeypatch.setattr(health, "check_celery_worker", lambda: True)
    cache.delete(HEARTBEAT_KEY)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["beat"] == "failing"
    assert response.json()["beat_heartbeat_age_seconds"] is None


def test_healthz_answers_within_two_seconds_when_redis_is_unreachable(client):
    with redis_unreachable_in_this_process():
        started = time.monotonic()
        response = client.get("/healthz")
        elapsed = time.monotonic() - started
    assert response.status_code == 503
    assert response.json() == {
        "database": "ok",
        "redis": "failing",
        "celery_worker": "failing",
        "beat": "failing",
        "beat_heartbeat_age_seconds": None,
    }
    assert elapsed < 2, f"/healthz took {elapsed:.2f} s"


def test_beat_stamps_the_heartbeat_every_interval(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["heartbeat"]
    assert entry["task"] == "core.tasks.heartbeat"
    assert entry["schedule"] == settings.HEARTBEAT_INTERVAL


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_healthz_is_200_when_a_real_worker_answers(client, celery_worker_process, beat_heartbeat):
    beat_heartbeat(1)
    response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 200, body
    assert body["celery_worker"] == "ok"
    assert body["beat"] == "ok"
    # No versions or host names leak.
    assert "localhost" not in response.content.decode()
