import pytest

from core import health

pytestmark = pytest.mark.django_db


def test_live_answers_without_touching_any_server(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz/live")
    assert response.status_code == 200


def test_healthz_reports_each_part_and_503_without_a_worker(client, monkeypatch):
    monkeypatch.setattr(health, "CELERY_PING_TIMEOUT", 0.2)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "redis": "ok", "celery_worker": "failing"}


def test_healthz_reports_a_broken_redis(client, settings, monkeypatch):
    monkeypatch.setattr(health, "check_celery_worker", lambda: True)
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["redis"] == "failing"


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_healthz_is_200_when_a_real_worker_answers(client, celery_worker_process):
    response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 200, body
    assert body == {"database": "ok", "redis": "ok", "celery_worker": "ok"}
    # No versions or host names leak.
    assert "localhost" not in response.content.decode()
