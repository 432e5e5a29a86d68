import pytest
from django.core.cache import cache
from django.db import transaction

from core.tasks import heartbeat
from tests.harness.celery_worker import wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_task_queued_after_commit_runs_in_a_real_worker(celery_worker_process):
    cache.delete("core:last-heartbeat")
    with transaction.atomic():
        transaction.on_commit(heartbeat.delay)
        # Nothing is queued until the transaction commits.
        assert cache.get("core:last-heartbeat") is None
    wait_for(lambda: cache.get("core:last-heartbeat") is not None, message="the heartbeat task")
