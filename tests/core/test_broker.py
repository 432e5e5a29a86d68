"""Sending a task from a request is tried once, and paused after a failure (core.broker)."""

import time

import pytest
from kombu.exceptions import OperationalError

from core import broker, tasks
from tests.harness.celery_worker import redis_unreachable_in_this_process


@pytest.fixture(autouse=True)
def _unpaused():
    broker.broker_unpause()
    yield
    broker.broker_unpause()


def test_a_failed_send_raises_and_pauses_further_sends(monkeypatch):
    attempts = []

    def apply_async(*args, **options):
        attempts.append(options)
        raise ConnectionError("broker down")

    monkeypatch.setattr(tasks.heartbeat, "apply_async", apply_async)
    with pytest.raises(ConnectionError):
        broker.broker_send(tasks.heartbeat)
    assert [options["retry"] for options in attempts] == [False]
    # Paused: the next sends do not touch the broker at all.
    assert broker.broker_send(tasks.heartbeat) is False
    assert len(attempts) == 1
    # The pause over:
    monkeypatch.setattr(broker, "_paused_until", time.monotonic() - 1)
    with pytest.raises(ConnectionError):
        broker.broker_send(tasks.heartbeat)
    assert len(attempts) == 2


def test_with_redis_unreachable_a_send_fails_within_a_second_and_is_then_skipped():
    with redis_unreachable_in_this_process():
        started = time.monotonic()
        with pytest.raises(OperationalError):
            broker.broker_send(tasks.email_deliver, kwargs={"queued_email_id": 0})
        assert time.monotonic() - started < 2
        started = time.monotonic()
        assert broker.broker_send(tasks.email_deliver, kwargs={"queued_email_id": 0}) is False
        assert time.monotonic() - started < 0.01
    # Back: sends resume at once.
    assert broker._paused_until == 0.0


@pytest.mark.django_db
def test_after_commit_a_failure_is_logged_not_raised(
    monkeypatch, django_capture_on_commit_callbacks
):
    def apply_async(*args, **options):
        raise ConnectionError("broker down")

    monkeypatch.setattr(tasks.heartbeat, "apply_async", apply_async)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        broker.broker_send_after_commit(tasks.heartbeat)
    assert len(callbacks) == 1
